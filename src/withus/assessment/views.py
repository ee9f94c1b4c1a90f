"""Self-assessment pages. Viewing needs VIEW_REPORTS; changing needs MANAGE_PEOPLE (the
involvement coordinator runs the assessment with staff and people with lived experience)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from withus.assessment import charts, forms, rules, selectors, services
from withus.assessment.models import ActionItem, Assessment, Statement
from withus.assessment.starters import PIECE_DESCRIPTIONS, PIECE_ORDER, Piece
from withus.forms import MAX_ID, apply_errors, parse_id, search_text
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.projects.services import ensure_default_ladder

PIECE_SLUGS = [p.value for p in PIECE_ORDER]


def _assessment(pk) -> Assessment:
    if pk > MAX_ID:
        raise Http404("No such self-assessment.")
    try:
        return selectors.assessment_detail(pk)
    except Assessment.DoesNotExist:
        raise Http404("No such self-assessment.") from None


def _can_edit(request) -> bool:
    return request.membership.has(Capability.MANAGE_PEOPLE)


def _bound(request, assessment):
    """The POST data for a form that changes a round's ratings, ladder or project rungs; None
    (an unbound, read-only form) once the round is finished."""
    if assessment.finished or request.method != "POST":
        return None
    return request.POST or None


def _read_only(request, assessment, form) -> dict:
    """A finished round's form shows what was chosen, with every field disabled; a POST to it
    is refused with a clear message (status 409) and changes nothing."""
    if assessment.finished:
        for field in form.fields.values():
            field.disabled = True
    return {
        "finished": assessment.finished,
        "refused": assessment.finished and request.method == "POST",
        "finished_message": services.FINISHED_MESSAGE,
    }


def _render_step(request, template, context):
    return render(request, template, context, status=409 if context["refused"] else 200)


def _pieces():
    return [
        {"value": p.value, "label": p.label, "description": PIECE_DESCRIPTIONS[p]}
        for p in PIECE_ORDER
    ]


@capability_required(Capability.VIEW_REPORTS)
def index(request, org_slug):
    rounds = selectors.with_changes(selectors.history())
    recent = list(selectors.assessment_list()[:10])
    open_actions = list(selectors.action_list().exclude(status=ActionItem.Status.DONE)[:10])
    jigsaw = charts.jigsaw_spec(rounds)
    rungs = selectors.ladder_or_default(request.organisation)
    ladder = charts.ladder_spec(rounds, top=len(rungs))
    return render(
        request,
        "assessment/index.html",
        {
            "pieces": _pieces(),
            "rungs": rungs,
            "rounds": rounds,
            "recent": [(a, selectors.scores_of(a)) for a in recent],
            "open_actions": open_actions,
            "jigsaw": {"alt": jigsaw["alt"], "src": charts.data_uri(jigsaw) if rounds else ""},
            "ladder": {"alt": ladder["alt"], "src": charts.data_uri(ladder) if rounds else ""},
            "can_edit": _can_edit(request),
        },
    )


@capability_required(Capability.VIEW_REPORTS)
def chart_jigsaw(request, org_slug):
    return _png(charts.jigsaw_spec(selectors.history()))


@capability_required(Capability.VIEW_REPORTS)
def chart_ladder(request, org_slug):
    top = len(selectors.ladder_or_default(request.organisation))
    return _png(charts.ladder_spec(selectors.history(), top=top))


def _png(spec) -> HttpResponse:
    response = HttpResponse(charts.png(spec), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@capability_required(Capability.VIEW_REPORTS)
def assessment_list(request, org_slug):
    page = Paginator(selectors.assessment_list(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "assessment/list.html",
        {
            "page": page,
            "rows": [(a, selectors.scores_of(a)) for a in page],
            "pieces": _pieces(),
            "can_edit": _can_edit(request),
        },
    )


def _search(request) -> str:
    """The "Find a person by name" text of the who-took-part form (GET ?q=)."""
    return search_text(request.GET.get("q"))


@capability_required(Capability.MANAGE_PEOPLE)
def start(request, org_slug):
    form = forms.AssessmentForm(request.POST or None, search=_search(request))
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                organisation=request.organisation,
                actor=request.user,
                request=request,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Self-assessment started. Rate each statement.")
            return redirect(
                "assessment:rate", org_slug=org_slug, pk=assessment.pk, piece=PIECE_SLUGS[0]
            )
    return render(
        request,
        "assessment/form.html",
        {"form": form, "title": "Start a self-assessment", "button": "Start"},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def edit(request, org_slug, pk):
    assessment = _assessment(pk)
    form = forms.AssessmentForm(request.POST or None, instance=assessment, search=_search(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(
                assessment=assessment, actor=request.user, request=request, **form.service_kwargs()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("assessment:detail", org_slug=org_slug, pk=pk)
    assessment.refresh_from_db()
    return render(
        request,
        "assessment/form.html",
        {"form": form, "assessment": assessment, "title": "Who took part"},
    )


@capability_required(Capability.VIEW_REPORTS)
def detail(request, org_slug, pk):
    assessment = _assessment(pk)
    by_piece = selectors.ratings_by_piece(assessment)
    project_rows = list(selectors.project_rungs(assessment))
    scores = [p["score"] for p in by_piece]
    below = [
        r.project.name
        for r in project_rows
        if r.now_position and r.target_position and r.now_position < r.target_position
    ]
    findings = rules.round_findings(
        participants=len(assessment.participants.all()),
        scores=scores,
        ladder_now=assessment.ladder_now_position,
        ladder_target=assessment.ladder_target_position,
        projects_below_target=below,
    )
    unrated = sum(s.total - s.rated for s in scores)
    blockers = rules.finish_findings(
        unrated=unrated,
        ladder_now=assessment.ladder_now_position,
        ladder_target=assessment.ladder_target_position,
    )
    return render(
        request,
        "assessment/detail.html",
        {
            "assessment": assessment,
            "by_piece": by_piece,
            "project_rows": project_rows,
            "findings": findings,
            "blockers": blockers,
            "actions": list(selectors.action_list(assessment=assessment)[:50]),
            "can_edit": _can_edit(request),
            # ratings, ladder and project rungs: not once the round is finished
            "can_change": _can_edit(request) and not assessment.finished,
            "finished_message": services.FINISHED_MESSAGE,
        },
    )


def _next_step(org_slug, assessment, piece):
    index = PIECE_SLUGS.index(piece)
    if index + 1 < len(PIECE_SLUGS):
        return redirect(
            "assessment:rate", org_slug=org_slug, pk=assessment.pk, piece=PIECE_SLUGS[index + 1]
        )
    return redirect("assessment:ladder", org_slug=org_slug, pk=assessment.pk)


@capability_required(Capability.MANAGE_PEOPLE)
def rate(request, org_slug, pk, piece):
    if piece not in PIECE_SLUGS:
        raise Http404("No such piece of the jigsaw.")
    assessment = _assessment(pk)
    ratings = list(selectors.ratings_for(assessment, piece))
    previous = selectors.previous_round(assessment)
    form = forms.RatingsForm(
        _bound(request, assessment),
        ratings=ratings,
        last_time=selectors.levels_in(previous, piece),
    )
    locked = _read_only(request, assessment, form)
    if form.is_bound and form.is_valid():
        try:
            services.ratings_save(
                assessment=assessment, values=form.values(), actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _next_step(org_slug, assessment, piece)
    step = PIECE_SLUGS.index(piece) + 1
    return _render_step(
        request,
        "assessment/rate.html",
        {
            **locked,
            "assessment": assessment,
            "form": form,
            "piece": Piece(piece),
            "description": PIECE_DESCRIPTIONS[Piece(piece)],
            "previous": previous,
            "step": step,
            "steps": len(PIECE_SLUGS) + 2,
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def ladder(request, org_slug, pk):
    assessment = _assessment(pk)
    if request.method == "POST" and not assessment.finished:
        ensure_default_ladder(request.organisation)  # on a POST only: a page view never writes
    previous = selectors.previous_round(assessment)
    initial = {
        "now_rung": assessment.ladder_now_id or (previous.ladder_now_id if previous else None),
        "target_rung": assessment.ladder_target_id
        or (previous.ladder_target_id if previous else None),
        "notes": assessment.ladder_notes,
    }
    if assessment.finished:
        initial = {
            "now_rung": assessment.ladder_now_id,
            "target_rung": assessment.ladder_target_id,
            "notes": assessment.ladder_notes,
        }
    form = forms.LadderForm(_bound(request, assessment), initial=initial)
    locked = _read_only(request, assessment, form)
    if form.is_bound and form.is_valid():
        try:
            services.ladder_save(
                assessment=assessment,
                now_rung=form.cleaned_data.get("now_rung"),
                target_rung=form.cleaned_data.get("target_rung"),
                notes=form.cleaned_data.get("notes", ""),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if assessment.project_rungs.exists():
                return redirect("assessment:projects", org_slug=org_slug, pk=pk)
            return redirect("assessment:detail", org_slug=org_slug, pk=pk)
    return _render_step(
        request,
        "assessment/ladder.html",
        {
            **locked,
            "assessment": assessment,
            "form": form,
            "previous": previous,
            "step": len(PIECE_SLUGS) + 1,
            "steps": len(PIECE_SLUGS) + 2,
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def projects(request, org_slug, pk):
    assessment = _assessment(pk)
    rows = list(selectors.project_rungs(assessment))
    form = forms.ProjectRungsForm(_bound(request, assessment), rows=rows)
    locked = _read_only(request, assessment, form)
    if form.is_bound and form.is_valid():
        try:
            services.project_rungs_save(
                assessment=assessment, values=form.values(), actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("assessment:detail", org_slug=org_slug, pk=pk)
    return _render_step(
        request,
        "assessment/projects.html",
        {
            **locked,
            "assessment": assessment,
            "form": form,
            "rows": rows,
            "step": len(PIECE_SLUGS) + 2,
            "steps": len(PIECE_SLUGS) + 2,
        },
    )


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def finish(request, org_slug, pk):
    assessment = _assessment(pk)
    try:
        services.assessment_finish(assessment=assessment, actor=request.user, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("assessment:detail", org_slug=org_slug, pk=pk)
    messages.success(request, "Self-assessment finished. It now shows in the change over time.")
    return redirect("assessment:index", org_slug=org_slug)


# The action plan ---------------------------------------------------------------------------


@capability_required(Capability.VIEW_REPORTS)
def action_list(request, org_slug):
    status = request.GET.get("status", "")
    status = status if status in ActionItem.Status.values else ""
    page = Paginator(selectors.action_list(status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assessment/actions.html",
        {
            "page": page,
            "status": status,
            "statuses": ActionItem.Status.choices,
            "can_edit": _can_edit(request),
        },
    )


def _id_param(request, name) -> int | None:
    return parse_id(request.GET.get(name))


def _action_view(request, org_slug, item: ActionItem, title: str):
    initial = {}
    if item.pk is None:
        assessment_id, statement_id = (
            _id_param(request, "assessment"),
            _id_param(request, "statement"),
        )
        if assessment_id:
            item.assessment = Assessment.objects.filter(pk=assessment_id).first()
        if statement_id:
            item.statement = Statement.objects.filter(pk=statement_id).first()
            if item.statement is not None:
                initial["piece"] = item.statement.piece
    form = forms.ActionItemForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(
                organisation=request.organisation,
                item=item,
                data=form.service_data(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Action saved.")
            if item.assessment_id:
                return redirect("assessment:detail", org_slug=org_slug, pk=item.assessment_id)
            return redirect("assessment:actions", org_slug=org_slug)
    query = request.GET.urlencode()
    return render(
        request,
        "assessment/action_form.html",
        {"form": form, "item": item, "title": title, "query": query},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def action_add(request, org_slug):
    return _action_view(request, org_slug, ActionItem(), "Add an action")


@capability_required(Capability.MANAGE_PEOPLE)
def action_edit(request, org_slug, item_id):
    if item_id > MAX_ID:
        raise Http404("No such action.")
    item = get_object_or_404(
        ActionItem.objects.select_related("assessment", "statement"), pk=item_id
    )
    return _action_view(request, org_slug, item, "Change an action")


# Statements ----------------------------------------------------------------------------------


@capability_required(Capability.VIEW_REPORTS)
def statement_list(request, org_slug):
    statements = selectors.statements_or_starters(request.organisation)
    groups = [
        {
            "label": p.label,
            "description": PIECE_DESCRIPTIONS[p],
            "statements": sorted(
                (s for s in statements if s.piece == p), key=lambda s: (s.position, s.pk)
            ),
        }
        for p in PIECE_ORDER
    ]
    return render(
        request,
        "assessment/statements.html",
        {"groups": groups, "can_edit": _can_edit(request)},
    )


def _statement_view(request, org_slug, statement: Statement, title: str):
    form = forms.StatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_save(
                organisation=request.organisation,
                statement=statement,
                data=form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Statement saved. It is used in new self-assessments.")
            return redirect("assessment:statements", org_slug=org_slug)
    return render(request, "assessment/statement_form.html", {"form": form, "title": title})


@capability_required(Capability.MANAGE_PEOPLE)
def statement_add(request, org_slug):
    return _statement_view(request, org_slug, Statement(), "Add a statement")


@capability_required(Capability.MANAGE_PEOPLE)
def statement_edit(request, org_slug, item_id):
    if item_id > MAX_ID:
        raise Http404("No such statement.")
    statement = get_object_or_404(Statement.objects, pk=item_id)
    return _statement_view(request, org_slug, statement, "Change a statement")

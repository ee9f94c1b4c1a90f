"""Opportunities, the recruitment pipeline, funnels and matching. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from withus.forms import apply_errors, search_text
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people.choices import Method
from withus.people.selectors import active_restrictions
from withus.recruitment import forms_pipeline as forms
from withus.recruitment import funnel as funnels
from withus.recruitment import matching, services_pipeline
from withus.recruitment.models import (
    CLOSED_STAGES,
    PIPELINE,
    Candidate,
    Opportunity,
    RoleDescription,
    Stage,
    StageChange,
)

PAGE_SIZE = 25
MATCHES_SHOWN = 50


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _posted(request):
    """The submitted data, even when empty (an empty POST must show errors, not a blank form)."""
    return request.POST if request.method == "POST" else None


def _opportunity(pk) -> Opportunity:
    return get_object_or_404(Opportunity.objects.select_related("role", "project"), pk=pk)


@capability_required(Capability.MANAGE_PEOPLE)
def opportunity_list(request, org_slug):
    opportunities = (
        Opportunity.objects.select_related("role", "project")
        .annotate(
            people=Count("candidates"),
            active=Count("candidates", filter=Q(candidates__stage=Stage.ACTIVE)),
            in_progress=Count(
                "candidates",
                filter=Q(candidates__stage__in=PIPELINE[:-1]),
            ),
        )
        .order_by("-status", "-created_at", "-id")  # open before closed
    )
    page = Paginator(opportunities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/opportunities/list.html",
        {
            "page": page,
            "can_view_reports": request.membership.has(Capability.VIEW_REPORTS),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def opportunity_add(request, org_slug):
    initial = {}
    role_id = _int_or_none(request.GET.get("role"))
    if role_id and RoleDescription.objects.filter(pk=role_id).exists():
        initial["role"] = role_id
    form = forms.OpportunityForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services_pipeline.opportunity_create(
                organisation=request.organisation,
                **form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{opportunity.title}” is open.")
            return redirect("recruitment:opportunity_detail", org_slug=org_slug, pk=opportunity.pk)
    return render(
        request,
        "recruitment/opportunities/add.html",
        {"form": form, "has_roles": RoleDescription.objects.exists()},
    )


def _stage_groups(candidates: list[Candidate]) -> list[tuple[str, str, list[Candidate]]]:
    by_stage: dict[str, list[Candidate]] = {stage: [] for stage in Stage.values}
    for candidate in candidates:
        by_stage[candidate.stage].append(candidate)
    order = [*PIPELINE, Stage.DECLINED, Stage.WITHDRAWN]
    return [(stage, Stage(stage).label, by_stage[stage]) for stage in order]


@capability_required(Capability.MANAGE_PEOPLE)
def opportunity_detail(request, org_slug, pk):
    opportunity = _opportunity(pk)
    candidates = list(
        Candidate.objects.filter(opportunity=opportunity)
        .select_related("participant")
        .annotate(
            restricted=Exists(
                active_restrictions().filter(
                    Q(participant=OuterRef("participant_id"))
                    | Q(other_participant=OuterRef("participant_id"))
                )
            )
        )
        .order_by("stage_changed_at", "id")
    )
    return render(
        request,
        "recruitment/opportunities/detail.html",
        {
            "opportunity": opportunity,
            "groups": _stage_groups(candidates),
            "total": len(candidates),
            "funnel": funnels.opportunity_funnel(opportunity),
            "closed_stages": CLOSED_STAGES,
            "events": list(opportunity.events.order_by("starts_at")),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def candidate_add(request, org_slug, pk):
    opportunity = _opportunity(pk)
    search = search_text(request.GET.get("q"))
    preselect = _int_or_none(request.GET.get("participant"))
    form = forms.CandidateForm(
        _posted(request),
        opportunity=opportunity,
        search=search,
        preselect=preselect,
        initial={"participant": preselect},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services_pipeline.candidate_add(
                opportunity=opportunity,
                channel=data["channel"],
                participant=data["participant"],
                new_person=form.new_person(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"{candidate.participant.preferred_name} has been added as an enquiry.",
            )
            if data.get("next") == "matches":
                return redirect("recruitment:matches", org_slug=org_slug, pk=pk)
            return redirect("recruitment:opportunity_detail", org_slug=org_slug, pk=pk)
    return render(
        request,
        "recruitment/opportunities/candidate_add.html",
        {"opportunity": opportunity, "form": form, "search": search},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def candidate_stage(request, org_slug, pk, candidate_id):
    opportunity = _opportunity(pk)
    candidate = get_object_or_404(
        Candidate.objects.select_related("participant", "opportunity"),
        pk=candidate_id,
        opportunity=opportunity,
    )
    options = services_pipeline.stage_options(candidate)
    form = forms.StageForm(_posted(request), options=options)
    if request.method == "POST" and form.is_valid():
        try:
            services_pipeline.candidate_move(
                candidate=candidate,
                to_stage=form.cleaned_data["to_stage"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"{candidate.participant.preferred_name} is now at: "
                f"{Stage(candidate.stage).label.lower()}.",
            )
            return redirect("recruitment:opportunity_detail", org_slug=org_slug, pk=pk)
    history = StageChange.objects.filter(candidate=candidate).select_related("changed_by")
    return render(
        request,
        "recruitment/opportunities/stage.html",
        {
            "opportunity": opportunity,
            "candidate": candidate,
            "form": form,
            "history": history,
            "is_closed": candidate.stage in CLOSED_STAGES,
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def opportunity_matches(request, org_slug, pk):
    opportunity = _opportunity(pk)
    need_form = forms.MatchNeedForm(request.GET or None)
    need = matching.need_for_opportunity(
        opportunity, times=need_form.slots(), provisions=need_form.provision_set()
    )
    people = matching.candidate_facts(today=timezone.localdate(), exclude_opportunity=opportunity)
    ranked = matching.rank(people, need)
    return render(
        request,
        "recruitment/opportunities/matches.html",
        {
            "opportunity": opportunity,
            "need": need,
            "skills_asked": sorted(need.skill_labels.values(), key=str.casefold),
            "methods_asked": sorted(Method(m).label for m in need.methods),
            "need_form": need_form,
            "matches": ranked[:MATCHES_SHOWN],
            "considered": len(ranked),
            "channels": forms.CandidateForm.base_fields["channel"].choices,
            "shown": MATCHES_SHOWN,
        },
    )


@capability_required(Capability.VIEW_REPORTS)
def funnel(request, org_slug):
    return render(
        request,
        "recruitment/opportunities/funnel.html",
        {
            "funnels": funnels.channel_funnels(),
            "can_manage": request.membership.has(Capability.MANAGE_PEOPLE),
        },
    )


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def opportunity_status(request, org_slug, pk):
    opportunity = _opportunity(pk)
    wanted = request.POST.get("status", "")
    try:
        services_pipeline.opportunity_set_status(
            opportunity=opportunity, status=wanted, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"{opportunity.title} is now {opportunity.get_status_display().lower()}.",
        )
    return redirect("recruitment:opportunity_detail", org_slug=org_slug, pk=pk)

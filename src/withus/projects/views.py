from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from withus.forms import apply_errors
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people.choices import Method
from withus.people.models import Participant
from withus.projects import exporting, forms, selectors, services
from withus.projects.models import BudgetLine, Outcome, Project, Risk, Task
from withus.recruitment import matching

MATCHES_SHOWN = 30


def _project(pk) -> Project:
    try:
        return selectors.project_detail(pk)
    except Project.DoesNotExist:
        raise Http404("No such project.") from None


@capability_required(Capability.VIEW_REPORTS)
def project_list(request, org_slug):
    status = request.GET.get("status", "")
    status = status if status in Project.Status.values else ""
    page = Paginator(selectors.project_list(status), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Project.Status.choices,
            "can_edit": request.membership.has(Capability.MANAGE_PEOPLE),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def project_add(request, org_slug):
    # Organisations get the default ladder when created; this only fills one made before that.
    services.ensure_default_ladder(request.organisation)
    form = forms.NewProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                organisation=request.organisation,
                data={k: v for k, v in form.service_data().items() if k != "starter_tasks"},
                co_planners=form.co_planner_ids(),
                starter_tasks=form.cleaned_data["starter_tasks"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{project.name} has been set up.")
            return redirect("projects:detail", org_slug=org_slug, pk=project.pk)
    return render(
        request,
        "projects/form.html",
        {"form": form, "title": "Set up a project", "button": "Set up project"},
    )


@capability_required(Capability.VIEW_REPORTS)
def project_detail(request, org_slug, pk):
    project = _project(pk)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "outcomes": selectors.outcome_progress(project),
            "budget": selectors.budget_summary(project),
            "can_edit": request.membership.has(Capability.MANAGE_PEOPLE),
            "can_export": request.membership.has(Capability.EXPORT),
            "method_labels": [Method(m).label for m in project.methods if m in Method.values],
            "events": list(project.events.order_by("-starts_at")[:10]),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def project_edit(request, org_slug, pk):
    project = _project(pk)
    form = forms.ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project,
                data=form.service_data(),
                co_planners=form.co_planner_ids(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Plan saved.")
            return redirect("projects:detail", org_slug=org_slug, pk=pk)
    project.refresh_from_db()
    return render(
        request, "projects/form.html", {"form": form, "project": project, "title": "Plan"}
    )


def _item_view(request, org_slug, pk, *, model, form_class, item_id=None, title):
    project = _project(pk)
    item = (
        get_object_or_404(model.objects.filter(project=project), pk=item_id) if item_id else model()
    )
    form = form_class(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = form.service_data() if hasattr(form, "service_data") else form.cleaned_data
        try:
            services.item_save(
                project=project, item=item, data=data, actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{title} saved.")
            return redirect("projects:detail", org_slug=org_slug, pk=pk)
    return render(request, "projects/form.html", {"form": form, "project": project, "title": title})


@capability_required(Capability.MANAGE_PEOPLE)
def outcome_add(request, org_slug, pk):
    return _item_view(
        request, org_slug, pk, model=Outcome, form_class=forms.OutcomeForm, title="Outcome"
    )


@capability_required(Capability.MANAGE_PEOPLE)
def outcome_edit(request, org_slug, pk, item_id):
    return _item_view(
        request,
        org_slug,
        pk,
        model=Outcome,
        form_class=forms.OutcomeForm,
        item_id=item_id,
        title="Outcome",
    )


@capability_required(Capability.MANAGE_PEOPLE)
def task_add(request, org_slug, pk):
    return _item_view(request, org_slug, pk, model=Task, form_class=forms.TaskForm, title="Task")


@capability_required(Capability.MANAGE_PEOPLE)
def task_edit(request, org_slug, pk, item_id):
    return _item_view(
        request, org_slug, pk, model=Task, form_class=forms.TaskForm, item_id=item_id, title="Task"
    )


@capability_required(Capability.MANAGE_PEOPLE)
def task_matches(request, org_slug, pk, item_id):
    """People who might suit a task, ranked with reasons; POST assigns one of them."""
    project = _project(pk)
    task = get_object_or_404(Task.objects.filter(project=project), pk=item_id)
    if request.method == "POST":
        try:
            person_id = int(request.POST.get("participant", ""))
        except ValueError:
            raise Http404("No such person.") from None
        person = get_object_or_404(
            Participant.objects.filter(erased_at__isnull=True).exclude(status="exited"),
            pk=person_id,
        )
        services.item_save(
            project=project,
            item=task,
            data={"participant": person},
            actor=request.user,
            request=request,
        )
        messages.success(request, f"{person.preferred_name} is now doing: {task.title}.")
        return redirect("projects:detail", org_slug=org_slug, pk=pk)
    need = matching.need_for_task(task)
    ranked = matching.rank(matching.candidate_facts(today=timezone.localdate()), need)
    return render(
        request,
        "projects/task_matches.html",
        {
            "project": project,
            "task": task,
            "matches": ranked[:MATCHES_SHOWN],
            "considered": len(ranked),
            "shown": MATCHES_SHOWN,
            "skills_asked": sorted(need.skill_labels.values(), key=str.casefold),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def budget_add(request, org_slug, pk):
    return _item_view(
        request,
        org_slug,
        pk,
        model=BudgetLine,
        form_class=forms.BudgetLineForm,
        title="Budget line",
    )


@capability_required(Capability.MANAGE_PEOPLE)
def budget_edit(request, org_slug, pk, item_id):
    return _item_view(
        request,
        org_slug,
        pk,
        model=BudgetLine,
        form_class=forms.BudgetLineForm,
        item_id=item_id,
        title="Budget line",
    )


@capability_required(Capability.EXPORT)
def budget_xlsx(request, org_slug, pk):
    return exporting.budget_response(project=_project(pk), request=request)


@capability_required(Capability.MANAGE_PEOPLE)
def risk_add(request, org_slug, pk):
    return _item_view(request, org_slug, pk, model=Risk, form_class=forms.RiskForm, title="Risk")


@capability_required(Capability.MANAGE_PEOPLE)
def risk_edit(request, org_slug, pk, item_id):
    return _item_view(
        request, org_slug, pk, model=Risk, form_class=forms.RiskForm, item_id=item_id, title="Risk"
    )


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def risks_common(request, org_slug, pk):
    added = services.add_common_risks(project=_project(pk), actor=request.user, request=request)
    messages.success(
        request,
        f"Added {added} common risks."
        if added
        else "The common risks are already in the register.",
    )
    return redirect("projects:detail", org_slug=org_slug, pk=pk)


@capability_required(Capability.ADMIN)
def ladder(request, org_slug):
    rungs = services.ensure_default_ladder(request.organisation)
    form = forms.LadderForm(request.POST or None, rungs=rungs)
    if request.method == "POST" and form.is_valid():
        services.ladder_save(
            organisation=request.organisation,
            rungs=form.rung_values(),
            actor=request.user,
            request=request,
        )
        messages.success(request, "Ladder of participation saved.")
        return redirect("projects:ladder", org_slug=org_slug)
    return render(request, "projects/ladder.html", {"form": form, "rungs": rungs})

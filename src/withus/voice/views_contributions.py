"""Contributions: what people said ("you said"), one at a time or from an event in one go."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import formset_factory
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.forms import apply_errors
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people.models import Participant
from withus.voice import selectors, services
from withus.voice.forms import ContributionFilterForm, ContributionForm, EventPointForm
from withus.voice.models import Contribution

PAGE_SIZE = 50


def _today(request):
    return timezone.localdate()


# Contributions name who said what, in their own words: for people who manage people only.
@capability_required(Capability.MANAGE_PEOPLE)
def contribution_list(request, org_slug):
    form = ContributionFilterForm(request.GET or None)
    rows = selectors.contribution_list()
    if form.is_valid():
        data = form.cleaned_data
        if data["theme"]:
            rows = rows.filter(themes=data["theme"])
        if data["source"]:
            rows = rows.filter(source=data["source"])
        if data["loop"] == "open":
            rows = rows.filter(loop_closed_at__isnull=True)
        elif data["loop"] == "closed":
            rows = rows.filter(loop_closed_at__isnull=False)
        if data["project"]:
            rows = rows.filter(project=data["project"])
        if data["event"]:
            rows = rows.filter(event_id=data["event"])
        if data["age"]:
            rows = selectors.band_queryset(
                rows.filter(loop_closed_at__isnull=True), data["age"], _today(request)
            )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "voice/contributions/list.html",
        {
            "form": form,
            "page": page,
            "can_edit": request.membership.has(Capability.MANAGE_PEOPLE),
            "today": _today(request),
        },
    )


def _save_contribution(request, form, contribution=None):
    data = form.cleaned_data
    themes = list(data["themes"]) + services.themes_from_names(
        organisation=request.organisation, names=services.split_theme_names(data["new_themes"])
    )
    if contribution is None:
        return services.contribution_create(
            organisation=request.organisation,
            text=data["text"],
            source=data["source"],
            received_on=data["received_on"],
            contributors=data["contributors"],
            anonymous=data["anonymous"],
            themes=themes,
            project=data["project"],
            event=data["event"],
            quote=data["quote"],
            actor=request.user,
            request=request,
        )
    return services.contribution_update(
        contribution=contribution,
        data={
            k: data[k]
            for k in ["text", "source", "received_on", "project", "event", "anonymous", "quote"]
        },
        contributors=data["contributors"],
        themes=themes,
        actor=request.user,
        request=request,
    )


def _contribution_form(request, contribution=None):
    initial = {} if contribution else {"received_on": _today(request)}
    form = ContributionForm(request.POST or None, instance=contribution, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = _save_contribution(request, form, contribution)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Contribution saved.")
            return redirect("voice:contribution", org_slug=request.organisation.slug, pk=saved.pk)
    title = "Change this contribution" if contribution else "Record what someone said"
    return render(
        request,
        "voice/contributions/form.html",
        {"form": form, "title": title, "contribution": contribution},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def contribution_add(request, org_slug):
    return _contribution_form(request)


@capability_required(Capability.MANAGE_PEOPLE)
def contribution_edit(request, org_slug, pk):
    contribution = get_object_or_404(Contribution.objects, pk=pk)
    return _contribution_form(request, contribution)


@capability_required(Capability.MANAGE_PEOPLE)
def contribution_detail(request, org_slug, pk):
    get_object_or_404(Contribution.objects, pk=pk)
    contribution = selectors.contribution_detail(pk)
    feedback = list(selectors.feedback_for(contribution))
    told = {f.participant_id for f in feedback if f.participant_id}
    waiting = [p for p in contribution.contributors.all() if p.pk not in told]
    return render(
        request,
        "voice/contributions/detail.html",
        {
            "contribution": contribution,
            "feedback": feedback,
            "waiting": waiting,
            "age_days": (_today(request) - contribution.received_on).days,
            "can_edit": request.membership.has(Capability.MANAGE_PEOPLE),
        },
    )


ROWS = 5


@capability_required(Capability.MANAGE_PEOPLE)
def event_contributions(request, org_slug, pk):
    event = get_object_or_404(Event.objects.select_related("project"), pk=pk)
    attended = EventInvitation.objects.filter(
        event=event,
        attendance__in=[EventInvitation.Attendance.ATTENDED, EventInvitation.Attendance.LATE],
    ).values_list("participant_id", flat=True)
    attendees = list(Participant.objects.filter(pk__in=attended).order_by("preferred_name"))
    PointFormSet = formset_factory(EventPointForm, extra=ROWS, max_num=20)  # noqa: N806
    formset = PointFormSet(
        request.POST or None, form_kwargs={"attendees": attendees}, prefix="point"
    )
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset if (f.cleaned_data.get("text") or "").strip()]
        if not rows:
            formset.forms[0].add_error("text", "Write at least one thing that was said.")
        else:
            by_pk = {str(p.pk): p for p in attendees}
            received_on = timezone.localtime(event.starts_at).date()
            with transaction.atomic():
                for row in rows:
                    person = by_pk.get(row["who"])
                    services.contribution_create(
                        organisation=request.organisation,
                        text=row["text"],
                        source="event",
                        received_on=received_on,
                        contributors=[person] if person else [],
                        anonymous=person is None,
                        themes=services.split_theme_names(row["themes"]),
                        project=event.project,
                        event=event,
                        actor=request.user,
                        request=request,
                    )
            messages.success(
                request,
                f"{len(rows)} thing{'s' if len(rows) != 1 else ''} recorded from {event.title}.",
            )
            url = f"/o/{request.organisation.slug}/voice/contributions/?event={event.pk}"
            return redirect(url)
    return render(
        request,
        "voice/contributions/event.html",
        {"event": event, "attendees": attendees, "formset": formset},
    )

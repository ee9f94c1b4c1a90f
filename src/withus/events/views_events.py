"""Events: plan them, see their checks, set the agenda, add papers, cancel, debrief.

Objects come through the scoped managers, so another organisation's id answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from withus.audit.services import log_sensitive_read
from withus.events import selectors, services
from withus.events.checks import check_event
from withus.events.forms import AgendaFormSet, CancelForm, DebriefForm, EventForm, PaperForm
from withus.events.models import Event, EventDocument
from withus.events.timing import local
from withus.forms import apply_errors
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required


def _event(pk) -> Event:
    try:
        return selectors.event_detail(pk)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None


def sees_safeguarding(request) -> bool:
    membership = request.membership
    return membership.has(Capability.MANAGE_SAFEGUARDING) or membership.has(
        Capability.VIEW_SENSITIVE
    )


def checked(request, event, adding=()):
    """The event checks for this viewer. Someone shown safeguarding detail has that read
    recorded in the audit trail, as for any other sensitive page."""
    can_see = sees_safeguarding(request)
    check = check_event(event, can_see_safeguarding=can_see, adding=adding)
    if can_see and any(f.code == "safeguarding" for f in check.findings):
        log_sensitive_read(
            request=request, target=event, what=f"safeguarding checks for {event.title}"
        )
    return check


@capability_required(Capability.MANAGE_PEOPLE)
def event_list(request, org_slug):
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    events = list(selectors.event_list(when=when)[:200])
    return render(request, "events/list.html", {"events": events, "when": when})


def _initial_times(event: Event) -> dict:
    tz = event.organisation.timezone
    start, end = local(event.starts_at, tz), local(event.ends_at, tz)
    return {"day": start.date(), "start_time": start.time(), "end_time": end.time()}


@capability_required(Capability.MANAGE_PEOPLE)
def event_add(request, org_slug):
    initial = {"contact": request.user.pk}
    for key in ("project", "opportunity"):
        value = request.GET.get(key, "")
        if value.isascii() and value.isdigit():
            initial[key] = int(value)  # the form's scoped choices refuse other organisations'
    if request.GET.get("kind") in Event.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                organisation=request.organisation,
                data=form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{event.title} is planned. Now set the agenda.")
            return redirect("events:agenda", org_slug=org_slug, pk=event.pk)
    return render(request, "events/form.html", {"form": form, "title": "Plan an event"})


@capability_required(Capability.MANAGE_PEOPLE)
def event_edit(request, org_slug, pk):
    event = _event(pk)
    form = EventForm(request.POST or None, instance=event, initial=_initial_times(event))
    if event.contact_id:
        form.initial["contact"] = event.contact_id
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                event=event,
                data=form.cleaned_data,
                can_manage_safeguarding=request.membership.has(Capability.MANAGE_SAFEGUARDING),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Event saved.")
            return redirect("events:detail", org_slug=org_slug, pk=pk)
    return render(
        request, "events/form.html", {"form": form, "title": "Change the event", "event": event}
    )


@capability_required(Capability.MANAGE_PEOPLE)
def event_detail(request, org_slug, pk):
    event = _event(pk)
    invitations = selectors.invitations_for(event)
    check = checked(request, event)
    agenda = services.agenda_times(event, event.agenda_items.all())
    counts = {reply: sum(1 for i in invitations if i.reply == reply) for reply in services.R.values}
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "invitations": invitations,
            "check": check,
            "agenda": agenda,
            "counts": counts,
            "is_past": event.ends_at < timezone.now(),
            "papers_overdue": (
                event.papers_sent_at is None and event.papers_due_on < timezone.localdate()
            ),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def event_agenda(request, org_slug, pk):
    event = _event(pk)
    initial = [
        {"title": i.title, "minutes": i.minutes, "is_break": i.is_break, "led_by": i.led_by}
        for i in event.agenda_items.all()
    ]
    formset = AgendaFormSet(request.POST or None, initial=initial, prefix="agenda")
    if request.method == "POST" and formset.is_valid():
        items = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("title")]
        services.agenda_save(event=event, items=items, actor=request.user, request=request)
        messages.success(request, "Agenda saved.")
        return redirect("events:detail", org_slug=org_slug, pk=pk)
    planned = sum(i["minutes"] for i in initial)
    length = int(event.duration.total_seconds() // 60)
    return render(
        request,
        "events/agenda.html",
        {"event": event, "formset": formset, "planned": planned, "length": length},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def event_papers(request, org_slug, pk):
    event = _event(pk)
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("action") == "sent":
        told = services.papers_mark_sent(
            event=event,
            actor=request.user,
            notify=request.POST.get("notify") == "1",
            request=request,
        )
        messages.success(request, f"Papers marked as sent. {told} people were told.")
        return redirect("events:detail", org_slug=org_slug, pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_add(
                event=event,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, "Paper added.")
            return redirect("events:papers", org_slug=org_slug, pk=pk)
    return render(request, "events/papers.html", {"event": event, "form": form})


@capability_required(Capability.MANAGE_PEOPLE)
def paper_download(request, org_slug, pk, document_id):
    document = get_object_or_404(EventDocument.objects.filter(event_id=pk), pk=document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=document.content_type
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def paper_delete(request, org_slug, pk, document_id):
    document = get_object_or_404(
        EventDocument.objects.filter(event_id=pk).select_related("event"), pk=document_id
    )
    services.paper_delete(document=document, actor=request.user, request=request)
    messages.success(request, "Paper removed.")
    return redirect("events:papers", org_slug=org_slug, pk=pk)


@capability_required(Capability.MANAGE_PEOPLE)
def event_cancel(request, org_slug, pk):
    event = _event(pk)
    if event.is_cancelled:
        messages.info(request, "This event is already cancelled.")
        return redirect("events:detail", org_slug=org_slug, pk=pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        told = services.event_cancel(
            event=event,
            reason=form.cleaned_data["reason"],
            notify=form.cleaned_data["notify"],
            actor=request.user,
            request=request,
        )
        messages.success(request, f"{event.title} is cancelled. {told} people were told.")
        return redirect("events:detail", org_slug=org_slug, pk=pk)
    return render(request, "events/cancel.html", {"event": event, "form": form})


@capability_required(Capability.MANAGE_PEOPLE)
def event_debrief(request, org_slug, pk):
    event = _event(pk)
    form = DebriefForm(request.POST or None, initial={"notes": event.debrief_notes})
    if request.method == "POST" and form.is_valid():
        services.debrief_save(
            event=event, notes=form.cleaned_data["notes"], actor=request.user, request=request
        )
        messages.success(request, "Debrief saved.")
        return redirect("events:detail", org_slug=org_slug, pk=pk)
    return render(request, "events/debrief.html", {"event": event, "form": form})

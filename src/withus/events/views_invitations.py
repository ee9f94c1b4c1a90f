"""Inviting people to an event (from the participant list or from matching), their replies and
arrangements, and recording who came.

Inviting is two steps: choose people, then review the event checks for them before anyone is
invited. A blocking safeguarding finding stops the invitation; only someone who manages
safeguarding can go ahead, with a recorded reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from withus.events import matching as event_matching
from withus.events import selectors, services
from withus.events.forms import DebriefForm, InvitationForm, OverrideForm
from withus.events.models import EventInvitation
from withus.events.views_events import _event, checked
from withus.forms import apply_errors, search_text
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people import choices as c
from withus.people.models import Participant
from withus.people.selectors import ParticipantFilters, participant_list

PAGE_SIZE = 50


def _chosen(request) -> list[Participant]:
    raw = request.POST.getlist("person")
    ids = [int(v) for v in raw if v.isascii() and v.isdigit() and len(v) < 19]
    return list(
        Participant.objects.filter(pk__in=ids, erased_at__isnull=True).order_by(
            "preferred_name", "id"
        )
    )


@capability_required(Capability.MANAGE_PEOPLE)
def invite(request, org_slug, pk):
    event = _event(pk)
    if event.is_cancelled:
        messages.error(request, "This event is cancelled, so nobody can be invited.")
        return redirect("events:detail", org_slug=org_slug, pk=pk)
    if request.method == "POST":
        chosen = _chosen(request)
        if not chosen:
            messages.error(request, "Choose at least one person to invite.")
            return redirect("events:invite", org_slug=org_slug, pk=pk)
        return _review_or_confirm(request, event, chosen)

    already = services.people_already_invited(event)
    filters = ParticipantFilters(
        q=search_text(request.GET.get("q")),
        access_need=request.GET.get("need", "")
        if request.GET.get("need") in c.AccessNeed.values
        else "",
        status=c.Status.ACTIVE if request.GET.get("all") != "1" else "",
    )
    people = participant_list(filters).exclude(pk__in=already).exclude(status=c.Status.EXITED)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/invite.html",
        {
            "event": event,
            "page": page,
            "filters": filters,
            "show_all": request.GET.get("all") == "1",
            "needs": c.AccessNeed.choices,
        },
    )


def _review_or_confirm(request, event, chosen):
    can_override = request.membership.has(Capability.MANAGE_SAFEGUARDING)
    check = checked(request, event, adding=chosen)
    override = OverrideForm(request.POST if request.POST.get("action") == "confirm" else None)
    blocked_people = [p for p in chosen if p.pk in check.blocked]
    if request.POST.get("action") == "confirm" and override.is_valid():
        reason = override.cleaned_data["override_reason"].strip() if can_override else ""
        allowed = chosen if reason else [p for p in chosen if p.pk not in check.blocked]
        made = []
        if allowed:
            try:
                made = services.invitations_create(
                    event=event,
                    participants=allowed,
                    blocked=check.blocked,
                    override_reason=reason,
                    send=request.POST.get("send") == "1",
                    actor=request.user,
                    request=request,
                )
            except services.InviteRefused as refused:  # only if the checks changed meanwhile
                messages.error(request, f"Not invited: {', '.join(refused.names)}.")
                return redirect("events:detail", org_slug=event.organisation.slug, pk=event.pk)
        text = f"{len(made)} people invited."
        if blocked_people and not reason:
            names = ", ".join(p.preferred_name for p in blocked_people)
            text += f" Not invited because of a safeguarding check: {names}."
        messages.success(request, text)
        return redirect("events:detail", org_slug=event.organisation.slug, pk=event.pk)
    return render(
        request,
        "events/invite_review.html",
        {
            "event": event,
            "chosen": chosen,
            "check": check,
            "blocked_people": blocked_people,
            "can_override": can_override,
            "override": override,
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def invite_matches(request, org_slug, pk):
    event = _event(pk)
    matches = event_matching.ranked_for_event(event, today=timezone.localdate())
    return render(
        request,
        "events/invite_matches.html",
        {"event": event, "matches": matches[:40], "considered": len(matches)},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def invitation_edit(request, org_slug, pk, invitation_id):
    event = _event(pk)
    invitation = get_object_or_404(
        EventInvitation.objects.filter(event=event).select_related("participant", "event"),
        pk=invitation_id,
    )
    invitation.event = event
    lead = request.membership.has(Capability.MANAGE_SAFEGUARDING)
    form = InvitationForm(request.POST or None, instance=invitation, safeguarding_lead=lead)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The form has already copied the reply onto `invitation`; compare with the database.
            stored = EventInvitation.objects.select_related("participant", "event").get(
                pk=invitation.pk
            )
            if data["reply"] != stored.reply:
                services.invitation_reply(
                    invitation=stored,
                    reply=data["reply"],
                    override_reason=data.get("override_reason", ""),
                    can_manage_safeguarding=lead,
                    actor=request.user,
                    request=request,
                )
            services.invitation_update(
                invitation=EventInvitation.objects.select_related("participant", "event").get(
                    pk=invitation.pk
                ),
                data=data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            stored = EventInvitation.objects.get(pk=invitation.pk)
            if data["reply"] == EventInvitation.Reply.ACCEPTED and stored.reply == "waiting":
                messages.warning(
                    request,
                    f"The event is full, so {invitation.participant.preferred_name} is on the "
                    "waiting list. They will get the next free place.",
                )
            else:
                messages.success(request, "Saved.")
            return redirect("events:detail", org_slug=org_slug, pk=pk)
    return render(
        request,
        "events/invitation.html",
        {"event": event, "invitation": invitation, "form": form},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def attendance(request, org_slug, pk):
    event = _event(pk)
    rows = [
        i
        for i in selectors.invitations_for(event)
        if i.reply in (EventInvitation.Reply.ACCEPTED, EventInvitation.Reply.INVITED)
        or i.attendance
    ]
    debrief = DebriefForm(initial={"notes": event.debrief_notes})
    if request.method == "POST":
        marks = {i.pk: request.POST.get(f"attendance-{i.pk}", i.attendance) for i in rows}
        changed = services.attendance_record(
            event=event, marks=marks, actor=request.user, request=request
        )
        messages.success(request, f"Attendance saved ({changed} changed).")
        return redirect("events:detail", org_slug=org_slug, pk=pk)
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "rows": rows,
            "choices": EventInvitation.Attendance.choices,
            "debrief": debrief,
        },
    )

"""Changes to venues, events, agendas, papers, invitations and attendance. Each is audited.

Messages to people go through `withus.messaging.services`, which applies their channel,
consent, breaks and quiet hours; every message here has a dedupe key so a retried request
never sends the same thing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from withus.audit.services import diff_fields, log_action
from withus.events import uploads
from withus.events.models import AgendaItem, Event, EventDocument, EventInvitation, Venue
from withus.events.timing import aware, default_papers_due, local
from withus.people.models import Participant

R = EventInvitation.Reply

VENUE_FIELDS = [
    "name",
    "address",
    "postcode",
    "directions",
    "step_free",
    "accessible_toilet",
    "hearing_loop",
    "public_transport",
    "last_bus_or_train",
    "parking",
    "quiet_room",
    "smoking_area",
    "independent_access",
    "children_on_site",
    "neutral_and_safe",
    "notes",
    "archived",
]

FK_FIELDS = {"project", "opportunity", "venue", "contact", "rate_card"}

EVENT_FIELDS = [
    "title",
    "kind",
    "project",
    "opportunity",
    "venue",
    "online_link",
    "capacity",
    "briefing",
    "papers_due_on",
    "dress_code",
    "ground_rules",
    "refreshments",
    "dietary_notes",
    "childcare",
    "bsl",
    "large_print",
    "easy_read",
    "hearing_loop",
    "quiet_space",
    "children_present",
    "photos_planned",
    "filming_planned",
    "travel_arrangements",
    "expenses_arrangements",
    "contact",
    "rate_card",
    "partner_organisations",
]


def _log(target, action, summary, actor, request=None, changes=None):
    log_action(
        organisation=target.organisation,
        actor=actor,
        action=action,
        target=target,
        summary=summary,
        changes=changes,
        request=request,
    )


# --- venues ------------------------------------------------------------------------------------


def _stored(instance, fields) -> dict:
    """Field values as stored: a bound ModelForm has already changed the object in memory."""
    if instance.pk is None:
        return {f: getattr(instance, f) for f in fields}
    return type(instance).objects.filter(pk=instance.pk).values(*fields).get()


class SafeguardingChange(ValidationError):
    """A change would put someone already invited into a blocking safeguarding finding."""


def _new_blocks(events_before: dict, *, allow: bool) -> None:
    """Refuse a change that creates a new blocking safeguarding finding for someone already
    invited, unless the person making it manages safeguarding (then it is audited as usual)."""
    from withus.events.checks import check_event

    if allow:
        return
    for event, before in events_before.items():
        after = check_event(event, can_see_safeguarding=False).blocked
        if after - before:
            raise SafeguardingChange(
                "This change means someone already invited to "
                f"{event.title} could not come because of a safeguarding check. Speak to the "
                "safeguarding lead, or withdraw their invitation first."
            )


def _blocked_now(events) -> dict:
    from withus.events.checks import check_event

    return {e: check_event(e, can_see_safeguarding=False).blocked for e in events}


def venue_save(
    *,
    organisation,
    data: dict,
    actor,
    venue: Venue | None = None,
    can_manage_safeguarding: bool = False,
    request=None,
):
    creating = venue is None
    venue = venue or Venue(organisation=organisation)
    before = _stored(venue, VENUE_FIELDS)
    upcoming = (
        []
        if creating
        else list(
            Event.objects.filter(
                venue=venue, ends_at__gte=timezone.now(), status=Event.Status.PLANNED
            )
        )
    )
    blocked_before = _blocked_now(upcoming)
    for name in VENUE_FIELDS:
        if name in data:
            setattr(venue, name, data[name])
    venue.full_clean()
    for event in upcoming:
        event.venue = venue  # the checks read the venue's facts as they are about to be
    with transaction.atomic():
        venue.save()
        _new_blocks(blocked_before, allow=can_manage_safeguarding)
    if creating:
        _log(venue, "venue.create", f"Added the venue {venue.name}", actor, request)
    else:
        changes = diff_fields(venue, before, VENUE_FIELDS)
        if changes:
            _log(venue, "venue.update", f"Changed the venue {venue.name}", actor, request, changes)
    return venue


# --- events ------------------------------------------------------------------------------------


def event_times(*, day: dt.date, start: dt.time, end: dt.time, tz_name: str):
    """Aware start and end from a local date and clock times; an end before the start is an
    error (events that go past midnight are entered as ending at 23:59)."""
    starts_at = aware(day, start, tz_name)
    ends_at = aware(day, end, tz_name)
    if ends_at <= starts_at:
        raise ValidationError({"end_time": "The end time must be after the start time."})
    return starts_at, ends_at


def event_create(*, organisation, data: dict, actor, request=None) -> Event:
    starts_at, ends_at = event_times(
        day=data["day"],
        start=data["start_time"],
        end=data["end_time"],
        tz_name=organisation.timezone,
    )
    event = Event(organisation=organisation, starts_at=starts_at, ends_at=ends_at, created_by=actor)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    if not data.get("papers_due_on"):
        event.papers_due_on = default_papers_due(
            starts_at, lead_days=organisation.papers_lead_days, tz_name=organisation.timezone
        )
    event.full_clean()
    event.save()
    _log(event, "event.create", f"Planned {event.title}", actor, request)
    return event


def event_update(
    *, event: Event, data: dict, actor, can_manage_safeguarding: bool = False, request=None
) -> Event:
    """Change an event. A change that would stop someone already invited (children present, a
    different venue) needs the safeguarding lead. More places go to the waiting list first."""
    org = event.organisation
    tracked = [*(f"{f}_id" if f in FK_FIELDS else f for f in EVENT_FIELDS), "starts_at", "ends_at"]
    before = _stored(event, tracked)
    blocked_before = {event: _blocked_now([Event.objects.get(pk=event.pk)]).popitem()[1]}
    if {"day", "start_time", "end_time"} <= data.keys():
        event.starts_at, event.ends_at = event_times(
            day=data["day"], start=data["start_time"], end=data["end_time"], tz_name=org.timezone
        )
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    if not event.papers_due_on:
        event.papers_due_on = default_papers_due(
            event.starts_at, lead_days=org.papers_lead_days, tz_name=org.timezone
        )
    event.full_clean()
    with transaction.atomic():
        event.save()
        _new_blocks(blocked_before, allow=can_manage_safeguarding)
    changes = diff_fields(event, before, tracked)
    if changes:
        _log(event, "event.update", f"Changed {event.title}", actor, request, changes)
    if before["capacity"] != event.capacity:
        while promote_from_waiting_list(event=event, actor=actor):
            pass
    return event


def event_cancel(*, event: Event, reason: str, actor, notify: bool = True, request=None) -> int:
    """Cancel the event and, if asked, tell everyone still expecting it. Returns people told."""
    if event.is_cancelled:
        return 0
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    _log(event, "event.cancel", f"Cancelled {event.title}: {reason}"[:500], actor, request)
    from withus.messaging.services import was_sent_or_queued, withdraw_pending

    withdraw_pending(
        related=event,
        templates=EVENT_TEMPLATES,
        reason=f"The event was cancelled: {reason}"[:300],
    )
    if not notify:
        return 0
    told = 0
    for invitation in _invitations(event).filter(reply__in=[R.INVITED, R.ACCEPTED, R.WAITING]):
        sent = _message(invitation, "event_cancelled", actor, extra={"reason": reason})
        told += was_sent_or_queued(sent)
    return told


def agenda_save(*, event: Event, items: Sequence[dict], actor, request=None) -> list[AgendaItem]:
    """Replace the agenda with `items` (dicts of title, minutes, is_break, led_by, notes)."""
    with transaction.atomic():
        AgendaItem.objects.filter(event=event).delete()
        made = AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    organisation=event.organisation,
                    event=event,
                    position=position,
                    title=item["title"],
                    minutes=item["minutes"],
                    is_break=bool(item.get("is_break")),
                    led_by=item.get("led_by", ""),
                    notes=item.get("notes", ""),
                )
                for position, item in enumerate(items)
            ]
        )
    total = sum(item["minutes"] for item in items)
    _log(
        event, "event.agenda", f"Set the agenda of {event.title} ({total} minutes)", actor, request
    )
    return made


def agenda_times(event: Event, items: Iterable[AgendaItem]) -> list[tuple[AgendaItem, dt.datetime]]:
    """Each item with its start time: the event start plus the items before it."""
    at = event.starts_at
    timed = []
    for item in items:
        timed.append((item, at))
        at += dt.timedelta(minutes=item.minutes)
    return timed


def debrief_save(*, event: Event, notes: str, actor, request=None) -> Event:
    event.debrief_notes = notes
    event.save(update_fields=["debrief_notes", "updated_at"])
    _log(event, "event.debrief", f"Wrote the debrief for {event.title}", actor, request)
    return event


# --- papers ------------------------------------------------------------------------------------


def paper_add(*, event: Event, title: str, upload, actor, request=None) -> EventDocument:
    checked = uploads.check_paper(upload)  # raises ValidationError for a file we will not keep
    document = EventDocument(
        organisation=event.organisation,
        event=event,
        title=title or checked.filename,
        filename=checked.filename,
        content_type=checked.content_type,
        size=len(checked.content),
        uploaded_by=actor,
    )
    document.file.save(checked.filename, checked.as_file(), save=False)
    document.save()
    _log(
        event,
        "event.paper_add",
        f"Added the paper {document.title} to {event.title}",
        actor,
        request,
    )
    return document


def paper_delete(*, document: EventDocument, actor, request=None) -> None:
    event = document.event
    title = document.title
    document.file.delete(save=False)
    document.delete()
    _log(
        event, "event.paper_delete", f"Removed the paper {title} from {event.title}", actor, request
    )


def papers_mark_sent(*, event: Event, actor, notify: bool = True, request=None) -> int:
    """Record that the papers have gone out and, if asked, tell everyone invited or coming,
    with the pre-meeting pack in the format each person asked for (made once per format).
    Returns how many people a message is going to (not counting any a rule stopped)."""
    if event.is_cancelled:
        raise ValidationError("This event is cancelled.")
    event.papers_sent_at = timezone.now()
    event.save(update_fields=["papers_sent_at", "updated_at"])
    _log(event, "event.papers_sent", f"Sent the papers for {event.title}", actor, request)
    if not notify:
        return 0
    from withus.messaging.services import was_sent_or_queued

    packs: dict[str, tuple[str, bytes, str]] = {}
    told = 0
    for invitation in _invitations(event).filter(reply__in=[R.INVITED, R.ACCEPTED]):
        fmt = invitation.pack_format
        if fmt not in packs:
            packs[fmt] = pack_attachment(event, fmt)
        sent = _message(invitation, "event_papers", actor, attachments=[packs[fmt]])
        told += was_sent_or_queued(sent)
    return told


def pack_attachment(event: Event, invitation_format: str) -> tuple[str, bytes, str]:
    """The pre-meeting pack as a PDF attachment: (filename, content, content type)."""
    from withus.events import pack, pack_render

    loaded = pack.pack_events().get(pk=event.pk)
    made = pack.pack_for(loaded, pack.INVITATION_FORMATS.get(invitation_format, pack.STANDARD))
    content, content_type = pack_render.render(made, "pdf")
    return made.filename("pdf"), content, content_type


# --- invitations -------------------------------------------------------------------------------


def _invitations(event: Event):
    return EventInvitation.objects.filter(event=event).select_related(
        "participant", "event", "event__venue", "event__contact", "event__organisation"
    )


def message_context(invitation: EventInvitation) -> dict:
    """What message templates may say about an invitation (see messaging/templates_default.py)."""
    from withus.pages.templatetags.withus_format import nice_date, nice_time

    event = invitation.event
    tz = event.organisation.timezone
    # Naive local times: the filters would otherwise convert them to the server's time zone.
    start = local(event.starts_at, tz).replace(tzinfo=None)
    end = local(event.ends_at, tz).replace(tzinfo=None)
    where = (
        event.venue.name if event.venue else ("Online" if event.online_link else "To be confirmed")
    )
    if event.venue and event.venue.address:
        where = f"{where}, {event.venue.address}".replace("\n", ", ")
    contact = event.contact
    return {
        "name": invitation.participant.preferred_name,
        "event": event.title,
        "when": f"{nice_date(start)}, {nice_time(start)} to {nice_time(end)}",
        "where": where,
        "contact": (contact.full_name or contact.email) if contact else event.organisation.name,
        "organisation": event.organisation.name,
        "reply_by": nice_date(event.papers_due_on),
    }


EVENT_TEMPLATES = [
    "event_invitation",
    "event_confirmation",
    "event_reminder",
    "event_papers",
    "waiting_list",
]


def _message(invitation: EventInvitation, template: str, actor, *, extra=None, attachments=()):
    """Message one invitee. The key makes a retry harmless; replies that can happen more than
    once (yes, no, yes again) add the time of the reply, so each new answer gets its message."""
    from withus.messaging.services import message_participant

    key = f"{template}:{invitation.pk}:{invitation.event.starts_at:%Y%m%d%H%M}"
    if template in ("event_confirmation", "waiting_list") and invitation.replied_at:
        key += f":{invitation.replied_at:%Y%m%d%H%M%S%f}"
    elif template == "event_invitation":
        key += f":{invitation.invited_at:%Y%m%d%H%M%S%f}"  # invited again after withdrawing
    return message_participant(
        participant=invitation.participant,
        template=template,
        context={**message_context(invitation), **(extra or {})},
        related=invitation.event,
        dedupe_key=key,
        actor=actor,
        attachments=attachments,
    )


class InviteRefused(Exception):
    """Some people could not be invited: a safeguarding check stops them."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


def invitations_create(
    *,
    event: Event,
    participants: Sequence[Participant],
    actor,
    blocked: Iterable[int] = (),
    override_reason: str = "",
    send: bool = True,
    request=None,
) -> list[EventInvitation]:
    """Invite people. Anyone in `blocked` (a blocking safeguarding finding from the event
    checks) is refused unless an `override_reason` is given — the view only lets someone who
    manages safeguarding give one. People already invited are left as they are."""
    blocked = set(blocked)
    refused = [p.preferred_name for p in participants if p.pk in blocked and not override_reason]
    if refused:
        raise InviteRefused(refused)
    existing = {
        i.participant_id: i
        for i in EventInvitation.objects.filter(event=event, participant__in=participants)
    }
    made = []
    with transaction.atomic():
        for person in participants:
            overridden = person.pk in blocked
            invitation = existing.get(person.pk)
            if invitation is not None and invitation.reply != R.WITHDRAWN:
                continue  # already invited: left as it is
            if invitation is not None:  # withdrawn before: invited again
                invitation.reply = R.INVITED
                invitation.invited_at = timezone.now()
                invitation.invited_by = actor
                invitation.replied_at = None
                invitation.override_reason = override_reason if overridden else ""
                invitation.overridden_by = actor if overridden else None
                invitation.save()
            else:
                try:
                    with transaction.atomic():  # a double click must not fail the whole list
                        invitation = EventInvitation.objects.create(
                            organisation=event.organisation,
                            event=event,
                            participant=person,
                            invited_by=actor,
                            override_reason=override_reason if overridden else "",
                            overridden_by=actor if overridden else None,
                        )
                except IntegrityError:
                    continue
            made.append(invitation)
            if overridden:
                _log(
                    event,
                    "event.safeguarding_override",
                    f"Invited {person.preferred_name} to {event.title} after a safeguarding check",
                    actor,
                    request,
                    {"reason": ["", override_reason]},
                )
        if made:
            names = ", ".join(i.participant.preferred_name for i in made)
            _log(event, "event.invite", f"Invited {names} to {event.title}"[:500], actor, request)
        if send:
            for invitation in made:
                _message(invitation, "event_invitation", actor)
    return made


def accepted_count(event: Event) -> int:
    return EventInvitation.objects.filter(event=event, reply=R.ACCEPTED).count()


def is_full(event: Event) -> bool:
    return event.capacity is not None and accepted_count(event) >= event.capacity


def invitation_reply(
    *,
    invitation: EventInvitation,
    reply: str,
    actor=None,
    override_reason: str = "",
    can_manage_safeguarding: bool = False,
    request=None,
) -> EventInvitation:
    """Record a reply (by staff, or by the person when `actor` is None). Someone who says yes to
    a full event joins the waiting list; a place given up goes to the first person waiting.

    Someone coming back after saying no (or after their invitation was withdrawn) is checked
    again: if a safeguarding check now stops them, only the safeguarding lead can let them back,
    with a reason."""
    from withus.events.checks import check_event

    if reply not in R.values:
        raise ValidationError({"reply": "Choose a reply."})
    event = invitation.event
    previous = invitation.reply
    expecting = (R.INVITED, R.ACCEPTED, R.WAITING)
    if event.is_cancelled and reply in expecting and reply != previous:
        raise ValidationError({"reply": "This event is cancelled."})
    person = invitation.participant
    with transaction.atomic():
        # Lock the event row so two people cannot both take the last place.
        Event.objects.select_for_update().filter(pk=event.pk).first()
        if previous in (R.DECLINED, R.WITHDRAWN) and reply in expecting:
            check = check_event(event, can_see_safeguarding=False, adding=[person])
            if person.pk in check.blocked:
                reason = (override_reason or "").strip()
                if not (can_manage_safeguarding and reason):
                    raise ValidationError(
                        {
                            "reply": f"{person.preferred_name} cannot come back to this event "
                            "because of a safeguarding check. Speak to the safeguarding lead."
                        }
                    )
                invitation.override_reason = reason
                invitation.overridden_by = actor
                _log(
                    event,
                    "event.safeguarding_override",
                    f"Let {person.preferred_name} back to {event.title} after a safeguarding check",
                    actor,
                    request,
                    {"reason": ["", reason]},
                )
        if reply == R.ACCEPTED and previous != R.ACCEPTED and is_full(event):
            reply = R.WAITING
        invitation.reply = reply
        invitation.replied_at = timezone.now()
        invitation.reply_recorded_by = actor
        invitation.waiting_since = (
            invitation.waiting_since or timezone.now() if reply == R.WAITING else None
        )
        invitation.save()
        who = "them" if actor is None else actor.email
        _log(
            event,
            "event.reply",
            f"{person.preferred_name}: {invitation.get_reply_display()} "
            f"({event.title}, recorded by {who})",
            actor,
            request,
        )
        if reply != previous:
            _after_reply(invitation, previous, actor)
    return invitation


def _after_reply(invitation: EventInvitation, previous: str, actor) -> None:
    if invitation.reply == R.ACCEPTED:
        _confirm(invitation, actor)
    elif invitation.reply == R.WAITING:
        _message(invitation, "waiting_list", actor)
    elif invitation.reply in (R.DECLINED, R.WITHDRAWN):
        from withus.messaging.services import withdraw_pending

        withdraw_pending(
            participant=invitation.participant,
            related=invitation.event,
            templates=EVENT_TEMPLATES,
            reason="They are no longer coming to this event.",
        )
    if previous == R.ACCEPTED and invitation.reply != R.ACCEPTED:
        # Someone moved to the waiting list does not get their own place straight back.
        promote_from_waiting_list(event=invitation.event, actor=actor, exclude=invitation)


def _confirm(invitation: EventInvitation, actor) -> None:
    from withus.events.ics import event_ics

    attachment = ("event.ics", event_ics(invitation.event), "text/calendar")
    _message(invitation, "event_confirmation", actor, attachments=[attachment])


def promote_from_waiting_list(
    *, event: Event, actor=None, exclude: EventInvitation | None = None
) -> EventInvitation | None:
    """Give a free place to whoever has waited longest, and tell them."""
    if is_full(event) or event.is_cancelled:
        return None
    waiting = EventInvitation.objects.filter(event=event, reply=R.WAITING)
    if exclude is not None:
        waiting = waiting.exclude(pk=exclude.pk)
    first = (
        waiting.select_related("participant", "event", "event__organisation")
        .order_by("waiting_since", "id")
        .first()
    )
    if first is None:
        return None
    first.reply = R.ACCEPTED
    first.waiting_since = None
    first.replied_at = timezone.now()  # a new place: a new confirmation (see _message)
    first.save(update_fields=["reply", "waiting_since", "replied_at"])
    _log(
        event,
        "event.waiting_list_place",
        f"{first.participant.preferred_name} got a place at {event.title} from the waiting list",
        actor,
    )
    _confirm(first, actor)
    return first


INVITATION_FIELDS = ["buddy", "companion_name", "requests", "pack_format"]


def invitation_update(*, invitation: EventInvitation, data: dict, actor, request=None):
    before = {f: getattr(invitation, f) for f in INVITATION_FIELDS}
    for name in INVITATION_FIELDS:
        if name in data:
            setattr(invitation, name, data[name])
    if invitation.buddy_id == invitation.participant_id:
        raise ValidationError({"buddy": "Choose someone else as their buddy."})
    invitation.save()
    changes = diff_fields(invitation, before, INVITATION_FIELDS)
    if changes:
        _log(
            invitation.event,
            "event.invitation_update",
            f"Changed {invitation.participant.preferred_name}'s arrangements for "
            f"{invitation.event.title}",
            actor,
            request,
            changes,
        )
    return invitation


def attendance_record(*, event: Event, marks: dict[int, str], actor, request=None) -> int:
    """Record who came. `marks` maps invitation id → attendance value. Returns rows changed."""
    valid = set(EventInvitation.Attendance.values)
    changed = 0
    now = timezone.now()
    for invitation in EventInvitation.objects.filter(event=event, pk__in=list(marks)):
        value = marks[invitation.pk]
        if value not in valid or value == invitation.attendance:
            continue
        invitation.attendance = value
        invitation.attendance_recorded_at = now if value else None
        invitation.save(update_fields=["attendance", "attendance_recorded_at"])
        changed += 1
    if changed:
        _log(event, "event.attendance", f"Recorded attendance at {event.title}", actor, request)
    return changed


def people_already_invited(event: Event) -> set[int]:
    return set(
        EventInvitation.objects.filter(event=event)
        .exclude(Q(reply=R.WITHDRAWN))
        .values_list("participant_id", flat=True)
    )

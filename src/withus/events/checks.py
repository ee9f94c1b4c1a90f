"""The checks on an event: facts read from the database, then the pure rules in `rules.py`.

`check_event` runs a fixed number of queries whatever the number of invitees, and must be
called inside the organisation's scope (django-scopes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from withus.checks import Finding
from withus.events import rules
from withus.events.models import AgendaItem, Event, EventInvitation
from withus.events.timing import local
from withus.people import choices as c
from withus.people.models import AccessNeed, ConsentEvent, Participant
from withus.people.selectors import active_restrictions


@dataclass(frozen=True)
class EventCheck:
    findings: list[Finding]  # most serious first
    blocked: frozenset[int]  # participant ids a blocking finding stops from being invited
    photo_register: list[str]  # preferred names of invitees without photo (or film) consent


NOT_COMING = (EventInvitation.Reply.DECLINED, EventInvitation.Reply.WITHDRAWN)


def _latest_consent(purpose: str) -> Subquery:
    return Subquery(
        ConsentEvent.objects.filter(participant=OuterRef("pk"), purpose=purpose)
        .order_by("-recorded_at", "-id")
        .values("state")[:1]
    )


def event_facts(event: Event, agenda: Sequence[AgendaItem]) -> rules.EventFacts:
    organisation = event.organisation
    venue = event.venue
    return rules.EventFacts(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        tz_name=organisation.timezone,
        cancelled=event.is_cancelled,
        venue=rules.VenueFacts(
            name=venue.name,
            address=venue.address,
            postcode=venue.postcode,
            step_free=venue.step_free,
            hearing_loop=venue.hearing_loop,
            quiet_room=venue.quiet_room,
            children_on_site=venue.children_on_site,
            last_bus_or_train=venue.last_bus_or_train,
        )
        if venue is not None
        else None,
        online=venue is None and bool(event.online_link),
        capacity=event.capacity,
        papers_due_on=event.papers_due_on,
        papers_sent_at=event.papers_sent_at,
        papers_lead_days=organisation.papers_lead_days,
        agenda=tuple(rules.AgendaSlot(a.title, a.minutes, a.is_break) for a in agenda),
        bsl=event.bsl,
        large_print=event.large_print,
        easy_read=event.easy_read,
        hearing_loop=event.hearing_loop,
        quiet_space=event.quiet_space,
        childcare=event.childcare,
        dietary_notes=event.dietary_notes,
        children_present=event.children_present,
        photos_planned=event.photos_planned,
        filming_planned=event.filming_planned,
    )


def _person(participant: Participant, invitation: EventInvitation | None) -> rules.Person:
    return rules.Person(
        id=participant.pk,
        name=participant.preferred_name,
        pronouns=participant.pronouns,
        status=participant.status,
        check_back_on=participant.check_back_on,
        curfew=participant.curfew_time,
        travel_minutes=participant.travel_home_minutes,
        travels_by=participant.travels_by,
        access_needs=frozenset(n.need for n in participant.access_needs.all()),
        photo_consent=participant.photo_state or "",
        film_consent=participant.film_state or "",
        reply=invitation.reply if invitation else "",
        adding=invitation is None,
        override_reason=invitation.override_reason if invitation else "",
        has_companion=bool(
            invitation and (invitation.buddy_id or invitation.companion_name.strip())
        ),
    )


def check_event(
    event: Event,
    *,
    can_see_safeguarding: bool,
    adding: Sequence[Participant] = (),
    today: dt.date | None = None,
) -> EventCheck:
    """Findings for the event's current invitees plus the people in `adding` (about to be
    invited). Pass `today` to check as of another day (the papers check uses it)."""
    if event.is_cancelled:
        return EventCheck([], frozenset(), [])
    organisation = event.organisation
    now = None
    if today is None:
        now = timezone.now()
        today = local(now, organisation.timezone).date()

    agenda = list(
        AgendaItem.objects.filter(organisation=organisation, event=event).order_by("position", "id")
    )
    invitations = {
        i.participant_id: i
        for i in EventInvitation.objects.filter(organisation=organisation, event=event)
        .exclude(reply__in=NOT_COMING)
        .order_by("invited_at", "id")
    }
    ids = list(invitations)
    ids += [p.pk for p in adding if p.pk is not None and p.pk not in invitations]
    ids = list(dict.fromkeys(ids))

    people: list[rules.Person] = []
    restrictions: list[rules.RestrictionFacts] = []
    if ids:
        participants = {
            p.pk: p
            for p in Participant.objects.filter(organisation=organisation, pk__in=ids)
            .annotate(
                photo_state=_latest_consent(c.ConsentPurpose.PHOTOS),
                film_state=_latest_consent(c.ConsentPurpose.FILM),
            )
            .prefetch_related(
                Prefetch(
                    "access_needs",
                    queryset=AccessNeed.objects.filter(organisation=organisation),
                )
            )
        }
        people = [
            _person(participants[pk], invitations.get(pk)) for pk in ids if pk in participants
        ]
        restrictions = [
            rules.RestrictionFacts(
                participant_id=r.participant_id,
                kind=r.kind,
                meaning=r.meaning,
                other_participant_id=r.other_participant_id,
                place=r.place,
            )
            for r in active_restrictions().filter(
                organisation=organisation, participant_id__in=list(participants)
            )
        ]

    outcome = rules.run_checks(
        event_facts(event, agenda),
        people,
        restrictions,
        can_see_safeguarding=can_see_safeguarding,
        today=today,
        now=now,
    )
    return EventCheck(outcome.findings, outcome.blocked, outcome.photo_register)

"""Quick ways to make venues, events and invitations in tests (org-owned rows, unscoped create)."""

from __future__ import annotations

import datetime as dt

from withus.events.models import AgendaItem, Event, EventInvitation, Venue
from withus.events.timing import aware, default_papers_due


def make_venue(org, **fields) -> Venue:
    fields.setdefault("name", "Community Hall")
    fields.setdefault("address", "1 High Street, Hackney")
    return Venue.unscoped.create(organisation=org, **fields)


def make_event(
    org,
    *,
    day: dt.date | None = None,
    start: dt.time = dt.time(10, 0),
    end: dt.time = dt.time(12, 0),
    **fields,
) -> Event:
    """An event on `day` (default: 30 days from today) between local `start` and `end`."""
    day = day or (dt.date.today() + dt.timedelta(days=30))
    starts_at = aware(day, start, org.timezone)
    ends_at = aware(day, end, org.timezone)
    fields.setdefault("title", "Women's forum")
    fields.setdefault(
        "papers_due_on",
        default_papers_due(starts_at, lead_days=org.papers_lead_days, tz_name=org.timezone),
    )
    return Event.unscoped.create(organisation=org, starts_at=starts_at, ends_at=ends_at, **fields)


def add_agenda(event, *items: tuple[str, int] | tuple[str, int, bool]) -> list[AgendaItem]:
    """add_agenda(event, ("Welcome", 15), ("Break", 15, True), …)"""
    made = []
    for position, item in enumerate(items):
        title, minutes, *rest = item
        made.append(
            AgendaItem.unscoped.create(
                organisation=event.organisation,
                event=event,
                position=position,
                title=title,
                minutes=minutes,
                is_break=bool(rest and rest[0]),
            )
        )
    return made


def invite(event, participant, **fields) -> EventInvitation:
    return EventInvitation.unscoped.create(
        organisation=event.organisation, event=event, participant=participant, **fields
    )

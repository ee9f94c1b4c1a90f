"""Calendar files (iCalendar, RFC 5545) for events, made with the `icalendar` package.

Times are written in the organisation's own time zone (DTSTART;TZID=Europe/London:…) with a
VTIMEZONE that describes its clock changes, so a 6pm meeting after the clocks go forward is
still 6pm in every calendar app. Nothing here names a participant: an event's file carries its
title, times, place, the briefing and the named contact (a member of staff).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import icalendar
from django.utils import timezone

from withus.events.models import Event
from withus.events.timing import local

PRODID = "-//withus//Service user involvement//EN"
# iCalendar INTEGER is a signed 32-bit number.
_MAX_SEQUENCE = 2**31 - 1
# The VTIMEZONE only needs to describe the clock changes around the events it is used for.
_ZONE_MARGIN = dt.timedelta(days=366)


def event_uid(event: Event) -> str:
    """The same UID every time, so calendar apps update the event rather than add a copy."""
    return f"event-{event.pk}@withus"


def _sequence(event: Event) -> int:
    """A number that grows each time the event is saved (seconds from creation to last change).

    Calendar apps replace their copy only when SEQUENCE goes up, so it must never go down.
    """
    if not event.updated_at or not event.created_at:
        return 0
    seconds = int((event.updated_at - event.created_at).total_seconds())
    return max(0, min(seconds, _MAX_SEQUENCE))


def _one_line(text: str) -> str:
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())


def location_text(event: Event) -> str:
    """The venue's name, address and postcode, or the online meeting link."""
    venue = event.venue
    if venue is not None:
        parts = [venue.name, _one_line(venue.address), venue.postcode.strip()]
        return ", ".join(part for part in parts if part)
    return event.online_link


def description_text(event: Event, *, include_briefing: bool = True, link: str = "") -> str:
    paragraphs = []
    if event.is_cancelled:
        paragraphs.append("This event has been cancelled.")
    if include_briefing and event.briefing.strip():
        paragraphs.append(event.briefing.strip())
    if event.venue is not None and event.online_link:
        paragraphs.append(f"You can also join online: {event.online_link}")
    if event.contact is not None:
        contact = event.contact
        name = contact.full_name or contact.email
        paragraphs.append(f"Named contact for special requests: {name} ({contact.email})")
    if link:
        paragraphs.append(f"In withus: {link}")
    return "\n\n".join(paragraphs)


def _vevent(
    event: Event, *, include_briefing: bool, url_for: Callable[[Event], str] | None
) -> icalendar.Event:
    tz_name = event.organisation.timezone
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", timezone.now().astimezone(dt.UTC))
    vevent.add("dtstart", local(event.starts_at, tz_name))
    vevent.add("dtend", local(event.ends_at, tz_name))
    vevent.add("summary", f"Cancelled: {event.title}" if event.is_cancelled else event.title)
    vevent.add("sequence", _sequence(event))
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.created_at:
        vevent.add("created", event.created_at.astimezone(dt.UTC))
    if event.updated_at:
        vevent.add("last-modified", event.updated_at.astimezone(dt.UTC))
    location = location_text(event)
    if location:
        vevent.add("location", location)
    link = url_for(event) if url_for else ""
    description = description_text(event, include_briefing=include_briefing, link=link)
    if description:
        vevent.add("description", description)
    if link:
        vevent.add("url", link)
    return vevent


def _calendar(events: list[Event], *, name: str = "", method: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    return calendar


def _finish(calendar: icalendar.Calendar, events: list[Event]) -> bytes:
    if events:
        # Clamped so one event with a mistyped year cannot break everyone's feed (the time zone
        # rules are only written out for 1970 to 2200; events outside still appear).
        low, high = dt.date(1971, 1, 1), dt.date(2199, 1, 1)
        first = min(max(min(e.starts_at for e in events).date(), low), high) - _ZONE_MARGIN
        last = min(max(max(e.ends_at for e in events).date(), low), high) + _ZONE_MARGIN
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def event_ics(event: Event) -> bytes:
    """A calendar file with one event, to download or attach to a confirmation message."""
    calendar = _calendar([event], method="PUBLISH")
    calendar.add_component(_vevent(event, include_briefing=True, url_for=None))
    return _finish(calendar, [event])


def calendar_ics(
    events: Iterable[Event],
    *,
    name: str,
    include_briefing: bool = True,
    url_for: Callable[[Event], str] | None = None,
) -> bytes:
    """A calendar of many events (a feed). Select the events with their `organisation`, `venue`
    and `contact`. `include_briefing=False` leaves out the free-text briefing; `url_for` adds a
    link back to each event's page."""
    events = list(events)
    calendar = _calendar(events, name=name)
    for event in events:
        calendar.add_component(_vevent(event, include_briefing=include_briefing, url_for=url_for))
    return _finish(calendar, events)

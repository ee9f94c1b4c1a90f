"""Calendar files: one event to download or attach, many for a feed."""

import datetime as dt

import icalendar
import pytest
from django_scopes import scopes_disabled

from tests.events.builders import make_event, make_venue
from withus.events.ics import calendar_ics, event_ics
from withus.events.models import Event

LONDON = "Europe/London"


def _events(content: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def venue_event(world):
    venue = make_venue(world.org_a, name="Community Hall", address="1 High Street\nHackney")
    venue.postcode = "E8 1AA"
    venue.save()
    return make_event(
        world.org_a,
        day=dt.date(2026, 3, 31),  # the Tuesday after the clocks go forward (29 March 2026)
        start=dt.time(18, 0),
        end=dt.time(20, 0),
        title="Women's forum",
        venue=venue,
        briefing="We will talk about the drop-in times.",
        contact=world.alice,
    )


def test_one_event_has_a_stable_uid_local_times_and_a_time_zone(venue_event):
    content = event_ics(venue_event)
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = _events(content)
    assert str(vevent["UID"]) == f"event-{venue_event.pk}@withus"
    assert event_ics(venue_event).count(b"UID:") == 1
    assert b"DTSTART;TZID=Europe/London:20260331T180000" in content
    assert b"DTEND;TZID=Europe/London:20260331T200000" in content
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == LONDON
    # 6pm British Summer Time is 5pm UTC: the clock change is right.
    assert vevent.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(
        2026, 3, 31, 17, 0, tzinfo=dt.UTC
    )
    assert str(vevent["SUMMARY"]) == "Women's forum"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_winter_evening_stays_at_six_oclock(world):
    event = make_event(
        world.org_a, day=dt.date(2026, 11, 3), start=dt.time(18, 0), end=dt.time(20, 0)
    )
    (vevent,) = _events(event_ics(event))
    assert vevent.decoded("DTSTART").astimezone(dt.UTC).hour == 18


def test_location_is_the_venue_and_description_has_briefing_and_contact(venue_event):
    (vevent,) = _events(event_ics(venue_event))
    assert str(vevent["LOCATION"]) == "Community Hall, 1 High Street, Hackney, E8 1AA"
    description = str(vevent["DESCRIPTION"])
    assert "We will talk about the drop-in times." in description
    assert "alice@a.example" in description


def test_online_event_location_is_the_link(world):
    event = make_event(world.org_a, online_link="https://meet.example/forum")
    (vevent,) = _events(event_ics(event))
    assert str(vevent["LOCATION"]) == "https://meet.example/forum"


def test_cancelled_event_is_cancelled_and_sequence_goes_up(venue_event):
    (before,) = _events(event_ics(venue_event))
    with scopes_disabled():
        event = Event.unscoped.get(pk=venue_event.pk)
    event.status = Event.Status.CANCELLED
    event.updated_at = event.created_at + dt.timedelta(hours=2)
    Event.unscoped.filter(pk=event.pk).update(status=event.status, updated_at=event.updated_at)
    (after,) = _events(event_ics(event))
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["SUMMARY"]).startswith("Cancelled")
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["UID"]) == str(before["UID"])


def test_many_events_in_one_calendar_with_a_name(world, venue_event):
    other = make_event(world.org_a, day=dt.date(2026, 12, 1), title="Training")
    content = calendar_ics([venue_event, other], name="Org A events")
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["X-WR-CALNAME"]) == "Org A events"
    assert {str(e["SUMMARY"]) for e in _events(content)} == {"Women's forum", "Training"}
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_calendar_can_leave_out_the_briefing_and_add_links(venue_event):
    content = calendar_ics(
        [venue_event],
        name="Feed",
        include_briefing=False,
        url_for=lambda e: f"https://withus.example/e/{e.pk}",
    )
    (vevent,) = _events(content)
    assert "drop-in" not in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]) == f"https://withus.example/e/{venue_event.pk}"


def test_empty_calendar_is_valid(world):
    calendar = icalendar.Calendar.from_ical(calendar_ics([], name="Nothing"))
    assert calendar.walk("VEVENT") == []

"""The events calendar: a month as a table of weeks, or a list by day, and calendar files."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.events.builders import make_event, make_venue
from withus.events.models import Event
from withus.events.timing import local


def _url(world, name="events:calendar", **kwargs):
    return reverse(name, kwargs={"org_slug": world.org_a.slug, **kwargs})


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def test_month_shows_its_events_linked_to_their_pages(alice, world):
    venue = make_venue(world.org_a, name="Library room 2")
    event = make_event(world.org_a, day=dt.date(2026, 11, 3), title="Women's forum", venue=venue)
    make_event(world.org_a, day=dt.date(2026, 12, 10), title="December forum")
    response = alice.get(_url(world), {"month": "2026-11"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Events calendar: November 2026" in page
    assert _url(world, "events:detail", pk=event.pk) in page
    assert "Women&#x27;s forum" in page
    assert "December forum" not in page
    assert "?month=2026-10" in page and "?month=2026-12" in page
    assert 'scope="col"' in page and "Monday" in page


def test_another_organisations_events_are_not_shown(alice, world):
    make_event(world.org_b, day=dt.date(2026, 11, 3), title="Org B secret meeting")
    assert (
        "Org B secret meeting" not in alice.get(_url(world), {"month": "2026-11"}).content.decode()
    )


def test_cancelled_events_are_struck_through_and_say_cancelled(alice, world):
    make_event(
        world.org_a, day=dt.date(2026, 11, 5), title="Focus group", status=Event.Status.CANCELLED
    )
    for view in ("", "list"):
        page = alice.get(_url(world), {"month": "2026-11", "view": view}).content.decode()
        assert "<s><a" in page and "Cancelled" in page


def test_default_is_this_month_in_the_organisations_time_zone(alice, world):
    today = local(timezone.now(), world.org_a.timezone).date()
    make_event(world.org_a, day=today, title="Today's meeting")
    page = alice.get(_url(world)).content.decode()
    assert f"Events calendar: {today:%B %Y}" in page
    assert "Today&#x27;s meeting" in page
    assert "Go to this month" not in page


def test_unreadable_month_shows_this_month_and_never_fails(alice, world):
    today = local(timezone.now(), world.org_a.timezone).date()
    for bad in ("2026-13", "nonsense", "0000-01", "9999-12", "2026-11-01"):
        response = alice.get(_url(world), {"month": bad})
        assert response.status_code == 200
        assert f"Events calendar: {today:%B %Y}" in response.content.decode()


def test_events_just_after_midnight_local_belong_to_the_local_day(alice, world):
    # 00:30 on 1 June in London is 23:30 UTC on 31 May.
    make_event(
        world.org_a,
        day=dt.date(2027, 6, 1),
        start=dt.time(0, 30),
        end=dt.time(1, 30),
        title="Night shift catch-up",
    )
    june = alice.get(_url(world), {"month": "2027-06", "view": "list"}).content.decode()
    may = alice.get(_url(world), {"month": "2027-05", "view": "list"}).content.decode()
    assert "Tuesday 1 June 2027" in june and "Night shift catch-up" in june
    assert "12:30am" in june
    assert "Night shift catch-up" not in may


def test_list_view_groups_events_by_day(alice, world):
    make_event(world.org_a, day=dt.date(2026, 11, 3), title="Morning forum")
    make_event(
        world.org_a,
        day=dt.date(2026, 11, 3),
        start=dt.time(14, 0),
        end=dt.time(15, 30),
        title="Afternoon training",
        kind=Event.Kind.TRAINING,
        online_link="https://meet.example/t",
    )
    make_event(world.org_a, day=dt.date(2026, 11, 20), title="Interview panel")
    page = alice.get(_url(world), {"month": "2026-11", "view": "list"}).content.decode()
    assert page.count('<h2 class="govuk-heading-m') == 2
    assert page.index("Tuesday 3 November 2026") < page.index("Morning forum")
    assert page.index("Morning forum") < page.index("Afternoon training")
    assert page.index("Afternoon training") < page.index("Friday 20 November 2026")
    assert "2pm to 3:30pm" in page and "Online" in page
    # Paging keeps the list view.
    assert "?month=2026-12&amp;view=list" in page


def test_empty_month_says_so(alice, world):
    page = alice.get(_url(world), {"month": "2030-01", "view": "list"}).content.decode()
    assert "No events in January 2030." in page


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["", "list"])
def test_queries_do_not_grow_with_events(alice, world, view):
    venue = make_venue(world.org_a)
    make_event(world.org_a, day=dt.date(2026, 11, 2), venue=venue)
    params = {"month": "2026-11", "view": view}
    one = _queries(alice, _url(world), params)
    for n in range(29):
        make_event(
            world.org_a,
            day=dt.date(2026, 11, 1 + n % 28),
            title=f"Event {n}",
            venue=make_venue(world.org_a, name=f"Venue {n}"),
        )
    assert _queries(alice, _url(world), params) == one


def test_download_event_file(alice, world):
    event = make_event(world.org_a, title="Women's forum")
    response = alice.get(_url(world, "events:ics", pk=event.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="womens-forum.ics"' in response["Content-Disposition"]
    assert f"UID:event-{event.pk}@withus".encode() in response.content


def test_viewer_cannot_see_the_calendar(client, world):
    client.force_login(world.bob)
    assert client.get(_url(world)).status_code == 403


def test_grid_shows_neighbouring_days_of_the_first_and_last_weeks(alice, world):
    # November 2026 ends on a Monday; the grid runs to Sunday 6 December.
    make_event(world.org_a, day=dt.date(2026, 12, 3), title="Early December forum")
    grid = alice.get(_url(world), {"month": "2026-11"}).content.decode()
    listing = alice.get(_url(world), {"month": "2026-11", "view": "list"}).content.decode()
    assert "Early December forum" in grid
    assert "Early December forum" not in listing

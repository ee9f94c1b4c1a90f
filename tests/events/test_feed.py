"""Private calendar feeds: made and stopped by the member, served by a secret address."""

import datetime as dt
import hashlib
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.events.builders import invite, make_event, make_venue
from withus.audit.models import AuditEvent
from withus.events.models import CalendarFeed
from withus.orgs.models import Membership


def _settings_url(world):
    return reverse("events:calendar_feed_settings", kwargs={"org_slug": world.org_a.slug})


def _make_feed(client, world, user=None) -> str:
    """Make a feed through the page, as the member would, and return its secret token."""
    client.force_login(user or world.alice)
    response = client.post(_settings_url(world), {"action": "create"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    match = re.search(
        r'value="(http://testserver/calendar/([A-Za-z0-9_-]+)\.ics)"', response.content.decode()
    )
    assert match, "the page shows the new address"
    client.logout()
    return match[2]


def _feed_url(token: str) -> str:
    return reverse("calendar_feed", kwargs={"token": token})


def _summaries(response) -> set[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def test_settings_page_explains_the_feed(client, world):
    client.force_login(world.alice)
    page = client.get(_settings_url(world)).content.decode()
    assert "You do not have a calendar feed." in page
    assert "never shows who is invited" in page
    assert "Make my feed address" in page


def test_feed_serves_the_organisations_events_without_signing_in(client, world, people):
    venue = make_venue(world.org_a, name="Community Hall")
    today = timezone.localdate()
    soon = make_event(
        world.org_a,
        day=today + dt.timedelta(days=7),
        title="Women's forum",
        venue=venue,
        briefing="Jo Bloggs will share her story.",
    )
    invite(soon, people["jo"], reply="accepted")
    make_event(world.org_a, day=today - dt.timedelta(days=10), title="Recent training")
    make_event(world.org_a, day=today - dt.timedelta(days=45), title="Old meeting")
    make_event(world.org_b, day=today + dt.timedelta(days=7), title="Org B meeting")
    token = _make_feed(client, world)
    response = client.get(_feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    assert _summaries(response) == {"Women's forum", "Recent training"}
    body = response.content.decode()
    assert "Community Hall" in body
    # Titles, times and places only: no participant names, not even in the briefing.
    assert "Jo Bloggs" not in body and "Joanna Bloggs" not in body
    assert f"/o/org-a/events/{soon.pk}/" in body


def test_token_is_not_stored_in_clear_and_is_shown_only_once(client, world):
    token = _make_feed(client, world)
    with scopes_disabled():
        feed = CalendarFeed.unscoped.get(user=world.alice, organisation=world.org_a)
        audit = list(AuditEvent.unscoped.filter(action="calendar_feed.create").values())
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in feed.token_hash
    assert audit and token not in str(audit)
    client.force_login(world.alice)
    page = client.get(_settings_url(world)).content.decode()
    assert token not in page
    assert "You have a calendar feed." in page


def test_unknown_token_is_404(client, world):
    _make_feed(client, world)
    assert client.get(_feed_url("not-a-real-token")).status_code == 404
    assert client.get(_feed_url("x" * 500)).status_code == 404


def test_removed_member_feed_is_404(client, world):
    token = _make_feed(client, world)
    assert client.get(_feed_url(token)).status_code == 200
    Membership.of_user.filter(user=world.alice, organisation=world.org_a).delete()
    assert client.get(_feed_url(token)).status_code == 404


def test_feed_from_before_a_member_left_and_rejoined_stays_dead(client, world):
    token = _make_feed(client, world)
    membership = Membership.of_user.get(user=world.alice, organisation=world.org_a)
    membership.delete()
    Membership.of_user.create(user=world.alice, organisation=world.org_a, role="coordinator")
    assert client.get(_feed_url(token)).status_code == 404


def test_member_whose_role_no_longer_sees_events_gets_404(client, world):
    token = _make_feed(client, world)
    Membership.of_user.filter(user=world.alice, organisation=world.org_a).update(role="viewer")
    assert client.get(_feed_url(token)).status_code == 404


def test_switched_off_account_gets_404(client, world):
    token = _make_feed(client, world)
    world.alice.is_active = False
    world.alice.save()
    assert client.get(_feed_url(token)).status_code == 404


def test_other_organisations_events_are_never_included(client, world):
    make_event(world.org_a, title="Org A forum")
    make_event(world.org_b, title="Org B forum")
    token_a = _make_feed(client, world)
    client.force_login(world.charlie)
    response = client.post(
        reverse("events:calendar_feed_settings", kwargs={"org_slug": world.org_b.slug}),
        {"action": "create"},
    )
    token_b = re.search(r"/calendar/([A-Za-z0-9_-]+)\.ics", response.content.decode())[1]
    client.logout()
    assert _summaries(client.get(_feed_url(token_a))) == {"Org A forum"}
    assert _summaries(client.get(_feed_url(token_b))) == {"Org B forum"}


def test_new_address_replaces_the_old_one(client, world):
    first = _make_feed(client, world)
    second = _make_feed(client, world)
    assert first != second
    assert client.get(_feed_url(first)).status_code == 404
    assert client.get(_feed_url(second)).status_code == 200
    with scopes_disabled():
        assert CalendarFeed.unscoped.filter(user=world.alice).count() == 1
        assert AuditEvent.unscoped.filter(action="calendar_feed.replace").count() == 1


def test_stopping_the_feed_deletes_it_and_is_audited(client, world):
    token = _make_feed(client, world)
    client.force_login(world.alice)
    response = client.post(_settings_url(world), {"action": "stop"})
    assert response.status_code == 302
    assert client.get(_feed_url(token)).status_code == 404
    with scopes_disabled():
        assert not CalendarFeed.unscoped.exists()
        assert AuditEvent.unscoped.filter(action="calendar_feed.stop", actor=world.alice).exists()
    assert "You do not have a calendar feed." in client.get(_settings_url(world)).content.decode()


def test_member_without_events_can_read_the_page_but_not_make_a_feed(client, world):
    client.force_login(world.bob)
    page = client.get(_settings_url(world)).content.decode()
    assert "cannot have a calendar feed" in page
    assert "Make my feed address" not in page
    assert client.post(_settings_url(world), {"action": "create"}).status_code == 403
    with scopes_disabled():
        assert not CalendarFeed.unscoped.exists()


def test_feed_of_one_member_is_not_another_members(client, world):
    token = _make_feed(client, world)
    client.force_login(world.safeguarding_a)
    page = client.get(_settings_url(world)).content.decode()
    assert "You do not have a calendar feed." in page
    client.post(_settings_url(world), {"action": "stop"})
    client.logout()
    assert client.get(_feed_url(token)).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_feed_is_read_only(client, world, method):
    token = _make_feed(client, world)
    assert getattr(client, method)(_feed_url(token)).status_code == 405

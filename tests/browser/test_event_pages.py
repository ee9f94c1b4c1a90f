"""Every events, calendar and messages page passes axe-core with the demo data, and the pages
people use on the move fit a 360px phone without sideways scrolling."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.browser.conftest import assert_accessible
from tests.browser.test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)
    from withus.events.models import Event, GlossaryTerm
    from withus.messaging.models import Message
    from withus.people.models import Participant

    with scopes_disabled():
        now = timezone.now()
        past = Event.unscoped.filter(organisation__slug="eastfield", ends_at__lt=now).last()
        upcoming = Event.unscoped.filter(organisation__slug="eastfield", starts_at__gt=now).first()
        person = Participant.unscoped.filter(
            organisation__slug="eastfield", status="active"
        ).first()
        term = GlossaryTerm.unscoped.filter(organisation__slug="eastfield").first()
        message = Message.unscoped.filter(organisation__slug="eastfield").first()
    return {
        "past": past,
        "upcoming": upcoming,
        "person": person,
        "term": term,
        "message": message,
    }


def test_event_and_message_pages_are_accessible(page, live_server, demo):
    sign_in(page, live_server.url, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")
    base = live_server.url + "/o/eastfield"
    past, upcoming, person = demo["past"], demo["upcoming"], demo["person"]
    pages = {
        "calendar-month": "/events/calendar/",
        "calendar-list": "/events/calendar/?view=list",
        "calendar-feed": "/events/calendar/feed/",
        "venues": "/events/venues/",
        "glossary": "/events/glossary/",
        "glossary-add": "/events/glossary/add/",
        "glossary-edit": f"/events/glossary/{demo['term'].pk}/edit/",
        "event-upcoming": f"/events/{upcoming.pk}/",
        "event-edit": f"/events/{upcoming.pk}/edit/",
        "event-papers": f"/events/{upcoming.pk}/papers/",
        "event-pack": f"/events/{upcoming.pk}/pack/",
        "event-matches": f"/events/{upcoming.pk}/invite/matches/",
        "event-cancel": f"/events/{upcoming.pk}/cancel/",
        "event-past": f"/events/{past.pk}/",
        "event-attendance": f"/events/{past.pk}/attendance/",
        "event-debrief": f"/events/{past.pk}/debrief/",
        "events-past": "/events/?when=past",
        "messages-letters": "/messages/letters/",
        "messages-calls": "/messages/calls/",
        "messages-templates": "/messages/templates/",
        "messages-template-edit": "/messages/templates/event_invitation/",
        "messages-person": f"/messages/people/{person.pk}/",
        "messages-compose": f"/messages/people/{person.pk}/new/",
        "person-record": f"/people/{person.pk}/",
    }
    if demo["message"] is not None:
        pages["message-detail"] = f"/messages/{demo['message'].pk}/"
    for name, path in pages.items():
        response = page.goto(base + path)
        assert response.status == 200, (name, response.status)
        assert_accessible(page, name)


def test_event_pages_fit_a_phone(phone_page, live_server, demo):
    page = phone_page
    sign_in(page, live_server.url, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")
    base = live_server.url + "/o/eastfield"
    for name, path in {
        "phone-events": "/events/",
        "phone-event": f"/events/{demo['upcoming'].pk}/",
        "phone-calendar-list": "/events/calendar/?view=list",
        "phone-calendar-month": "/events/calendar/",
        "phone-attendance": f"/events/{demo['past'].pk}/attendance/",
    }.items():
        page.goto(base + path)
        # The page itself never scrolls sideways; wide tables scroll inside their own region.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px wider than the phone"
        assert_accessible(page, name)

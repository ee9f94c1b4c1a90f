"""Issue 7's journey in a real browser: an event with attendees → record what was said in one go →
the closure rate on voice home → respond with a decision → tell people (the outbox) → the closure
rate changes → the "You said, we did" board. Every page passes axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django_scopes import scope

from tests.browser.conftest import assert_accessible
from tests.browser.test_staff_journeys import sign_in
from tests.events.builders import invite, make_event
from withus.accounts.models import User
from withus.orgs.models import Organisation
from withus.people import choices as c
from withus.people import services as people_services
from withus.voice.models import Contribution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(transactional_db):
    call_command("seed_demo", verbosity=0)
    org = Organisation.objects.get(slug="eastfield")
    alice = User.objects.get(email="alice@eastfield.example")
    with scope(organisation=org):
        people = []
        for name, phone in (("Ida Voicetest", "07700 900111"), ("Jay Voicetest", "07700 900222")):
            person = people_services.participant_create(
                organisation=org,
                data={
                    "preferred_name": name,
                    "status": "active",
                    "phone": phone,
                    "channel_order": ["sms"],
                },
                actor=alice,
            )
            people_services.consent_record(
                participant=person,
                purpose=c.ConsentPurpose.CONTACT_SMS,
                state="given",
                method="verbal",
                actor=alice,
            )
            people.append(person)
        event = make_event(
            org,
            title="Voice forum",
            day=dt.date.today() - dt.timedelta(days=2),
            start=dt.time(10, 0),
            end=dt.time(12, 0),
        )
        for person in people:
            invite(event, person, reply="accepted", attendance="attended")
    return {"org": org, "event": event, "people": people}


def _rate(page) -> str:
    return page.locator("#closure-rate").inner_text()


def test_event_to_board(page, live_server, setup):
    base = live_server.url
    event = setup["event"]
    ida, jay = setup["people"]
    voice = f"{base}/o/eastfield/voice"

    sign_in(page, base, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")

    # Record what was said at the event.
    page.goto(f"{voice}/events/{event.pk}/contributions/")
    assert_accessible(page, "voice-event-contributions")
    point = page.get_by_role("group", name="Point 1")
    point.get_by_label("What was said").fill("The room is too cold in the morning")
    point.get_by_label("Who said it").select_option(label="Ida Voicetest")
    point.get_by_label("Themes (comma separated)").fill("Building")
    point = page.get_by_role("group", name="Point 2")
    point.get_by_label("What was said").fill("Could we have a warmer room")
    point.get_by_label("Who said it").select_option(label="Jay Voicetest")
    page.get_by_role("button", name="Save what was said").click()
    assert page.get_by_text("2 things recorded from Voice forum.").is_visible()
    assert_accessible(page, "voice-contributions-list")

    # Voice home shows the closure rate.
    page.goto(f"{voice}/")
    before = _rate(page)
    assert_accessible(page, "voice-home-before")

    # Respond to both with one decision.
    with scope(organisation=setup["org"]):
        ids = list(Contribution.objects.filter(event=event).values_list("pk", flat=True))
    page.goto(f"{voice}/actions/add/?" + "&".join(f"contribution={i}" for i in ids))
    page.get_by_label("Yes, we will do this").check()
    page.get_by_label('"We did": what happened, in plain words').fill(
        "We moved the morning forum to the warmer room upstairs."
    )
    assert_accessible(page, "voice-action-form")
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_url("**/tell/")
    assert page.get_by_text("We moved the morning forum").first.is_visible()
    assert_accessible(page, "voice-tell")
    page.get_by_role("button", name="Send to everyone not told yet").click()
    assert page.get_by_text("2 messages sent or queued.").is_visible()
    assert_accessible(page, "voice-told")

    # The messages are in the outbox.
    page.goto(f"{base}/o/eastfield/messages/")
    assert page.get_by_text("Ida Voicetest").first.is_visible()
    assert_accessible(page, "voice-outbox")

    # The closure rate changes.
    page.goto(f"{voice}/")
    after = _rate(page)
    assert after != before, (before, after)
    assert_accessible(page, "voice-home-after")

    # The board.
    page.goto(f"{voice}/board/")
    assert page.get_by_text("We moved the morning forum").first.is_visible()
    assert_accessible(page, "voice-board")

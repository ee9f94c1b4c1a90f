from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.events.builders import invite, make_event, make_venue
from tests.portal.helpers import person, portal_login, sign_in

pytestmark = pytest.mark.django_db


def test_home_shows_next_event_and_invitations(client, world):
    pat = person(world.org_a, phone="07700900123", named_contact=world.alice)
    venue = make_venue(world.org_a, name="Town Hall", postcode="E8 1AA")
    soon = make_event(
        world.org_a,
        title="Forum soon",
        venue=venue,
        day=dt.date.today() + dt.timedelta(days=3),
        start=dt.time(14, 0),
        end=dt.time(16, 0),
    )
    make_event(world.org_a, title="Forum later")
    invite(soon, pat, reply="accepted")
    waiting = make_event(world.org_a, title="Workshop to reply")
    invite(waiting, pat)
    sign_in(client, "07700900123")
    page = client.get("/p/").content.decode()
    assert "Forum soon" in page and "2pm to 4pm" in page and "Town Hall, E8 1AA" in page
    assert "Workshop to reply" in page
    assert "Forum later" not in page
    assert world.alice.email in page


def test_home_shows_only_own_records(client, world):
    pat = person(world.org_a, phone="07700900123")
    sam = person(world.org_a, "Sam", phone="07700900456")
    secret = make_event(world.org_a, title="Sam only event")
    invite(secret, sam, reply="accepted")
    invite(make_event(world.org_a, title="Sam reply event"), sam)
    other = person(world.org_b, "Pat elsewhere", phone="07700900999")
    invite(make_event(world.org_b, title="Org B event"), other, reply="accepted")
    sign_in(client, "07700900123")
    page = client.get("/p/").content.decode()
    assert "Sam only event" not in page and "Sam reply event" not in page
    assert "Org B event" not in page
    assert pat.preferred_name in page


def test_no_named_contact_shows_organisation(client, world):
    person(world.org_a, phone="07700900123")
    sign_in(client, "07700900123")
    page = client.get("/p/").content.decode()
    assert "Talk to someone at Org A Women" in page


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/p/").status_code == 200
    return len(queries)


def test_home_query_count_is_bounded(client, world):
    pat = person(world.org_a, phone="07700900123")
    invite(make_event(world.org_a, title="One"), pat)
    invite(make_event(world.org_a, title="Coming"), pat, reply="accepted")
    sign_in(client, "07700900123")
    few = _count(client)
    for n in range(25):
        invite(make_event(world.org_a, title=f"Event {n}", venue=make_venue(world.org_a)), pat)
    assert _count(client) == few


def test_home_is_light(client, world):
    person(world.org_a, phone="07700900123")
    sign_in(client, "07700900123")
    assert len(client.get("/p/").content) < 200_000


def test_things_to_do_link_to_replying_papers_claims_and_surveys(client, world):
    from django.utils import timezone

    from tests.surveys.builders import make_survey

    pat = person(world.org_a, phone="07700900123")
    waiting = invite(make_event(world.org_a, title="Workshop to reply"), pat)
    soon = make_event(
        world.org_a, title="Forum with papers", day=dt.date.today() + dt.timedelta(days=7)
    )
    soon.papers_sent_at = timezone.now()
    soon.save()
    going = invite(soon, pat, reply="accepted")
    past = make_event(world.org_a, title="Last week", day=dt.date.today() - dt.timedelta(days=7))
    invite(past, pat, reply="accepted", attendance="attended")
    claimed = make_event(world.org_a, title="Claimed", day=dt.date.today() - dt.timedelta(days=8))
    invite(claimed, pat, reply="accepted", attendance="attended")
    from withus.money.models import ExpenseClaim

    ExpenseClaim.unscoped.create(organisation=world.org_a, participant=pat, event=claimed)
    survey = make_survey(world.org_a, title="How are we doing", status="open")
    portal_login(client, pat)
    page = client.get("/p/").content.decode()
    assert f'href="/p/meetings/{waiting.pk}/">Tell us if you can come to Workshop to reply' in page
    assert f'href="/p/meetings/{going.pk}/">Read the papers for Forum with papers' in page
    assert f'href="/p/money/claim/?event={past.pk}">Claim back what you spent' in page
    assert "getting to Claimed" not in page
    assert f'href="/p/your-say/surveys/{survey.pk}/">Answer the survey: How are we doing' in page

"""Portal help: tap-to-call contact, complaints, concerns and "worried about something?"."""

from __future__ import annotations

import pytest

from tests.concerns.builders import make_concern
from tests.portal.helpers import person, portal_login
from withus.audit.models import AuditEvent
from withus.concerns.models import Concern

pytestmark = pytest.mark.django_db


def test_help_page_has_a_tap_to_call_contact_and_emergency_numbers(client, world):
    world.alice.full_name = "Sam Smith"
    world.alice.phone = "020 7946 0000"
    world.alice.save()
    portal_login(client, person(world.org_a, named_contact=world.alice))
    page = client.get("/p/help/").content.decode()
    assert 'href="tel:02079460000"' in page and "Call Sam on 020 7946 0000" in page
    assert 'href="mailto:alice@a.example"' in page
    assert 'href="tel:999"' in page and "not watched all the time" in page
    assert "Some ideas here come from Clinks (2016)." in page
    assert "guide to service user involvement" not in page
    for kind in ("complaint", "concern", "worried"):
        assert f"/p/help/concerns/new/?kind={kind}" in page


def test_contact_without_a_phone_falls_back_to_the_organisation(client, world):
    world.org_a.phone = "0161 496 0000"
    world.org_a.save()
    portal_login(client, person(world.org_a, named_contact=world.alice))
    page = client.get("/p/help/").content.decode()
    assert 'href="tel:01614960000"' in page and "Ask for" in page


def test_no_contact_and_no_phone_says_who_to_talk_to(client, world):
    portal_login(client, person(world.org_a))
    page = client.get("/p/help/").content.decode()
    assert "Talk to someone at" in page and "tel:0" not in page


@pytest.mark.parametrize("kind", ["complaint", "concern", "worried"])
def test_raise_each_kind_from_the_portal(client, world, kind):
    pat = person(world.org_a, "Pat Private")
    portal_login(client, pat)
    form = client.get(f"/p/help/concerns/new/?kind={kind}").content.decode()
    assert "What happens next" in form and "full answer by" in form
    response = client.post(
        f"/p/help/concerns/new/?kind={kind}",
        {"about": "The room was locked", "wanted": "Open it", "reply_by": "phone"},
    )
    concern = Concern.unscoped.get()
    assert response.status_code == 302
    assert response.url == f"/p/help/concerns/{concern.pk}/?sent=1"
    assert concern.kind == kind and concern.participant == pat and concern.reply_by == "phone"
    page = client.get(response.url).content.decode()
    assert "We have got it" in page and "The room was locked" in page
    event = AuditEvent.unscoped.get(action="concern.raise")
    assert event.actor is None and "in the portal" in event.summary


def test_worried_says_who_reads_it_truthfully(client, world):
    portal_login(client, person(world.org_a))
    page = client.get("/p/help/concerns/new/?kind=worried").content.decode()
    # Admins hold safeguarding too: never promise "only our safeguarding lead".
    assert "who deal with safeguarding will read it" in page and "999" in page
    assert "safeguarding lead" not in page
    assert 'name="anonymous"' not in page  # someone at risk: we must be able to come back
    assert 'name="about_staff"' not in page
    home = client.get("/p/help/").content.decode()
    assert "safeguarding lead" not in home and "who deal with safeguarding" in home


def test_anonymous_complaint_is_not_linked_and_not_listed(client, world):
    pat = person(world.org_a, "Pat Private")
    portal_login(client, pat)
    form = client.get("/p/help/concerns/new/?kind=complaint").content.decode()
    assert "it will not be in your list" in form
    response = client.post(
        "/p/help/concerns/new/?kind=complaint",
        {"about": "Rude to me", "reply_by": "usual", "anonymous": "on"},
    )
    assert response.status_code == 302 and response.url.startswith("/p/help/concerns/sent/")
    concern = Concern.unscoped.get()
    assert concern.participant is None and concern.reply_by == "none"
    assert "not in your list" in client.get(response.url).content.decode()
    assert "Rude to me" not in client.get("/p/help/concerns/").content.decode()
    assert client.get(f"/p/help/concerns/{concern.pk}/").status_code == 404


def test_anonymous_is_ignored_for_worried(client, world):
    pat = person(world.org_a)
    portal_login(client, pat)
    client.post(
        "/p/help/concerns/new/?kind=worried",
        {"about": "My friend", "reply_by": "usual", "anonymous": "on"},
    )
    assert Concern.unscoped.get().participant == pat


def test_bad_input_shows_errors_and_saves_nothing(client, world):
    portal_login(client, person(world.org_a))
    response = client.post("/p/help/concerns/new/?kind=complaint", {"about": "", "reply_by": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tell us what it is about" in page and "Choose how we should reply" in page
    response = client.post("/p/help/concerns/new/?kind=complaint", {"about": "x" * 6000})
    assert response.status_code == 200 and "Make it shorter" in response.content.decode()
    assert not Concern.unscoped.exists()


def test_no_kind_or_a_made_up_kind_asks_which(client, world):
    portal_login(client, person(world.org_a))
    for url in ("/p/help/concerns/new/", "/p/help/concerns/new/?kind=nonsense"):
        response = client.get(url)
        assert response.status_code == 200
        assert "What do you want to tell us?" in response.content.decode()
    client.post("/p/help/concerns/new/?kind=nonsense", {"about": "x", "reply_by": "usual"})
    assert not Concern.unscoped.exists()


def test_list_shows_only_their_own_with_status_and_response(client, world):
    pat = person(world.org_a, "Pat Private")
    other = person(world.org_a, "Otto")
    elsewhere = person(world.org_b, "Bea")
    mine = make_concern(
        world.org_a,
        participant=pat,
        about="Mine",
        status="responded",
        response="Sorted now",
    )
    make_concern(world.org_a, participant=other, about="Otto's worry")
    make_concern(world.org_b, participant=elsewhere, about="Bea's worry")
    portal_login(client, pat)
    page = client.get("/p/help/concerns/").content.decode()
    assert "Mine" in page and "We have replied" in page
    assert "Otto" not in page and "Bea" not in page
    detail = client.get(f"/p/help/concerns/{mine.pk}/").content.decode()
    assert "Sorted now" in detail


def test_easy_read_uses_simpler_words(client, world):
    portal_login(client, person(world.org_a))
    client.post("/p/easy-read/", {"easy_read": "on", "next": "/p/help/"})
    page = client.get("/p/help/concerns/new/?kind=complaint").content.decode()
    assert "What are you not happy about?" in page and "withus-icon" in page


def test_staff_viewing_as_cannot_raise_one(client, world):
    pat = person(world.org_a)
    client.force_login(world.alice)
    client.post(f"/o/org-a/portal/people/{pat.pk}/view-as/")
    assert client.get("/p/help/").status_code == 200
    response = client.post(
        "/p/help/concerns/new/?kind=complaint", {"about": "x", "reply_by": "usual"}
    )
    assert response.status_code == 403
    assert not Concern.unscoped.exists()


def test_a_days_limit_stops_a_flood(client, world, settings):
    from withus.concerns import services

    portal_login(client, person(world.org_a))
    url = "/p/help/concerns/new/?kind=concern"
    for n in range(services.RAISE_LIMIT_PER_DAY):
        client.post(url, {"about": f"Number {n}", "reply_by": "usual"})
    response = client.post(url, {"about": "One more", "reply_by": "usual"})
    assert response.status_code == 200 and "You have sent a lot today" in response.content.decode()
    assert Concern.unscoped.count() == services.RAISE_LIMIT_PER_DAY


def _count(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/p/help/concerns/").status_code == 200
    return len(queries)


def test_list_query_count_is_bounded(client, world):
    pat = person(world.org_a)
    make_concern(world.org_a, participant=pat)
    portal_login(client, pat)
    few = _count(client)
    for n in range(19):
        make_concern(world.org_a, participant=pat, kind=["complaint", "worried"][n % 2])
    assert _count(client) == few


def test_anonymous_keeps_the_day_only_and_no_audit_row_or_address(client, world):
    import datetime as dt
    from zoneinfo import ZoneInfo

    pat = person(world.org_a, "Pat Private")
    portal_login(client, pat)
    form = client.get("/p/help/concerns/new/?kind=complaint").content.decode()
    assert "We will not know it was you" not in form and "not keep your name" in form
    client.post(
        "/p/help/concerns/new/?kind=complaint",
        {"about": "Rude to me", "reply_by": "usual", "anonymous": "on"},
        REMOTE_ADDR="203.0.113.9",
    )
    concern = Concern.unscoped.get()
    local = concern.created_at.astimezone(ZoneInfo(world.org_a.timezone))
    assert local.time() == dt.time.min  # midnight: the day only
    assert not AuditEvent.unscoped.filter(object_id=str(concern.pk), action="concern.raise")
    assert not AuditEvent.unscoped.filter(ip_address="203.0.113.9", action__startswith="concern")


def test_a_complaint_about_staff_is_marked_for_admins_only(client, world):
    pat = person(world.org_a, "Pat Private", named_contact=world.alice)
    portal_login(client, pat)
    form = client.get("/p/help/concerns/new/?kind=complaint").content.decode()
    assert 'name="about_staff"' in form and "only the people in charge will read it" in form
    response = client.post(
        "/p/help/concerns/new/?kind=complaint",
        {"about": "My contact was rude", "reply_by": "usual", "about_staff": "on"},
    )
    concern = Concern.unscoped.get()
    assert concern.about_staff and concern.participant == pat
    page = client.get(response.url).content.decode()
    assert "Only the people in charge" in page


def _view_as(client, user, participant):
    client.force_login(user)
    client.post(f"/o/org-a/portal/people/{participant.pk}/view-as/")


def test_staff_view_hides_worries_without_the_safeguarding_capability(client, world):
    pat = person(world.org_a, "Pat Private")
    worried = make_concern(world.org_a, participant=pat, kind="worried", about="Someone hurt")
    make_concern(world.org_a, participant=pat, about="Room locked")
    _view_as(client, world.alice, pat)  # coordinator: no MANAGE_SAFEGUARDING
    page = client.get("/p/help/concerns/").content.decode()
    assert "Room locked" in page and "Someone hurt" not in page
    assert client.get(f"/p/help/concerns/{worried.pk}/").status_code == 403
    assert not AuditEvent.unscoped.filter(action="sensitive.read", object_id=str(worried.pk))


def test_staff_view_with_the_safeguarding_capability_sees_and_is_recorded(client, world):
    pat = person(world.org_a, "Pat Private")
    worried = make_concern(world.org_a, participant=pat, kind="worried", about="Someone hurt")
    _view_as(client, world.safeguarding_a, pat)
    assert "Someone hurt" in client.get("/p/help/concerns/").content.decode()
    page = client.get(f"/p/help/concerns/{worried.pk}/").content.decode()
    assert "Someone hurt" in page
    assert AuditEvent.unscoped.filter(
        action="sensitive.read", actor=world.safeguarding_a, object_id=str(worried.pk)
    ).exists()


def test_the_person_still_sees_their_own_worries(client, world):
    pat = person(world.org_a, "Pat Private")
    worried = make_concern(world.org_a, participant=pat, kind="worried", about="Someone hurt")
    portal_login(client, pat)
    assert "Someone hurt" in client.get("/p/help/concerns/").content.decode()
    assert client.get(f"/p/help/concerns/{worried.pk}/").status_code == 200
    assert not AuditEvent.unscoped.filter(action="sensitive.read").exists()

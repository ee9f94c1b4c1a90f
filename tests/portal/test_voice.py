"""Portal "Your say": suggestion box, my contributions, the board, surveys."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.events.builders import invite, make_event
from tests.portal.helpers import person, portal_login
from tests.portal.registry_voice import invited_survey
from tests.surveys.builders import make_survey
from tests.voice.builders import action, contribution
from withus.audit.models import AuditEvent
from withus.people.models import ConsentEvent
from withus.surveys.models import Answer, Response, SurveyInvite
from withus.voice.models import Contribution

pytestmark = pytest.mark.django_db


def _consent(participant, purpose, state="given"):
    ConsentEvent.unscoped.create(
        organisation=participant.organisation,
        participant=participant,
        purpose=purpose,
        state=state,
        method="verbal",
    )


def _survey(org, **fields):
    fields.setdefault("status", "open")
    return make_survey(
        org,
        questions=[
            {"text": "How was it?", "kind": "scale"},
            {"text": "Anything else?", "kind": "text"},
        ],
        **fields,
    )


def _questions(survey):
    from withus.surveys.models import Question

    return list(Question.unscoped.filter(survey=survey).order_by("position"))


# --- suggestion box ----------------------------------------------------------------------------


def test_anonymous_suggestion_has_no_link_back(client, world):
    pat = person(world.org_a, "Pat Suggester")
    portal_login(client, pat)
    before = set(AuditEvent.unscoped.values_list("pk", flat=True))
    page = client.get("/p/your-say/suggest/").content.decode()
    assert 'value="anonymous"' in page and "checked" in page
    response = client.post(
        "/p/your-say/suggest/", {"text": "The chairs are too hard", "who": "anonymous"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        row = Contribution.unscoped.get(text="The chairs are too hard")
        assert row.anonymous and row.source == Contribution.Source.SUGGESTION_BOX
        assert not row.contributors.exists()
        assert row.recorded_by is None and row.quote == "no"
        tz = zoneinfo.ZoneInfo(world.org_a.timezone)
        assert row.created_at.astimezone(tz).time() == dt.time(0, 0)
    new_audit = AuditEvent.unscoped.exclude(pk__in=before)
    assert not new_audit.filter(object_id=str(row.pk), object_type="voice.Contribution").exists()
    assert not new_audit.filter(object_id=str(pat.pk)).exists()
    assert not any("Pat Suggester" in e.summary for e in new_audit)
    thanks = client.get(response.url).content.decode()
    assert "cannot reply to you" in thanks
    # Not in "mine": nothing links it to them.
    assert "The chairs are too hard" not in client.get("/p/your-say/yours/").content.decode()


def test_anonymous_suggestions_are_limited_per_session_and_per_day(client, world):
    """Review #7: a flood of anonymous suggestions is stopped without storing who sent them."""
    from withus.portal import views_voice

    pat = person(world.org_a, "Pat Flood")
    portal_login(client, pat)
    for n in range(views_voice.ANONYMOUS_PER_SESSION):
        sent = client.post("/p/your-say/suggest/", {"text": f"Idea {n}", "who": "anonymous"})
        assert sent.status_code == 302
    full = client.post("/p/your-say/suggest/", {"text": "One more", "who": "anonymous"})
    assert full.status_code == 200
    page = full.content.decode()
    assert "Please try again tomorrow" in page and "One more" in page  # their words are kept
    named = client.post("/p/your-say/suggest/", {"text": "One more", "who": "named", "quote": "no"})
    assert named.status_code == 302
    with scopes_disabled():
        assert Contribution.unscoped.filter(anonymous=True, text__startswith="Idea").count() == 5
        assert not Contribution.unscoped.filter(anonymous=True, text="One more").exists()


def test_anonymous_suggestions_have_a_daily_cap_per_organisation(client, world, monkeypatch):
    from django.test import Client

    from withus.portal import services_voice

    monkeypatch.setattr(services_voice, "ANONYMOUS_PER_DAY", 1)
    portal_login(client, person(world.org_a, "Pat First"))
    assert client.post("/p/your-say/suggest/", {"text": "A", "who": "anonymous"}).status_code == 302
    other = Client()
    portal_login(other, person(world.org_a, "Pat Second"))
    refused = other.post("/p/your-say/suggest/", {"text": "B", "who": "anonymous"})
    assert refused.status_code == 200 and "Please try again tomorrow" in refused.content.decode()
    elsewhere = Client()
    portal_login(elsewhere, person(world.org_b, "Pat Elsewhere"))
    sent = elsewhere.post("/p/your-say/suggest/", {"text": "C", "who": "anonymous"})
    assert sent.status_code == 302  # the cap is per organisation
    with scopes_disabled():
        left = Contribution.unscoped.filter(anonymous=True).values_list("text", flat=True)
        assert sorted(left) == ["A", "C"]


def test_named_suggestion_appears_in_mine_and_staff_list(client, world):
    pat = person(world.org_a, "Pat Named")
    portal_login(client, pat)
    response = client.post(
        "/p/your-say/suggest/", {"text": "Meet in the evenings", "who": "named", "quote": "no"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        row = Contribution.unscoped.get(text="Meet in the evenings")
        assert not row.anonymous and row.source == Contribution.Source.PORTAL
        assert list(row.contributors.all()) == [pat]
        audit = AuditEvent.unscoped.filter(action="portal.suggestion", object_id=str(row.pk))
        assert audit.get().actor is None and "in the portal" in audit.get().summary
    assert "We will tell you" in client.get(response.url).content.decode()
    mine = client.get("/p/your-say/yours/").content.decode()
    assert "Meet in the evenings" in mine and "We have not decided yet" in mine
    assert "today" in mine
    client.force_login(world.alice)
    listing = client.get("/o/org-a/voice/contributions/").content.decode()
    assert "Meet in the evenings" in listing


def test_mine_shows_what_happened_and_age(client, world):
    pat = person(world.org_a, "Pat")
    old = contribution(
        world.org_a,
        text="Bus fares up front are hard",
        contributors=[pat],
        received_on=timezone.localdate() - dt.timedelta(days=21),
    )
    done = contribution(world.org_a, text="Warmer room please", contributors=[pat])
    action(world.org_a, [done], we_did="We fixed the heating")
    other = person(world.org_a, "Sam")
    contribution(world.org_a, text="Sam's own idea", contributors=[other])
    portal_login(client, pat)
    page = client.get("/p/your-say/yours/").content.decode()
    assert "Bus fares up front are hard" in page and "3 weeks ago" in page
    assert "We fixed the heating" in page and "Yes, we will do this" in page
    assert "Sam&#x27;s own idea" not in page and "Sam's own idea" not in page
    assert old.pk


def test_quote_choice_follows_consent(client, world):
    pat = person(world.org_a, "Pat")
    portal_login(client, pat)
    page = client.get("/p/your-say/suggest/").content.decode()
    assert 'name="quote"' not in page
    # A quote choice that was not offered is ignored: their words are not quoted.
    response = client.post(
        "/p/your-say/suggest/", {"text": "Idea", "who": "named", "quote": "named"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Contribution.unscoped.get(text="Idea").quote == "no"
    # The service refuses a quote without consent (voice.rules), whatever the form does.
    from django.core.exceptions import ValidationError
    from django_scopes import scope

    from withus.portal.services_voice import suggestion_leave

    with scope(organisation=world.org_a), pytest.raises(ValidationError):
        suggestion_leave(participant=pat, text="Idea 2", named=True, quote="named")
    _consent(pat, "anonymous_quotes")
    page = client.get("/p/your-say/suggest/").content.decode()
    assert 'value="anonymous"' in page and "Yes, but without my name" in page
    assert "Yes, with my name" not in page
    response = client.post(
        "/p/your-say/suggest/", {"text": "Quote me", "who": "named", "quote": "anonymous"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Contribution.unscoped.get(text="Quote me").quote == "anonymous"


def test_empty_suggestion_shows_an_error(client, world):
    portal_login(client, person(world.org_a))
    response = client.post("/p/your-say/suggest/", {"text": "  ", "who": "anonymous"})
    assert response.status_code == 200
    assert "Write your idea" in response.content.decode()


# --- the board ---------------------------------------------------------------------------------


def test_board_shows_only_publishable_items(client, world):
    c1 = contribution(world.org_a, text="Secret words", anonymous=True)
    action(world.org_a, [c1], we_did="Published change")
    c2 = contribution(world.org_a, text="Other words")
    action(world.org_a, [c2], we_did="Hidden change", on_board=False)
    c3 = contribution(world.org_b, text="Org B words")
    action(world.org_b, [c3], we_did="Org B change")
    portal_login(client, person(world.org_a))
    for url in ("/p/your-say/you-said-we-did/", "/p/your-say/"):
        page = client.get(url).content.decode()
        assert "Published change" in page
        assert "Hidden change" not in page and "Org B change" not in page
        assert "Secret words" not in page  # not quotable: only the theme line
        assert "Someone raised an idea" in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_query_counts_are_bounded(client, world):
    pat = person(world.org_a)
    portal_login(client, pat)

    def add(n):
        for i in range(n):
            c = contribution(world.org_a, text=f"Idea {i}", contributors=[pat], themes=["Food"])
            action(world.org_a, [c], we_did=f"Did {i}")
            contribution(world.org_a, text=f"Waiting {i}", contributors=[pat])
            _survey(world.org_a, title=f"Survey {i}")

    add(1)
    urls = ["/p/your-say/", "/p/your-say/yours/", "/p/your-say/you-said-we-did/"]
    urls.append("/p/your-say/surveys/")
    few = {url: _count(client, url) for url in urls}
    add(19)
    assert {url: _count(client, url) for url in urls} == few


# --- surveys -----------------------------------------------------------------------------------


def test_open_survey_answered_once(client, world):
    pat = person(world.org_a)
    survey = _survey(world.org_a, title="Open named survey", anonymous=False)
    portal_login(client, pat)
    assert "Open named survey" in client.get("/p/your-say/surveys/").content.decode()
    url = f"/p/your-say/surveys/{survey.pk}/"
    assert client.get(url).status_code == 200
    q1, q2 = _questions(survey)
    page = client.post(url, {f"q{q1.pk}": "4", f"q{q2.pk}": "Good"}).content.decode()
    assert "We have your answers" in page
    with scopes_disabled():
        response = Response.unscoped.get(survey=survey)
        assert response.participant == pat and response.source == "portal"
        assert Answer.unscoped.filter(response=response).count() == 2
    again = client.post(url, {f"q{q1.pk}": "1"}).content.decode()
    assert "already answered" in again
    with scopes_disabled():
        assert Response.unscoped.filter(survey=survey).count() == 1
    assert "Open named survey" not in client.get("/p/your-say/surveys/").content.decode()


def test_anonymous_survey_answer_is_not_linked(client, world):
    pat = person(world.org_a)
    survey = _survey(world.org_a, title="Anon survey", anonymous=True)
    portal_login(client, pat)
    q1, _ = _questions(survey)
    client.post(f"/p/your-say/surveys/{survey.pk}/", {f"q{q1.pk}": "3"})
    with scopes_disabled():
        response = Response.unscoped.get(survey=survey)
        assert response.participant is None and response.respondent_key == ""
        tz = zoneinfo.ZoneInfo(world.org_a.timezone)
        assert response.submitted_at.astimezone(tz).time() == dt.time(0, 0)
        invite_row = SurveyInvite.unscoped.get(survey=survey, participant=pat)
        assert invite_row.answered_at.astimezone(tz).time() == dt.time(0, 0)
        assert invite_row.created_at.astimezone(tz).time() == dt.time(0, 0)
        assert invite_row.message_id is None
    assert not AuditEvent.unscoped.filter(object_id=str(response.pk)).exists()
    # Answered once, even though nothing on the response names them.
    again = client.post(f"/p/your-say/surveys/{survey.pk}/", {f"q{q1.pk}": "1"}).content.decode()
    assert "already answered" in again
    with scopes_disabled():
        assert Response.unscoped.filter(survey=survey).count() == 1


def test_anonymous_survey_invites_do_not_line_up_with_answers(client, world):
    """Review #4: invites made as people answer in the portal listed in the same order as the
    anonymous responses, so the Nth invite named the Nth answer. Now the first answer gives
    every eligible person an invite at once, in the order of their records."""
    from django.test import Client

    from withus.surveys.selectors import invite_counts

    survey = make_survey(
        world.org_a, questions=[{"text": "How?", "kind": "text"}], status="open", anonymous=True
    )
    ann, ben, cat = (person(world.org_a, name) for name in ("Ann", "Ben", "Cat"))
    (question,) = _questions(survey)
    url = f"/p/your-say/surveys/{survey.pk}/"
    for who in (cat, ann, ben):  # not the order of their records
        browser = Client()
        portal_login(browser, who)
        if who == ann:  # everyone was given an invite by Cat's answer; Ann can still answer
            assert url in browser.get("/p/your-say/surveys/").content.decode()
        page = browser.post(url, {f"q{question.pk}": f"secret of {who.preferred_name}"})
        assert "We have your answers" in page.content.decode()
    with scopes_disabled():
        invites = SurveyInvite.unscoped.filter(survey=survey, participant__in=[ann, ben, cat])
        by_invite = list(invites.order_by("pk").values_list("participant_id", flat=True))
        assert by_invite == [ann.pk, ben.pk, cat.pk]
        answers = list(
            Answer.unscoped.filter(response__survey=survey)
            .order_by("response__pk")
            .values_list("text", flat=True)
        )
        assert answers == ["secret of Cat", "secret of Ann", "secret of Ben"]
        assert len({i.created_at for i in invites}) == 1  # made together, dated to the day
        assert all(i.message_id is None for i in invites)
        counts = invite_counts(survey)
    assert counts["sent"] == 0 and counts["answered"] == 3


def test_links_sent_later_still_decide_who_sees_an_anonymous_survey(client, world):
    """The invites made for everyone by a portal answer are not links: once staff send links
    to some people, the others no longer see the survey, as before."""
    from django.test import Client

    from withus.surveys import services as survey_services

    survey = _survey(world.org_a, title="Anon later links", anonymous=True)
    ann, ben, cat = (person(world.org_a, name) for name in ("Ann", "Ben", "Cat"))
    q1, _ = _questions(survey)
    portal_login(client, ann)
    client.post(f"/p/your-say/surveys/{survey.pk}/", {f"q{q1.pk}": "3"})
    with scopes_disabled():
        assert SurveyInvite.unscoped.filter(survey=survey, participant=ben).exists()
    with scope(organisation=world.org_a):
        survey_services.invites_send(
            survey=survey, participants=[cat], link_for=lambda t: f"/s/{t}/", actor=world.alice
        )
    seen = {}
    for who in (ben, cat):
        browser = Client()
        portal_login(browser, who)
        seen[who.preferred_name] = (
            "Anon later links" in browser.get("/p/your-say/surveys/").content.decode()
        )
    assert seen == {"Ben": False, "Cat": True}


def test_before_survey_keeps_the_respondent_key(client, world):
    from withus.surveys.analysis import respondent_key_for

    pat = person(world.org_a)
    survey = _survey(world.org_a, title="Before", anonymous=True, kind="before")
    portal_login(client, pat)
    q1, _ = _questions(survey)
    client.post(f"/p/your-say/surveys/{survey.pk}/", {f"q{q1.pk}": "3"})
    with scopes_disabled():
        response = Response.unscoped.get(survey=survey)
        assert response.participant is None
        assert response.respondent_key == respondent_key_for(pat, survey)


def test_invitation_only_survey_is_404_for_the_uninvited(client, world):
    owner = person(world.org_a, "Olive Owner", email="olive@example.org")
    other = person(world.org_a, "Otto")
    pk = invited_survey(world, owner)["pk"]
    portal_login(client, other)
    assert client.get(f"/p/your-say/surveys/{pk}/").status_code == 404
    assert "Walker invited survey" not in client.get("/p/your-say/surveys/").content.decode()
    portal_login(client, owner)
    assert client.get(f"/p/your-say/surveys/{pk}/").status_code == 200
    assert "Walker invited survey" in client.get("/p/your-say/surveys/").content.decode()


def test_surveys_list_leaves_out_staff_draft_closed_and_other_events(client, world):
    pat = person(world.org_a)
    _survey(world.org_a, title="Staff one", audience="staff")
    _survey(world.org_a, title="Draft one", status="draft")
    closed = _survey(world.org_a, title="Closed one", status="closed")
    _survey(world.org_a, title="Past date", closes_on=dt.date(2020, 1, 1))
    came = make_event(world.org_a, title="Came")
    invite(came, pat, attendance="attended")
    missed = make_event(world.org_a, title="Missed")
    _survey(world.org_a, title="Feedback came", event=came, kind="event_feedback")
    other_feedback = _survey(
        world.org_a, title="Feedback missed", event=missed, kind="event_feedback"
    )
    _survey(world.org_b, title="Org B survey")
    portal_login(client, pat)
    page = client.get("/p/your-say/surveys/").content.decode()
    assert "Feedback came" in page
    for title in ["Staff one", "Draft one", "Closed one", "Past date", "Feedback missed"]:
        assert title not in page
    assert "Org B survey" not in page
    assert client.get(f"/p/your-say/surveys/{other_feedback.pk}/").status_code == 404
    assert "has closed" in client.get(f"/p/your-say/surveys/{closed.pk}/").content.decode()


def test_staff_viewing_as_cannot_leave_a_suggestion_or_answer(client, world):
    from django.urls import reverse

    pat = person(world.org_a, "Pat")
    survey = _survey(world.org_a, title="Viewed survey")
    client.force_login(world.alice)
    client.post(reverse("portal:view_as", kwargs={"org_slug": "org-a", "pk": pat.pk}))
    assert client.get("/p/your-say/suggest/").status_code == 200
    response = client.post("/p/your-say/suggest/", {"text": "Staff words", "who": "anonymous"})
    assert response.status_code == 403
    q1, _ = _questions(survey)
    assert client.post(f"/p/your-say/surveys/{survey.pk}/", {f"q{q1.pk}": "3"}).status_code == 403
    with scopes_disabled():
        assert not Contribution.unscoped.filter(text="Staff words").exists()
        assert not Response.unscoped.filter(survey=survey).exists()

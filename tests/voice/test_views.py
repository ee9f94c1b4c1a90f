"""Voice pages: saving, bad input shown on the form, the event page, telling people, queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.events.builders import invite, make_event
from tests.voice.builders import action, contribution
from withus.people.models import Participant
from withus.voice.models import Action, Contribution, Feedback, ImpactRecord, PersonOutcome

pytestmark = pytest.mark.django_db


def url(world, name, **kwargs):
    return reverse(f"voice:{name}", kwargs={"org_slug": world.org_a.slug, **kwargs})


@pytest.fixture(autouse=True)
def _unscoped_reads():
    # Reading related rows in the test body; each request enters its own scope.
    with scopes_disabled():
        yield


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def _person(world, name):
    return Participant.unscoped.create(organisation=world.org_a, preferred_name=name)


def test_add_contribution_with_new_themes(alice, world):
    jo = _person(world, "Jo")
    response = alice.post(
        url(world, "contribution_add"),
        {
            "text": "More evening sessions",
            "source": "event",
            "received_on": "2026-03-02",
            "contributors": [jo.pk],
            "new_themes": "Timing, access",
            "quote": "no",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Contribution.unscoped.get(text="More evening sessions")
    assert sorted(t.name for t in made.themes.all()) == ["Timing", "access"]
    assert list(made.contributors.all()) == [jo]


def test_bad_contribution_input_is_shown_not_a_500(alice, world):
    jo = _person(world, "Jo")
    response = alice.post(
        url(world, "contribution_add"),
        {"text": "", "source": "nonsense", "received_on": "31/02/2026", "quote": "named"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    # Anonymous and named at once; quoting without consent.
    response = alice.post(
        url(world, "contribution_add"),
        {
            "text": "x",
            "source": "event",
            "received_on": "2026-03-02",
            "anonymous": "on",
            "contributors": [jo.pk],
            "quote": "no",
        },
    )
    assert "cannot name anyone" in response.content.decode()
    response = alice.post(
        url(world, "contribution_add"),
        {
            "text": "x",
            "source": "event",
            "received_on": "2026-03-02",
            "contributors": [jo.pk],
            "quote": "named",
        },
    )
    assert "has not agreed to be quoted" in response.content.decode()
    assert not Contribution.unscoped.exists()


def test_action_form_needs_a_reason_when_not_possible(alice, world):
    item = contribution(world.org_a, anonymous=True)
    data = {
        "contributions": [item.pk],
        "response": Action.Response.NOT_POSSIBLE,
        "we_did": "We looked at it",
        "reason": "",
        "change_kind": "none",
        "decided_on": "2026-03-03",
        "on_board": "on",
    }
    response = alice.post(url(world, "action_add"), data)
    assert response.status_code == 200
    assert "Say why it cannot be done" in response.content.decode()
    data["reason"] = "The building is not ours"
    response = alice.post(url(world, "action_add"), data)
    assert response.status_code == 302
    assert Contribution.unscoped.get(pk=item.pk).loop_closed_at is not None  # board closes it


def test_event_contributions_in_one_go(alice, world):
    event = make_event(world.org_a, title="Forum")
    jo, sam, absent = _person(world, "Jo"), _person(world, "Sam"), _person(world, "Away")
    invite(event, jo, attendance="attended")
    invite(event, sam, attendance="late")
    invite(event, absent)
    page = alice.get(url(world, "event_contributions", pk=event.pk)).content.decode()
    assert "Jo" in page and "Sam" in page and "Away" not in page
    data = {
        "point-TOTAL_FORMS": "3",
        "point-INITIAL_FORMS": "0",
        "point-0-text": "Tea please",
        "point-0-who": str(jo.pk),
        "point-0-themes": "refreshments",
        "point-1-text": "Start later",
        "point-1-who": "",
        "point-2-text": "",
    }
    response = alice.post(url(world, "event_contributions", pk=event.pk), data)
    assert response.status_code == 302
    rows = Contribution.unscoped.filter(event=event).order_by("id")
    assert [r.text for r in rows] == ["Tea please", "Start later"]
    assert list(rows[0].contributors.all()) == [jo]
    assert rows[1].anonymous
    # Someone who did not attend cannot be picked.
    data["point-0-who"] = str(absent.pk)
    response = alice.post(url(world, "event_contributions", pk=event.pk), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_tell_page_sends_and_records_in_person(alice, world, people):
    jo, sam = people["jo"], people["sam"]
    item = contribution(world.org_a, contributors=[jo, sam])
    done = action(world.org_a, [item])
    page = alice.get(url(world, "action_tell", pk=done.pk)).content.decode()
    assert "We bought a heater" in page
    alice.post(url(world, "action_tell", pk=done.pk), {"how": "everyone"})
    assert Feedback.unscoped.filter(contribution=item).count() == 1  # Sam has no channel
    page = alice.get(url(world, "action_tell", pk=done.pk)).content.decode()
    assert "Not sent" in page
    alice.post(
        url(world, "action_tell", pk=done.pk),
        {"how": "in_person", "contribution": item.pk, "participant": sam.pk},
    )
    assert Contribution.unscoped.get(pk=item.pk).loop_closed_at is not None
    response = alice.post(url(world, "action_tell", pk=done.pk), {"how": "bogus"})
    assert response.status_code == 302


def test_outcome_needs_agreement_and_ratings(alice, world):
    jo = _person(world, "Jo")
    data = {"participant": jo.pk, "kind": "confidence", "achieved_on": "2026-03-03"}
    page = alice.post(url(world, "outcome_add"), data).content.decode()
    assert "Only record this if the person agreed" in page
    assert "Give a rating from 1 to 5" in page
    data.update(person_agreed="on", rating_before="2", rating_after="4")
    assert alice.post(url(world, "outcome_add"), data).status_code == 302
    assert PersonOutcome.unscoped.get().rating_after == 4


def test_impact_needs_evidence_and_amount_for_funding(alice, world):
    data = {"kind": "funding", "title": "Grant", "happened_on": "2026-03-03", "evidence": ""}
    page = alice.post(url(world, "impact_add"), data).content.decode()
    assert "There is a problem" in page
    data.update(evidence="Award letter")
    page = alice.post(url(world, "impact_add"), data).content.decode()
    assert "Give the amount of funding secured" in page
    data.update(amount="5000")
    assert alice.post(url(world, "impact_add"), data).status_code == 302
    assert ImpactRecord.unscoped.count() == 1


def test_viewer_can_read_home_and_board(client, world):
    client.force_login(world.bob)
    assert client.get(url(world, "home")).status_code == 200
    assert client.get(url(world, "board")).status_code == 200
    assert client.get(url(world, "contribution_add")).status_code == 403


def test_board_hides_text_without_quote_permission(alice, world):
    quoted = contribution(world.org_a, anonymous=True, quote="anonymous", text="Say it plainly")
    hidden = contribution(world.org_a, anonymous=True, text="Secret words", themes=["Housing"])
    action(world.org_a, [quoted, hidden])
    page = alice.get(url(world, "board")).content.decode()
    assert "Say it plainly" in page
    assert "Secret words" not in page
    assert "Someone raised an idea about housing" in page
    pdf = alice.get(url(world, "board_pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def _fill(world, n):
    people = [_person(world, f"P{i}") for i in range(2)]
    for i in range(n):
        item = contribution(world.org_a, contributors=people, themes=["A", "B"], text=f"Point {i}")
        action(world.org_a, [item], due_on=dt.date(2026, 3, 4))


@pytest.mark.parametrize(
    "name", ["contributions", "actions", "board", "home", "outcomes", "impact"]
)
def test_query_counts_do_not_grow_with_rows(alice, world, name):
    _fill(world, 1)
    alice.get(url(world, name))
    with CaptureQueriesContext(connection) as one:
        assert alice.get(url(world, name)).status_code == 200
    _fill(world, 21)
    with CaptureQueriesContext(connection) as many:
        assert alice.get(url(world, name)).status_code == 200
    assert len(one) == len(many)


def test_other_organisations_contribution_is_404(client, world):
    with scope(organisation=world.org_b):
        theirs = contribution(world.org_b)
    client.force_login(world.alice)
    assert client.get(url(world, "contribution", pk=theirs.pk)).status_code == 404


def test_list_filters(alice, world):
    from withus.projects.models import Project

    project = Project.unscoped.create(organisation=world.org_a, name="Hostel forum")
    contribution(world.org_a, anonymous=True, text="In the project", project=project)
    contribution(world.org_a, anonymous=True, text="Elsewhere", themes=["Food"], source="survey")
    page = alice.get(url(world, "contributions"), {"project": project.pk}).content.decode()
    assert "In the project" in page and "Elsewhere" not in page
    page = alice.get(url(world, "contributions"), {"source": "survey"}).content.decode()
    assert "Elsewhere" in page and "In the project" not in page
    page = alice.get(url(world, "contributions"), {"loop": "closed"}).content.decode()
    assert "Elsewhere" not in page
    page = alice.get(url(world, "contributions"), {"age": "over_8_weeks"}).content.decode()
    assert "Elsewhere" in page  # raised in March 2026
    response = alice.get(url(world, "contributions"), {"project": "nonsense", "page": "x"})
    assert response.status_code == 200

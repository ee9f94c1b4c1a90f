"""Fixes after review: named people are not for viewers, absurd ids and out-of-range values are
form errors, and the board re-checks quote consent when it is shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.voice.builders import action, contribution
from withus.people import choices as c
from withus.people import services as people_services
from withus.people.models import Participant
from withus.voice import selectors
from withus.voice.models import Action, Contribution, ImpactRecord, PersonOutcome

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


def url(world, name, **kwargs):
    return reverse(f"voice:{name}", kwargs={"org_slug": world.org_a.slug, **kwargs})


@pytest.fixture(autouse=True)
def _unscoped_reads():
    with scopes_disabled():
        yield


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def _person(world, name):
    return Participant.unscoped.create(organisation=world.org_a, preferred_name=name)


def _consent(world, person, purpose, state):
    with scope(organisation=world.org_a):
        people_services.consent_record(
            participant=person, purpose=purpose, state=state, method="verbal", actor=world.alice
        )


# --- 1. named people are for people who manage people ------------------------------------------


def test_viewer_cannot_see_named_people(client, world):
    jo = _person(world, "Jo Secret")
    item = contribution(world.org_a, contributors=[jo], text="My private words")
    done = action(world.org_a, [item])
    with scope(organisation=world.org_a):
        PersonOutcome.objects.create(
            organisation=world.org_a,
            participant=jo,
            kind="volunteering",
            achieved_on="2026-03-03",
            person_agreed=True,
        )
    client.force_login(world.bob)  # viewer: VIEW_REPORTS only
    for name, kwargs in [
        ("outcomes", {}),
        ("person", {"pk": jo.pk}),
        ("contributions", {}),
        ("contribution", {"pk": item.pk}),
    ]:
        assert client.get(url(world, name, **kwargs)).status_code == 403, name
    for name in ("home", "board", "actions", "impact"):
        page = client.get(url(world, name)).content.decode()
        assert "Jo Secret" not in page, name
        assert url(world, "contributions") not in page, name
        assert url(world, "outcomes") not in page, name
    page = client.get(url(world, "action", pk=done.pk)).content.decode()
    assert "We bought a heater" in page
    assert "Jo Secret" not in page and "My private words" not in page
    assert "Someone raised an idea" in page


def test_coordinator_still_sees_names(alice, world):
    jo = _person(world, "Jo Named")
    item = contribution(world.org_a, contributors=[jo])
    done = action(world.org_a, [item])
    assert "Jo Named" in alice.get(url(world, "contribution", pk=item.pk)).content.decode()
    page = alice.get(url(world, "action", pk=done.pk)).content.decode()
    assert url(world, "contribution", pk=item.pk) in page
    assert url(world, "outcomes") in alice.get(url(world, "home")).content.decode()


# --- 2. absurd ids ------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["event", "theme", "project"])
def test_filter_with_huge_id_is_not_a_500(alice, world, field):
    contribution(world.org_a, text="Still listed")
    response = alice.get(url(world, "contributions"), {field: HUGE})
    assert response.status_code == 200
    response = alice.get(url(world, "contributions"), {field: "-1"})
    assert response.status_code == 200


def test_contribution_form_huge_ids_are_form_errors(alice, world):
    base = {"text": "x", "source": "event", "received_on": "2026-03-02", "quote": "no"}
    for extra in (
        {"contributors": [HUGE]},
        {"anonymous": "on", "themes": [HUGE]},
        {"anonymous": "on", "event": HUGE},
        {"anonymous": "on", "project": HUGE},
    ):
        response = alice.post(url(world, "contribution_add"), {**base, **extra})
        assert response.status_code == 200, extra
        assert "There is a problem" in response.content.decode()
    assert not Contribution.unscoped.exists()


def test_action_form_huge_ids_are_form_errors(alice, world):
    data = {
        "contributions": [HUGE],
        "response": "accepted",
        "we_did": "We did it",
        "change_kind": "none",
        "decided_on": "2026-03-03",
    }
    response = alice.post(url(world, "action_add"), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    item = contribution(world.org_a, anonymous=True)
    response = alice.post(
        url(world, "action_add"), {**data, "contributions": [item.pk], "owner": HUGE}
    )
    assert response.status_code == 200
    assert not Action.unscoped.exists()


def test_impact_and_outcome_forms_huge_ids_are_form_errors(alice, world):
    data = {
        "kind": "policy",
        "title": "T",
        "evidence": "Minutes",
        "happened_on": "2026-03-03",
        "actions": [HUGE],
    }
    response = alice.post(url(world, "impact_add"), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = alice.post(
        url(world, "outcome_add"),
        {"participant": HUGE, "kind": "volunteering", "achieved_on": "2026-03-03"},
    )
    assert response.status_code == 200
    assert not ImpactRecord.unscoped.exists() and not PersonOutcome.unscoped.exists()


# --- 3. ratings ---------------------------------------------------------------------------------


def _outcome_data(person, **kw):
    data = {
        "participant": person.pk,
        "kind": "confidence",
        "achieved_on": "2026-03-03",
        "person_agreed": "on",
    }
    return {**data, **kw}


@pytest.mark.parametrize("value", ["0", "6", "32000"])
def test_rating_out_of_range_is_refused(alice, world, value):
    jo = _person(world, "Jo")
    data = _outcome_data(jo, rating_before=value, rating_after="3")
    response = alice.post(url(world, "outcome_add"), data)
    assert response.status_code == 200
    assert "1 to 5" in response.content.decode()
    assert not PersonOutcome.unscoped.exists()


def test_ratings_are_blanked_for_other_kinds(alice, world):
    jo = _person(world, "Jo")
    data = _outcome_data(jo, kind="paid_work", rating_before="0", rating_after="32000")
    assert alice.post(url(world, "outcome_add"), data).status_code == 302
    saved = PersonOutcome.unscoped.get()
    assert saved.rating_before is None and saved.rating_after is None


def test_model_refuses_rating_out_of_range(world):
    from django.core.exceptions import ValidationError  # noqa: PLC0415

    jo = _person(world, "Jo")
    outcome = PersonOutcome(
        organisation=world.org_a,
        participant=jo,
        kind="confidence",
        achieved_on="2026-03-03",
        rating_before=0,
        rating_after=6,
    )
    with pytest.raises(ValidationError) as error:
        outcome.full_clean()
    assert {"rating_before", "rating_after"} <= set(error.value.message_dict)


# --- 4. quote consent is checked when the board is shown ------------------------------------------


def test_board_stops_quoting_after_consent_is_withdrawn(alice, world):
    jo = _person(world, "Jo")
    _consent(world, jo, c.ConsentPurpose.ANONYMOUS_QUOTES, "given")
    item = contribution(
        world.org_a, contributors=[jo], quote="anonymous", text="Chairs are too hard"
    )
    action(world.org_a, [item])
    assert "Chairs are too hard" in alice.get(url(world, "board")).content.decode()
    with scope(organisation=world.org_a):
        assert selectors.quotable([item.pk]) == {item.pk}
    _consent(world, jo, c.ConsentPurpose.ANONYMOUS_QUOTES, "withdrawn")
    page = alice.get(url(world, "board")).content.decode()
    assert "Chairs are too hard" not in page
    assert "Someone raised an idea" in page
    with scope(organisation=world.org_a):
        assert selectors.quotable([item.pk]) == set()
        assert "Chairs are too hard" not in " ".join(selectors.board_items()[0].said)


def test_quotable_needs_every_contributor_and_the_recorded_kind(world):
    jo, sam = _person(world, "Jo"), _person(world, "Sam")
    for person in (jo, sam):
        _consent(world, person, c.ConsentPurpose.NAMED_QUOTES, "given")
    both = contribution(world.org_a, contributors=[jo, sam], quote="named")
    never = contribution(world.org_a, contributors=[jo], quote="no")
    anon = contribution(world.org_a, anonymous=True, quote="anonymous")
    with scope(organisation=world.org_a):
        assert selectors.quotable([both.pk, never.pk, anon.pk]) == {both.pk, anon.pk}
    _consent(world, sam, c.ConsentPurpose.NAMED_QUOTES, "withdrawn")
    with scope(organisation=world.org_a):
        assert selectors.quotable([both.pk, never.pk, anon.pk]) == {anon.pk}
        assert selectors.quotable([]) == set()


def _board_queries(world):
    with scope(organisation=world.org_a), CaptureQueriesContext(connection) as ctx:
        selectors.board_items()
    return len(ctx.captured_queries)


def test_board_consent_check_is_bounded(world):
    jo = _person(world, "Jo")
    _consent(world, jo, c.ConsentPurpose.ANONYMOUS_QUOTES, "given")
    action(world.org_a, [contribution(world.org_a, contributors=[jo], quote="anonymous")])
    one = _board_queries(world)
    for n in range(20):
        person = _person(world, f"P{n}")
        _consent(world, person, c.ConsentPurpose.ANONYMOUS_QUOTES, "given")
        item = contribution(world.org_a, contributors=[person], quote="anonymous")
        action(world.org_a, [item])
    assert _board_queries(world) == one


# --- 5. dates and amounts -----------------------------------------------------------------------


def test_contribution_dates_are_refused(alice, world):
    base = {"text": "x", "source": "event", "anonymous": "on", "quote": "no"}
    for day, message in (
        ("9999-12-31", "today or in the past"),
        ("1999-12-31", "on or after 1 January 2000"),
    ):
        page = alice.post(url(world, "contribution_add"), {**base, "received_on": day})
        assert message in page.content.decode()
    assert not Contribution.unscoped.exists()


def test_action_dates_are_refused(alice, world):
    item = contribution(world.org_a, anonymous=True)
    data = {
        "contributions": [item.pk],
        "response": "accepted",
        "we_did": "We did it",
        "change_kind": "none",
        "decided_on": "0001-01-01",
        "done_on": "0001-01-01",
        "due_on": "1990-01-01",
    }
    page = alice.post(url(world, "action_add"), data).content.decode()
    assert page.count("on or after 1 January 2000") >= 3
    assert not Action.unscoped.exists()


def test_outcome_and_impact_dates_and_amount(alice, world):
    jo = _person(world, "Jo")
    data = _outcome_data(jo, kind="paid_work", achieved_on="9999-12-31")
    page = alice.post(url(world, "outcome_add"), data).content.decode()
    assert "today or in the past" in page
    impact = {"kind": "funding", "title": "Grant", "evidence": "Letter", "amount": "-500"}
    page = alice.post(url(world, "impact_add"), {**impact, "happened_on": "9999-12-31"})
    text = page.content.decode()
    assert "today or in the past" in text and "cannot be less than 0" in text
    page = alice.post(url(world, "impact_add"), {**impact, "happened_on": "1900-01-01"})
    assert "on or after 1 January 2000" in page.content.decode()
    assert not ImpactRecord.unscoped.exists() and not PersonOutcome.unscoped.exists()
    ok = {**impact, "amount": "0", "happened_on": "2026-03-03"}
    assert alice.post(url(world, "impact_add"), ok).status_code == 302

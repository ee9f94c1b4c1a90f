"""Every report figure, worked out again here from the raw rows with plain loops, must match
build_figures: boundary days, an event past midnight, cancelled events, people counted once,
primary and secondary suppression."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from tests.money.builders import make_payment
from tests.reports.builders import event_with, person
from withus.events.models import Event, EventInvitation
from withus.events.timing import aware, zone
from withus.money.models import ExpenseClaim, Payment
from withus.people.choices import Method
from withus.people.equality import QUESTIONS
from withus.people.models import EqualityRecord
from withus.projects.models import LadderRung, Project
from withus.reports.figures import build_figures
from withus.reports.models import EqualityBaseline
from withus.voice.models import Action, Contribution, ImpactRecord, PersonOutcome

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
TODAY = dt.date(2026, 7, 15)


def in_period(day):
    return START <= day <= END


def local_day(moment, org):
    return moment.astimezone(zone(org.timezone)).date()


@pytest.fixture
def data(world):
    org = world.org_a
    people = [
        person(org, sex="female" if i < 9 else "male", ethnicity="white" if i < 7 else "black")
        for i in range(12)
    ]
    people += [person(org, sex="prefer_not"), person(org)]  # 12: prefers not; 13: not asked
    p = people
    # On the first day of the period (p0 also comes to the late-night event: counted once).
    event_with(org, START, attended=p[0:7], late=[p[7]], no_show=[p[8]], kind="forum")
    # The last day, running past midnight into the next period.
    late_night = event_with(
        org,
        END,
        attended=[p[0], p[9], p[10], p[12], p[13]],
        kind="workshop",
        start=dt.time(22, 0),
        end=dt.time(23, 0),
    )
    late_night.ends_at = aware(END + dt.timedelta(days=1), dt.time(1, 30), org.timezone)
    late_night.save(update_fields=["ends_at"])
    # Just outside: 23:30 the night before the start, midnight after the end.
    event_with(
        org,
        START - dt.timedelta(days=1),
        attended=[p[11]],
        start=dt.time(23, 30),
        end=dt.time(23, 50),
    )
    event_with(
        org, END + dt.timedelta(days=1), attended=[p[11]], start=dt.time(0, 0), end=dt.time(1, 0)
    )
    # Cancelled: nobody counted.
    event_with(org, dt.date(2026, 5, 5), attended=[p[11]], status=Event.Status.CANCELLED)
    # Projects
    rung = LadderRung.unscoped.create(organisation=org, position=3, name="Consulted")
    Project.unscoped.create(
        organisation=org, name="Forum", methods=["co_production", "consultation"], rung=rung
    )
    Project.unscoped.create(
        organisation=org, name="Old", methods=["co_production"], ends_on=dt.date(2026, 3, 31)
    )
    Project.unscoped.create(organisation=org, name="Stopped", status="cancelled")
    # Money
    make_payment(org, p[0], status="paid", paid_on=START, amount=Decimal("40.00"))
    make_payment(org, p[1], status="paid", paid_on=END, amount=Decimal("25.50"))
    make_payment(org, p[1], status="paid", paid_on=END + dt.timedelta(days=1))
    make_payment(org, p[2], status="approved")
    quick = ExpenseClaim.unscoped.create(
        organisation=org,
        participant=p[3],
        status="paid",
        submitted_at=aware(dt.date(2026, 4, 2), dt.time(9), org.timezone),
    )
    slow = ExpenseClaim.unscoped.create(
        organisation=org,
        participant=p[4],
        status="paid",
        submitted_at=aware(dt.date(2026, 3, 1), dt.time(9), org.timezone),
    )
    make_payment(
        org,
        p[3],
        kind="expenses",
        claim=quick,
        status="paid",
        paid_on=dt.date(2026, 4, 9),
        amount=Decimal("12.30"),
    )
    make_payment(
        org,
        p[4],
        kind="expenses",
        claim=slow,
        status="paid",
        paid_on=dt.date(2026, 5, 1),
        amount=Decimal("7.00"),
    )
    # Voice
    for day in (START, END, END + dt.timedelta(days=1)):
        Contribution.unscoped.create(
            organisation=org, text=f"Idea {day}", received_on=day, anonymous=True, quote="anonymous"
        )
    first = Contribution.unscoped.filter(organisation=org).order_by("received_on").first()
    # Its loop closed three days later, late in the evening (still that day in London).
    Contribution.unscoped.filter(pk=first.pk).update(
        loop_closed_at=aware(START + dt.timedelta(days=3), dt.time(23, 30), org.timezone)
    )
    for response, kind in (("accepted", "policy"), ("accepted", "delivery"), ("partly", "policy")):
        action = Action.unscoped.create(
            organisation=org,
            response=response,
            change_kind=kind,
            we_did="We changed the time",
            decided_on=dt.date(2026, 5, 1),
        )
        action.contributions.add(first)
    Action.unscoped.create(
        organisation=org, response="not_possible", we_did="No", decided_on=dt.date(2026, 3, 1)
    )
    # Outcomes: 6 people started education (one twice), 2 started paid work, one not agreed.
    for i in range(6):
        PersonOutcome.unscoped.create(
            organisation=org,
            participant=p[i],
            kind="education",
            achieved_on=START,
            person_agreed=True,
        )
    PersonOutcome.unscoped.create(
        organisation=org, participant=p[0], kind="education", achieved_on=END, person_agreed=True
    )
    for i in (6, 7):
        PersonOutcome.unscoped.create(
            organisation=org,
            participant=p[i],
            kind="paid_work",
            achieved_on=dt.date(2026, 5, 1),
            person_agreed=True,
        )
    PersonOutcome.unscoped.create(
        organisation=org,
        participant=p[8],
        kind="paid_work",
        achieved_on=dt.date(2026, 5, 1),
        person_agreed=False,
    )
    for i in range(5):
        PersonOutcome.unscoped.create(
            organisation=org,
            participant=p[i],
            kind="confidence",
            achieved_on=dt.date(2026, 5, 1),
            person_agreed=True,
            rating_before=2,
            rating_after=2 + i % 3,
        )
    # Impact
    ImpactRecord.unscoped.create(
        organisation=org,
        kind="funding",
        title="Grant",
        evidence="Letter",
        happened_on=END,
        amount=Decimal("5000"),
    )
    ImpactRecord.unscoped.create(
        organisation=org,
        kind="policy",
        title="Old",
        evidence="Minutes",
        happened_on=END + dt.timedelta(days=1),
    )
    # Baseline for 2026: 100 women, 60 men; 120 white, 30 black, 3 Asian.
    for question, answer, count in (
        ("sex", "female", 100),
        ("sex", "male", 60),
        ("ethnicity", "white", 120),
        ("ethnicity", "black", 30),
        ("ethnicity", "asian", 3),
    ):
        EqualityBaseline.unscoped.create(
            organisation=org, year=2026, question=question, answer=answer, count=count
        )
    return org


def figures_for(org, audience="trustees"):
    with scope(organisation=org):
        return build_figures(org, audience=audience, start=START, end=END, today=TODAY)


def involved_rows(org):
    """Invitations that count, by plain loops over every invitation."""
    rows = []
    for inv in EventInvitation.unscoped.filter(organisation=org).select_related("event"):
        if inv.attendance not in ("attended", "late") or inv.event.status == "cancelled":
            continue
        if in_period(local_day(inv.event.starts_at, org)):
            rows.append(inv)
    return rows


def test_activity_matches_raw_rows(data):
    org = data
    f = figures_for(org)["activity"]
    events = [
        e
        for e in Event.unscoped.filter(organisation=org)
        if e.status != "cancelled" and in_period(local_day(e.starts_at, org))
    ]
    by_kind = {}
    for e in events:
        by_kind[e.kind] = by_kind.get(e.kind, 0) + 1
    assert f["events_total"] == len(events) == 2
    assert {r["key"]: r["count"] for r in f["events_by_kind"]} == by_kind
    rows = involved_rows(org)
    people = {inv.participant_id for inv in rows}
    assert f["people_involved"] == {"value": len(people), "hidden": ""}
    assert len(people) == 12  # p0 counted once; the no-show, the cancelled event and outsiders not
    hours = sum((inv.event.ends_at - inv.event.starts_at).total_seconds() for inv in rows) / 3600
    assert f["involvement_hours"] == round(hours, 1) == 8 * 2 + 5 * 3.5
    projects = [
        pr
        for pr in Project.unscoped.filter(organisation=org)
        if pr.status != "cancelled"
        and (pr.starts_on is None or pr.starts_on <= END)
        and (pr.ends_on is None or pr.ends_on >= START)
    ]
    assert f["projects_total"] == len(projects) == 1
    labels = dict(Method.choices)
    methods = {}
    for pr in projects:
        for m in set(pr.methods):
            methods[labels[m]] = methods.get(labels[m], 0) + 1
    assert {r["label"]: r["count"] for r in f["projects_by_method"]} == methods
    assert methods == {labels["co_production"]: 1, labels["consultation"]: 1}
    assert f["projects_by_rung"] == [{"label": "3. Consulted", "count": 1}]


def test_money_matches_raw_rows(data):
    org = data
    f = figures_for(org)["money"]
    paid = [
        pay
        for pay in Payment.unscoped.filter(organisation=org)
        if pay.status == "paid" and in_period(pay.paid_on)
    ]
    involvement = sum(pay.amount for pay in paid if pay.kind == "involvement")
    expenses = sum(pay.amount for pay in paid if pay.kind == "expenses")
    assert Decimal(f["involvement_paid"]) == involvement == Decimal("65.50")
    assert Decimal(f["expenses_paid"]) == expenses == Decimal("19.30")
    people = {pay.participant_id for pay in paid}
    assert f["people_paid"] == {"value": len(people), "hidden": "primary"}  # 4 < 5
    within = 0
    claims = [pay for pay in paid if pay.claim_id]
    for pay in claims:
        made = local_day(pay.claim.submitted_at, org)
        within += (pay.paid_on - made).days <= org.expense_target_days
    assert f["claims_paid"] == len(claims) == 2
    assert f["claims_within_target"] == within == 1
    assert f["expense_share_within_target"] == 50.0


def test_voice_matches_raw_rows(data):
    org = data
    f = figures_for(org)["voice"]
    received = [
        c for c in Contribution.unscoped.filter(organisation=org) if in_period(c.received_on)
    ]
    assert f["contributions_received"] == len(received) == 2
    actions = [a for a in Action.unscoped.filter(organisation=org) if in_period(a.decided_on)]
    by_response = {}
    by_change = {}
    for a in actions:
        by_response[a.response] = by_response.get(a.response, 0) + 1
        by_change[a.change_kind] = by_change.get(a.change_kind, 0) + 1
    assert {r["key"]: r["count"] for r in f["actions_by_response"] if r["count"]} == by_response
    assert {r["key"]: r["count"] for r in f["actions_by_change"]} == by_change
    assert f["actions_total"] == len(actions) == 3
    assert f["examples"] and f["examples"][0]["we_did"] == "We changed the time"
    assert f["examples"][0]["you_said"] == f"Idea {START}"
    target = org.feedback_target_days
    closed = within = due = 0
    for c in received:
        done = c.loop_closed_at is not None and local_day(c.loop_closed_at, org) <= TODAY
        closed += done
        within += done and (local_day(c.loop_closed_at, org) - c.received_on).days <= target
        due += done or c.received_on + dt.timedelta(days=target) <= TODAY
    assert f["loop"] == {
        "received": len(received),
        "closed": closed,
        "closed_within_target": within,
        "due": due,
        "open": len(received) - closed,
        "share_within_target": round(100 * within / due, 1),
    }
    assert (closed, within, due) == (1, 1, 1)


def test_outcomes_people_once_per_kind_with_primary_and_secondary_suppression(data):
    org = data
    f = figures_for(org)["outcomes"]
    people_by_kind: dict[str, set] = {}
    for o in PersonOutcome.unscoped.filter(organisation=org):
        if o.person_agreed and in_period(o.achieved_on):
            people_by_kind.setdefault(o.kind, set()).add(o.participant_id)
    cells = {r["key"]: r["people"] for r in f["by_kind"]}
    for kind, people in people_by_kind.items():
        assert cells[kind]["value"] == len(people)
    assert cells["education"]["value"] == 6  # one person twice, counted once
    assert cells["paid_work"] == {"value": 2, "hidden": "primary"}  # the one not agreed left out
    # Only one part hidden beside a published total: the next smallest is hidden too.
    assert cells["confidence"] == {"value": 5, "hidden": "secondary"}
    assert cells["education"]["hidden"] == ""
    assert f["total"] == {"value": 13, "hidden": ""}
    # Confidence's count is hidden, so its rating is hidden too (its "People" would give it away).
    ratings = {r["kind"]: r for r in f["ratings"]}
    assert ratings["confidence"]["n"]["hidden"]
    assert ratings["confidence"]["average_change"] is None


def test_impact_matches_raw_rows(data):
    org = data
    f = figures_for(org)["impact"]
    records = [
        r for r in ImpactRecord.unscoped.filter(organisation=org) if in_period(r.happened_on)
    ]
    assert f["total"] == len(records) == 1
    assert f["records"][0]["title"] == "Grant"
    assert Decimal(f["funding_total"]) == Decimal("5000.00")


def test_equality_counts_shares_suppression_and_seldom_heard(data):
    org = data
    f = figures_for(org)["equality"]
    involved = {inv.participant_id for inv in involved_rows(org)}
    records = {r.participant_id: r for r in EqualityRecord.unscoped.filter(organisation=org)}
    assert f["baseline_year"] == 2026
    for q in f["questions"]:
        key = q["key"]
        expected = {code: 0 for code, _ in QUESTIONS[key][1]}
        expected["not_asked"] = 0
        for pid in involved:
            answer = getattr(records[pid], key, "") if pid in records else ""
            expected[answer or "not_asked"] += 1
        assert {r["code"]: r["involved"]["value"] for r in q["rows"]} == expected
        assert q["involved_total"]["value"] == len(involved)
    sex = {r["code"]: r for r in next(q for q in f["questions"] if q["key"] == "sex")["rows"]}
    # Involved: 8 women (p0–p7; p8 did not come), 2 men (p9, p10), 1 prefers not, 1 not asked.
    assert sex["female"]["involved"] == {"value": 8, "hidden": ""}
    assert sex["male"]["involved"] == {"value": 2, "hidden": "primary"}
    assert sex["prefer_not"]["involved"]["hidden"] == "primary"
    assert sex["not_asked"]["involved"]["hidden"] == "primary"
    assert sex["male"]["involved_share"] is None and not sex["male"]["seldom_heard"]
    assert not sex["prefer_not"]["seldom_heard"] and sex["prefer_not"]["separate"]
    eth = {r["code"]: r for r in next(q for q in f["questions"] if q["key"] == "ethnicity")["rows"]}
    # Involved who answered: 7 white, 3 black (hidden).
    assert eth["white"]["involved"]["value"] == 7
    assert eth["black"]["involved"]["hidden"] == "primary"
    assert eth["asian"]["baseline"] == {"value": 3, "hidden": "primary"}
    # Baseline: Asian 3 hidden, so the next smallest published part (black 30) is hidden too.
    assert eth["black"]["baseline"]["hidden"] == "secondary"
    # A share would give away how many answered, and so the hidden counts: none are published.
    assert all(r["involved_share"] is None and r["baseline_share"] is None for r in eth.values())
    assert not any(r["seldom_heard"] for r in eth.values())


def test_shares_are_of_those_who_answered(world):
    org = world.org_a
    people = [person(org, ethnicity="white") for _ in range(6)]
    people += [person(org, ethnicity="asian") for _ in range(6)]
    people += [person(org, ethnicity="prefer_not") for _ in range(2)] + [person(org)]
    event_with(org, dt.date(2026, 5, 1), attended=people)
    for answer, count in (("white", 60), ("asian", 20), ("black", 20)):
        EqualityBaseline.unscoped.create(
            organisation=org, year=2025, question="ethnicity", answer=answer, count=count
        )
    f = figures_for(org)["equality"]
    assert f["baseline_year"] == 2025  # the latest before the period's year
    eth = {r["code"]: r for r in next(q for q in f["questions"] if q["key"] == "ethnicity")["rows"]}
    answered = 0
    for record in EqualityRecord.unscoped.filter(organisation=org):
        answered += record.ethnicity not in ("", "prefer_not")
    assert eth["white"]["involved_share"] == round(100 * 6 / answered, 1) == 50.0
    assert eth["white"]["baseline_share"] == 60.0
    assert eth["white"]["seldom_heard"] is False  # 50 >= 48
    assert eth["black"]["involved_share"] == 0.0 and eth["black"]["seldom_heard"] is True
    assert eth["prefer_not"]["involved_share"] is None and not eth["prefer_not"]["seldom_heard"]
    assert eth["not_asked"]["involved"] == {"value": 1, "hidden": "primary"}


def test_seldom_heard_is_flagged(world):
    org = world.org_a
    women = [person(org, sex="female") for _ in range(20)]
    men = [person(org, sex="male") for _ in range(5)]
    event_with(org, dt.date(2026, 5, 1), attended=women + men)
    EqualityBaseline.unscoped.create(
        organisation=org, year=2026, question="sex", answer="female", count=50
    )
    EqualityBaseline.unscoped.create(
        organisation=org, year=2026, question="sex", answer="male", count=50
    )
    f = figures_for(org)["equality"]
    sex = {r["code"]: r for r in next(q for q in f["questions"] if q["key"] == "sex")["rows"]}
    assert sex["male"]["involved_share"] == 20.0 and sex["male"]["baseline_share"] == 50.0
    assert sex["male"]["seldom_heard"] is True
    assert sex["female"]["seldom_heard"] is False


def test_audiences_get_their_sections(data):
    participants = figures_for(data, "participants")
    assert "money" not in participants and "equality" not in participants
    partners = figures_for(data, "partners")
    assert set(partners["sections"]) == {"activity", "voice", "impact"}


def test_figures_are_json(data):
    import json

    json.dumps(figures_for(data, "funder"))


def _queries(org) -> int:
    with scope(organisation=org), CaptureQueriesContext(connection) as ctx:
        build_figures(org, audience="funder", start=START, end=END, today=TODAY)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(world):
    org = world.org_a
    one = person(org, sex="female")
    event_with(org, dt.date(2026, 5, 1), attended=[one])
    few = _queries(org)
    for i in range(29):
        crowd = [person(org, sex="male") for _ in range(3)]
        event_with(
            org,
            dt.date(2026, 5, 2) + dt.timedelta(days=i),
            attended=crowd,
            kind="workshop" if i % 2 else "forum",
        )
    assert _queries(org) == few


def test_survey_change_matches_raw_answers(world):
    pytest.importorskip("withus.surveys.analysis")
    from withus.surveys.models import Answer, Question, Response, Survey

    org = world.org_a
    before = Survey.unscoped.create(organisation=org, title="Start", kind="before")
    after = Survey.unscoped.create(
        organisation=org, title="End", kind="after", before=before, closes_on=END
    )
    Survey.unscoped.create(  # closes after the period: not in this report
        organisation=org, title="Later", kind="after", closes_on=END + dt.timedelta(days=1)
    )
    questions = {
        s.pk: Question.unscoped.create(
            organisation=org,
            survey=s,
            text="How confident do you feel?",
            kind="scale",
            pair_key="confidence",
        )
        for s in (before, after)
    }
    pairs = [(1, 3), (2, 2), (3, 5), (2, 4), (4, 3), (1, 2)]
    for n, (b, a) in enumerate(pairs):
        for survey, number in ((before, b), (after, a)):
            response = Response.unscoped.create(
                organisation=org, survey=survey, respondent_key=f"k{n}", source="paper"
            )
            Answer.unscoped.create(
                organisation=org, response=response, question=questions[survey.pk], number=number
            )
    f = figures_for(org)["surveys"]
    assert [s["title"] for s in f["surveys"]] == ["End"]
    (q,) = f["surveys"][0]["questions"]
    changes = [a - b for b, a in pairs]
    assert q["n"] == {"value": len(pairs), "hidden": ""}
    assert q["mean_before"] == round(sum(b for b, _ in pairs) / len(pairs), 2)
    assert q["mean_after"] == round(sum(a for _, a in pairs) / len(pairs), 2)
    assert q["mean_change"] == round(sum(changes) / len(changes), 2)
    improved = 100 * sum(1 for c in changes if c > 0) / len(changes)
    assert q["share_improved"] == pytest.approx(improved, abs=0.1)


def test_you_said_examples_only_quote_what_people_agreed_to(world):
    org = world.org_a
    private = Contribution.unscoped.create(
        organisation=org, text="My name is Jo and my landlord", received_on=START, quote="no"
    )
    action = Action.unscoped.create(
        organisation=org,
        response="accepted",
        we_did="We spoke to the council",
        decided_on=START,
    )
    action.contributions.add(private)
    voice = figures_for(org)["voice"]
    assert voice["examples"] == []
    assert "landlord" not in str(figures_for(org, "participants"))

"""Funnels: fixed-time tables for the arithmetic, and a generated pipeline whose numbers must
equal counts made independently in the test from the Candidate and StageChange rows."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from withus.people import services as people_services
from withus.recruitment import funnel as f
from withus.recruitment.models import (
    PIPELINE,
    Candidate,
    Channel,
    RoleDescription,
    Stage,
    StageChange,
)
from withus.recruitment.services_pipeline import (
    candidate_add,
    candidate_move,
    opportunity_create,
    stage_options,
)

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def at(days: float) -> dt.datetime:
    return T0 + dt.timedelta(days=days)


def change(candidate: int, stage: str, days: float, order: int = 0) -> f.ChangeFact:
    return f.ChangeFact(candidate, stage, at(days), order)


def test_empty_funnel():
    funnel = f.build_funnel([], now=at(10))
    assert funnel.candidates == 0
    assert [row.reached for row in funnel.stages] == [0, 0, 0, 0]
    assert all(row.conversion is None for row in funnel.stages)
    assert all(row.average_days is None for row in funnel.stages)
    assert funnel.overall_conversion is None
    assert (funnel.declined, funnel.withdrawn, funnel.active) == (0, 0, 0)


def test_fixed_times():
    changes = [
        # 1: enquiry 2 days, info session 3 days, terms agreed 5 days, active since day 10
        change(1, Stage.ENQUIRY, 0),
        change(1, Stage.INFO_SESSION, 2),
        change(1, Stage.TERMS_AGREED, 5),
        change(1, Stage.ACTIVE, 10),
        # 2: enquiry 4 days, info session 1 day, then withdrew
        change(2, Stage.ENQUIRY, 1),
        change(2, Stage.INFO_SESSION, 5),
        change(2, Stage.WITHDRAWN, 6),
        # 3: enquiry since day 14 (still there at day 20: 6 days so far)
        change(3, Stage.ENQUIRY, 14),
        # 4: enquiry 1 day then declined
        change(4, Stage.ENQUIRY, 0),
        change(4, Stage.DECLINED, 1),
    ]
    funnel = f.build_funnel(reversed(changes), now=at(20))  # input order does not matter
    rows = {row.stage: row for row in funnel.stages}
    assert funnel.candidates == 4
    assert [rows[s].reached for s in PIPELINE] == [4, 2, 1, 1]
    assert rows[Stage.ENQUIRY].conversion is None
    assert rows[Stage.INFO_SESSION].conversion == pytest.approx(50.0)
    assert rows[Stage.TERMS_AGREED].conversion == pytest.approx(50.0)
    assert rows[Stage.ACTIVE].conversion == pytest.approx(100.0)
    assert funnel.overall_conversion == pytest.approx(25.0)
    assert rows[Stage.ENQUIRY].average_days == pytest.approx((2 + 4 + 6 + 1) / 4)
    assert rows[Stage.INFO_SESSION].average_days == pytest.approx((3 + 1) / 2)
    assert rows[Stage.TERMS_AGREED].average_days == pytest.approx(5)
    assert rows[Stage.ACTIVE].average_days == pytest.approx(10)  # day 10 to now (day 20)
    assert (funnel.declined, funnel.withdrawn) == (1, 1)


def test_skipped_stages_count_as_passed_and_conversion_never_exceeds_100():
    funnel = f.build_funnel(
        [change(1, Stage.ENQUIRY, 0), change(1, Stage.TERMS_AGREED, 1)], now=at(3)
    )
    assert [row.reached for row in funnel.stages] == [1, 1, 1, 0]
    rows = {row.stage: row for row in funnel.stages}
    assert rows[Stage.INFO_SESSION].average_days is None  # nobody sat at it
    assert rows[Stage.TERMS_AGREED].average_days == pytest.approx(2)
    assert rows[Stage.ACTIVE].conversion == 0


def test_conversion_is_none_when_the_stage_before_is_empty():
    funnel = f.build_funnel([change(1, Stage.ENQUIRY, 0)], now=at(1))
    rows = {row.stage: row for row in funnel.stages}
    assert rows[Stage.INFO_SESSION].conversion == 0
    assert rows[Stage.TERMS_AGREED].conversion is None
    assert rows[Stage.ACTIVE].conversion is None


def test_picking_up_again_adds_up_time_and_counts_once():
    changes = [
        change(1, Stage.ENQUIRY, 0),
        change(1, Stage.INFO_SESSION, 1),
        change(1, Stage.WITHDRAWN, 3),
        change(1, Stage.INFO_SESSION, 13),  # came back after 10 days
        change(1, Stage.ACTIVE, 14),
    ]
    funnel = f.build_funnel(changes, now=at(15))
    rows = {row.stage: row for row in funnel.stages}
    assert [row.reached for row in funnel.stages] == [1, 1, 1, 1]
    assert rows[Stage.INFO_SESSION].average_days == pytest.approx(2 + 1)
    assert funnel.withdrawn == 1


def test_same_moment_changes_use_the_row_order():
    changes = [
        change(1, Stage.INFO_SESSION, 0, order=2),
        change(1, Stage.ENQUIRY, 0, order=1),
    ]
    funnel = f.build_funnel(changes, now=at(1))
    rows = {row.stage: row for row in funnel.stages}
    assert rows[Stage.ENQUIRY].average_days == 0
    assert rows[Stage.INFO_SESSION].average_days == pytest.approx(1)


# --- a generated pipeline, checked against independent counts --------------------------------


@pytest.fixture
def generated(world):
    """Three opportunities, 60 candidates through every channel, random seeded moves, then
    every stage change given a fixed, known time."""
    rnd = random.Random(2016)
    with scope(organisation=world.org_a):
        role = RoleDescription.objects.create(
            organisation=world.org_a, title="Peer researcher", summary="Research"
        )
        opportunities = [
            opportunity_create(
                organisation=world.org_a, role=role, title=f"Opportunity {i}", actor=world.alice
            )
            for i in range(3)
        ]
        for i in range(60):
            candidate = candidate_add(
                opportunity=opportunities[i % 3],
                channel=rnd.choice(Channel.values),
                new_person={"preferred_name": f"Person {i}", "phone": "07700 900000"},
                actor=world.alice,
            )
            for _ in range(rnd.randint(0, 4)):
                options = stage_options(candidate)
                if not options or rnd.random() < 0.2:
                    break
                to = rnd.choice(options)
                candidate_move(
                    candidate=candidate,
                    to_stage=to,
                    reason="Not for now" if to in (Stage.DECLINED, Stage.WITHDRAWN) else "",
                    actor=world.alice,
                )
        # Known times: each candidate starts on its own day, each later change some hours on.
        changes = list(StageChange.objects.order_by("candidate_id", "changed_at", "id"))
        clock: dict[int, dt.datetime] = {}
        for row in changes:
            start = clock.get(row.candidate_id)
            row.changed_at = (
                at(row.candidate_id % 17)
                if start is None
                else start + dt.timedelta(hours=rnd.randint(1, 24 * 20))
            )
            clock[row.candidate_id] = row.changed_at
        StageChange.objects.bulk_update(changes, ["changed_at"])
    return {"opportunities": opportunities, "now": at(120)}


def _independent(candidates, now):
    """Counts made directly from rows, one candidate at a time, without funnel.py."""
    reached = dict.fromkeys(PIPELINE, 0)
    declined = withdrawn = 0
    days: dict[str, list[float]] = defaultdict(list)
    for candidate in candidates:
        rows = list(candidate.changes.order_by("changed_at", "id"))
        targets = [row.to_stage for row in rows]
        for i, stage in enumerate(PIPELINE):
            if any(t in PIPELINE[i:] for t in targets):
                reached[stage] += 1
        declined += Stage.DECLINED in targets
        withdrawn += Stage.WITHDRAWN in targets
        spent: dict[str, float] = defaultdict(float)
        for i, row in enumerate(rows):
            end = rows[i + 1].changed_at if i + 1 < len(rows) else now
            spent[row.to_stage] += (end - row.changed_at) / dt.timedelta(days=1)
        for stage, total in spent.items():
            days[stage].append(total)
    return reached, declined, withdrawn, days


def _check(funnel, candidates, now):
    reached, declined, withdrawn, days = _independent(candidates, now)
    assert funnel.candidates == len(candidates)
    assert {row.stage: row.reached for row in funnel.stages} == reached
    assert (funnel.declined, funnel.withdrawn) == (declined, withdrawn)
    previous = None
    for row in funnel.stages:
        if previous is None or reached[previous] == 0:
            assert row.conversion is None
        else:
            assert row.conversion == pytest.approx(100 * reached[row.stage] / reached[previous])
        stays = days.get(row.stage)
        if stays:
            assert row.average_days == pytest.approx(sum(stays) / len(stays))
        else:
            assert row.average_days is None
        previous = row.stage


def test_opportunity_funnels_equal_independent_counts(world, generated):
    now = generated["now"]
    with scope(organisation=world.org_a):
        for opportunity in generated["opportunities"]:
            with CaptureQueriesContext(connection) as queries:
                funnel = f.opportunity_funnel(opportunity, now=now)
            assert len(queries) == 1
            _check(funnel, list(Candidate.objects.filter(opportunity=opportunity)), now)
        # The pipeline really is non-trivial.
        everyone = f.channel_funnels(now=now).overall
        assert everyone.candidates == 60
        assert all(row.reached > 0 for row in everyone.stages)
        assert everyone.declined > 0 and everyone.withdrawn > 0


def test_channel_funnels_equal_independent_counts(world, generated):
    now = generated["now"]
    with scope(organisation=world.org_a):
        with CaptureQueriesContext(connection) as queries:
            funnels = f.channel_funnels(now=now)
        assert len(queries) == 1
        _check(funnels.overall, list(Candidate.objects.all()), now)
        seen = []
        for channel, funnel in funnels.by_channel:
            seen.append(channel)
            assert funnel.label == Channel(channel).label
            _check(funnel, list(Candidate.objects.filter(channel=channel)), now)
        used = set(Candidate.objects.values_list("channel", flat=True))
        assert seen == [ch for ch in Channel.values if ch in used]  # in Channel order
        assert sum(fn.candidates for _, fn in funnels.by_channel) == 60

        one = generated["opportunities"][0]
        per_opportunity = f.channel_funnels(opportunity=one, now=now)
        _check(per_opportunity.overall, list(Candidate.objects.filter(opportunity=one)), now)


def test_funnels_only_count_the_organisations_own_rows(world, generated):
    with scope(organisation=world.org_b):
        role = RoleDescription.objects.create(organisation=world.org_b, title="R", summary="S")
        other = opportunity_create(organisation=world.org_b, role=role, actor=world.charlie)
        person = people_services.participant_create(
            organisation=world.org_b, data={"preferred_name": "B"}, actor=world.charlie
        )
        candidate_add(opportunity=other, channel="poster", participant=person, actor=world.charlie)
        assert f.channel_funnels().overall.candidates == 1
    with scope(organisation=world.org_a):
        assert f.channel_funnels().overall.candidates == 60

"""Outcomes: nothing published in the section gives a hidden count of people away, and only
confidence and skills count as self-ratings (a person once per kind)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django_scopes import scope

from tests.reports.builders import person
from withus.reports.figures import build_figures
from withus.voice.models import PersonOutcome

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
DAY = dt.date(2026, 5, 1)


def outcome(org, who, kind, before=None, after=None, day=DAY):
    PersonOutcome.unscoped.create(
        organisation=org,
        participant=who,
        kind=kind,
        achieved_on=day,
        person_agreed=True,
        rating_before=before,
        rating_after=after,
    )


def make(org, education, confidence, paid_work):
    people = [person(org) for _ in range(education + confidence + paid_work)]
    it = iter(people)
    for _ in range(education):
        outcome(org, next(it), "education")
    rated = [next(it) for _ in range(confidence)]
    for i, who in enumerate(rated):
        outcome(org, who, "confidence", 2, 3 + i % 2)
    # The first person rated twice: counted once, with their latest rating (2 -> 5).
    outcome(org, rated[0], "confidence", 2, 5, day=DAY + dt.timedelta(days=1))
    for _ in range(paid_work):
        # Stray ratings on a kind that is not a rating: never averaged.
        outcome(org, next(it), "paid_work", 1, 5)
    return rated


def outcomes(org):
    with scope(organisation=org):
        return build_figures(org, audience="trustees", start=START, end=END)["outcomes"]


def feasible(section, threshold):
    """Every set of values for the hidden people-counts consistent with what is published.

    A reader is assumed to take a published rating "People" as the number with that outcome."""
    cells = {r["key"]: r["people"] for r in section["by_kind"]}
    hidden = [k for k, c in cells.items() if c["hidden"]]
    total = section["total"]
    assert not total["hidden"]
    known = sum(c["value"] for c in cells.values() if not c["hidden"])
    rating_n = {r["kind"]: r["n"] for r in section["ratings"] if not r["n"]["hidden"]}
    ranges = {
        k: range(1, threshold) if cells[k]["hidden"] == "primary" else range(total["value"] + 1)
        for k in hidden
    }
    options = []
    for values in itertools.product(*(ranges[k] for k in hidden)):
        guess = dict(zip(hidden, values, strict=True))
        if known + sum(values) != total["value"]:
            continue
        if any(k in rating_n and rating_n[k]["value"] != v for k, v in guess.items()):
            continue
        options.append(guess)
    return hidden, options


def test_no_hidden_outcome_count_can_be_worked_out(world):
    org = world.org_a
    make(org, education=2, confidence=6, paid_work=10)
    section = outcomes(org)
    cells = {r["key"]: r["people"] for r in section["by_kind"]}
    assert cells["education"] == {"value": 2, "hidden": "primary"}
    assert cells["confidence"] == {"value": 6, "hidden": "secondary"}
    assert section["total"] == {"value": 18, "hidden": ""}
    hidden, options = feasible(section, org.small_number_threshold)
    assert hidden
    for kind in hidden:
        assert len({o[kind] for o in options}) > 1, f"{kind} can be worked out"
    ratings = {r["kind"]: r for r in section["ratings"]}
    assert ratings["confidence"]["n"]["hidden"]
    assert ratings["confidence"]["average_change"] is None
    assert "paid_work" not in ratings


def test_shown_rating_counts_people_once_and_only_rating_kinds(world):
    org = world.org_a
    rated = make(org, education=6, confidence=6, paid_work=10)
    section = outcomes(org)
    ratings = {r["kind"]: r for r in section["ratings"]}
    assert set(ratings) == {"confidence"}  # paid work's stray ratings left out
    assert ratings["confidence"]["n"] == {"value": len(rated), "hidden": ""}
    changes = [1 + i % 2 for i in range(len(rated))]
    changes[0] = 3  # the latest rating for the person rated twice
    assert ratings["confidence"]["average_change"] == round(sum(changes) / len(changes), 2)


@pytest.mark.parametrize("threshold", [5, 10])
def test_small_rating_group_hides_its_average(world, threshold):
    org = world.org_a
    org.small_number_threshold = threshold
    org.save(update_fields=["small_number_threshold"])
    make(org, education=12, confidence=6, paid_work=12)
    ratings = {r["kind"]: r for r in outcomes(org)["ratings"]}
    if threshold == 5:
        assert ratings["confidence"]["average_change"] is not None
    else:
        assert ratings["confidence"]["n"]["hidden"]
        assert ratings["confidence"]["average_change"] is None

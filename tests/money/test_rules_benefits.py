"""Benefits awareness: totals over Monday-to-Sunday weeks and Universal Credit's monthly
assessment periods (starting on day 1, 15 or 31, short months included), reversals, limits by
date, what the findings say, and PIP/DLA never flagged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.checks import Severity
from withus.money.rules.benefits import (
    BenefitsFacts,
    Counted,
    Limit,
    assessment_period,
    benefits_findings,
    total_in,
    week_containing,
)
from withus.pages.templatetags.withus_format import nice_date

D = Decimal
d = dt.date


@pytest.mark.parametrize(
    "day, monday, sunday",
    [
        (d(2026, 5, 6), d(2026, 5, 4), d(2026, 5, 10)),  # a Wednesday
        (d(2026, 5, 4), d(2026, 5, 4), d(2026, 5, 10)),  # Monday
        (d(2026, 5, 10), d(2026, 5, 4), d(2026, 5, 10)),  # Sunday
        (d(2026, 1, 1), d(2025, 12, 29), d(2026, 1, 4)),  # across the new year
    ],
)
def test_weeks_run_monday_to_sunday(day, monday, sunday):
    assert week_containing(day) == (monday, sunday)


@pytest.mark.parametrize(
    "day, start_day, start, end",
    [
        (d(2026, 5, 6), 1, d(2026, 5, 1), d(2026, 5, 31)),
        (d(2026, 5, 6), None, d(2026, 5, 1), d(2026, 5, 31)),  # unknown: calendar month
        (d(2026, 2, 28), 1, d(2026, 2, 1), d(2026, 2, 28)),
        (d(2026, 5, 14), 15, d(2026, 4, 15), d(2026, 5, 14)),
        (d(2026, 5, 15), 15, d(2026, 5, 15), d(2026, 6, 14)),
        (d(2026, 1, 10), 15, d(2025, 12, 15), d(2026, 1, 14)),  # across the new year
        (d(2026, 2, 15), 31, d(2026, 1, 31), d(2026, 2, 27)),  # February is short
        (d(2026, 2, 28), 31, d(2026, 2, 28), d(2026, 3, 30)),
        (d(2026, 3, 30), 31, d(2026, 2, 28), d(2026, 3, 30)),
        (d(2026, 3, 31), 31, d(2026, 3, 31), d(2026, 4, 29)),
        (d(2026, 4, 30), 31, d(2026, 4, 30), d(2026, 5, 30)),  # April has 30 days
        (d(2025, 12, 31), 31, d(2025, 12, 31), d(2026, 1, 30)),
        (d(2024, 2, 29), 31, d(2024, 2, 29), d(2024, 3, 30)),  # leap year
        (d(2024, 2, 28), 30, d(2024, 1, 30), d(2024, 2, 28)),
        (d(2024, 2, 29), 30, d(2024, 2, 29), d(2024, 3, 29)),
    ],
)
def test_uc_assessment_periods(day, start_day, start, end):
    assert assessment_period(day, start_day) == (start, end)


@given(
    day=st.dates(min_value=d(2020, 1, 1), max_value=d(2030, 12, 31)),
    start_day=st.integers(min_value=1, max_value=31),
)
def test_assessment_periods_cover_every_day_once(day, start_day):
    start, end = assessment_period(day, start_day)
    assert start <= day <= end
    assert 28 <= (end - start).days + 1 <= 31
    # The next period starts the day after this one ends, and the one before ends the day before.
    assert assessment_period(end + dt.timedelta(days=1), start_day)[0] == end + dt.timedelta(days=1)
    assert assessment_period(start - dt.timedelta(days=1), start_day)[1] == start - dt.timedelta(
        days=1
    )


UC_2025 = [
    Limit("uc", "UC work allowance, with housing", "month", D("411"), d(2025, 4, 6), d(2026, 4, 5)),
    Limit("uc", "UC work allowance, no housing", "month", D("684"), d(2025, 4, 6), d(2026, 4, 5)),
]
ESA_LOWER = Limit("esa", "ESA permitted work, lower limit", "week", D("20"), d(2024, 4, 6))


def run(facts, day, amount, payments=(), limits=()):
    return benefits_findings(
        name="Jo", day=day, amount=D(amount), facts=facts, payments=list(payments), limits=limits
    )


def test_weekly_total_counts_only_the_week_of_the_payment():
    esa = BenefitsFacts(benefits=("esa",))
    payments = [
        Counted(d(2026, 5, 3), D("50")),  # Sunday of the week before
        Counted(d(2026, 5, 4), D("10")),  # Monday
        Counted(d(2026, 5, 10), D("5")),  # Sunday
        Counted(d(2026, 5, 11), D("50")),  # Monday of the week after
    ]
    (within,) = run(esa, d(2026, 5, 6), "5", payments, [ESA_LOWER])
    assert within.severity == Severity.INFO
    assert "Monday 4 May 2026 to Sunday 10 May 2026 come to £20.00" in within.message
    (above,) = run(esa, d(2026, 5, 6), "5.01", payments, [ESA_LOWER])
    assert above.severity == Severity.WARNING
    assert "come to £20.01" in above.message
    assert "above the limit for ESA permitted work, lower limit (£20.00 a week)" in above.message


@pytest.mark.parametrize(
    "start_day, day, counted_days",
    [
        # assessment day 15: 15 May to 14 June
        (15, d(2025, 5, 20), [d(2025, 5, 14), d(2025, 5, 15), d(2025, 6, 14), d(2025, 6, 15)]),
        # assessment day 1: calendar month
        (1, d(2025, 5, 20), [d(2025, 4, 30), d(2025, 5, 1), d(2025, 5, 31), d(2025, 6, 1)]),
        # assessment day 31 in February: 31 January to 27 February
        (31, d(2026, 2, 10), [d(2026, 1, 30), d(2026, 1, 31), d(2026, 2, 27), d(2026, 2, 28)]),
        # assessment day 31 in April (30 days): 31 March to 29 April
        (31, d(2025, 4, 10), [d(2025, 3, 30), d(2025, 3, 31), d(2025, 4, 29), d(2025, 4, 30)]),
    ],
)
def test_uc_total_is_over_the_assessment_period(start_day, day, counted_days):
    """The first and last counted days fall just outside the period, the middle two inside."""
    facts = BenefitsFacts(benefits=("uc",), uc_assessment_day=start_day)
    payments = [Counted(day_, D("150")) for day_ in counted_days]
    start, end = counted_days[1], counted_days[2]
    (finding,) = run(facts, day, "150", payments, UC_2025)
    assert finding.severity == Severity.WARNING  # £450 is above £411
    assert (
        f"Universal Credit assessment period from {nice_date(start)} to {nice_date(end)} "
        "come to £450.00, including this one." in finding.message
    )
    (within,) = run(facts, day, "111", payments, UC_2025)  # £411 exactly
    assert within.severity == Severity.INFO


def test_uc_warning_names_the_limit_it_is_above_and_the_one_it_is_within():
    facts = BenefitsFacts(benefits=("uc",), uc_assessment_day=15)
    (finding,) = run(facts, d(2025, 5, 20), "450", [], UC_2025)
    assert finding.severity == Severity.WARNING
    assert (
        "above the limit for UC work allowance, with housing (£411.00 a month)" in finding.message
    )
    assert "within the limit for UC work allowance, no housing (£684.00 a month)" in finding.message
    assert "Tell Jo the total in advance" in finding.advice
    assert "work allowance applies only to people responsible for a child" in finding.advice
    (exactly,) = run(facts, d(2025, 5, 20), "411", [], UC_2025)
    assert exactly.severity == Severity.INFO  # up to the limit is within it


def test_calendar_months_are_used_when_the_assessment_day_is_unknown_and_it_says_so():
    facts = BenefitsFacts(benefits=("uc",))
    (finding,) = run(facts, d(2025, 5, 20), "450", [Counted(d(2025, 4, 30), D("100"))], UC_2025)
    assert "calendar month from Thursday 1 May 2025 to Saturday 31 May 2025" in finding.message
    assert "come to £450.00" in finding.message
    assert "calendar months are used" in finding.advice


def test_reversals_subtract():
    facts = BenefitsFacts(benefits=("uc",), uc_assessment_day=1)
    payments = [Counted(d(2025, 5, 2), D("300")), Counted(d(2025, 5, 3), D("-300"))]
    (finding,) = run(facts, d(2025, 5, 20), "200", payments, UC_2025)
    assert "come to £200.00" in finding.message
    assert finding.severity == Severity.INFO


def test_limits_only_count_on_the_dates_they_are_valid():
    facts = BenefitsFacts(benefits=("uc",))
    (finding,) = run(facts, d(2026, 4, 6), "900", [], UC_2025)  # after the 2025/26 row ends
    assert finding.severity == Severity.INFO
    assert "has not entered a limit for Universal Credit" in finding.message
    assert "come to £900.00" in finding.message
    (finding,) = run(facts, d(2026, 4, 5), "900", [], UC_2025)
    assert finding.severity == Severity.WARNING


def test_signposting_not_recorded_and_recorded():
    (missing,) = run(BenefitsFacts(benefits=("esa",)), d(2026, 5, 6), "30", [], [ESA_LOWER])
    assert "Signposting to independent benefits advice has not been recorded" in missing.advice
    facts = BenefitsFacts(
        benefits=("esa",), signposted_on=d(2026, 1, 12), signposted_to="Citizens Advice"
    )
    (done,) = run(facts, d(2026, 5, 6), "30", [], [ESA_LOWER])
    assert (
        "signposted to independent benefits advice (Citizens Advice) on Monday 12 January 2026"
        in done.advice
    )
    assert "not benefits advice" in done.advice


def test_pip_and_dla_are_not_means_tested():
    assert run(BenefitsFacts(benefits=("pip_dla",)), d(2026, 5, 6), "500") == []
    (only_esa,) = run(BenefitsFacts(benefits=("pip_dla", "esa")), d(2026, 5, 6), "5", [], [])
    assert "Employment and Support Allowance" in only_esa.message


def test_no_record_means_no_flag_and_other_benefits_are_named():
    assert run(None, d(2026, 5, 6), "500") == []
    facts = BenefitsFacts(benefits=("other",), other_benefit="Pension Credit")
    (finding,) = run(facts, d(2026, 5, 6), "5")
    assert "Jo gets Pension Credit" in finding.message


def test_one_finding_per_benefit():
    facts = BenefitsFacts(benefits=("esa", "housing_benefit", "esa"))
    found = run(facts, d(2026, 5, 6), "50", [], [ESA_LOWER])
    assert [f.severity for f in found] == [Severity.WARNING, Severity.INFO]


@given(
    amounts=st.lists(st.decimals(min_value=D("-100"), max_value=D("100"), places=2), max_size=20),
    offsets=st.lists(st.integers(min_value=-60, max_value=60), max_size=20),
)
def test_the_total_is_the_sum_of_what_falls_in_the_period(amounts, offsets):
    day = d(2025, 6, 18)
    payments = [
        Counted(day + dt.timedelta(days=o), a) for a, o in zip(amounts, offsets, strict=False)
    ]
    start, end = assessment_period(day, 15)
    inside = total_in(payments, start, end)
    before = total_in(payments, d(2000, 1, 1), start - dt.timedelta(days=1))
    after = total_in(payments, end + dt.timedelta(days=1), d(2100, 1, 1))
    assert inside + before + after == sum((p.amount for p in payments), D(0))


def test_several_limits_for_one_benefit_are_each_named():
    week = [
        Limit("housing_benefit", f"HB disregard, {who}", "week", D(amount), d(2025, 4, 6))
        for who, amount in [("single", 5), ("couple", 10), ("higher", 20), ("lone parent", 25)]
    ]
    (finding,) = run(BenefitsFacts(benefits=("housing_benefit",)), d(2025, 5, 20), "15", [], week)
    assert finding.severity == Severity.WARNING
    assert (
        "above the limits for HB disregard, single (£5.00 a week) and HB disregard, couple "
        "(£10.00 a week)." in finding.message
    )
    assert "within the limits for HB disregard, higher (£20.00 a week) and" in finding.message

"""Minimum wage rule: every change in the dated table (31 March against 1 April, and the
October 2016 change), every age-band boundary with the birthday on the day, what happens when
only an age band (or nothing) is recorded, and the hours the pay covers."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.checks import Severity
from withus.money.rules.wage import WageRate, band_for, minimum_wage, rates_on

D = Decimal
SEEDED = importlib.import_module("withus.money.migrations.0002_dated_tables_and_ledger_guard")


def _rates_from_migration() -> list[WageRate]:
    rows = []
    for day, nlw, min_age, young_adult, age_18_20, age_16_17, apprentice in SEEDED.WAGES:
        day = dt.date.fromisoformat(day)
        rows += [
            WageRate(day, "nlw", D(nlw), min_age),
            WageRate(day, "18_20", D(age_18_20)),
            WageRate(day, "16_17", D(age_16_17)),
            WageRate(day, "apprentice", D(apprentice)),
        ]
        if young_adult:
            rows.append(WageRate(day, "21_22", D(young_adult)))
    return rows


RATES = _rates_from_migration()

# DOMAIN.md, typed out again so a slip in the seeded table is caught:
# from, NLW, NLW starts at age, 21-22 band (21-24 before 2021; None once it is gone), 18-20, 16-17
TABLE = [
    ("2016-04-01", "7.20", 25, "6.70", "5.30", "3.87"),
    ("2016-10-01", "7.20", 25, "6.95", "5.55", "4.00"),
    ("2017-04-01", "7.50", 25, "7.05", "5.60", "4.05"),
    ("2018-04-01", "7.83", 25, "7.38", "5.90", "4.20"),
    ("2019-04-01", "8.21", 25, "7.70", "6.15", "4.35"),
    ("2020-04-01", "8.72", 25, "8.20", "6.45", "4.55"),
    ("2021-04-01", "8.91", 23, "8.36", "6.56", "4.62"),
    ("2022-04-01", "9.50", 23, "9.18", "6.83", "4.81"),
    ("2023-04-01", "10.42", 23, "10.18", "7.49", "5.28"),
    ("2024-04-01", "11.44", 21, None, "8.60", "6.40"),
    ("2025-04-01", "12.21", 21, None, "10.00", "7.55"),
    ("2026-04-01", "12.71", 21, None, "10.85", "8.00"),
]
CHANGES = [dt.date.fromisoformat(row[0]) for row in TABLE]


def _expected(day: dt.date) -> dict | None:
    current = None
    for start, nlw, min_age, young, age_18_20, age_16_17 in TABLE:
        if dt.date.fromisoformat(start) <= day:
            current = {
                "nlw": D(nlw),
                "min_age": min_age,
                "21_22": D(young) if young else None,
                "18_20": D(age_18_20),
                "16_17": D(age_16_17),
            }
    return current


def born(age: int, on: dt.date) -> dt.date:
    """A date of birth that makes someone exactly `age` on `on` (their birthday)."""
    return on.replace(year=on.year - age)


def check(amount, day, *, hours="1", dob=None, band="", hourly_rate=None):
    return minimum_wage(
        name="Jo",
        day=day,
        amount=D(amount),
        hours=D(hours) if hours is not None else None,
        hourly_rate=D(hourly_rate) if hourly_rate is not None else None,
        date_of_birth=dob,
        age_band=band,
        rates=RATES,
    )


def severities(findings) -> list[Severity]:
    return [f.severity for f in findings]


# --- the table: 31 March against 1 April (and 30 September against 1 October 2016) ------------


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_rates_in_force_on_the_day_of_a_change_and_the_day_before(change):
    before = change - dt.timedelta(days=1)
    for day in (before, change):
        expected = _expected(day)
        today = rates_on(RATES, day)
        if expected is None:
            assert "nlw" not in today
            continue
        assert today["nlw"].hourly == expected["nlw"]
        assert today["nlw"].nlw_min_age == expected["min_age"]
        assert today["18_20"].hourly == expected["18_20"]
        assert today["16_17"].hourly == expected["16_17"]
        if expected["21_22"] is not None:
            assert today["21_22"].hourly == expected["21_22"]


# Ages that sit in each band all through 2016-2026 (22 is in the 21-22 band until April 2024).
AGES = {"nlw": 40, "18_20": 19, "16_17": 16, "21_22": 22}


@pytest.mark.parametrize("change", CHANGES, ids=str)
@pytest.mark.parametrize("band", ["nlw", "21_22", "18_20", "16_17"])
def test_last_years_rate_is_enough_on_the_day_before_and_blocked_from_the_day_of_a_change(
    change, band
):
    before = change - dt.timedelta(days=1)
    age = AGES[band]
    old, new = _expected(before), _expected(change)
    new_rate = new[band] if new[band] is not None else new["nlw"]  # 22 is on the NLW from 2024
    # Exactly the rate, for 3 hours: never flagged.
    assert check(new_rate * 3, change, hours="3", dob=born(age, change)) == []
    below = check(new_rate * 3 - D("0.01"), change, hours="3", dob=born(age, change))
    assert severities(below) == [Severity.BLOCKING]
    assert f"£{new_rate} an hour" in below[0].message
    if old is None:
        assert severities(check("1", before, dob=born(age, before))) == [Severity.INFO]
        return
    old_rate = old[band] if old[band] is not None else old["nlw"]
    assert check(old_rate * 3, before, hours="3", dob=born(age, before)) == []
    on_the_day = check(old_rate * 3, change, hours="3", dob=born(age, change))
    if new_rate > old_rate:
        assert severities(on_the_day) == [Severity.BLOCKING]
    else:
        assert on_the_day == []  # October 2016: the NLW itself did not change


# --- age bands: the birthday on the day --------------------------------------------------------

BOUNDARIES = [
    # day, age on that day, the hourly rate that applies (None: under 16, no minimum wage)
    (dt.date(2025, 6, 10), 15, None),
    (dt.date(2025, 6, 10), 16, D("7.55")),
    (dt.date(2025, 6, 10), 17, D("7.55")),
    (dt.date(2025, 6, 10), 18, D("10.00")),
    (dt.date(2025, 6, 10), 20, D("10.00")),
    (dt.date(2025, 6, 10), 21, D("12.21")),
    (dt.date(2023, 6, 10), 20, D("7.49")),
    (dt.date(2023, 6, 10), 21, D("10.18")),
    (dt.date(2023, 6, 10), 22, D("10.18")),
    (dt.date(2023, 6, 10), 23, D("10.42")),
    (dt.date(2021, 4, 1), 22, D("8.36")),
    (dt.date(2021, 4, 1), 23, D("8.91")),
    (dt.date(2021, 3, 31), 23, D("8.20")),
    (dt.date(2021, 3, 31), 24, D("8.20")),
    (dt.date(2021, 3, 31), 25, D("8.72")),
    (dt.date(2020, 6, 10), 24, D("8.20")),
    (dt.date(2020, 6, 10), 25, D("8.72")),
    (dt.date(2024, 3, 31), 21, D("10.18")),
    (dt.date(2024, 3, 31), 22, D("10.18")),
    (dt.date(2024, 4, 1), 21, D("11.44")),
    (dt.date(2024, 4, 1), 22, D("11.44")),
    (dt.date(2016, 6, 10), 15, None),
    (dt.date(2016, 6, 10), 16, D("3.87")),
    (dt.date(2016, 6, 10), 17, D("3.87")),
    (dt.date(2016, 6, 10), 18, D("5.30")),
    (dt.date(2016, 6, 10), 20, D("5.30")),
    (dt.date(2016, 6, 10), 21, D("6.70")),
    (dt.date(2016, 6, 10), 24, D("6.70")),
    (dt.date(2016, 6, 10), 25, D("7.20")),
]


@pytest.mark.parametrize("day, age, rate", BOUNDARIES, ids=lambda v: str(v))
def test_age_band_boundaries_with_the_birthday_on_the_day(day, age, rate):
    dob = born(age, day)
    if rate is None:
        (finding,) = check("1", day, dob=dob)
        assert finding.severity == Severity.INFO
        assert "under 16" in finding.message
        return
    assert check(rate, day, dob=dob) == []
    (finding,) = check(rate - D("0.01"), day, dob=dob)
    assert finding.severity == Severity.BLOCKING
    assert f"They are {age} on that day." in finding.message
    # The day before the birthday they are a year younger: never a higher rate.
    younger = check(rate, day, dob=dob + dt.timedelta(days=1))
    assert all(f.severity == Severity.INFO for f in younger)


def test_a_birthday_on_29_february_counts_from_1_march_in_other_years():
    dob = dt.date(2008, 2, 29)
    assert check("7.55", dt.date(2026, 2, 28), dob=dob) == []  # still 17
    (finding,) = check("7.55", dt.date(2026, 3, 1), dob=dob)  # 18 now
    assert "They are 18" in finding.message


def test_the_band_below_the_nlw_is_read_from_the_rows():
    today = rates_on(RATES, dt.date(2022, 5, 1))
    comparison = band_for(day=dt.date(2022, 5, 1), today=today, date_of_birth=dt.date(2000, 1, 1))
    assert comparison.band == "21_22"  # 22 with the NLW from 23
    today = rates_on(RATES, dt.date(2024, 5, 1))
    comparison = band_for(day=dt.date(2024, 5, 1), today=today, date_of_birth=dt.date(2002, 1, 1))
    assert comparison.band == "nlw"  # 22 with the NLW from 21: the old band row is not used


# --- without a date of birth ---------------------------------------------------------------------


def test_only_21_or_over_recorded_before_april_2024_compares_with_the_lower_band_and_says_so():
    day = dt.date(2023, 6, 10)
    (blocked,) = check("10.17", day, band="21_plus")
    assert blocked.severity == Severity.BLOCKING
    assert "exact age is unknown" in blocked.message
    assert "the minimum wage for people aged 21 to 22, £10.18" in blocked.message
    (maybe,) = check("10.18", day, band="21_plus")
    assert maybe.severity == Severity.WARNING
    assert "If they are 23 or over, the National Living Wage applies" in maybe.message
    assert check("10.42", day, band="21_plus") == []


def test_only_21_or_over_before_2021_names_the_21_to_24_band():
    (finding,) = check("8.19", dt.date(2020, 6, 10), band="21_plus")
    assert "aged 21 to 24" in finding.message


def test_21_or_over_from_april_2024_is_the_nlw():
    assert check("11.44", dt.date(2024, 4, 1), band="21_plus") == []
    (finding,) = check("11.43", dt.date(2024, 4, 1), band="21_plus")
    assert finding.severity == Severity.BLOCKING
    assert "National Living Wage for people aged 21 and over" in finding.message


@pytest.mark.parametrize("band, rate", [("16_17", D("7.55")), ("18_20", D("10.00"))])
def test_a_young_age_band_compares_with_its_rate_and_notes_people_get_older(band, rate):
    day = dt.date(2025, 6, 10)
    assert severities(check(rate - D("0.01"), day, band=band)) == [Severity.BLOCKING]
    (note,) = check(rate, day, band=band)
    assert note.severity == Severity.INFO
    assert "Record their date of birth" in note.message
    assert check("12.21", day, band=band) == []


def test_under_16_band_means_no_minimum_wage():
    (finding,) = check("1", dt.date(2025, 6, 10), band="under_16")
    assert finding.severity == Severity.INFO


def test_nothing_recorded_assumes_the_nlw_and_says_so():
    (finding,) = check("12.20", dt.date(2025, 6, 10))
    assert finding.severity == Severity.BLOCKING
    assert "not recorded, so we compared with the National Living Wage" in finding.message
    assert check("12.21", dt.date(2025, 6, 10)) == []


def test_no_rates_before_the_table_starts():
    (finding,) = check("1", dt.date(2015, 6, 1), dob=dt.date(1980, 1, 1))
    assert finding.severity == Severity.INFO
    assert "No minimum wage rates are recorded" in finding.message


# --- hours ---------------------------------------------------------------------------------------


def test_a_session_must_meet_the_minimum_wage_for_the_hours_it_covers():
    day = dt.date(2025, 6, 10)
    adult = dt.date(1980, 1, 1)
    # £12.21 x 2.5 hours = £30.525: £30.52 is just under, £30.53 is enough.
    (finding,) = check("30.52", day, hours="2.5", dob=adult)
    assert finding.severity == Severity.BLOCKING
    assert "£30.52 for 2.5 hours" in finding.message
    assert "just under £12.21 an hour" in finding.message
    assert finding.advice.startswith("Pay at least £30.53 for 2.5 hours")
    assert "give a reason" in finding.advice
    assert check("30.53", day, hours="2.5", dob=adult) == []
    (cheap,) = check("20.00", day, hours="2.5", dob=adult)
    assert "£8.00 an hour" in cheap.message


def test_unknown_hours_ask_for_them():
    (finding,) = check("40", dt.date(2025, 6, 10), hours=None, dob=dt.date(1980, 1, 1))
    assert finding.severity == Severity.WARNING
    assert "Enter the hours" in finding.advice
    (zero,) = check("40", dt.date(2025, 6, 10), hours="0", dob=dt.date(1980, 1, 1))
    assert zero.severity == Severity.WARNING


def test_an_hourly_rate_is_compared_itself():
    day = dt.date(2025, 6, 10)
    (finding,) = check("0", day, hours=None, hourly_rate="12.20", dob=dt.date(1980, 1, 1))
    assert finding.severity == Severity.BLOCKING
    assert "The rate card pays Jo £12.20 an hour" in finding.message
    assert check("0", day, hours=None, hourly_rate="12.21", dob=dt.date(1980, 1, 1)) == []


# --- properties ----------------------------------------------------------------------------------

days = st.dates(min_value=dt.date(2016, 4, 1), max_value=dt.date(2027, 3, 31))
dobs = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2011, 1, 1))
hours = st.decimals(min_value=D("0.25"), max_value=D("12"), places=2)


@given(day=days, dob=dobs, hours=hours)
def test_paying_the_rate_for_every_hour_is_never_blocked(day, dob, hours):
    nlw = rates_on(RATES, day)["nlw"].hourly
    found = check(nlw * hours, day, hours=str(hours), dob=dob)
    assert all(f.severity != Severity.BLOCKING for f in found)


@given(
    day=days,
    dob=dobs,
    hours=hours,
    amount=st.decimals(min_value=D("0.01"), max_value=D("300"), places=2),
    less=st.decimals(min_value=D("0.01"), max_value=D("50"), places=2),
)
def test_paying_less_is_never_better(day, dob, hours, amount, less):
    def blocked(value):
        return any(
            f.severity == Severity.BLOCKING for f in check(value, day, hours=str(hours), dob=dob)
        )

    if blocked(amount):
        assert blocked(max(amount - less, D("0.01")))

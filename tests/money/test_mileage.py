"""Mileage at HMRC's rates: the 10,000-mile threshold crossed part-way through a journey, the
reset on 6 April, other vehicles, the person's earlier miles in the tax year, and properties
(more miles never pay less, never more than 45p a mile, splitting a journey changes nothing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.money.mileage import (
    MileageRateFacts,
    exact_amount,
    mileage_amount,
    miles_before,
    miles_this_tax_year,
    tax_year,
    tax_year_start,
)
from withus.money.models import ExpenseClaim, ExpenseItem
from withus.money_utils import money

D = Decimal
CAR = MileageRateFacts(dt.date(2011, 4, 6), "car", D("0.45"), D("0.25"), 10_000)
RATES = [
    CAR,
    MileageRateFacts(dt.date(2011, 4, 6), "motorcycle", D("0.24"), D("0.24")),
    MileageRateFacts(dt.date(2011, 4, 6), "bicycle", D("0.20"), D("0.20")),
    MileageRateFacts(dt.date(2011, 4, 6), "passenger", D("0.05"), D("0.05")),
]


@pytest.mark.parametrize(
    "vehicle, before, miles, expected",
    [
        ("car", "0", "100", "45.00"),
        ("car", "9950", "100", "35.00"),  # 50 x 45p + 50 x 25p
        ("car", "9900", "100", "45.00"),  # exactly reaches the threshold
        ("car", "10000", "100", "25.00"),
        ("car", "12000", "10", "2.50"),
        ("car", "9999.9", "0.2", "0.07"),  # 0.1 x 45p + 0.1 x 25p = 7p
        ("car", "0", "12.5", "5.63"),  # £5.625 rounds half up
        ("car", "0", "0", "0.00"),
        ("motorcycle", "20000", "100", "24.00"),
        ("bicycle", "0", "10", "2.00"),
        ("passenger", "9950", "100", "5.00"),
    ],
)
def test_mileage_amount_table(vehicle, before, miles, expected):
    amount = mileage_amount(
        vehicle=vehicle,
        miles=D(miles),
        day=dt.date(2025, 5, 1),
        miles_before=D(before),
        rates=RATES,
    )
    assert amount == D(expected)


@pytest.mark.parametrize(
    "day, start, end",
    [
        (dt.date(2026, 4, 5), dt.date(2025, 4, 6), dt.date(2026, 4, 5)),
        (dt.date(2026, 4, 6), dt.date(2026, 4, 6), dt.date(2027, 4, 5)),
        (dt.date(2026, 1, 1), dt.date(2025, 4, 6), dt.date(2026, 4, 5)),
        (dt.date(2025, 12, 31), dt.date(2025, 4, 6), dt.date(2026, 4, 5)),
    ],
)
def test_tax_year_starts_on_6_april(day, start, end):
    assert tax_year(day) == (start, end)
    assert tax_year_start(day) == start


def test_earlier_miles_reset_on_6_april():
    rows = [(1, dt.date(2025, 5, 1), D("9950")), (2, dt.date(2026, 4, 5), D("40"))]
    assert miles_before(rows, dt.date(2026, 4, 5)) == D("9990")
    assert miles_before(rows, dt.date(2026, 4, 6)) == D("0")
    # The same 100-mile journey on each side of 6 April:
    day_before = mileage_amount(
        vehicle="car", miles=D(100), day=dt.date(2026, 4, 5), miles_before=D("9990"), rates=RATES
    )
    first_day = mileage_amount(
        vehicle="car", miles=D(100), day=dt.date(2026, 4, 6), miles_before=D("0"), rates=RATES
    )
    assert (day_before, first_day) == (D("4.50") + D("22.50"), D("45.00"))


def test_earlier_means_an_earlier_date_or_entered_before_on_the_same_day():
    day = dt.date(2025, 6, 1)
    rows = [
        (5, day, D(10)),
        (7, day, D(20)),
        (3, day + dt.timedelta(days=1), D(40)),
        (9, None, None),
    ]
    rows = [r for r in rows if r[1] is not None]
    assert miles_before(rows, day, item_id=7) == D(10)  # item 5 came first; item 7 is itself
    assert miles_before(rows, day) == D(30)  # a new item comes after both
    assert miles_before(rows, day + dt.timedelta(days=1), item_id=3) == D(30)


def test_mileage_amount_reads_the_seeded_hmrc_rates(db):
    assert mileage_amount(
        vehicle="car", miles=D(100), day=dt.date(2025, 5, 1), miles_before=D(9950)
    ) == D("35.00")
    with pytest.raises(LookupError):
        mileage_amount(vehicle="car", miles=D(1), day=dt.date(2010, 1, 1), miles_before=D(0))


def test_negative_miles_are_refused():
    with pytest.raises(ValueError):
        exact_amount(miles=D(-1), miles_before=D(0), rate=CAR)


# --- the person's earlier miles, from the database ------------------------------------------------


def _claim(org, person, status="submitted"):
    return ExpenseClaim.unscoped.create(organisation=org, participant=person, status=status)


def _mileage(claim, day, miles, vehicle="car"):
    return ExpenseItem.unscoped.create(
        organisation=claim.organisation,
        claim=claim,
        category="mileage",
        spent_on=day,
        vehicle=vehicle,
        miles=D(miles),
        amount_claimed=D("1.00"),
    )


def test_miles_this_tax_year_counts_claims_that_were_not_rejected(world, people, in_org_a):
    jo, sam = people["jo"], people["sam"]
    org = world.org_a
    _mileage(_claim(org, jo), dt.date(2025, 4, 5), "500")  # the tax year before
    _mileage(_claim(org, jo), dt.date(2025, 4, 6), "9000")
    _mileage(_claim(org, jo, status="paid"), dt.date(2025, 7, 1), "950")
    _mileage(_claim(org, jo, status="rejected"), dt.date(2025, 7, 2), "5000")
    _mileage(_claim(org, jo), dt.date(2025, 7, 3), "300", vehicle="bicycle")
    _mileage(_claim(org, sam), dt.date(2025, 7, 3), "700")
    later = _mileage(_claim(org, jo), dt.date(2025, 8, 1), "100")
    assert miles_this_tax_year(jo, dt.date(2025, 8, 1), exclude_item=later) == D("9950")
    assert miles_this_tax_year(jo, dt.date(2025, 8, 1)) == D("10050")
    assert miles_this_tax_year(jo, dt.date(2025, 8, 1), vehicle="bicycle") == D("300")
    assert miles_this_tax_year(jo, dt.date(2026, 4, 6)) == D("0")
    before = miles_this_tax_year(jo, later.spent_on, exclude_item=later)
    assert mileage_amount(
        vehicle="car", miles=later.miles, day=later.spent_on, miles_before=before
    ) == D("35.00")


def test_another_organisations_mileage_never_counts(world, people, in_org_a):
    jo = people["jo"]
    # A row wrongly tied to jo under organisation B stays out of organisation A's figures.
    claim_b = ExpenseClaim.unscoped.create(organisation=world.org_b, participant=jo)
    _mileage(claim_b, dt.date(2025, 7, 1), "9000")
    assert miles_this_tax_year(jo, dt.date(2025, 8, 1)) == D("0")


# --- properties ----------------------------------------------------------------------------------

miles = st.decimals(min_value=D("0"), max_value=D("30000"), places=1)


@given(miles=miles, extra=miles, before=miles)
def test_more_miles_never_pay_less(miles, extra, before):
    assert exact_amount(miles=miles + extra, miles_before=before, rate=CAR) >= exact_amount(
        miles=miles, miles_before=before, rate=CAR
    )


@given(miles=miles, before=miles, more_before=miles)
def test_more_miles_earlier_never_pay_more(miles, before, more_before):
    assert exact_amount(miles=miles, miles_before=before + more_before, rate=CAR) <= exact_amount(
        miles=miles, miles_before=before, rate=CAR
    )


@given(miles=miles, before=miles)
def test_never_more_than_45p_nor_less_than_25p_a_mile(miles, before):
    exact = exact_amount(miles=miles, miles_before=before, rate=CAR)
    assert miles * D("0.25") <= exact <= miles * D("0.45")
    # Rounded to the penny (half up), never above 45p a mile rounded the same way.
    amount = mileage_amount(
        vehicle="car", miles=miles, day=dt.date(2025, 5, 1), miles_before=before, rates=RATES
    )
    assert money(miles * D("0.25")) <= amount <= money(miles * D("0.45"))


@given(first=miles, second=miles, before=miles)
def test_splitting_a_journey_in_two_never_changes_the_total(first, second, before):
    whole = exact_amount(miles=first + second, miles_before=before, rate=CAR)
    split = exact_amount(miles=first, miles_before=before, rate=CAR) + exact_amount(
        miles=second, miles_before=before + first, rate=CAR
    )
    assert whole == split
    # Rounded to the penny each part can move by at most half a penny.
    day = dt.date(2025, 5, 1)
    rounded = mileage_amount(
        vehicle="car", miles=first, day=day, miles_before=before, rates=RATES
    ) + mileage_amount(
        vehicle="car", miles=second, day=day, miles_before=before + first, rates=RATES
    )
    assert abs(rounded - whole) <= D("0.01")

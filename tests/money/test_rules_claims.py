"""Expense claim rules: the exact-receipt rule, items without receipts, amounts above the real
cost, duplicates, pre-booked travel, mileage at HMRC rates and overdue claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.checks import Severity
from withus.money.rules.claims import (
    ItemFacts,
    OtherItem,
    Prebooked,
    above_real_cost,
    amount_to_reimburse,
    claim_overdue,
    duplicate_claim,
    mileage_rate,
    no_receipt,
    prebooked_travel,
)

D = Decimal
DAY = dt.date(2026, 5, 6)


def item(**fields) -> ItemFacts:
    fields.setdefault("id", 1)
    fields.setdefault("category", "travel")
    fields.setdefault("label", "Travel")
    fields.setdefault("spent_on", DAY)
    fields.setdefault("amount_claimed", D("12.40"))
    return ItemFacts(**fields)


@pytest.mark.parametrize(
    "claimed, receipted, category, mileage, reimburse",
    [
        ("12.40", "12.40", "travel", None, "12.40"),
        ("15.00", "12.40", "travel", None, "12.40"),  # a round sum: only the real cost
        ("10.00", "12.40", "meals", None, "12.40"),  # exactly what the receipt shows
        ("4.50", None, "travel", None, "4.50"),  # no receipt (reason approved)
        ("50.00", None, "mileage", "45.00", "45.00"),  # mileage at HMRC rates
    ],
)
def test_exact_receipt_rule(claimed, receipted, category, mileage, reimburse):
    facts = item(
        category=category,
        amount_claimed=D(claimed),
        receipted_amount=D(receipted) if receipted else None,
        receipt_id=1 if receipted else None,
    )
    assert amount_to_reimburse(facts, mileage=D(mileage) if mileage else None) == D(reimburse)


@given(
    claimed=st.decimals(min_value=D("0.01"), max_value=D("500"), places=2),
    receipted=st.decimals(min_value=D("0.01"), max_value=D("500"), places=2),
)
def test_reimbursing_a_receipted_item_never_pays_above_the_real_cost(claimed, receipted):
    facts = item(amount_claimed=claimed, receipted_amount=receipted, receipt_id=1)
    assert amount_to_reimburse(facts) == receipted
    assert bool(above_real_cost(facts)) == (claimed > receipted)


def test_above_real_cost_is_a_payment_not_expenses():
    (finding,) = above_real_cost(item(amount_claimed=D("15"), receipted_amount=D("12.40")))
    assert finding.code == "above_real_cost"
    assert finding.severity == Severity.WARNING
    assert "£15.00 claimed, but the receipt shows £12.40" in finding.message
    assert "Reimburse exactly £12.40. The £2.60 above the real cost" in finding.advice
    assert above_real_cost(item(amount_claimed=D("12.40"), receipted_amount=D("12.40"))) == []
    reimbursed = item(
        amount_claimed=D("12.40"), receipted_amount=D("12.40"), amount_reimbursed=D("13")
    )
    assert "£13.00 reimbursed" in above_real_cost(reimbursed)[0].message


def test_no_receipt_needs_a_reason_and_approval():
    (blocked,) = no_receipt(item())
    assert (blocked.code, blocked.severity) == ("no_receipt", Severity.BLOCKING)
    (reason,) = no_receipt(item(no_receipt_reason="Bus fare paid in cash"))
    assert reason.severity == Severity.WARNING
    assert "Bus fare paid in cash" in reason.message
    (approved,) = no_receipt(item(no_receipt_reason="Bus fare", no_receipt_approved=True))
    assert approved.severity == Severity.INFO
    assert no_receipt(item(receipt_id=3)) == []
    assert no_receipt(item(category="mileage")) == []  # mileage is worked out, not receipted


def test_duplicates_same_date_and_amount_or_the_same_receipt_file():
    this = item(receipt_sha256="abc")
    same_day = OtherItem(2, 10, DAY, D("12.40"))
    other_amount = OtherItem(3, 10, DAY, D("12.41"))
    other_day = OtherItem(4, 11, DAY - dt.timedelta(days=1), D("12.40"))
    other_person = OtherItem(5, 12, DAY, D("12.40"), same_person=False)
    itself = OtherItem(1, 9, DAY, D("12.40"), receipt_sha256="abc")
    assert duplicate_claim(this, [other_amount, other_day, other_person, itself]) == []
    (finding,) = duplicate_claim(this, [same_day])
    assert finding.code == "duplicate_claim"
    assert "in claim 10" in finding.message
    reused = OtherItem(6, 13, DAY - dt.timedelta(days=40), D("3"), "abc", same_person=False)
    (receipt,) = duplicate_claim(this, [reused])
    assert "same receipt file" in receipt.message
    assert "another person's" in receipt.message


def test_prebooked_travel_is_never_reimbursed_twice():
    booked = Prebooked(DAY, None, "Return train to Leeds", D("23.50"))
    (finding,) = prebooked_travel(item(), [booked], claim_event_id=None)
    assert (finding.code, finding.severity) == ("prebooked_travel", Severity.BLOCKING)
    assert "Return train to Leeds" in finding.message
    assert prebooked_travel(item(category="meals"), [booked], claim_event_id=None) == []
    assert prebooked_travel(item(category="mileage"), [booked], claim_event_id=None)
    for_event = Prebooked(DAY - dt.timedelta(days=1), 7, "Taxi", D("12"))
    assert prebooked_travel(item(), [for_event], claim_event_id=7)
    assert prebooked_travel(item(), [for_event], claim_event_id=8) == []
    assert prebooked_travel(item(), [for_event], claim_event_id=None) == []


def test_mileage_rate():
    mileage = item(category="mileage", label="Mileage", vehicle="car", miles=D("100"))
    assert mileage_rate(mileage, D("12.40")) == []
    (finding,) = mileage_rate(mileage, D("45.00"))
    assert (finding.code, finding.severity) == ("mileage_rate", Severity.WARNING)
    assert "100 miles at HMRC's approved mileage rates come to £45.00, not £12.40" in (
        finding.message
    )
    (missing,) = mileage_rate(item(category="mileage", label="Mileage"), None)
    assert "missing" in missing.message
    assert mileage_rate(item(), D("1")) == []


@pytest.mark.parametrize(
    "status, days_ago, overdue",
    [
        ("submitted", 7, False),
        ("submitted", 8, True),
        ("approved", 30, True),
        ("paid", 30, False),
        ("rejected", 30, False),
    ],
)
def test_claim_overdue(status, days_ago, overdue):
    found = claim_overdue(
        status=status, submitted_on=DAY - dt.timedelta(days=days_ago), today=DAY, target_days=7
    )
    assert bool(found) == overdue
    if overdue:
        assert found[0].code == "claim_overdue"
        assert f"{days_ago} days ago" in found[0].message

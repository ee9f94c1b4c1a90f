"""Regular vouchers and cash, joint-event rates, and the person's status and payment choice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from withus.checks import Severity
from withus.money.rules.joint import RolePay, joint_rate, role_pay
from withus.money.rules.regular import occasions, regular_cash, regular_vouchers
from withus.money.rules.status import inactive_person, payment_choice

D = Decimal
DAY = dt.date(2026, 5, 6)


@pytest.mark.parametrize(
    "earlier, expected",
    [
        ([], 1),
        ([DAY], 1),  # the same activity date is one occasion
        ([dt.date(2025, 5, 7)], 2),  # 12 months up to the day: 7 May 2025 counts
        ([dt.date(2025, 5, 6)], 1),  # 6 May 2025 is more than 12 months before
        ([dt.date(2026, 5, 7)], 1),  # later activities do not count
        ([dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 1, 1)], 3),
    ],
)
def test_occasions_in_the_12_months_up_to_the_day(earlier, expected):
    assert occasions(earlier, DAY) == expected


def test_vouchers_for_enough_activities_count_as_regular_payments():
    two = [dt.date(2026, 1, 5), dt.date(2026, 3, 2)]
    assert regular_vouchers(name="Jo", day=DAY, voucher_days=two[:1], count_needed=3) == []
    (finding,) = regular_vouchers(name="Jo", day=DAY, voucher_days=two, count_needed=3)
    assert (finding.code, finding.severity) == ("regular_vouchers", Severity.WARNING)
    assert "vouchers for 3 activities" in finding.message
    assert regular_vouchers(name="Jo", day=DAY, voucher_days=two, count_needed=4) == []


def test_regular_cash_advises_bank_transfer_or_help_to_open_an_account():
    assert regular_cash(name="Jo", day=DAY, cash_days=[], has_no_bank_account=True) == []
    earlier = [dt.date(2026, 2, 1)]
    (advice,) = regular_cash(name="Jo", day=DAY, cash_days=earlier, has_no_bank_account=False)
    assert (advice.code, advice.severity) == ("regular_cash", Severity.INFO)
    assert "bank transfer" in advice.advice
    (support,) = regular_cash(name="Jo", day=DAY, cash_days=earlier, has_no_bank_account=True)
    assert support.severity == Severity.WARNING
    assert "basic bank account" in support.advice
    assert "No support to open one has been recorded yet" in support.message
    (noted,) = regular_cash(
        name="Jo",
        day=DAY,
        cash_days=earlier,
        has_no_bank_account=True,
        bank_account_support="Appointment at the credit union",
    )
    assert "Appointment at the credit union" in noted.message


def test_the_same_role_must_get_the_same_rate_at_a_joint_event():
    forty = RolePay(D("40"))
    assert joint_rate(partners="", role="Chairing", this=forty, others=[RolePay(D("30"))]) == []
    assert joint_rate(partners="Nacro", role="Chairing", this=forty, others=[forty]) == []
    (finding,) = joint_rate(
        partners="Nacro", role="Chairing", this=forty, others=[forty, RolePay(D("30"))]
    )
    assert (finding.code, finding.severity) == ("joint_rate", Severity.WARNING)
    assert "run jointly with Nacro" in finding.message
    assert "pays £40.00, but other payments for the same role at the event pay £30.00" in (
        finding.message
    )
    assert "same role must get the same rate" in finding.advice


def test_hourly_roles_are_compared_per_hour():
    a = role_pay(amount=D("37.50"), hours=D("3"), basis="hourly", card_amount=D("12.50"))
    b = role_pay(amount=D("25.00"), hours=D("2"), basis="hourly", card_amount=D("12.50"))
    c = role_pay(amount=D("25.00"), hours=None, basis="hourly", card_amount=D("12.50"))
    assert a == b == c == RolePay(D("12.50"), hourly=True)
    assert role_pay(amount=D("40"), hours=D("3"), basis="session", card_amount=D("40")) == RolePay(
        D("40")
    )


@pytest.mark.parametrize(
    "status, shown", [("active", False), ("enquiry", False), ("paused", True), ("exited", True)]
)
def test_payment_to_someone_paused_or_moved_on_is_allowed_and_shown(status, shown):
    found = inactive_person(name="Jo", status=status)
    assert bool(found) == shown
    if shown:
        assert (found[0].code, found[0].severity) == ("inactive_person", Severity.INFO)


@pytest.mark.parametrize(
    "choice, kind, warned",
    [
        ("declines", "involvement", True),
        ("expenses_only", "involvement", True),
        ("expenses_only", "expenses", False),
        ("payment", "involvement", False),
        ("vouchers", "involvement", False),
        ("", "involvement", False),
    ],
)
def test_the_persons_payment_choice_is_respected(choice, kind, warned):
    found = payment_choice(name="Jo", choice=choice, kind=kind)
    assert bool(found) == warned
    if warned:
        assert (found[0].code, found[0].severity) == ("payment_choice", Severity.WARNING)

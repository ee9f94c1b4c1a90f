"""Regular payments: vouchers given again and again count like cash for benefits, and cash
paid again and again is better paid into a bank account (with help to open one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from withus.checks import Finding, Severity
from withus.money.rules._common import nice_date, twelve_months_to

REGULAR_VOUCHERS = "regular_vouchers"
REGULAR_CASH = "regular_cash"


def occasions(days: Iterable[dt.date], day: dt.date) -> int:
    """Distinct dates in the 12 months up to and including `day`, counting `day` itself."""
    first, last = twelve_months_to(day)
    return len({d for d in days if first <= d <= last} | {day})


def regular_vouchers(
    *, name: str, day: dt.date, voucher_days: Iterable[dt.date], count_needed: int
) -> list[Finding]:
    """For a voucher payment on `day`: `voucher_days` are the activity dates of the person's
    other involvement payments made in vouchers (not reversed)."""
    count = occasions(voucher_days, day)
    if count < count_needed:
        return []
    first, _ = twelve_months_to(day)
    return [
        Finding(
            REGULAR_VOUCHERS,
            Severity.WARNING,
            f"{name} has been given vouchers for {count} activities between {nice_date(first)} "
            f"and {nice_date(day)}, including this one. From {count_needed} activities in 12 "
            "months your organisation treats vouchers as regular payments: for benefits they "
            "count like cash.",
            f"Include the vouchers when you tell {name} the total they will receive, and "
            "signpost them to independent benefits advice if they get benefits.",
        )
    ]


def regular_cash(
    *,
    name: str,
    day: dt.date,
    cash_days: Iterable[dt.date],
    has_no_bank_account: bool,
    bank_account_support: str = "",
) -> list[Finding]:
    """For a cash payment on `day`: `cash_days` are the dates of the person's other cash
    payments (not reversed). Two or more occasions in 12 months are regular."""
    count = occasions(cash_days, day)
    if count < 2:
        return []
    message = (
        f"{name} has been paid in cash on {count} occasions in the 12 months up to "
        f"{nice_date(day)}, including this one."
    )
    if has_no_bank_account:
        support = (
            f" Support recorded so far: {bank_account_support}"
            if bank_account_support
            else " No support to open one has been recorded yet."
        )
        return [
            Finding(
                REGULAR_CASH,
                Severity.WARNING,
                f"{message} They do not have a bank account.{support}",
                f"Offer {name} help to open a basic bank account, so regular payments can go "
                "straight into it, and record the support on their record.",
            )
        ]
    return [
        Finding(
            REGULAR_CASH,
            Severity.INFO,
            message,
            "Regular payments are safer and easier to keep track of by bank transfer: ask "
            f"{name} whether they would like to be paid that way.",
        )
    ]

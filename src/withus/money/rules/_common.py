"""Small helpers the money rules share: wording of amounts, dates and hours, and the 12-month
window. No database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from withus.checks import Finding, Severity
from withus.money_utils import PENNY, money
from withus.pages.templatetags.withus_format import nice_date, pounds

SEVERITY_ORDER = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}

__all__ = ["at_least", "hours_text", "nice_date", "one_year_before", "pounds", "worst_first"]


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    """Blocking findings first, then warnings, then information (stable within each)."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def at_least(value: Decimal) -> Decimal:
    """The smallest amount in whole pence that is not below `value` (for "pay at least")."""
    rounded = money(value)
    return rounded if rounded >= value else rounded + PENNY


def hours_text(hours: Decimal) -> str:
    """Decimal('2.50') → '2.5 hours', Decimal('1') → '1 hour'."""
    value = Decimal(hours).normalize()
    text = f"{value:f}"
    return f"{text} hour" if value == 1 else f"{text} hours"


def one_year_before(day: dt.date) -> dt.date:
    """The same date a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def twelve_months_to(day: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months up to and including `day`: (first day, last day)."""
    return one_year_before(day) + dt.timedelta(days=1), day

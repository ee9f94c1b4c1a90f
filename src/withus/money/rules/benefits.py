"""Benefits awareness: flags and signposting, never benefits advice.

For a person whose benefits are recorded (with their consent), involvement payments — vouchers
included, exact expenses reimbursements never, reversals subtracting — are totalled over the
period each limit is measured in: Universal Credit's monthly assessment period (from the day it
starts, else calendar months, saying so), or a week from Monday to Sunday for the others. The
total, including the payment being approved, is compared with the organisation's dated limits.
PIP and DLA are not means-tested: earnings do not reduce them, so they are never flagged.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from withus.checks import Finding, Severity
from withus.money.rules._common import nice_date, pounds
from withus.people.choices import Benefit

BENEFITS = "benefits"

UNIVERSAL_CREDIT = Benefit.UNIVERSAL_CREDIT.value
NOT_MEANS_TESTED = frozenset({Benefit.PIP_DLA.value})
WEEK = "week"
MONTH = "month"


@dataclass(frozen=True)
class Limit:
    benefit: str
    label: str
    period: str  # "week" or "month"
    amount: Decimal
    effective_from: dt.date
    effective_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        ended = self.effective_to is not None and day > self.effective_to
        return self.effective_from <= day and not ended


@dataclass(frozen=True)
class Counted:
    """A payment that counts towards the totals: an involvement payment (positive) or a
    reversal of one (negative), on its activity date."""

    day: dt.date
    amount: Decimal


@dataclass(frozen=True)
class BenefitsFacts:
    benefits: tuple[str, ...]
    other_benefit: str = ""
    uc_assessment_day: int | None = None
    signposted_on: dt.date | None = None
    signposted_to: str = ""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    words: str  # "week", "Universal Credit assessment period", "calendar month"
    note: str = ""

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def week_containing(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _start_in_month(year: int, month: int, assessment_day: int) -> dt.date:
    # An assessment period starting on the 29th, 30th or 31st starts on the last day of any
    # month that is shorter.
    return dt.date(year, month, min(assessment_day, calendar.monthrange(year, month)[1]))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def assessment_period(day: dt.date, assessment_day: int | None) -> tuple[dt.date, dt.date]:
    """The monthly assessment period containing `day`, starting on `assessment_day` each month
    (the last day of the month when the month is shorter); calendar months if it is unknown."""
    start_day = assessment_day if assessment_day and 1 <= assessment_day <= 31 else 1
    start = _start_in_month(day.year, day.month, start_day)
    if day < start:
        start = _start_in_month(*_add_months(day.year, day.month, -1), start_day)
    next_start = _start_in_month(*_add_months(start.year, start.month, 1), start_day)
    return start, next_start - dt.timedelta(days=1)


def period_for(period: str, benefit: str, day: dt.date, facts: BenefitsFacts) -> Period:
    if period == WEEK:
        start, end = week_containing(day)
        return Period(start, end, "week")
    if benefit == UNIVERSAL_CREDIT and facts.uc_assessment_day:
        start, end = assessment_period(day, facts.uc_assessment_day)
        return Period(start, end, "Universal Credit assessment period")
    start, end = assessment_period(day, None)
    note = (
        "The day their Universal Credit assessment period starts is not recorded, so calendar "
        "months are used: record it from their UC statement for a truer total."
        if benefit == UNIVERSAL_CREDIT
        else ""
    )
    return Period(start, end, "calendar month", note)


def total_in(payments: Iterable[Counted], start: dt.date, end: dt.date) -> Decimal:
    return sum((p.amount for p in payments if start <= p.day <= end), Decimal("0"))


def benefit_name(benefit: str, facts: BenefitsFacts) -> str:
    if benefit == Benefit.OTHER.value:
        return facts.other_benefit or "another benefit"
    try:
        return Benefit(benefit).label
    except ValueError:
        return benefit


def _signposting(name: str, facts: BenefitsFacts) -> str:
    if facts.signposted_on:
        to = f" ({facts.signposted_to})" if facts.signposted_to else ""
        return (
            f"They were signposted to independent benefits advice{to} on "
            f"{nice_date(facts.signposted_on)}."
        )
    return (
        "Signposting to independent benefits advice has not been recorded: signpost "
        f"{name} to free, independent advice and record the date on their benefits page."
    )


def _advice(name: str, benefit: str, facts: BenefitsFacts, *extra: str) -> str:
    parts = [
        f"Tell {name} the total in advance, so they know what to expect and can report it.",
        *extra,
    ]
    if benefit == UNIVERSAL_CREDIT:
        parts.append(
            "The work allowance applies only to people responsible for a child or with limited "
            "capability for work; without it, earnings reduce Universal Credit from the first "
            "pound."
        )
    parts.append(_signposting(name, facts))
    parts.append("This is a flag, not benefits advice.")
    return " ".join(p for p in parts if p)


def _per(period: str) -> str:
    return "a week" if period == WEEK else "a month"


def benefits_findings(
    *,
    name: str,
    day: dt.date,
    amount: Decimal,
    facts: BenefitsFacts | None,
    payments: Sequence[Counted],
    limits: Sequence[Limit],
) -> list[Finding]:
    """One finding per means-tested benefit recorded: WARNING when the period total (including
    this payment of `amount` on `day`) is above a limit, INFO otherwise or when no limit is
    entered. `payments` are the person's other counted payments (not this one)."""
    if facts is None:
        return []
    counted = [*payments, Counted(day, amount)]
    findings = []
    for benefit in dict.fromkeys(facts.benefits):
        if benefit in NOT_MEANS_TESTED:
            continue
        what = benefit_name(benefit, facts)
        valid = [limit for limit in limits if limit.benefit == benefit and limit.valid_on(day)]
        if not valid:
            natural = MONTH if benefit == UNIVERSAL_CREDIT else WEEK
            period = period_for(natural, benefit, day, facts)
            total = total_in(counted, period.start, period.end)
            findings.append(
                Finding(
                    BENEFITS,
                    Severity.INFO,
                    f"{name} gets {what}. Your organisation has not entered a limit for "
                    f"{what} on {nice_date(day)}, so payments were not compared with one. "
                    f"Payments for activities in the {period.words} from "
                    f"{nice_date(period.start)} to {nice_date(period.end)} come to "
                    f"{pounds(total)}, including this one.",
                    _advice(
                        name,
                        benefit,
                        facts,
                        period.note,
                        "An administrator can enter the limit in the organisation's benefits "
                        "limits.",
                    ),
                )
            )
            continue
        sentences = []
        notes = []
        above = False
        for kind in (MONTH, WEEK):
            these = [limit for limit in valid if limit.period == kind]
            if not these:
                continue
            period = period_for(kind, benefit, day, facts)
            if period.note:
                notes.append(period.note)
            total = total_in(counted, period.start, period.end)
            over = [limit for limit in these if total > limit.amount]
            within = [limit for limit in these if total <= limit.amount]
            sentence = (
                f"Payments for activities in the {period.words} from {nice_date(period.start)} "
                f"to {nice_date(period.end)} come to {pounds(total)}, including this one."
            )
            if over:
                above = True
                sentence += f" That is above the {_limits(over)}."
            if within:
                sentence += f" It is within the {_limits(within)}."
            sentences.append(sentence)
        findings.append(
            Finding(
                BENEFITS,
                Severity.WARNING if above else Severity.INFO,
                f"{name} gets {what}. " + " ".join(sentences),
                _advice(name, benefit, facts, *notes),
            )
        )
    return findings


def _limits(limits: Sequence[Limit]) -> str:
    """'limit for X (£20.00 a week)' or 'limits for X (…), Y (…) and Z (…)'."""
    items = [f"{limit.label} ({pounds(limit.amount)} {_per(limit.period)})" for limit in limits]
    if len(items) == 1:
        return f"limit for {items[0]}"
    return "limits for " + ", ".join(items[:-1]) + " and " + items[-1]

"""Rules for training and support: pure functions of dates and facts that return Findings.

They put into practice the guide's reminder to keep asking people what training and support
they need, rather than asking once (Clinks, 2016, section 5.4), and to keep supervision and
support going.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from withus.checks import Finding, Severity
from withus.pages.templatetags.withus_format import nice_date

ASK_AGAIN_AFTER_DAYS = 365
NEED_OPEN_TOO_LONG_DAYS = 90
ENDING_SOON_DAYS = 14


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one person's training and support."""

    name: str
    last_asked: dt.date | None
    oldest_open_need: dt.date | None
    next_supervision: dt.date | None  # from the latest supervision note the reader may see
    ending: tuple[tuple[str, dt.date], ...] = ()  # (kind of support, end date) still running


def asking(facts: Facts, today: dt.date) -> list[Finding]:
    if facts.last_asked is None:
        return [
            Finding(
                "support.never_asked",
                Severity.INFO,
                f"Nobody has asked {facts.name} what training or support would help yet.",
                "Ask them, and write down what they say. Do not decide for them.",
            )
        ]
    if (today - facts.last_asked).days > ASK_AGAIN_AFTER_DAYS:
        return [
            Finding(
                "support.ask_again",
                Severity.WARNING,
                f"{facts.name} was last asked about training and support on "
                f"{nice_date(facts.last_asked)}, over a year ago.",
                "Needs change: ask them again.",
            )
        ]
    return []


def open_needs(facts: Facts, today: dt.date) -> list[Finding]:
    started = facts.oldest_open_need
    if started is None or (today - started).days <= NEED_OPEN_TOO_LONG_DAYS:
        return []
    return [
        Finding(
            "support.need_waiting",
            Severity.WARNING,
            f"A need {facts.name} told you about on {nice_date(started)} is still open.",
            "Arrange the training or support, or tell them why it cannot happen yet. When it "
            "is met, record the date.",
        )
    ]


def supervision(facts: Facts, today: dt.date) -> list[Finding]:
    due = facts.next_supervision
    if due is None or due >= today:
        return []
    return [
        Finding(
            "support.supervision_due",
            Severity.WARNING,
            f"Supervision with {facts.name} was due on {nice_date(due)}.",
            "Book it, and write a note afterwards.",
        )
    ]


def ending_soon(facts: Facts, today: dt.date) -> list[Finding]:
    return [
        Finding(
            "support.ending_soon",
            Severity.INFO,
            f"{kind} for {facts.name} ends on {nice_date(ends)}.",
            "Check with them whether they want it to carry on, or what would help next.",
        )
        for kind, ends in facts.ending
        if today <= ends <= today + dt.timedelta(days=ENDING_SOON_DAYS)
    ]


def person_findings(facts: Facts, today: dt.date) -> list[Finding]:
    """Every finding for one person, warnings first."""
    found = [
        *asking(facts, today),
        *open_needs(facts, today),
        *supervision(facts, today),
        *ending_soon(facts, today),
    ]
    order = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(found, key=lambda f: order[f.severity])

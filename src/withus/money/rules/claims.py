"""Expense claims: reimburse exactly, quickly, and never twice.

Reimbursing the exact receipted out-of-pocket cost is not earnings; anything above the real cost
is a payment (benefits and tax). Items without a receipt need a reason and someone's approval.
Travel the organisation booked and paid for in advance is never reimbursed again. Mileage is paid
at HMRC's approved rates (see `withus.money.mileage`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from withus.checks import Finding, Severity
from withus.money.rules._common import nice_date, pounds

DUPLICATE_CLAIM = "duplicate_claim"
NO_RECEIPT = "no_receipt"
ABOVE_REAL_COST = "above_real_cost"
PREBOOKED_TRAVEL = "prebooked_travel"
MILEAGE_RATE = "mileage_rate"
CLAIM_OVERDUE = "claim_overdue"

TRAVEL = "travel"
MILEAGE = "mileage"
TRAVEL_CATEGORIES = frozenset({TRAVEL, MILEAGE})
OPEN_STATUSES = frozenset({"submitted", "approved"})


@dataclass(frozen=True)
class ItemFacts:
    id: int | None
    category: str
    label: str  # what the category is called, e.g. "Meals and drinks"
    spent_on: dt.date
    amount_claimed: Decimal
    receipted_amount: Decimal | None = None
    amount_reimbursed: Decimal | None = None
    receipt_id: int | None = None
    receipt_sha256: str = ""
    no_receipt_reason: str = ""
    no_receipt_approved: bool = False
    vehicle: str = ""
    miles: Decimal | None = None

    def words(self) -> str:
        return f"{self.label} on {nice_date(self.spent_on)} ({pounds(self.amount_claimed)})"


@dataclass(frozen=True)
class OtherItem:
    """Another expense item that might be the same thing claimed twice."""

    id: int
    claim_id: int
    spent_on: dt.date
    amount_claimed: Decimal
    receipt_sha256: str = ""
    same_person: bool = True


@dataclass(frozen=True)
class Prebooked:
    travel_on: dt.date
    event_id: int | None
    description: str
    amount: Decimal


def amount_to_reimburse(item: ItemFacts, *, mileage: Decimal | None = None) -> Decimal:
    """The exact-receipt rule: a receipted item is reimbursed at exactly the receipted amount,
    a mileage item at the HMRC amount, and anything else at the amount claimed (once someone has
    approved the missing receipt)."""
    if item.receipted_amount is not None:
        return item.receipted_amount
    if item.category == MILEAGE and mileage is not None:
        return mileage
    return item.amount_claimed


def no_receipt(item: ItemFacts) -> list[Finding]:
    if item.receipt_id is not None or item.category == MILEAGE:
        return []
    if not item.no_receipt_reason.strip():
        return [
            Finding(
                NO_RECEIPT,
                Severity.BLOCKING,
                f"{item.words()} has no receipt and no reason for it.",
                "Ask for the receipt, or record why there is none (for example, a bus fare paid "
                "in cash). To approve it without either, give a reason.",
            )
        ]
    if item.no_receipt_approved:
        return [
            Finding(
                NO_RECEIPT,
                Severity.INFO,
                f"{item.words()} has no receipt; the reason was approved: "
                f"{item.no_receipt_reason.strip()}",
                "",
            )
        ]
    return [
        Finding(
            NO_RECEIPT,
            Severity.WARNING,
            f"{item.words()} has no receipt. The reason given: {item.no_receipt_reason.strip()}",
            "Check the amount is what it really cost. Approving the claim approves this item "
            "without a receipt.",
        )
    ]


def above_real_cost(item: ItemFacts) -> list[Finding]:
    real = item.receipted_amount
    if real is None:
        return []
    findings = []
    for what, amount in (("claimed", item.amount_claimed), ("reimbursed", item.amount_reimbursed)):
        if amount is None or amount <= real:
            continue
        findings.append(
            Finding(
                ABOVE_REAL_COST,
                Severity.WARNING,
                f"{item.label} on {nice_date(item.spent_on)}: {pounds(amount)} {what}, but the "
                f"receipt shows {pounds(real)}.",
                f"Reimburse exactly {pounds(real)}. The {pounds(amount - real)} above the real "
                "cost would be a payment, not expenses, and can affect benefits and tax.",
            )
        )
    return findings


def duplicate_claim(item: ItemFacts, others: Iterable[OtherItem]) -> list[Finding]:
    """`others`: other items not in a rejected claim (this item itself is skipped)."""
    findings = []
    same = [
        o
        for o in others
        if o.id != item.id
        and o.same_person
        and o.spent_on == item.spent_on
        and o.amount_claimed == item.amount_claimed
    ]
    if same:
        claims = _claims(same)
        findings.append(
            Finding(
                DUPLICATE_CLAIM,
                Severity.WARNING,
                f"{item.words()}: the same person has claimed the same amount on the same day "
                f"in {claims}.",
                "Check it is not the same cost claimed twice before approving.",
            )
        )
    if item.receipt_sha256:
        reused = [o for o in others if o.id != item.id and o.receipt_sha256 == item.receipt_sha256]
        if reused:
            whose = "" if all(o.same_person for o in reused) else " (including another person's)"
            findings.append(
                Finding(
                    DUPLICATE_CLAIM,
                    Severity.WARNING,
                    f"{item.words()}: the same receipt file is on another item{whose} in "
                    f"{_claims(reused)}.",
                    "Check the receipt is not being used twice before approving.",
                )
            )
    return findings


def _claims(items: Sequence[OtherItem]) -> str:
    numbers = sorted({o.claim_id for o in items})
    if len(numbers) == 1:
        return f"claim {numbers[0]}"
    return "claims " + ", ".join(str(n) for n in numbers)


def prebooked_travel(
    item: ItemFacts, prebooked: Iterable[Prebooked], *, claim_event_id: int | None
) -> list[Finding]:
    """`prebooked`: the person's pre-booked travel (any date or event)."""
    if item.category not in TRAVEL_CATEGORIES:
        return []
    matches = [
        p
        for p in prebooked
        if p.travel_on == item.spent_on or (claim_event_id and p.event_id == claim_event_id)
    ]
    if not matches:
        return []
    booked = "; ".join(
        f"{p.description} on {nice_date(p.travel_on)} ({pounds(p.amount)})" for p in matches
    )
    return [
        Finding(
            PREBOOKED_TRAVEL,
            Severity.BLOCKING,
            f"{item.words()}: the organisation already booked and paid for travel for this "
            f"person: {booked}.",
            "Never reimburse the same travel twice. Only approve it if this is a different "
            "journey, and give a reason saying so.",
        )
    ]


def mileage_rate(item: ItemFacts, expected: Decimal | None) -> list[Finding]:
    """`expected`: the HMRC amount for the item (None when it cannot be worked out)."""
    if item.category != MILEAGE:
        return []
    if not item.vehicle or item.miles is None or expected is None:
        return [
            Finding(
                MILEAGE_RATE,
                Severity.WARNING,
                f"{item.words()}: the vehicle or the number of miles is missing, so the amount "
                "cannot be checked against HMRC's mileage rates.",
                "Record the vehicle and the miles, then check the amount.",
            )
        ]
    if item.amount_claimed == expected:
        return []
    return [
        Finding(
            MILEAGE_RATE,
            Severity.WARNING,
            f"{item.words()}: {_miles(item.miles)} at HMRC's approved mileage rates come to "
            f"{pounds(expected)}, not {pounds(item.amount_claimed)}.",
            f"Reimburse {pounds(expected)}. Mileage above HMRC's rates is taxable and counts "
            "as a payment for benefits.",
        )
    ]


def _miles(miles: Decimal) -> str:
    value = Decimal(miles).normalize()
    return f"{value:f} mile" if value == 1 else f"{value:f} miles"


def claim_overdue(
    *, status: str, submitted_on: dt.date, today: dt.date, target_days: int
) -> list[Finding]:
    if status not in OPEN_STATUSES:
        return []
    days = (today - submitted_on).days
    if days <= target_days:
        return []
    return [
        Finding(
            CLAIM_OVERDUE,
            Severity.WARNING,
            f"This claim was made on {nice_date(submitted_on)}, {days} days ago, and is not "
            f"paid yet. Your organisation aims to reimburse within {target_days} days.",
            "People can be out of pocket: approve and pay it as soon as you can.",
        )
    ]

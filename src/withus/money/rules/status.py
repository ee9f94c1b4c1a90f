"""The person's own situation: paused or moved on (allowed, but shown), and their choice to
decline payment or take expenses only (the product must respect it)."""

from __future__ import annotations

from withus.checks import Finding, Severity
from withus.people.choices import PaymentChoice, Status

INACTIVE_PERSON = "inactive_person"
PAYMENT_CHOICE = "payment_choice"

INVOLVEMENT = "involvement"


def inactive_person(*, name: str, status: str) -> list[Finding]:
    if status not in (Status.PAUSED, Status.EXITED):
        return []
    return [
        Finding(
            INACTIVE_PERSON,
            Severity.INFO,
            f"{name} is marked as '{Status(status).label}'. You can still pay them.",
            "Check that this payment is for something they did, and that the way you contact "
            "them about it is still right.",
        )
    ]


def payment_choice(*, name: str, choice: str, kind: str) -> list[Finding]:
    if kind != INVOLVEMENT or choice not in (PaymentChoice.DECLINES, PaymentChoice.EXPENSES_ONLY):
        return []
    said = (
        "does not want to be paid"
        if choice == PaymentChoice.DECLINES
        else "wants their expenses only, not payment"
    )
    return [
        Finding(
            PAYMENT_CHOICE,
            Severity.WARNING,
            f"{name} {said}, but this is an involvement payment.",
            f"Respect their choice: do not approve it unless {name} has told you they have "
            "changed their mind, and then update their payment choice on their record.",
        )
    ]

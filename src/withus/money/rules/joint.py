"""Joint events: when an event is run with partner organisations, the same role must get the
same rate (compared across all payments for that responsibility at the event)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from withus.checks import Finding, Severity
from withus.money.rules._common import pounds
from withus.money_utils import money

JOINT_RATE = "joint_rate"
HOURLY = "hourly"


@dataclass(frozen=True, order=True)
class RolePay:
    """What one payment pays for a role: per hour for hourly rate cards, else the amount."""

    rate: Decimal
    hourly: bool = False

    def words(self) -> str:
        return f"{pounds(self.rate)} an hour" if self.hourly else pounds(self.rate)


def role_pay(
    *, amount: Decimal, hours: Decimal | None, basis: str, card_amount: Decimal | None
) -> RolePay:
    if basis == HOURLY:
        if hours:
            return RolePay(money(amount / hours), hourly=True)
        if card_amount is not None:
            return RolePay(card_amount, hourly=True)
    return RolePay(amount)


def joint_rate(
    *, partners: str, role: str, this: RolePay, others: Iterable[RolePay]
) -> list[Finding]:
    """`others`: what the other payments for the same responsibility at the event pay."""
    partners = partners.strip()
    if not partners:
        return []
    different = sorted({other for other in others if other != this})
    if not different:
        return []
    listed = [d.words() for d in different]
    elsewhere = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    return [
        Finding(
            JOINT_RATE,
            Severity.WARNING,
            f"This event is run jointly with {partners}. This payment for {role.lower()} pays "
            f"{this.words()}, but other payments for the same role at the event pay "
            f"{elsewhere}.",
            "The same role must get the same rate, whichever organisation pays: agree one rate "
            "with your partners and correct the payments that differ.",
        )
    ]

"""The money rules: pure functions over small facts, each returning `Finding`s (no database).

`withus.money.checks` reads the facts and runs them. Codes are stable strings:

- wage: `minimum_wage`
- benefits: `benefits`
- regular: `regular_vouchers`, `regular_cash`
- joint: `joint_rate`
- status: `inactive_person`, `payment_choice`
- claims: `duplicate_claim`, `no_receipt`, `above_real_cost`, `prebooked_travel`,
  `mileage_rate`, `claim_overdue`
"""

from withus.money.rules._common import worst_first
from withus.money.rules.benefits import BENEFITS
from withus.money.rules.claims import (
    ABOVE_REAL_COST,
    CLAIM_OVERDUE,
    DUPLICATE_CLAIM,
    MILEAGE_RATE,
    NO_RECEIPT,
    PREBOOKED_TRAVEL,
)
from withus.money.rules.joint import JOINT_RATE
from withus.money.rules.regular import REGULAR_CASH, REGULAR_VOUCHERS
from withus.money.rules.status import INACTIVE_PERSON, PAYMENT_CHOICE
from withus.money.rules.wage import MINIMUM_WAGE

CODES = (
    MINIMUM_WAGE,
    BENEFITS,
    REGULAR_VOUCHERS,
    REGULAR_CASH,
    JOINT_RATE,
    INACTIVE_PERSON,
    PAYMENT_CHOICE,
    DUPLICATE_CLAIM,
    NO_RECEIPT,
    ABOVE_REAL_COST,
    PREBOOKED_TRAVEL,
    MILEAGE_RATE,
    CLAIM_OVERDUE,
)

__all__ = [
    "ABOVE_REAL_COST",
    "BENEFITS",
    "CLAIM_OVERDUE",
    "CODES",
    "DUPLICATE_CLAIM",
    "INACTIVE_PERSON",
    "JOINT_RATE",
    "MILEAGE_RATE",
    "MINIMUM_WAGE",
    "NO_RECEIPT",
    "PAYMENT_CHOICE",
    "PREBOOKED_TRAVEL",
    "REGULAR_CASH",
    "REGULAR_VOUCHERS",
    "worst_first",
]

"""Quick ways to make money rows in tests (org-owned rows, unscoped create)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from withus.money.models import Payment, RateCard

_keys = itertools.count(1)


def make_rate_card(org, **fields) -> RateCard:
    fields.setdefault("name", "Forum session")
    fields.setdefault("responsibility", RateCard.Responsibility.ATTENDING)
    fields.setdefault("basis", RateCard.Basis.SESSION)
    fields.setdefault("amount", Decimal("40.00"))
    fields.setdefault("expected_hours", Decimal("2.5"))
    fields.setdefault("valid_from", dt.date(2020, 1, 1))
    return RateCard.unscoped.create(organisation=org, **fields)


def make_payment(org, participant, **fields) -> Payment:
    fields.setdefault("kind", Payment.Kind.INVOLVEMENT)
    fields.setdefault("method", Payment.Method.BANK)
    fields.setdefault("amount", Decimal("40.00"))
    fields.setdefault("description", "Forum session")
    fields.setdefault("activity_date", dt.date(2026, 5, 1))
    fields.setdefault("idempotency_key", f"test-{next(_keys)}")
    return Payment.unscoped.create(organisation=org, participant=participant, **fields)

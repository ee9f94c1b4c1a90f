"""Portal Money pages: claims, payments, claiming expenses, statements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.portal.portal_spec import PortalUrl
from withus.money.models import ExpenseClaim, ExpenseItem


def owners_claim(world, owner) -> dict:
    claim = ExpenseClaim.unscoped.create(organisation=owner.organisation, participant=owner)
    ExpenseItem.unscoped.create(
        organisation=owner.organisation,
        claim=claim,
        category=ExpenseItem.Category.MEALS,
        spent_on=dt.date(2026, 5, 4),
        amount_claimed=Decimal("6.50"),
        no_receipt_reason="Lost it",
    )
    return {"pk": claim.pk}


URLS = {
    # Pages naming no object: what they show is read through the signed-in participant and is
    # tested for isolation in tests/portal/test_money.py.
    "portal:money": PortalUrl(),
    "portal:claim_new": PortalUrl(),
    "portal:money_statement": PortalUrl(),
    "portal:money_statement_pdf": PortalUrl(),
    "portal:claim": PortalUrl(params=owners_claim),
    "portal:claim_add": PortalUrl(params=owners_claim),
}

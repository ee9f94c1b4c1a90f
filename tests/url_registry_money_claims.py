"""URL registry entries for expense claims, receipts and pre-booked travel (merged into
tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE
APPROVE = Capability.APPROVE_PAYMENTS
EITHER = (PEOPLE, APPROVE)


def _walker_person(world):
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Claimant"
    )
    return person


def _walker_receipt(world):
    from django.core.files.base import ContentFile

    from withus.money.models import Receipt

    receipt = Receipt(
        organisation=world.org_a,
        filename="receipt.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
    )
    receipt.file.save("receipt.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return receipt


def _walker_claim(world):
    """A waiting claim in org A with one receipted item (made once per test database)."""
    import datetime as dt
    from decimal import Decimal

    from withus.money.models import ExpenseClaim, ExpenseItem

    claim = ExpenseClaim.unscoped.filter(
        organisation=world.org_a, idempotency_key="walker-claim"
    ).first()
    if claim is None:
        claim = ExpenseClaim.unscoped.create(
            organisation=world.org_a,
            participant=_walker_person(world),
            idempotency_key="walker-claim",
        )
        ExpenseItem.unscoped.create(
            organisation=world.org_a,
            claim=claim,
            category=ExpenseItem.Category.MEALS,
            spent_on=dt.date(2026, 5, 1),
            amount_claimed=Decimal("6.50"),
            receipted_amount=Decimal("6.50"),
            receipt=_walker_receipt(world),
        )
    return claim


def _claim_kw(world) -> dict:
    return {"claim_id": _walker_claim(world).pk}


def _receipt_kw(world) -> dict:
    return {"receipt_id": _walker_receipt(world).pk}


URLS: dict[str, OrgUrl] = {
    "money:claims": OrgUrl(EITHER),
    "money:claim_add": OrgUrl(PEOPLE),
    "money:claim_detail": OrgUrl(EITHER, _claim_kw),
    "money:claim_item_add": OrgUrl(PEOPLE, _claim_kw),
    # An empty decision is refused on the claim's page (its error summary), changing nothing.
    "money:claim_decide": OrgUrl(APPROVE, _claim_kw, "post", 200),
    "money:receipt": OrgUrl(EITHER, _receipt_kw),
    "money:prebooked": OrgUrl(EITHER),
}

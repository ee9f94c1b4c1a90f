"""URL registry entries for batches, the bank file and the voucher and cash registers (merged
into tests/url_registry.py). All are for finance (can_approve_payments)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

FINANCE = Capability.APPROVE_PAYMENTS


def _person(world):
    from withus.people.crypto import encrypt
    from withus.people.models import BankDetails, Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Payee"
    )
    BankDetails.unscoped.get_or_create(
        organisation=world.org_a,
        participant=person,
        defaults={
            "account_name_encrypted": encrypt("Walker Payee"),
            "sort_code_encrypted": encrypt("309457"),
            "account_number_encrypted": encrypt("12345678"),
        },
    )
    return person


def _batch(world, status="exported"):
    from withus.money.models import Payment, PaymentBatch

    n = PaymentBatch.unscoped.filter(organisation=world.org_a).count() + 1
    batch = PaymentBatch.unscoped.create(
        organisation=world.org_a, reference=f"WALK-{n}", method="bank", status=status
    )
    payment = Payment.unscoped.create(
        organisation=world.org_a,
        participant=_person(world),
        kind="involvement",
        method="bank",
        status="approved",
        amount=Decimal("40.00"),
        description="Walker session",
        activity_date=dt.date(2026, 5, 1),
        idempotency_key=f"walker-batch-{n}",
        batch=batch,
    )
    PaymentBatch.unscoped.filter(pk=batch.pk).update(total=payment.amount)
    return batch, payment


def _batch_kw(world):
    return {"batch_id": _batch(world)[0].pk}


def _open_batch_payment_kw(world):
    batch, payment = _batch(world, status="open")
    return {"batch_id": batch.pk, "payment_id": payment.pk}


URLS: dict[str, OrgUrl] = {
    "money:batches": OrgUrl(FINANCE),
    "money:batch_create": OrgUrl(FINANCE),
    "money:batch_detail": OrgUrl(FINANCE, _batch_kw),
    "money:batch_csv": OrgUrl(FINANCE, _batch_kw),
    # An empty form comes back with its errors.
    "money:batch_paid": OrgUrl(FINANCE, _batch_kw, "post", 200),
    "money:batch_remove": OrgUrl(FINANCE, _open_batch_payment_kw, "post", 302),
    "money:vouchers": OrgUrl(FINANCE),
    "money:cash": OrgUrl(FINANCE),
}

"""The voucher and cash registers: recording one pays that payment (a batch of one, already
paid), exactly once; a voucher is worth exactly the payment; cash needs a receipt or witness."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from tests.money.builders import make_payment
from tests.money.test_batches import approved
from withus.audit.models import AuditEvent
from withus.money import services, services_batches
from withus.money.models import CashReceipt, ExpenseClaim, Payment, PaymentBatch, VoucherIssue

D = Decimal
DAY = dt.date(2026, 5, 8)


@pytest.fixture
def org(world):
    with scope(organisation=world.org_a):
        yield world.org_a


def give_voucher(world, payment, code="TESCO-001", value=None, **kwargs):
    return services_batches.voucher_record(
        payment=payment,
        code=code,
        provider=kwargs.get("provider", "Tesco"),
        value=payment.amount if value is None else value,
        issued_on=DAY,
        actor=world.finance_a,
    )


def test_recording_a_voucher_pays_the_payment_in_a_batch_of_one(world, people, org):
    claim = ExpenseClaim.unscoped.create(
        organisation=world.org_a, participant=people["jo"], status="approved"
    )
    payment = approved(world, people["jo"], method="voucher", amount=D("25.00"), claim=claim)
    issue = give_voucher(world, payment)
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.paid_on == DAY
    batch = payment.batch
    assert batch.status == "paid" and batch.method == "voucher"
    assert batch.total == D("25.00") and batch.paid_on == DAY
    assert issue.value == D("25.00") and issue.issued_by == world.finance_a
    claim.refresh_from_db()
    assert claim.status == "paid"
    event = AuditEvent.unscoped.get(action="voucher.issue")
    assert "£25.00 voucher" in event.summary and batch.reference in event.summary
    # A retried request returns the same record and pays nothing again.
    assert give_voucher(world, payment).pk == issue.pk
    assert VoucherIssue.unscoped.count() == 1 and PaymentBatch.unscoped.count() == 1
    assert services_batches.ledger_totals()["paid_batches"] == D("25.00")


def test_a_voucher_must_be_worth_exactly_the_payment(world, people, org):
    payment = approved(world, people["jo"], method="voucher", amount=D("25.00"))
    for wrong in (D("20.00"), D("25.01")):
        with pytest.raises(ValidationError, match="exactly"):
            give_voucher(world, payment, value=wrong)
    payment.refresh_from_db()
    assert payment.status == "approved" and not PaymentBatch.unscoped.exists()


def test_a_voucher_code_is_recorded_once(world, people, org):
    give_voucher(world, approved(world, people["jo"], method="voucher"))
    second = approved(world, people["sam"], method="voucher")
    with pytest.raises(ValidationError, match="already in the register"):
        give_voucher(world, second)
    with pytest.raises(ValidationError, match="already recorded"):
        give_voucher(world, Payment.objects.get(status="paid"), code="OTHER")


@pytest.mark.parametrize(
    "make",
    [
        lambda world, people: make_payment(world.org_a, people["jo"], method="voucher"),  # draft
        lambda world, people: approved(world, people["jo"], method="bank"),  # wrong method
    ],
)
def test_only_approved_voucher_payments_take_a_voucher(world, people, org, make):
    with pytest.raises(ValidationError):
        give_voucher(world, make(world, people))
    assert not VoucherIssue.unscoped.exists()


def test_a_corrected_payment_takes_no_voucher(world, people, org):
    payment = approved(world, people["jo"], method="voucher")
    services.payment_reverse(payment=payment, reason="Did not come", actor=world.finance_a)
    with pytest.raises(ValidationError, match="corrected"):
        give_voucher(world, payment)
    reversal = Payment.objects.get(kind="reversal")
    with pytest.raises(ValidationError, match="correction"):
        give_voucher(world, reversal)


def test_recording_cash_pays_the_payment_once(world, people, org):
    payment = approved(world, people["sam"], method="cash", amount=D("15.00"))
    args = dict(
        payment=payment,
        paid_on=DAY,
        handed_over_by=world.alice,
        witness="Pat at reception",
        receipt_signed=True,
        actor=world.finance_a,
    )
    receipt = services_batches.cash_record(**args)
    assert services_batches.cash_record(**args).pk == receipt.pk
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.batch.method == "cash"
    assert payment.batch.total == D("15.00")
    assert receipt.handed_over_by == world.alice
    assert CashReceipt.unscoped.count() == 1 and PaymentBatch.unscoped.count() == 1
    assert "witnessed by Pat at reception" in AuditEvent.unscoped.get(action="cash.record").summary


def test_cash_needs_a_signed_receipt_or_a_witness(world, people, org):
    payment = approved(world, people["sam"], method="cash")
    with pytest.raises(ValidationError, match="witness"):
        services_batches.cash_record(
            payment=payment,
            paid_on=DAY,
            handed_over_by=world.alice,
            witness=" ",
            receipt_signed=False,
            actor=world.finance_a,
        )
    payment.refresh_from_db()
    assert payment.status == "approved"


# --- the pages -----------------------------------------------------------------------------------


def url(world, name):
    return reverse(f"money:{name}", kwargs={"org_slug": world.org_a.slug})


def test_the_voucher_page_records_a_voucher(client, world, people):
    with scope(organisation=world.org_a):
        payment = approved(world, people["jo"], method="voucher", amount=D("10.00"))
    client.force_login(world.finance_a)
    page = client.get(url(world, "vouchers") + f"?payment={payment.pk}")
    assert page.status_code == 200
    assert "Jo Bloggs: £10.00" in page.content.decode()
    data = {
        "payment": payment.pk,
        "code": "ARGOS-9",
        "provider": "Argos",
        "value": "10.00",
        "issued_on": "2026-05-08",
    }
    wrong = client.post(url(world, "vouchers"), {**data, "value": "12.00"})
    assert wrong.status_code == 200
    assert "exactly the payment, £10.00" in wrong.content.decode()
    assert "There is a problem" in wrong.content.decode()
    response = client.post(url(world, "vouchers"), data, follow=True)
    assert "Voucher ARGOS-9 recorded for Jo Bloggs" in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == "paid"
    # The payment is no longer offered; posting it again is refused with a clear message.
    again = client.post(url(world, "vouchers"), data)
    assert again.status_code == 200
    assert "It may have been paid already" in again.content.decode()
    assert VoucherIssue.unscoped.count() == 1


def test_a_future_date_is_refused(client, world, people):
    with scope(organisation=world.org_a):
        payment = approved(world, people["jo"], method="voucher", amount=D("10.00"))
    client.force_login(world.finance_a)
    response = client.post(
        url(world, "vouchers"),
        {"payment": payment.pk, "code": "X", "value": "10.00", "issued_on": "2999-01-01"},
    )
    assert "cannot be in the future" in response.content.decode()
    assert not VoucherIssue.unscoped.exists()


def test_the_cash_page_records_a_handover(client, world, people):
    with scope(organisation=world.org_a):
        payment = approved(world, people["sam"], method="cash", amount=D("8.00"))
    client.force_login(world.finance_a)
    data = {
        "payment": payment.pk,
        "paid_on": "2026-05-08",
        "handed_over_by": world.alice.pk,
        "witness": "",
    }
    refused = client.post(url(world, "cash"), data)
    assert "signed a receipt, or name a witness" in refused.content.decode()
    response = client.post(url(world, "cash"), {**data, "receipt_signed": "on"}, follow=True)
    assert "Cash handover recorded for Sam Carter" in response.content.decode()
    receipt = CashReceipt.unscoped.get()
    assert receipt.receipt_signed and receipt.handed_over_by == world.alice


def test_the_cash_page_offers_only_this_organisations_staff(client, world, people):
    with scope(organisation=world.org_a):
        payment = approved(world, people["sam"], method="cash")
    client.force_login(world.finance_a)
    response = client.post(
        url(world, "cash"),
        {
            "payment": payment.pk,
            "paid_on": "2026-05-08",
            "handed_over_by": world.charlie.pk,
            "receipt_signed": "on",
        },
    )
    assert response.status_code == 200
    assert not CashReceipt.unscoped.exists()


def test_a_voucher_or_cash_batch_page_shows_the_register_entry(client, world, people):
    with scope(organisation=world.org_a):
        voucher = give_voucher(world, approved(world, people["jo"], method="voucher"))
        cash = services_batches.cash_record(
            payment=approved(world, people["sam"], method="cash"),
            paid_on=DAY,
            handed_over_by=world.alice,
            witness="",
            receipt_signed=True,
            actor=world.finance_a,
        )
    client.force_login(world.finance_a)
    page = client.get(
        reverse(
            "money:batch_detail",
            kwargs={"org_slug": world.org_a.slug, "batch_id": voucher.payment.batch_id},
        )
    ).content.decode()
    assert "TESCO-001 (Tesco)" in page and "Mark the batch paid" not in page
    page = client.get(
        reverse(
            "money:batch_detail",
            kwargs={"org_slug": world.org_a.slug, "batch_id": cash.payment.batch_id},
        )
    ).content.decode()
    assert "Receipt signed." in page and "remittance" not in page.lower()
    listing = client.get(url(world, "batches")).content.decode()
    assert "Voucher" in listing and "Cash" in listing

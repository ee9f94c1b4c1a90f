"""The batch pages as a finance officer uses them, and their query counts (the same for one row
as for many)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from tests.money.test_batches import approved
from withus.messaging.models import Message
from withus.money import services_batches
from withus.money.models import CashReceipt, Payment, PaymentBatch, VoucherIssue
from withus.people import services as people_services
from withus.people.models import Participant

D = Decimal


def url(world, name, **kwargs):
    return reverse(f"money:{name}", kwargs={"org_slug": world.org_a.slug, **kwargs})


@pytest.fixture
def finance(client, world):
    client.force_login(world.finance_a)
    return client


def banked_person(world, n: int) -> Participant:
    with scope(organisation=world.org_a):
        person = Participant.unscoped.create(
            organisation=world.org_a, preferred_name=f"Person {n}", status="active"
        )
        people_services.bank_details_save(
            participant=person,
            account_name=f"Person {n}",
            sort_code="309457",
            account_number=f"{n:08d}",
            actor=world.alice,
        )
    return person


def test_a_finance_officer_makes_downloads_and_pays_a_batch(finance, world, people):
    with scope(organisation=world.org_a):
        jo = approved(world, people["jo"], amount=D("40.00"))
        extra = approved(world, people["jo"], amount=D("2.00"))
        approved(world, people["sam"], method="voucher")
    listing = finance.get(url(world, "batches")).content.decode()
    assert "Approved and waiting to be paid" in listing and "£42.00" in listing
    assert "Record vouchers given" in listing
    new = finance.get(url(world, "batch_create") + "?method=bank").content.decode()
    assert f'value="{jo.pk}" checked' in new
    empty = finance.post(url(world, "batch_create"), {"method": "bank"})
    assert "Choose at least one payment" in empty.content.decode()
    response = finance.post(
        url(world, "batch_create"), {"method": "bank", "payments": [jo.pk, extra.pk]}
    )
    batch = PaymentBatch.unscoped.get()
    assert response.url == url(world, "batch_detail", batch_id=batch.pk)
    detail = finance.get(response.url).content.decode()
    assert batch.reference in detail and "Download the bank file (CSV)" in detail
    assert "Mark the batch paid" not in detail  # the file comes first
    finance.post(url(world, "batch_remove", batch_id=batch.pk, payment_id=extra.pk))
    batch.refresh_from_db()
    assert batch.total == D("40.00")
    assert finance.get(url(world, "batch_csv", batch_id=batch.pk)).status_code == 200
    detail = finance.get(url(world, "batch_detail", batch_id=batch.pk)).content.decode()
    assert "Mark the batch paid" in detail and "Take out" not in detail
    future = finance.post(url(world, "batch_paid", batch_id=batch.pk), {"paid_on": "2999-01-01"})
    assert "cannot be in the future" in future.content.decode()
    paid = finance.post(
        url(world, "batch_paid", batch_id=batch.pk), {"paid_on": "2026-05-08"}, follow=True
    )
    page = paid.content.decode()
    assert "is marked as paid" in page and "Remittance advice made for 1 payment" in page
    assert Payment.unscoped.get(pk=jo.pk).status == "paid"
    # Posting again (a double click) changes nothing and sends nothing.
    finance.post(url(world, "batch_paid", batch_id=batch.pk), {"paid_on": "2026-05-09"})
    assert Message.unscoped.filter(template="remittance").count() == 1
    assert Payment.unscoped.get(pk=jo.pk).paid_on == dt.date(2026, 5, 8)


def test_the_batch_page_lists_people_without_bank_details(finance, world, people):
    with scope(organisation=world.org_a):
        batch = services_batches.batch_create(
            organisation=world.org_a,
            payment_ids=[approved(world, people["sam"]).pk],
            method="bank",
            actor=world.finance_a,
        ).batch
    page = finance.get(url(world, "batch_detail", batch_id=batch.pk)).content.decode()
    assert "Sam Carter has no bank details recorded" in page
    assert "Download the bank file (CSV)" not in page


def test_a_coordinator_cannot_pay(client, world):
    client.force_login(world.alice)
    assert client.get(url(world, "batches")).status_code == 403


# --- bounded queries -----------------------------------------------------------------------------


def _same_queries(client, address, build):
    build(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(address()).status_code == 200
    build(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(address()).status_code == 200
    assert len(one) == len(many), [q["sql"] for q in many.captured_queries]


def _payments(world, n, method="bank"):
    made = []
    with scope(organisation=world.org_a):
        start = Participant.unscoped.count()
        for i in range(n):
            made.append(approved(world, banked_person(world, start + i), method=method))
    return made


def test_the_batches_list_is_bounded(finance, world):
    def build(n):
        for payment in _payments(world, n):
            with scope(organisation=world.org_a):
                services_batches.batch_create(
                    organisation=world.org_a,
                    payment_ids=[payment.pk],
                    method="bank",
                    actor=world.finance_a,
                )
        _payments(world, n)  # and some waiting
        _payments(world, n, method="cash")

    _same_queries(finance, lambda: url(world, "batches"), build)


def test_choosing_payments_for_a_batch_is_bounded(finance, world):
    _same_queries(finance, lambda: url(world, "batch_create"), lambda n: _payments(world, n))


def test_a_batch_page_is_bounded_before_and_after_payment(finance, world):
    batch = {}

    def build(n):
        payments = _payments(world, n)
        with scope(organisation=world.org_a):
            if "b" not in batch:
                batch["b"] = services_batches.batch_create(
                    organisation=world.org_a,
                    payment_ids=[p.pk for p in payments],
                    method="bank",
                    actor=world.finance_a,
                ).batch
            else:
                Payment.unscoped.filter(pk__in=[p.pk for p in payments]).update(batch=batch["b"])

    address = lambda: url(world, "batch_detail", batch_id=batch["b"].pk)  # noqa: E731
    _same_queries(finance, address, build)
    with scope(organisation=world.org_a):
        services_batches.batch_bank_file(batch=batch["b"], actor=world.finance_a)
        services_batches.batch_mark_paid(
            batch=batch["b"], paid_on=dt.date(2026, 5, 8), actor=world.finance_a
        )
    with CaptureQueriesContext(connection) as paid:
        assert finance.get(address()).status_code == 200
    assert len(paid) < 25


def test_the_registers_are_bounded(finance, world):
    def build_vouchers(n):
        with scope(organisation=world.org_a):
            for payment in _payments(world, n, method="voucher"):
                services_batches.voucher_record(
                    payment=payment,
                    code=f"V{payment.pk}",
                    provider="Tesco",
                    value=payment.amount,
                    issued_on=dt.date(2026, 5, 8),
                    actor=world.finance_a,
                )
        _payments(world, n, method="voucher")

    def build_cash(n):
        with scope(organisation=world.org_a):
            for payment in _payments(world, n, method="cash"):
                services_batches.cash_record(
                    payment=payment,
                    paid_on=dt.date(2026, 5, 8),
                    handed_over_by=world.alice,
                    witness="",
                    receipt_signed=True,
                    actor=world.finance_a,
                )
        _payments(world, n, method="cash")

    _same_queries(finance, lambda: url(world, "vouchers"), build_vouchers)
    assert VoucherIssue.unscoped.count() == 21
    _same_queries(finance, lambda: url(world, "cash"), build_cash)
    assert CashReceipt.unscoped.count() == 21

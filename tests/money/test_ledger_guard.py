"""The database itself refuses edits and deletes of approved or paid payments (SQLite triggers
or a PostgreSQL trigger function, migration money 0002). Tested with raw updates, so no Python
code path can get round it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from tests.money.builders import make_payment
from withus.money.models import Payment, PaymentBatch


@pytest.fixture(autouse=True)
def _guard_on(db):
    """Make sure the guard is in place even if a committing test lifted it for its clean-up."""
    import importlib

    guard = importlib.import_module("withus.money.migrations.0002_dated_tables_and_ledger_guard")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in guard.SQLITE:
                cursor.execute(sql)


def _raw_update(payment, sql_set: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE money_payment SET {sql_set} WHERE id = %s", [*params, payment.pk])


def _refused(callable_):
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        callable_()


@pytest.fixture
def approved(world, people):
    payment = make_payment(world.org_a, people["jo"])
    Payment.unscoped.filter(pk=payment.pk).update(
        status="approved", approved_by=world.finance_a, approved_at=timezone.now()
    )
    payment.refresh_from_db()
    return payment


def test_drafts_can_change_and_be_deleted(world, people):
    draft = make_payment(world.org_a, people["jo"])
    Payment.unscoped.filter(pk=draft.pk).update(amount=Decimal("45.00"))
    Payment.unscoped.filter(pk=draft.pk).delete()
    assert not Payment.unscoped.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("amount = %s", [Decimal("400.00")]),
        ("description = %s", ["Changed"]),
        ("method = %s", ["cash"]),
        ("activity_date = %s", [dt.date(2026, 6, 1)]),
        ("status = %s", ["draft"]),
        ("override_reason = %s", ["after the fact"]),
        ("hours = %s", [Decimal("9")]),
    ],
)
def test_approved_rows_cannot_be_edited_even_with_raw_sql(approved, sql, params):
    _refused(lambda: _raw_update(approved, sql, params))
    approved.refresh_from_db()
    assert approved.amount == Decimal("40.00")
    assert approved.status == "approved"


def test_approved_rows_cannot_be_deleted(approved):
    _refused(lambda: Payment.unscoped.filter(pk=approved.pk).delete())
    assert Payment.unscoped.filter(pk=approved.pk).exists()


def test_approved_can_go_into_a_batch_and_be_paid_then_nothing_changes(world, approved):
    batch = PaymentBatch.unscoped.create(organisation=world.org_a, reference="B1", method="bank")
    Payment.unscoped.filter(pk=approved.pk).update(batch=batch)
    Payment.unscoped.filter(pk=approved.pk).update(status="paid", paid_on=dt.date(2026, 5, 8))
    approved.refresh_from_db()
    assert approved.status == "paid"
    _refused(lambda: Payment.unscoped.filter(pk=approved.pk).update(paid_on=dt.date(2026, 5, 9)))
    _refused(lambda: Payment.unscoped.filter(pk=approved.pk).update(batch=None))
    _refused(lambda: Payment.unscoped.filter(pk=approved.pk).update(status="approved"))
    _refused(lambda: Payment.unscoped.filter(pk=approved.pk).delete())


def test_amount_sign_must_match_the_kind(world, people):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_payment(world.org_a, people["jo"], amount=Decimal("-5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_payment(world.org_a, people["jo"], kind="reversal", amount=Decimal("5"))


def test_the_same_idempotency_key_cannot_make_two_payments(world, people):
    make_payment(world.org_a, people["jo"], idempotency_key="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_payment(world.org_a, people["jo"], idempotency_key="same")

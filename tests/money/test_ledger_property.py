"""The ledger never loses or doubles money, whatever finance officers do in whatever order.

A hypothesis state machine runs random sequences of the real services — create, approve,
reverse, batch, take out of a batch, download the bank file, mark paid, record a voucher or a
cash handover — including repeats of the last operation exactly as a retried request or a
re-run job would. After every step these hold:

1. **Paid money adds up.** The sum of PAID payments' amounts equals the sum of PAID batches'
   totals — exactly, with no term for vouchers or cash, because a voucher issue or a cash
   handover is recorded as a batch of one that is already paid. It also equals the money the
   test itself saw paid (each batch counted once, when it first became paid), so a payment paid
   twice would show even if both sums moved together.
2. **Every batch's stored total is the sum of its payments**, open, sent or paid.
3. **Paid means paid in a paid batch**: a payment is PAID exactly when its batch is PAID, and
   its paid date is the batch's.
4. **No idempotency key maps to two rows**, and a key always gives back the row it made first.
5. **No payment is in two batches**: once a batch's file has gone to the bank (or it is paid), its
   payments stay in it; a paid payment's batch and date never change.
6. **Approved and paid payments never change** (amount, method, person, kind).
7. **A cancelled payment is never paid**: a payment reversed while in no batch never goes into
   one, and reversals themselves are never paid.
8. **Remittance advice goes once, only to people paid**: at most one message per payment, each
   for a PAID payment.

Fast on purpose (about 30 examples of up to 20 steps); it runs on SQLite and PostgreSQL in CI.
Each example runs inside a savepoint that is rolled back, so examples never see each other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django_scopes import scope
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from withus.messaging.models import Message
from withus.money import services, services_batches
from withus.money.bank_file import BankFileRefused
from withus.money.models import CashReceipt, Payment, PaymentBatch, VoucherIssue
from withus.money.services import PaymentBlocked
from withus.people import services as people_services
from withus.people.models import Participant

S = Payment.Status
B = PaymentBatch.Status
KEYS = [f"key-{n}" for n in range(8)]  # few keys, so retries and collisions happen often
METHODS = ["bank", "bank", "other", "voucher", "cash"]
pick = st.integers(min_value=0, max_value=10_000)
pence = st.integers(min_value=1, max_value=50_000)
days = st.dates(min_value=dt.date(2026, 5, 1), max_value=dt.date(2026, 6, 30))


OUTCOMES: Counter[str] = Counter()  # what the runs did, to show the test is not vacuous


def event(outcome: str) -> None:
    OUTCOMES[outcome] += 1


def _sum(qs, field="amount") -> Decimal:
    return qs.aggregate(total=Sum(field))["total"] or Decimal("0.00")


class Ledger(RuleBasedStateMachine):
    world = None
    people: list[Participant] = []

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._scope = scope(organisation=self.world.org_a)
        self._scope.__enter__()
        self.key_rows: dict[str, int] = {}
        self.frozen: dict[int, tuple] = {}  # approved/paid payment -> what must never change
        self.settled: dict[int, tuple] = {}  # paid payment -> (batch, paid_on)
        self.sent: dict[int, int] = {}  # payment -> batch it was in when the file went out
        self.cancelled: set[int] = set()  # reversed while in no batch
        self.paid_batches: set[int] = set()
        self.seen_paid = Decimal("0.00")  # money this test saw paid, each batch once
        self.last = None  # the last operation, to repeat as a retry would

    def teardown(self):
        self._scope.__exit__(None, None, None)
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers ------------------------------------------------------------------------------

    def _payments(self, **filters) -> list[Payment]:
        return list(Payment.objects.filter(**filters).order_by("pk"))

    def _choose(self, items, index):
        return items[index % len(items)] if items else None

    def _run(self, operation):
        """Run an operation now and remember it, so `retry` can run it again."""
        self.last = operation
        operation()

    def _note_paid(self):
        for batch in PaymentBatch.objects.filter(status=B.PAID).exclude(pk__in=self.paid_batches):
            self.paid_batches.add(batch.pk)
            self.seen_paid += batch.total

    # --- operations ---------------------------------------------------------------------------

    @initialize(start=st.lists(st.tuples(st.sampled_from(METHODS), pence), min_size=0, max_size=5))
    def some_approved_payments(self, start):
        """Begin with a few approved payments, so batches and registers get going sooner."""
        for n, (method, amount) in enumerate(start):
            payment = services.payment_create(
                organisation=self.world.org_a,
                participant=self.people[n % len(self.people)],
                kind=Payment.Kind.INVOLVEMENT,
                method=method,
                amount=Decimal(amount) / 100,
                description="Property test",
                activity_date=dt.date(2026, 5, 1),
                idempotency_key=f"start-{n}",
                actor=self.world.alice,
            )
            self.key_rows[payment.idempotency_key] = payment.pk
            services.payment_approve(
                payment=payment, actor=self.world.finance_a, override_reason="Checked"
            )

    @rule(
        person=pick,
        method=st.sampled_from(METHODS),
        amount=pence,
        key=st.sampled_from(KEYS),
        approve_now=st.booleans(),
    )
    def create(self, person, method, amount, key, approve_now):
        """Draft a payment (approving it at once if asked, as two requests in a row)."""
        participant = self._choose(self.people, person)

        def go():
            payment = services.payment_create(
                organisation=self.world.org_a,
                participant=participant,
                kind=Payment.Kind.INVOLVEMENT,
                method=method,
                amount=Decimal(amount) / 100,
                description="Property test",
                activity_date=dt.date(2026, 5, 1),
                idempotency_key=key,
                actor=self.world.alice,
            )
            first = self.key_rows.setdefault(key, payment.pk)
            assert first == payment.pk, f"{key} gave two rows: {first} and {payment.pk}"
            if approve_now:
                services.payment_approve(
                    payment=payment, actor=self.world.finance_a, override_reason="Checked"
                )

        self._run(go)

    @precondition(lambda self: Payment.objects.filter(status=S.DRAFT).exists())
    @rule(index=pick)
    def approve(self, index):
        payment = self._choose(self._payments(status=S.DRAFT), index)

        def go():
            try:
                services.payment_approve(
                    payment=payment, actor=self.world.finance_a, override_reason="Checked"
                )
            except PaymentBlocked:  # pragma: no cover - a reason is always given
                raise AssertionError("approval with a reason was blocked") from None

        self._run(go)

    @precondition(lambda self: Payment.objects.exclude(status=S.DRAFT).exists())
    @rule(index=pick)
    def reverse(self, index):
        payment = self._choose(self._payments(status__in=[S.APPROVED, S.PAID]), index)

        def go():
            original = Payment.objects.get(pk=payment.pk)
            try:
                services.payment_reverse(
                    payment=original, reason="Mistake", actor=self.world.finance_a
                )
            except ValidationError:
                assert original.kind == Payment.Kind.REVERSAL
                return
            event(f"reversed a {original.status} payment")
            if original.batch_id is None and original.status == S.APPROVED:
                self.cancelled.add(original.pk)

        self._run(go)

    @precondition(lambda self: Payment.objects.filter(status=S.APPROVED).exists())
    @rule(
        method=st.sampled_from(["bank", "other", "voucher", "cash"]),
        chosen=st.lists(pick, min_size=1, max_size=4),
        anything=st.booleans(),
    )
    def batch(self, method, chosen, anything):
        """Choose approved payments waiting to be paid and batch them by the first one's method
        (or, sometimes, send any payments and any method, as a stale or tampered form would)."""
        if anything:
            candidates = self._payments()
        else:
            candidates = self._payments(status=S.APPROVED, batch__isnull=True) or self._payments()
        picked = [self._choose(candidates, i) for i in chosen]
        ids = [p.pk for p in picked]
        if anything:
            ids.append(10**9)  # an id that does not exist
        else:
            method = picked[0].method

        def go():
            try:
                services_batches.batch_create(
                    organisation=self.world.org_a,
                    payment_ids=ids,
                    method=method,
                    actor=self.world.finance_a,
                )
            except ValidationError:  # nothing left to batch: refused, nothing made
                event("batch refused")
            else:
                event("batch made")

        self._run(go)

    @precondition(lambda self: Payment.objects.filter(batch__isnull=False).exists())
    @rule(index=pick)
    def remove(self, index):
        payment = self._choose(self._payments(batch__isnull=False), index)

        def go():
            batch = PaymentBatch.objects.get(pk=payment.batch_id)
            try:
                services_batches.batch_remove_payment(
                    batch=batch, payment=payment, actor=self.world.finance_a
                )
            except ValidationError:
                assert batch.status != B.OPEN
                event("remove refused")
            else:
                event("removed")

        self._run(go)

    @precondition(lambda self: PaymentBatch.objects.exists())
    @rule(index=pick, unpaid=st.booleans())
    def download(self, index, unpaid):
        batches = PaymentBatch.objects.order_by("pk")
        if unpaid:
            batches = batches.filter(method="bank").exclude(status=B.PAID)
        batch = self._choose(list(batches), index) or batches.model.objects.first()

        self._run(lambda: self._download(batch))

    def _download(self, batch):
        fresh = PaymentBatch.objects.get(pk=batch.pk)
        try:
            services_batches.batch_bank_file(batch=fresh, actor=self.world.finance_a)
        except BankFileRefused:
            event("bank file refused")
            return
        event("bank file made")
        for pk in fresh.payments.values_list("pk", flat=True):
            self.sent.setdefault(pk, fresh.pk)

    @precondition(lambda self: PaymentBatch.objects.exists())
    @rule(index=pick, day=days, unpaid=st.booleans(), download_first=st.booleans())
    def pay(self, index, day, unpaid, download_first):
        """Mark a batch paid (for a bank batch, perhaps downloading its file first, as the page
        leads a finance officer to)."""
        batches = PaymentBatch.objects.order_by("pk")
        if unpaid:
            batches = batches.exclude(status=B.PAID)
        batch = self._choose(list(batches), index) or batches.model.objects.first()

        def go():
            if download_first and batch.method == "bank":
                self._download(batch)
            fresh = PaymentBatch.objects.get(pk=batch.pk)
            try:
                result = services_batches.batch_mark_paid(
                    batch=fresh, paid_on=day, actor=self.world.finance_a
                )
            except ValidationError:
                assert fresh.status != B.PAID
                event("pay refused")
            else:
                event("batch paid" if result.newly_paid else "batch paid again: nothing changed")
            self._note_paid()

        self._run(go)

    @precondition(lambda self: Payment.objects.filter(status=S.APPROVED).exists())
    @rule(index=pick, day=days, exact=st.booleans(), anything=st.booleans())
    def voucher_or_cash(self, index, day, exact, anything):
        """Record a voucher or a cash handover for an approved payment of that method (or,
        sometimes, for any approved payment, which must be refused unless it fits)."""
        methods = ["bank", "other", "voucher", "cash"] if anything else ["voucher", "cash"]
        payment = self._choose(
            self._payments(status=S.APPROVED, method__in=methods), index
        ) or self._choose(self._payments(status=S.APPROVED), index)

        def go():
            try:
                if payment.method == "cash":
                    services_batches.cash_record(
                        payment=payment,
                        paid_on=day,
                        handed_over_by=self.world.finance_a,
                        witness="",
                        receipt_signed=True,
                        actor=self.world.finance_a,
                    )
                else:
                    services_batches.voucher_record(
                        payment=payment,
                        code=f"V-{payment.pk}",
                        provider="",
                        value=payment.amount if exact else payment.amount + Decimal("1"),
                        issued_on=day,
                        actor=self.world.finance_a,
                    )
            except ValidationError:
                event("voucher or cash refused")
            else:
                event(f"{payment.method} recorded")
            self._note_paid()

        self._run(go)

    @precondition(lambda self: self.last is not None)
    @rule()
    def retry(self):
        """The same request again, as after a time-out or a double click."""
        self.last()

    # --- invariants ---------------------------------------------------------------------------
    # One snapshot of the ledger per step (seven queries), then every check in Python.

    @invariant()
    def the_ledger_is_right(self):
        payments = list(
            Payment.objects.values(
                "pk",
                "status",
                "kind",
                "amount",
                "method",
                "participant_id",
                "batch_id",
                "paid_on",
                "idempotency_key",
            )
        )
        batches = {
            b["pk"]: b for b in PaymentBatch.objects.values("pk", "status", "total", "paid_on")
        }
        paid_sum = _sum(Payment.objects.filter(status=S.PAID))
        batch_sum = _sum(PaymentBatch.objects.filter(status=B.PAID), "total")
        remitted = [
            int(key.split(":")[1])
            for key in Message.objects.filter(template="remittance").values_list(
                "dedupe_key", flat=True
            )
        ]
        self.paid_money_adds_up(paid_sum, batch_sum)
        self.every_batch_total_is_its_payments(payments, batches)
        self.paid_exactly_when_the_batch_is_paid(payments, batches)
        self.one_row_per_key(payments)
        self.approved_and_paid_rows_never_change(payments)
        self.cancelled_payments_are_never_paid(payments)
        self.remittance_once_and_only_for_paid(payments, remitted)
        self.registers_match_their_payments(payments)

    def paid_money_adds_up(self, paid_sum, batch_sum):
        assert paid_sum == batch_sum, (paid_sum, batch_sum)
        assert paid_sum == self.seen_paid, (paid_sum, self.seen_paid)

    def every_batch_total_is_its_payments(self, payments, batches):
        sums = {pk: Decimal("0") for pk in batches}
        for p in payments:
            if p["batch_id"] is not None:
                sums[p["batch_id"]] += p["amount"]
        for pk, batch in batches.items():
            assert batch["total"] == sums[pk], (pk, batch["total"], sums[pk])

    def paid_exactly_when_the_batch_is_paid(self, payments, batches):
        for p in payments:
            batch = batches.get(p["batch_id"])
            if p["status"] == S.PAID:
                assert batch is not None and batch["status"] == B.PAID, p
                assert p["paid_on"] == batch["paid_on"], p
            elif batch is not None:
                assert batch["status"] != B.PAID, p

    def one_row_per_key(self, payments):
        rows = {}
        for p in payments:
            assert p["idempotency_key"] not in rows, p["idempotency_key"]
            rows[p["idempotency_key"]] = p["pk"]
        for key, pk in self.key_rows.items():
            assert rows[key] == pk, (key, rows[key], pk)

    def approved_and_paid_rows_never_change(self, payments):
        for p in payments:
            if p["status"] == S.DRAFT:
                continue
            facts = (p["amount"], p["method"], p["participant_id"], p["kind"])
            assert self.frozen.setdefault(p["pk"], facts) == facts, p
            if p["status"] == S.PAID:
                settled = (p["batch_id"], p["paid_on"])
                assert self.settled.setdefault(p["pk"], settled) == settled, p
            if p["pk"] in self.sent:
                assert p["batch_id"] == self.sent[p["pk"]], "left a batch sent to the bank"

    def cancelled_payments_are_never_paid(self, payments):
        for p in payments:
            if p["pk"] in self.cancelled or p["kind"] == Payment.Kind.REVERSAL:
                assert p["batch_id"] is None and p["status"] != S.PAID, p

    def registers_match_their_payments(self, payments):
        by_pk = {p["pk"]: p for p in payments}
        for payment_id, value in VoucherIssue.objects.values_list("payment_id", "value"):
            payment = by_pk[payment_id]
            assert payment["status"] == S.PAID and payment["method"] == "voucher", payment
            assert value == payment["amount"], (value, payment)
        for payment_id in CashReceipt.objects.values_list("payment_id", flat=True):
            assert by_pk[payment_id]["status"] == S.PAID and by_pk[payment_id]["method"] == "cash"

    def remittance_once_and_only_for_paid(self, payments, remitted):
        assert len(remitted) == len(set(remitted)), remitted
        status = {p["pk"]: p["status"] for p in payments}
        assert all(status.get(pk) == S.PAID for pk in remitted), remitted


@pytest.mark.django_db
def test_the_ledger_never_loses_or_doubles_money(world):
    with scope(organisation=world.org_a):
        people = []
        for n, (name, legal) in enumerate([("Ash", ""), ("Bo", "Bo Legal"), ("Cy", "")]):
            person = people_services.participant_create(
                organisation=world.org_a,
                data={"preferred_name": name, "legal_name": legal, "status": "active"},
                actor=world.alice,
            )
            people_services.bank_details_save(
                participant=person,
                account_name=name,
                sort_code="309457",
                account_number=f"1000000{n}",
                actor=world.alice,
            )
            people.append(person)
    Ledger.world = world
    Ledger.people = people
    run_state_machine_as_test(
        Ledger,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
            database=None,
        ),
    )
    print(dict(OUTCOMES))

"""Payment batches: making them (once per payment, even when two officers act at once), taking
payments out, marking paid with remittance advice once, and expense claims becoming paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from tests.money.builders import make_payment
from withus.audit.models import AuditEvent
from withus.messaging.models import Message
from withus.money import services, services_batches
from withus.money.models import ExpenseClaim, Payment, PaymentBatch

D = Decimal
B = PaymentBatch.Status
PAID_ON = dt.date(2026, 5, 8)


def approved(world, person, **fields):
    payment = make_payment(world.org_a, person, **fields)
    Payment.unscoped.filter(pk=payment.pk).update(
        status="approved", approved_by=world.finance_a, approved_at=timezone.now()
    )
    payment.refresh_from_db()
    return payment


@pytest.fixture
def org(world, people):
    """Org A's scope, with bank details for Sam and Lee too (Jo has them already)."""
    from withus.people import services as people_services

    with scope(organisation=world.org_a):
        for name, number in (("sam", "22223333"), ("lee", "44445555")):
            people_services.bank_details_save(
                participant=people[name],
                account_name=people[name].preferred_name,
                sort_code="40-11-22",
                account_number=number,
                actor=world.alice,
            )
        yield world.org_a


def make_batch(world, payments, method="bank"):
    return services_batches.batch_create(
        organisation=world.org_a,
        payment_ids=[p.pk for p in payments],
        method=method,
        actor=world.finance_a,
    )


def exported(world, batch):
    services_batches.batch_bank_file(batch=batch, actor=world.finance_a)
    batch.refresh_from_db()
    return batch


# --- making batches ------------------------------------------------------------------------------


def test_a_batch_takes_the_chosen_payments_and_stores_its_total(world, people, org):
    one = approved(world, people["jo"], amount=D("40.00"))
    two = approved(world, people["sam"], amount=D("12.35"))
    created = make_batch(world, [one, two])
    batch = created.batch
    today = services_batches.local_today(world.org_a)
    assert batch.reference == f"WU-{today:%Y-%m}-0001"
    assert batch.total == D("52.35")
    assert batch.status == B.OPEN and batch.method == "bank"
    assert set(batch.payments.values_list("pk", flat=True)) == {one.pk, two.pk}
    assert created.left_out == []
    event = AuditEvent.unscoped.get(action="batch.create")
    assert batch.reference in event.summary and "£52.35" in event.summary
    second = make_batch(world, [approved(world, people["jo"])]).batch
    assert second.reference == f"WU-{today:%Y-%m}-0002"


def test_two_officers_batching_the_same_payments_never_batch_one_twice(world, people, org):
    one = approved(world, people["jo"])
    two = approved(world, people["sam"])
    first = make_batch(world, [one, two]).batch
    # The second officer's page was drawn before the first batch was made.
    with pytest.raises(ValidationError):
        make_batch(world, [one, two])
    three = approved(world, people["jo"], amount=D("5.00"))
    second = make_batch(world, [one, three])
    assert second.left_out == [one.pk]
    assert list(second.batch.payments.values_list("pk", flat=True)) == [three.pk]
    one.refresh_from_db()
    assert one.batch_id == first.pk
    assert PaymentBatch.unscoped.count() == 2
    assert second.batch.total == D("5.00")


def test_a_row_batched_after_it_was_read_is_still_not_taken(world, people, org, monkeypatch):
    """Even if the read missed a batch committed a moment earlier, the UPDATE's own WHERE clause
    refuses rows already in a batch."""
    one = approved(world, people["jo"])
    make_batch(world, [one])
    stale = Payment.objects.filter(status="approved")  # ignores batch: as if read too early
    monkeypatch.setattr(services_batches, "payable", lambda method=None: stale)
    with pytest.raises(ValidationError, match="another batch"):
        make_batch(world, [one])
    assert PaymentBatch.unscoped.count() == 1  # the second batch was rolled back


def test_only_approved_unpaid_uncorrected_payments_of_the_method_are_batched(world, people, org):
    draft = make_payment(world.org_a, people["jo"])
    cash = approved(world, people["jo"], method="cash")
    corrected = approved(world, people["jo"])
    services.payment_reverse(payment=corrected, reason="Wrong person", actor=world.finance_a)
    reversal = Payment.objects.get(reverses=corrected)
    good = approved(world, people["sam"])
    created = make_batch(world, [draft, cash, corrected, reversal, good])
    assert list(created.batch.payments.values_list("pk", flat=True)) == [good.pk]
    assert sorted(created.left_out) == sorted([draft.pk, cash.pk, corrected.pk, reversal.pk])
    waiting = {row["method"]: row for row in services_batches.waiting_by_method()}
    assert waiting["cash"]["count"] == 1 and "bank" not in waiting


def test_vouchers_and_cash_are_not_batched_in_bulk(world, people, org):
    voucher = approved(world, people["jo"], method="voucher")
    with pytest.raises(ValidationError, match="register"):
        make_batch(world, [voucher], method="voucher")


def test_nothing_to_batch_makes_no_batch(world, people, org):
    with pytest.raises(ValidationError):
        make_batch(world, [])
    with pytest.raises(ValidationError):
        make_batch(world, [make_payment(world.org_a, people["jo"])])
    assert not PaymentBatch.unscoped.exists()


def test_another_organisations_payment_is_never_batched(world, people):
    with scope(organisation=world.org_b):
        theirs = make_payment(world.org_b, people["bo"])
        Payment.unscoped.filter(pk=theirs.pk).update(status="approved")
    with scope(organisation=world.org_a), pytest.raises(ValidationError):
        make_batch(world, [theirs])


# --- taking payments out -------------------------------------------------------------------------


def test_a_payment_can_be_taken_out_of_an_open_batch_and_batched_again(world, people, org):
    one = approved(world, people["jo"], amount=D("40.00"))
    two = approved(world, people["sam"], amount=D("10.00"))
    batch = make_batch(world, [one, two]).batch
    services_batches.batch_remove_payment(batch=batch, payment=one, actor=world.finance_a)
    services_batches.batch_remove_payment(batch=batch, payment=one, actor=world.finance_a)
    batch.refresh_from_db()
    one.refresh_from_db()
    assert one.batch_id is None and batch.total == D("10.00")
    assert AuditEvent.unscoped.filter(action="batch.remove").count() == 1
    assert one in services_batches.payable("bank")
    assert make_batch(world, [one]).batch.total == D("40.00")


def test_nothing_comes_out_of_a_batch_once_its_file_is_downloaded(world, people, org):
    one = approved(world, people["jo"])
    batch = exported(world, make_batch(world, [one]).batch)
    assert batch.status == B.EXPORTED and batch.exported_at
    with pytest.raises(ValidationError, match="downloaded"):
        services_batches.batch_remove_payment(batch=batch, payment=one, actor=world.finance_a)
    one.refresh_from_db()
    assert one.batch_id == batch.pk


def test_a_payment_corrected_while_in_an_open_batch_must_come_out_first(world, people, org):
    one = approved(world, people["jo"])
    two = approved(world, people["jo"], amount=D("3.00"))
    batch = make_batch(world, [one, two]).batch
    services.payment_reverse(payment=one, reason="Did not come", actor=world.finance_a)
    problems = services_batches.batch_problems(batch)
    assert any(p.payment_id == one.pk for p in problems)
    other = make_batch(world, [approved(world, people["sam"], method="other")], "other").batch
    services.payment_reverse(
        payment=other.payments.get(), reason="Wrong person", actor=world.finance_a
    )
    with pytest.raises(ValidationError, match="corrected"):
        services_batches.batch_mark_paid(batch=other, paid_on=PAID_ON, actor=world.finance_a)
    services_batches.batch_remove_payment(batch=batch, payment=one, actor=world.finance_a)
    assert services_batches.batch_problems(batch) == []


# --- marking paid --------------------------------------------------------------------------------


def test_a_bank_batch_is_paid_only_after_its_file_is_downloaded(world, people, org):
    batch = make_batch(world, [approved(world, people["jo"])]).batch
    with pytest.raises(ValidationError, match="Download the bank file"):
        services_batches.batch_mark_paid(batch=batch, paid_on=PAID_ON, actor=world.finance_a)
    assert not Payment.objects.filter(status="paid").exists()


def test_marking_paid_pays_everyone_once_and_sends_remittance_once(world, people, org):
    one = approved(world, people["jo"], amount=D("40.00"), description="Forum session")
    two = approved(world, people["jo"], amount=D("7.50"), description="Bus fares")
    batch = exported(world, make_batch(world, [one, two]).batch)
    result = services_batches.batch_mark_paid(batch=batch, paid_on=PAID_ON, actor=world.finance_a)
    assert result.newly_paid and result.remitted == 2 and result.remittance_failed == 0
    batch.refresh_from_db()
    assert batch.status == B.PAID and batch.paid_on == PAID_ON and batch.paid_by == world.finance_a
    assert set(Payment.objects.values_list("status", "paid_on")) == {("paid", PAID_ON)}
    messages = Message.unscoped.filter(template="remittance").order_by("dedupe_key")
    assert [m.dedupe_key for m in messages] == sorted(
        [f"remittance:{one.pk}", f"remittance:{two.pk}"]
    )
    first = messages.get(dedupe_key=f"remittance:{one.pk}")
    assert first.essential and first.participant == people["jo"]
    assert "£40.00" in first.body and "Forum session" in first.body
    assert f"WU-{one.pk}" in first.body and "Friday 8 May 2026" in first.body
    # A second click, or a re-run with another date: nothing changes, nobody hears twice.
    again = services_batches.batch_mark_paid(
        batch=batch, paid_on=dt.date(2026, 5, 9), actor=world.finance_a
    )
    assert not again.newly_paid and again.remitted == 0
    assert Message.unscoped.filter(template="remittance").count() == 2
    assert AuditEvent.unscoped.filter(action="batch.paid").count() == 1
    assert set(Payment.objects.values_list("paid_on", flat=True)) == {PAID_ON}
    assert services_batches.ledger_totals() == {
        "paid_payments": D("47.50"),
        "paid_batches": D("47.50"),
    }


class Crash(BaseException):
    """Stands for the process dying: not caught by 'except Exception'."""


def test_a_crash_while_sending_remittance_is_finished_by_running_again(
    world, people, org, monkeypatch
):
    payments = [approved(world, people[name]) for name in ("jo", "sam", "lee")]
    batch = exported(world, make_batch(world, payments).batch)
    from withus.messaging import services as messaging

    real = messaging.message_participant
    calls = []

    def dies_on_the_second(**kwargs):
        calls.append(kwargs["dedupe_key"])
        if len(calls) == 2:
            raise Crash
        return real(**kwargs)

    monkeypatch.setattr(messaging, "message_participant", dies_on_the_second)
    with pytest.raises(Crash):
        services_batches.batch_mark_paid(batch=batch, paid_on=PAID_ON, actor=world.finance_a)
    monkeypatch.setattr(messaging, "message_participant", real)
    batch.refresh_from_db()
    assert batch.status == B.PAID  # the money part had committed
    assert Message.unscoped.filter(template="remittance").count() == 1
    result = services_batches.batch_mark_paid(batch=batch, paid_on=PAID_ON, actor=world.finance_a)
    assert not result.newly_paid and result.remitted == 2
    keys = list(Message.unscoped.filter(template="remittance").values_list("dedupe_key", flat=True))
    assert sorted(keys) == sorted(f"remittance:{p.pk}" for p in payments)
    assert AuditEvent.unscoped.filter(action="batch.paid").count() == 1


def test_one_persons_failed_message_does_not_stop_the_others(world, people, org, monkeypatch):
    payments = [approved(world, people[name]) for name in ("jo", "sam")]
    batch = exported(world, make_batch(world, payments).batch)
    from withus.messaging import services as messaging

    real = messaging.message_participant

    def fails_for_jo(**kwargs):
        if kwargs["participant"] == people["jo"]:
            raise RuntimeError("template broken")
        return real(**kwargs)

    monkeypatch.setattr(messaging, "message_participant", fails_for_jo)
    result = services_batches.batch_mark_paid(batch=batch, paid_on=PAID_ON, actor=world.finance_a)
    assert result.remitted == 1 and result.remittance_failed == 1
    monkeypatch.setattr(messaging, "message_participant", real)
    again = services_batches.batch_mark_paid(batch=batch, paid_on=PAID_ON, actor=world.finance_a)
    assert again.remitted == 1
    assert Message.unscoped.filter(template="remittance").count() == 2


def test_remittance_reaches_people_taking_a_break(world, people, org):
    from withus.people import services as people_services

    people_services.participant_change_status(
        participant=people["jo"],
        to_status="paused",
        check_back_on=timezone.localdate() + dt.timedelta(days=30),
        reason="Break",
        actor=world.alice,
    )
    batch = exported(world, make_batch(world, [approved(world, people["jo"])]).batch)
    services_batches.batch_mark_paid(batch=batch, paid_on=PAID_ON, actor=world.finance_a)
    message = Message.unscoped.get(template="remittance")
    assert message.status != Message.Status.NOT_SENT, message.status_reason


def test_paid_payments_make_their_expense_claims_paid(world, people, org):
    claim = ExpenseClaim.unscoped.create(
        organisation=world.org_a, participant=people["jo"], status="approved"
    )
    other_claim = ExpenseClaim.unscoped.create(
        organisation=world.org_a, participant=people["jo"], status="approved"
    )
    first = approved(world, people["jo"], kind="expenses", claim=claim)
    approved(world, people["jo"], kind="expenses", claim=other_claim)  # not in the batch
    batch = exported(world, make_batch(world, [first]).batch)
    services_batches.batch_mark_paid(batch=batch, paid_on=PAID_ON, actor=world.finance_a)
    claim.refresh_from_db()
    other_claim.refresh_from_db()
    assert claim.status == "paid"
    assert other_claim.status == "approved"


def test_an_other_method_batch_is_paid_without_a_bank_file(world, people, org):
    batch = make_batch(world, [approved(world, people["sam"], method="other")], "other").batch
    result = services_batches.batch_mark_paid(batch=batch, paid_on=PAID_ON, actor=world.finance_a)
    assert result.newly_paid
    assert Payment.objects.get().status == "paid"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: SQLite writes one transaction at a time, and its test flush (DELETE) "
    "is refused by the ledger guard once payments are approved",
)
@pytest.mark.django_db(transaction=True)
def test_two_officers_at_the_same_moment_on_a_real_database(world, people):
    """Two threads, each with its own connection, batch the same payments at once: the row locks
    make one wait for the other, and each payment ends up in exactly one batch."""
    import threading

    with scope(organisation=world.org_a):
        payments = [approved(world, people["jo"], amount=D(f"{n}.00")) for n in (1, 2, 3)]
    ids = [p.pk for p in payments]
    barrier = threading.Barrier(2)
    outcomes = []

    def officer():
        try:
            barrier.wait(timeout=10)
            with scope(organisation=world.org_a):
                created = services_batches.batch_create(
                    organisation=world.org_a, payment_ids=ids, method="bank", actor=world.finance_a
                )
            outcomes.append(("made", created.batch.pk))
        except ValidationError:
            outcomes.append(("refused", None))
        except Exception as error:  # e.g. SQLite's "database is locked": nothing was written
            outcomes.append(("error", repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=officer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    made = [pk for what, pk in outcomes if what == "made"]
    assert len(made) == 1, outcomes
    batches = PaymentBatch.unscoped.all()
    assert [b.pk for b in batches] == made
    assert batches[0].total == D("6.00")
    assert set(Payment.unscoped.values_list("batch_id", flat=True)) == {made[0]}

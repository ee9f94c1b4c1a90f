"""Paying approved payments: batches, the bank file, marking paid with remittance advice, and
the voucher and cash registers.

How money is kept exact:

- Every paid payment belongs to exactly one PAID batch, and a batch's total is the sum of its
  payments. Bank transfers and "other" payments are paid in batches of many; a voucher issue or
  a cash handover is recorded as a batch of one, already paid. So at all times the sum of paid
  payments equals the sum of paid batches' totals (tests/money/test_ledger_property.py).
- Putting payments in a batch locks their rows (`select_for_update`) and takes only those still
  approved and in no batch, with an UPDATE that says so in its WHERE clause: two finance
  officers batching at once never batch the same payment twice.
- Marking a batch paid changes the payments and the batch in one transaction, once. Remittance
  advice goes afterwards, one message per payment with the dedupe key `remittance:<payment id>`,
  so running it again after a crash pays nobody twice and messages nobody twice.
- A payment that has been corrected (a reversal points at it) is never batched; one corrected
  while in an open batch must be taken out before the file is made or the batch is paid. Once
  the bank file has been downloaded the batch is "sent to the bank": nothing can be taken out,
  because the bank may already be paying it.
- Reversals are not paid out: they stay approved as the record of the correction.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from withus.audit.services import log_action, log_sensitive_read
from withus.money import bank_file
from withus.money.models import CashReceipt, ExpenseClaim, Payment, PaymentBatch, VoucherIssue
from withus.money_utils import money

logger = logging.getLogger(__name__)

M = Payment.Method
S = Payment.Status
B = PaymentBatch.Status
# Paid in batches of many. Vouchers and cash are paid one by one through their registers.
BATCH_METHODS = (M.BANK, M.OTHER)
REMITTANCE_TEMPLATE = "remittance"


def remittance_key(payment_id: int) -> str:
    return f"remittance:{payment_id}"


def _log(target, action: str, summary: str, actor, request=None, changes=None) -> None:
    log_action(
        organisation=target.organisation,
        actor=actor,
        action=action,
        target=target,
        summary=summary,
        changes=changes,
        request=request,
    )


# --- reads -------------------------------------------------------------------------------------


def payable(method: str | None = None):
    """Approved payments waiting to be paid: in no batch, not a correction, not corrected."""
    corrected = Payment.objects.filter(reverses__isnull=False).values("reverses_id")
    qs = (
        Payment.objects.filter(status=S.APPROVED, batch__isnull=True)
        .exclude(kind=Payment.Kind.REVERSAL)
        .exclude(pk__in=corrected)
    )
    return qs.filter(method=method) if method else qs


def waiting_by_method() -> list[dict]:
    """[{method, label, count, total}] of payable payments, one query."""
    rows = payable().values("method").annotate(count=Count("id"), total=Sum("amount"))
    labels = dict(M.choices)
    found = {row["method"]: row for row in rows}
    return [
        {
            "method": method,
            "label": labels[method],
            "count": found[method]["count"],
            "total": found[method]["total"],
            "batchable": method in BATCH_METHODS,
        }
        for method in M.values
        if method in found
    ]


def batches_with_counts():
    return PaymentBatch.objects.annotate(count=Count("payments")).order_by("-created_at", "-id")


def remitted_ids(payment_ids) -> set[int]:
    """Which of these payments already have remittance advice (sent, waiting or stopped)."""
    from withus.messaging.models import Message

    keys = [remittance_key(pk) for pk in payment_ids]
    found = Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    return {int(key.split(":", 1)[1]) for key in found}


# --- references --------------------------------------------------------------------------------


def local_today(organisation) -> dt.date:
    from zoneinfo import ZoneInfo

    return timezone.now().astimezone(ZoneInfo(organisation.timezone)).date()


def _next_reference(organisation, day: dt.date) -> str:
    prefix = f"WU-{day:%Y-%m}-"
    used = PaymentBatch.unscoped.filter(
        organisation=organisation, reference__startswith=prefix
    ).values_list("reference", flat=True)
    numbers = [int(ref[len(prefix) :]) for ref in used if ref[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _new_batch(*, organisation, method: str, actor, **fields) -> PaymentBatch:
    """A batch with the next free reference (WU-2026-11-0001). Two made at the same moment
    cannot share one: the database refuses the second and it takes the next number."""
    day = local_today(organisation)
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return PaymentBatch.objects.create(
                    organisation=organisation,
                    reference=_next_reference(organisation, day),
                    method=method,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    **fields,
                )
        except IntegrityError:
            continue
    raise ValidationError("Could not give the batch a reference. Please try again.")


def _total(batch: PaymentBatch) -> Decimal:
    total = Payment.objects.filter(batch=batch).aggregate(total=Sum("amount"))["total"]
    return money(total or 0)


# --- batches -----------------------------------------------------------------------------------


@dataclass
class Created:
    batch: PaymentBatch
    left_out: list[int] = field(default_factory=list)  # chosen but already batched or not payable


def batch_create(
    *, organisation, payment_ids: list[int], method: str, actor, request=None
) -> Created:
    """Put the chosen approved payments of one method into a new open batch.

    Payments already in a batch (someone else was quicker), corrected, or of another method are
    left out and listed; if none is left the batch is not made."""
    if method not in BATCH_METHODS:
        raise ValidationError(
            "Vouchers and cash are paid one at a time: record them in the voucher or cash register."
        )
    wanted = sorted({int(pk) for pk in payment_ids})
    if not wanted:
        raise ValidationError("Choose at least one payment to put in the batch.")
    with transaction.atomic():
        # Lock in id order (no deadlocks between two officers choosing overlapping payments).
        locked = list(
            payable(method)
            .filter(pk__in=wanted, organisation=organisation)
            .select_for_update()
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not locked:
            raise ValidationError(
                "None of those payments can go in a batch: they are already in one, were "
                "corrected, or are not approved. The list below is up to date."
            )
        batch = _new_batch(organisation=organisation, method=method, actor=actor)
        # The WHERE clause repeats the checks, so a row batched meanwhile is never taken twice.
        taken = Payment.objects.filter(pk__in=locked, status=S.APPROVED, batch__isnull=True).update(
            batch=batch
        )
        if not taken:
            raise ValidationError("Those payments were put in another batch just now.")
        batch.total = _total(batch)
        batch.save(update_fields=["total"])
        left_out = sorted(set(wanted) - set(batch.payments.values_list("pk", flat=True)))
        _log(
            batch,
            "batch.create",
            f"Made batch {batch.reference}: {taken} {M(method).label.lower()} payment"
            f"{'s' if taken != 1 else ''}, £{batch.total}",
            actor,
            request,
            {"total": [None, batch.total], "payments": [None, taken]},
        )
    return Created(batch, left_out)


def batch_remove_payment(*, batch: PaymentBatch, payment: Payment, actor, request=None):
    """Take a payment out of an open batch; it goes back to waiting. Safe to repeat."""
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != B.OPEN:
            raise ValidationError(
                "The bank file for this batch has been downloaded, so the bank may be paying it. "
                "Nothing can be taken out now. Correct a payment with a reversal instead."
                if batch.status == B.EXPORTED
                else "This batch is paid. Correct a payment with a reversal instead."
            )
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.batch_id != batch.pk:
            return batch  # already out (a repeated request)
        Payment.objects.filter(pk=payment.pk, batch=batch, status=S.APPROVED).update(batch=None)
        before = batch.total
        batch.total = _total(batch)
        batch.save(update_fields=["total"])
        _log(
            batch,
            "batch.remove",
            f"Took payment {payment.pk} (£{payment.amount}) out of batch {batch.reference}",
            actor,
            request,
            {"total": [before, batch.total]},
        )
    return batch


def batch_problems(batch: PaymentBatch, payments=None) -> list[bank_file.Problem]:
    """What stops this batch's file or payment, in plain words."""
    if batch.method == M.BANK:
        return bank_file.check(batch, payments)[1]
    problems = []
    if payments is None:
        payments = list(batch.payments.all())
    if not payments:
        problems.append(bank_file.Problem("There are no payments in this batch."))
    if batch.status == B.OPEN:
        for pk in sorted(bank_file.reversed_ids(p.pk for p in payments)):
            problems.append(
                bank_file.Problem(
                    f"Payment {pk} was corrected after it was put in this batch. "
                    "Take it out of the batch.",
                    payment_id=pk,
                )
            )
    return problems


def batch_bank_file(*, batch: PaymentBatch, actor, request=None) -> tuple[bytes, int]:
    """The bank file (raises bank_file.BankFileRefused with the problems). The first download
    marks the batch as sent to the bank. Audited as a sensitive read and an export."""
    with transaction.atomic():
        batch = (
            PaymentBatch.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=batch.pk)
        )
        content, count = bank_file.build(batch)
        if batch.status == B.OPEN:
            batch.status = B.EXPORTED
            batch.exported_at = timezone.now()
            batch.save(update_fields=["status", "exported_at"])
        if request is not None:
            log_sensitive_read(
                request=request,
                target=batch,
                what=f"bank details of the people in batch {batch.reference} (bank file)",
            )
        _log(
            batch,
            "batch.export",
            f"Downloaded the bank file for batch {batch.reference}: {count} payment"
            f"{'s' if count != 1 else ''}, £{batch.total}",
            actor,
            request,
        )
    return content, count


def _settle_claims(payment_ids: list[int]) -> int:
    """Approved expense claims whose payments are all paid become paid."""
    claim_ids = set(
        Payment.objects.filter(pk__in=payment_ids, claim__isnull=False).values_list(
            "claim_id", flat=True
        )
    )
    if not claim_ids:
        return 0
    corrected = Payment.objects.filter(reverses__isnull=False).values("reverses_id")
    unpaid = (
        Payment.objects.filter(claim=OuterRef("pk"))
        .exclude(kind=Payment.Kind.REVERSAL)
        .exclude(pk__in=corrected)
        .exclude(status=S.PAID)
    )
    return (
        ExpenseClaim.objects.filter(pk__in=claim_ids, status=ExpenseClaim.Status.APPROVED)
        .exclude(Exists(unpaid))
        .update(status=ExpenseClaim.Status.PAID)
    )


@dataclass
class PaidResult:
    batch: PaymentBatch
    newly_paid: bool
    remitted: int = 0
    remittance_failed: int = 0


def batch_mark_paid(*, batch: PaymentBatch, paid_on: dt.date, actor, request=None) -> PaidResult:
    """Mark every payment in the batch paid on `paid_on`, then send remittance advice.

    Running it again (after a crash, or a second click) pays nothing again: the batch is
    already paid, so only remittance advice still missing is sent."""
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        newly_paid = batch.status != B.PAID
        if newly_paid:
            if batch.method not in BATCH_METHODS:
                raise ValidationError("Vouchers and cash are paid through their registers.")
            if batch.method == M.BANK and batch.status == B.OPEN:
                raise ValidationError(
                    "Download the bank file and send it to the bank before marking the batch paid."
                )
            payments = list(Payment.objects.select_for_update().filter(batch=batch).order_by("pk"))
            if not payments:
                raise ValidationError("There are no payments in this batch.")
            # An exported batch is paid as the bank was told; an open one must be right first.
            problems = batch_problems(batch, payments) if batch.status == B.OPEN else []
            if problems:
                raise ValidationError([p.message for p in problems])
            ids = [p.pk for p in payments]
            Payment.objects.filter(pk__in=ids, status=S.APPROVED).update(
                status=S.PAID, paid_on=paid_on
            )
            batch.total = _total(batch)
            batch.status = B.PAID
            batch.paid_on = paid_on
            batch.paid_by = actor if getattr(actor, "is_authenticated", False) else None
            batch.save(update_fields=["total", "status", "paid_on", "paid_by"])
            claims = _settle_claims(ids)
            _log(
                batch,
                "batch.paid",
                f"Marked batch {batch.reference} paid on {paid_on:%d/%m/%Y}: {len(ids)} payment"
                f"{'s' if len(ids) != 1 else ''}, £{batch.total}"
                + (f"; {claims} expense claim{'s' if claims != 1 else ''} paid" if claims else ""),
                actor,
                request,
                {"status": [B.EXPORTED, B.PAID], "paid_on": [None, paid_on]},
            )
    result = PaidResult(batch, newly_paid)
    if batch.method in BATCH_METHODS:
        result.remitted, result.remittance_failed = send_remittances(batch=batch, actor=actor)
    return result


def _paid_how(payment: Payment) -> str:
    return {
        M.BANK: "bank transfer",
        M.VOUCHER: "voucher",
        M.CASH: "cash",
    }.get(payment.method, "payment")


def send_remittances(*, batch: PaymentBatch, actor) -> tuple[int, int]:
    """Remittance advice for each paid payment in the batch that has none yet: (made, failed).

    `essential=True`: money we paid someone reaches them even while they take a break. The
    dedupe key makes each one at most once, however often this runs."""
    from withus.messaging.services import message_participant
    from withus.pages.templatetags.withus_format import nice_date, pounds

    payments = list(
        Payment.objects.filter(batch=batch, status=S.PAID)
        .select_related("participant", "participant__organisation", "participant__named_contact")
        .order_by("pk")
    )
    done = remitted_ids(p.pk for p in payments)
    made = failed = 0
    for payment in payments:
        if payment.pk in done:
            continue
        try:
            message_participant(
                participant=payment.participant,
                template=REMITTANCE_TEMPLATE,
                context={
                    "amount_paid": pounds(payment.amount),
                    "paid_on": nice_date(payment.paid_on),
                    "paid_for": payment.description,
                    "paid_how": _paid_how(payment),
                    "payment_reference": bank_file.payment_reference(payment),
                },
                related=payment,
                dedupe_key=remittance_key(payment.pk),
                actor=actor,
                essential=True,
            )
        except Exception:  # one person's message must not stop everyone else's
            logger.exception("Remittance advice for payment %s failed", payment.pk)
            failed += 1
        else:
            made += 1
    return made, failed


# --- the voucher and cash registers ------------------------------------------------------------


def _lock_single(payment: Payment, method: str) -> Payment:
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("participant")
        .get(pk=payment.pk)
    )
    if payment.method != method:
        raise ValidationError(f"That payment is not to be paid by {M(method).label.lower()}.")
    if payment.kind == Payment.Kind.REVERSAL:
        raise ValidationError("A correction is not paid out.")
    return payment


def _check_payable(payment: Payment) -> None:
    if payment.status != S.APPROVED:
        raise ValidationError("Only approved payments can be paid. Approve it first.")
    if payment.batch_id is not None:
        raise ValidationError("That payment is already in a batch.")
    if Payment.objects.filter(reverses=payment).exists():
        raise ValidationError("That payment was corrected, so it must not be paid.")


def _pay_alone(payment: Payment, paid_on: dt.date, actor) -> PaymentBatch:
    batch = _new_batch(
        organisation=payment.organisation,
        method=payment.method,
        actor=actor,
        status=B.PAID,
        total=payment.amount,
        paid_on=paid_on,
        paid_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    updated = Payment.objects.filter(pk=payment.pk, status=S.APPROVED, batch__isnull=True).update(
        batch=batch, status=S.PAID, paid_on=paid_on
    )
    if updated != 1:  # pragma: no cover - the row is locked; kept as a last guard
        raise ValidationError("That payment changed while it was being paid. Try again.")
    _settle_claims([payment.pk])
    payment.refresh_from_db(fields=["status", "batch", "paid_on"])
    return batch


def voucher_record(
    *,
    payment: Payment,
    code: str,
    provider: str,
    value: Decimal,
    issued_on: dt.date,
    actor,
    request=None,
) -> VoucherIssue:
    """Record the voucher given for an approved voucher payment; the payment becomes paid.
    Recording the same voucher again returns the first record."""
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": "Enter the voucher's code or serial number."})
    with transaction.atomic():
        payment = _lock_single(payment, M.VOUCHER)
        existing = VoucherIssue.objects.filter(payment=payment).first()
        if existing is not None:
            if existing.code == code:
                return existing
            raise ValidationError(
                f"A voucher ({existing.code}) is already recorded for that payment."
            )
        _check_payable(payment)
        if money(value) != payment.amount:
            raise ValidationError(
                {
                    "value": f"The voucher must be worth exactly the payment, £{payment.amount}. "
                    "If the amount is wrong, correct the payment first."
                }
            )
        if VoucherIssue.objects.filter(code=code).exists():
            raise ValidationError({"code": "That voucher code is already in the register."})
        batch = _pay_alone(payment, issued_on, actor)
        issue = VoucherIssue.objects.create(
            organisation=payment.organisation,
            payment=payment,
            code=code,
            provider=(provider or "").strip(),
            value=payment.amount,
            issued_on=issued_on,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _log(
            issue,
            "voucher.issue",
            f"Gave {payment.participant.preferred_name} a £{payment.amount} voucher"
            f"{' (' + issue.provider + ')' if issue.provider else ''} for payment {payment.pk}; "
            f"paid in {batch.reference}",
            actor,
            request,
            {"code": [None, code], "issued_on": [None, issued_on]},
        )
    return issue


def cash_record(
    *,
    payment: Payment,
    paid_on: dt.date,
    handed_over_by,
    witness: str,
    receipt_signed: bool,
    actor,
    request=None,
) -> CashReceipt:
    """Record cash handed over for an approved cash payment; the payment becomes paid.
    Recording it again returns the first record."""
    witness = (witness or "").strip()
    if not receipt_signed and not witness:
        raise ValidationError(
            "Cash needs a record: tick that the person signed a receipt, or name a witness."
        )
    with transaction.atomic():
        payment = _lock_single(payment, M.CASH)
        existing = CashReceipt.objects.filter(payment=payment).first()
        if existing is not None:
            return existing
        _check_payable(payment)
        batch = _pay_alone(payment, paid_on, actor)
        receipt = CashReceipt.objects.create(
            organisation=payment.organisation,
            payment=payment,
            paid_on=paid_on,
            handed_over_by=handed_over_by,
            witness=witness,
            receipt_signed=receipt_signed,
        )
        _log(
            receipt,
            "cash.record",
            f"Handed {payment.participant.preferred_name} £{payment.amount} in cash for payment "
            f"{payment.pk}"
            f"{'; receipt signed' if receipt_signed else '; no signed receipt'}"
            f"{'; witnessed by ' + witness if witness else ''}; paid in {batch.reference}",
            actor,
            request,
        )
    return receipt


# --- the ledger's own check (used by tests and worth running by hand) -------------------------


def ledger_totals() -> dict[str, Decimal]:
    """Sum of paid payments and of paid batches' totals (equal whenever the ledger is right)."""
    paid = Payment.objects.filter(status=S.PAID).aggregate(t=Sum("amount"))["t"] or Decimal(0)
    batches = PaymentBatch.objects.filter(status=B.PAID).aggregate(t=Sum("total"))["t"] or 0
    return {"paid_payments": money(paid), "paid_batches": money(batches)}

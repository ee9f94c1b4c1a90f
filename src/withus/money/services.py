"""The payments ledger: rate cards, drafting payments (from attendance or by hand), approval with
findings, and reversals. Every action is audited and idempotent.

- Creation is keyed: the same `idempotency_key` always gives back the same row, so a retried
  request or a re-run job never doubles a payment (the database enforces the key's uniqueness).
- Approval and reversal lock the row (`select_for_update`), so two finance officers acting at
  once cannot approve twice or reverse twice.
- Approved and paid rows are never edited (database triggers, money migration 0002); a mistake
  is corrected by a reversal: a negative row pointing at the original.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.audit.services import diff_fields, log_action
from withus.checks import Finding
from withus.money.models import Payment, RateCard
from withus.money_utils import money
from withus.people import choices as pc

K = Payment.Kind
S = Payment.Status


class PaymentBlocked(Exception):
    """Approval needs an override reason: a rule found something that must be looked at."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings


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


# --- rate cards --------------------------------------------------------------------------------

RATE_FIELDS = [
    "name",
    "responsibility",
    "basis",
    "amount",
    "expected_hours",
    "valid_from",
    "valid_to",
    "notes",
]


def rate_card_save(*, organisation, data: dict, actor, rate_card=None, request=None) -> RateCard:
    creating = rate_card is None
    rate_card = rate_card or RateCard(organisation=organisation)
    before = {f: getattr(rate_card, f) for f in RATE_FIELDS}
    for name in RATE_FIELDS:
        if name in data:
            setattr(rate_card, name, data[name])
    if rate_card.basis != RateCard.Basis.HOURLY and not rate_card.expected_hours:
        raise ValidationError(
            {
                "expected_hours": "Say how many hours it usually takes, so the minimum wage can be "
                "checked."
            }
        )
    if rate_card.valid_to and rate_card.valid_to < rate_card.valid_from:
        raise ValidationError({"valid_to": "The end date must be after the start date."})
    rate_card.amount = money(rate_card.amount)
    rate_card.full_clean()
    rate_card.save()
    if creating:
        _log(rate_card, "rate_card.create", f"Added the rate card {rate_card.name}", actor, request)
    else:
        changes = diff_fields(rate_card, before, RATE_FIELDS)
        if changes:
            _log(
                rate_card,
                "rate_card.update",
                f"Changed the rate card {rate_card.name}",
                actor,
                request,
                changes,
            )
    return rate_card


def rate_card_hours(rate_card: RateCard) -> Decimal | None:
    return None if rate_card.basis == RateCard.Basis.HOURLY else rate_card.expected_hours


# --- payments ----------------------------------------------------------------------------------


def payment_create(
    *,
    organisation,
    participant,
    kind: str,
    method: str,
    amount: Decimal,
    description: str,
    activity_date: dt.date,
    idempotency_key: str,
    actor,
    hours: Decimal | None = None,
    rate_card=None,
    event=None,
    invitation=None,
    project=None,
    claim=None,
    request=None,
) -> Payment:
    """A draft payment. The same key returns the row made the first time, whatever else is
    passed, so retries are harmless."""
    if participant.organisation_id != organisation.pk:
        raise ValidationError("That person is not in this organisation.")
    existing = Payment.objects.filter(
        organisation=organisation, idempotency_key=idempotency_key
    ).first()
    if existing is not None:
        return existing
    amount = money(amount)
    if kind == K.REVERSAL or amount <= 0:
        raise ValidationError({"amount": "Enter an amount more than £0."})
    if method not in Payment.Method.values:
        raise ValidationError({"method": "Choose how it will be paid."})
    payment = Payment(
        organisation=organisation,
        participant=participant,
        kind=kind,
        method=method,
        amount=amount,
        description=description[:200],
        activity_date=activity_date,
        hours=hours,
        rate_card=rate_card,
        event=event,
        invitation=invitation,
        project=project or (event.project if event is not None else None),
        claim=claim,
        idempotency_key=idempotency_key,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        # Another request with the same key won the race: give back its row.
        return Payment.objects.get(organisation=organisation, idempotency_key=idempotency_key)
    _log(
        payment,
        "payment.create",
        f"Drafted {payment.get_kind_display().lower()} of £{amount} for "
        f"{participant.preferred_name}: {payment.description}"[:500],
        actor,
        request,
    )
    return payment


DRAFT_FIELDS = ["method", "amount", "description", "activity_date", "hours"]


def payment_update_draft(*, payment: Payment, data: dict, actor, request=None) -> Payment:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != S.DRAFT:
            raise ValidationError("Only drafts can be changed. Make a correction instead.")
        before = {f: getattr(payment, f) for f in DRAFT_FIELDS}
        for name in DRAFT_FIELDS:
            if name in data:
                setattr(payment, name, data[name])
        payment.amount = money(payment.amount)
        if payment.amount <= 0:
            raise ValidationError({"amount": "Enter an amount more than £0."})
        payment.save()
    changes = diff_fields(payment, before, DRAFT_FIELDS)
    if changes:
        _log(
            payment,
            "payment.update",
            f"Changed draft payment {payment.pk}",
            actor,
            request,
            changes,
        )
    return payment


def payment_delete_draft(*, payment: Payment, actor, request=None) -> None:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != S.DRAFT:
            raise ValidationError("Only drafts can be deleted. Make a correction instead.")
        _log(
            payment,
            "payment.delete",
            f"Deleted draft payment of £{payment.amount} for {payment.participant.preferred_name}",
            actor,
            request,
        )
        payment.delete()


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


def payment_approve(*, payment: Payment, actor, override_reason: str = "", request=None) -> Payment:
    """Approve a draft. Blocking findings need a reason from the approver, which is kept on the
    payment and in the audit trail. Approving an approved payment again changes nothing."""
    from withus.money.checks import payment_findings

    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        # Lock only the payment row (PostgreSQL cannot lock the nullable side of a join).
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("participant", "rate_card", "event", "organisation")
            .get(pk=payment.pk)
        )
        if payment.status != S.DRAFT:
            return payment
        findings = payment_findings(payment)
        stops = blocking(findings)
        if stops and not override_reason:
            raise PaymentBlocked(stops)
        payment.status = S.APPROVED
        payment.approved_by = actor
        payment.approved_at = timezone.now()
        payment.override_reason = override_reason if stops else ""
        payment.save()
        summary = (
            f"Approved £{payment.amount} for {payment.participant.preferred_name}"
            f" ({payment.get_kind_display().lower()})"
        )
        changes = None
        if stops:
            summary += " despite: " + "; ".join(f.code for f in stops)
            changes = {"override_reason": ["", override_reason]}
        _log(payment, "payment.approve", summary, actor, request, changes)
    return payment


def payment_reverse(*, payment: Payment, reason: str, actor, request=None) -> Payment:
    """Correct an approved or paid payment with a negative row pointing at it. The reversal is
    approved at once (it gives no money out). Reversing twice returns the first reversal."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why it is being corrected."})
    with transaction.atomic():
        original = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("participant")
            .get(pk=payment.pk)
        )
        if original.kind == K.REVERSAL:
            raise ValidationError("A correction cannot itself be corrected. Make a new payment.")
        if original.status == S.DRAFT:
            raise ValidationError("A draft can simply be changed or deleted.")
        existing = Payment.objects.filter(reverses=original).first()
        if existing is not None:
            return existing
        reversal = Payment.objects.create(
            organisation=original.organisation,
            participant=original.participant,
            kind=K.REVERSAL,
            method=original.method,
            status=S.APPROVED,
            amount=-original.amount,
            description=f"Correction of payment {original.pk}: {reason}"[:200],
            activity_date=original.activity_date,
            hours=None,
            rate_card=original.rate_card,
            event=original.event,
            invitation=original.invitation,
            project=original.project,
            claim=original.claim,
            reverses=original,
            override_reason=reason,
            idempotency_key=f"reversal:{original.pk}",
            created_by=actor,
            approved_by=actor,
            approved_at=timezone.now(),
        )
        _log(
            original,
            "payment.reverse",
            f"Corrected payment {original.pk} (£{original.amount}) for "
            f"{original.participant.preferred_name}: {reason}"[:500],
            actor,
            request,
        )
    return reversal


# --- from attendance ---------------------------------------------------------------------------

PAYABLE_ATTENDANCE = {"attended", "late"}


def default_method(participant) -> str:
    return {
        pc.PaymentMethod.BANK: Payment.Method.BANK,
        pc.PaymentMethod.VOUCHER: Payment.Method.VOUCHER,
        pc.PaymentMethod.CASH: Payment.Method.CASH,
    }.get(participant.payment_method, Payment.Method.BANK)


def payments_draft_from_attendance(*, event, actor, request=None) -> dict:
    """Draft an involvement payment for everyone who came, at the event's rate card.

    People who decline payment or take expenses only get none (their choice is respected and
    listed). Running it again drafts nobody twice (one key per invitation)."""
    from withus.events.models import EventInvitation
    from withus.events.timing import local

    result = {"drafted": [], "existing": [], "skipped": []}
    rate_card = event.rate_card
    if rate_card is None:
        raise ValidationError("This event has no rate card, so there is nothing to pay.")
    day = local(event.starts_at, event.organisation.timezone).date()
    hours = rate_card_hours(rate_card)
    amount = rate_card.amount
    if rate_card.basis == RateCard.Basis.HOURLY:
        hours = Decimal(int(event.duration.total_seconds() // 60)) / Decimal(60)
        amount = money(rate_card.amount * hours)
    invitations = EventInvitation.objects.filter(
        event=event, attendance__in=PAYABLE_ATTENDANCE
    ).select_related("participant")
    for invitation in invitations:
        person = invitation.participant
        if person.payment_choice in (pc.PaymentChoice.DECLINES, pc.PaymentChoice.EXPENSES_ONLY):
            result["skipped"].append((person, person.get_payment_choice_display()))
            continue
        key = f"attendance:{invitation.pk}"
        already = Payment.objects.filter(idempotency_key=key).exists()
        payment = payment_create(
            organisation=event.organisation,
            participant=person,
            kind=K.INVOLVEMENT,
            method=(
                Payment.Method.VOUCHER
                if person.payment_choice == pc.PaymentChoice.VOUCHERS
                else default_method(person)
            ),
            amount=amount,
            description=f"{rate_card.name}: {event.title}",
            activity_date=day,
            hours=hours,
            rate_card=rate_card,
            event=event,
            invitation=invitation,
            idempotency_key=key,
            actor=actor,
            request=request,
        )
        result["existing" if already else "drafted"].append(payment)
    return result

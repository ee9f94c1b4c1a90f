"""Expense claims: recording claims and their items with receipts, pre-booked travel, and the
decision that reimburses exactly what was spent.

The guide's rule (section 5.5): always reimburse expenses, exactly and quickly. So:

- a receipted item is reimbursed at exactly its receipted amount, never the amount claimed;
- anything claimed above the real cost is not expenses: it is a payment (it can affect benefits
  and tax), so the approver is offered to record it as an involvement payment, never silently;
- an item without a receipt needs a reason, and the approver's acceptance (recorded on the item);
- mileage is paid at HMRC rates for the tax year, counting the person's earlier miles;
- travel the organisation booked and paid in advance is never reimbursed again.

Approving makes ONE expenses payment for the claim (keyed `claim:<id>`) and approves it in the
ledger; the claim row is locked while deciding, so a retried or doubled request pays nobody twice.
Every action is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from withus import uploads
from withus.audit.services import log_action
from withus.money.models import (
    ExpenseClaim,
    ExpenseItem,
    MileageRate,
    Payment,
    PrebookedTravel,
    Receipt,
)
from withus.money_utils import money
from withus.people import choices as pc

C = ExpenseItem.Category
CS = ExpenseClaim.Status
RECEIPT_KINDS = {uploads.JPEG, uploads.PNG, uploads.PDF}
# Items that are a journey: a day with pre-booked travel means these were (probably) paid already.
TRAVEL_CATEGORIES = {C.TRAVEL, C.MILEAGE}
# Methods for reimbursing expenses: vouchers are not a way to pay back money someone spent.
EXPENSE_METHODS = (Payment.Method.BANK, Payment.Method.CASH)
ZERO = Decimal("0.00")


def _log(target, action: str, summary: str, actor, request=None, changes=None) -> None:
    log_action(
        organisation=target.organisation,
        actor=actor,
        action=action,
        target=target,
        summary=summary[:500],
        changes=changes,
        request=request,
    )


# --- receipts ----------------------------------------------------------------------------------


def check_receipt(upload) -> uploads.CheckedUpload:
    """A photo (JPEG or PNG, re-encoded without EXIF or GPS) or a PDF, within the size limit."""
    return uploads.check_upload(upload, allowed=RECEIPT_KINDS, max_bytes=settings.RECEIPT_MAX_BYTES)


def receipt_store(*, organisation, checked: uploads.CheckedUpload, actor, request=None) -> Receipt:
    """Keep a checked receipt. The SHA-256 of the stored bytes is kept for duplicate checks."""
    receipt = Receipt(
        organisation=organisation,
        filename=checked.filename,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=hashlib.sha256(checked.content).hexdigest(),
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    receipt.file.save(checked.filename, checked.as_file(), save=False)
    receipt.save()
    _log(receipt, "receipt.upload", f"Uploaded the receipt {receipt.filename}", actor, request)
    return receipt


# --- claims ------------------------------------------------------------------------------------


def claim_create(
    *,
    organisation,
    participant,
    actor,
    event=None,
    idempotency_key: str = "",
    request=None,
) -> ExpenseClaim:
    """Start a claim for a person (optionally for an event). A form token as the key means a
    double-clicked button starts one claim, not two."""
    if participant.organisation_id != organisation.pk or participant.erased_at is not None:
        raise ValidationError({"participant": "Choose a person in this organisation."})
    if event is not None and event.organisation_id != organisation.pk:
        raise ValidationError({"event": "Choose an event in this organisation."})
    key = (idempotency_key or "")[:80]
    if key:
        existing = ExpenseClaim.objects.filter(organisation=organisation, idempotency_key=key)
        if (found := existing.first()) is not None:
            return found
    claim = ExpenseClaim(
        organisation=organisation,
        participant=participant,
        event=event,
        project=event.project if event is not None else None,
        submitted_by=actor if actor is not None and actor.is_authenticated else None,
        idempotency_key=key,
    )
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        return ExpenseClaim.objects.get(organisation=organisation, idempotency_key=key)
    what = f" for {event.title}" if event is not None else ""
    _log(
        claim,
        "claim.create",
        f"Started expense claim {claim.pk} for {participant.preferred_name}{what}",
        actor,
        request,
    )
    return claim


ITEM_FIELDS = [
    "category",
    "spent_on",
    "description",
    "travel_mode",
    "from_place",
    "to_place",
    "vehicle",
    "miles",
    "amount_claimed",
    "receipted_amount",
    "no_receipt_reason",
]


def mileage_for(participant, *, vehicle: str, miles: Decimal, day: dt.date, exclude_item=None):
    from withus.money.mileage import mileage_amount, miles_this_tax_year

    before = miles_this_tax_year(participant, day, exclude_item=exclude_item, vehicle=vehicle)
    try:
        amount = mileage_amount(vehicle=vehicle, miles=miles, day=day, miles_before=before)
    except LookupError:
        return ZERO  # no HMRC rate recorded for that vehicle and date
    return money(amount)


def _text(data: dict, name: str) -> str:
    return (data.get(name) or "").strip()


def validate_item(data: dict, *, has_receipt: bool, today: dt.date) -> dict:
    """The item's values, cleaned, or a ValidationError naming each field that is wrong."""
    errors: dict[str, str] = {}
    category = data.get("category")
    if category not in C.values:
        errors["category"] = "Choose what the money was spent on."
    spent_on = data.get("spent_on")
    if not spent_on:
        errors["spent_on"] = "Enter the date the money was spent."
    elif spent_on > today:
        errors["spent_on"] = "The date must be today or in the past."
    clean = {name: data.get(name) for name in ITEM_FIELDS}
    for name in ("description", "travel_mode", "from_place", "to_place", "no_receipt_reason"):
        clean[name] = _text(data, name)
    if category == C.TRAVEL:
        for name, message in (
            ("travel_mode", "Say how they travelled, for example bus or train."),
            ("from_place", "Enter where the journey started."),
            ("to_place", "Enter where the journey ended."),
        ):
            if not clean[name]:
                errors[name] = message
    if category == C.MILEAGE:
        if data.get("vehicle") not in MileageRate.Vehicle.values:
            errors["vehicle"] = "Choose the kind of vehicle."
        miles = data.get("miles")
        if miles is None or miles <= 0:
            errors["miles"] = "Enter the number of miles, more than 0."
        elif miles > 2000:
            errors["miles"] = "Enter the miles for this journey (2,000 at most)."
        for name, message in (
            ("from_place", "Enter where the journey started."),
            ("to_place", "Enter where the journey ended."),
        ):
            if not clean[name]:
                errors[name] = message
        # Mileage is paid at HMRC rates: no receipt, no amount typed in.
        clean["receipted_amount"] = None
        clean["no_receipt_reason"] = ""
        clean["travel_mode"] = ""
    else:
        clean["vehicle"] = ""
        clean["miles"] = None
        amount = data.get("amount_claimed")
        if amount is None or amount <= 0:
            errors["amount_claimed"] = "Enter the amount claimed, more than £0."
        elif amount > Decimal("5000"):
            errors["amount_claimed"] = "Enter an amount up to £5,000 (split bigger costs)."
        receipted = data.get("receipted_amount")
        if has_receipt:
            if receipted is None or receipted <= 0:
                errors["receipted_amount"] = "Enter the amount the receipt shows."
            elif receipted > Decimal("5000"):
                errors["receipted_amount"] = "Enter an amount up to £5,000."
            clean["no_receipt_reason"] = ""
        else:
            if receipted is not None:
                errors["receipted_amount"] = (
                    "Add the receipt, or leave the receipted amount empty if there is none."
                )
            if not clean["no_receipt_reason"]:
                errors["no_receipt_reason"] = (
                    "Add a photo or PDF of the receipt, or say why there is none "
                    "(for example, the bus does not give tickets)."
                )
    if errors:
        raise ValidationError(errors)
    if category != C.MILEAGE:
        clean["amount_claimed"] = money(clean["amount_claimed"])
        if clean["receipted_amount"] is not None:
            clean["receipted_amount"] = money(clean["receipted_amount"])
    return clean


def _keyed_item(claim: ExpenseClaim, key: str) -> ExpenseItem | None:
    return ExpenseItem.objects.filter(claim=claim, idempotency_key=key).first()


def item_add(
    *,
    claim: ExpenseClaim,
    data: dict,
    actor,
    receipt_upload=None,
    today: dt.date | None = None,
    idempotency_key: str = "",
    request=None,
) -> ExpenseItem:
    """Add one item to a claim that is still waiting. The receipt (if any) is checked before
    anything is kept; a bad file changes nothing. A form token as the key means a
    double-clicked button adds one item, not two (the item already added is given back)."""
    today = today or timezone.localdate()
    key = (idempotency_key or "")[:80]
    if key and (found := _keyed_item(claim, key)) is not None:
        return found
    closed = "This claim has been decided. Start a new claim for more items."
    if claim.status != CS.SUBMITTED:
        raise ValidationError(closed)
    clean = validate_item(data, has_receipt=receipt_upload is not None, today=today)
    checked = None
    if receipt_upload is not None:
        try:
            checked = check_receipt(receipt_upload)
        except ValidationError as error:
            raise ValidationError({"receipt": error.messages}) from None
    if clean["category"] == C.MILEAGE:
        clean["amount_claimed"] = mileage_for(
            claim.participant, vehicle=clean["vehicle"], miles=clean["miles"], day=clean["spent_on"]
        )
        if clean["amount_claimed"] <= 0:
            raise ValidationError({"miles": "There is no mileage rate for that date and vehicle."})
    with transaction.atomic():
        # Locked and read again: an item never slips into a claim being decided at this moment.
        locked = ExpenseClaim.objects.select_for_update().only("status").get(pk=claim.pk)
        if locked.status != CS.SUBMITTED:
            raise ValidationError(closed)
        if key and (found := _keyed_item(claim, key)) is not None:
            return found  # the same form, sent at the same moment
        receipt = None
        if checked is not None:
            receipt = receipt_store(
                organisation=claim.organisation, checked=checked, actor=actor, request=request
            )
        item = ExpenseItem(
            organisation=claim.organisation,
            claim=claim,
            receipt=receipt,
            idempotency_key=key,
            **clean,
        )
        item.save()
    _log(
        claim,
        "claim.item_add",
        f"Added {item.get_category_display().lower()} of £{item.amount_claimed} on "
        f"{item.spent_on:%d %b %Y} to expense claim {claim.pk}"
        + (" with a receipt" if receipt else (" (mileage)" if not item.no_receipt_reason else ""))
        + (f"; no receipt: {item.no_receipt_reason}" if item.no_receipt_reason else ""),
        actor,
        request,
    )
    return item


# --- the decision ------------------------------------------------------------------------------


@dataclass
class ItemPlan:
    """What one item would be reimbursed, and why."""

    item: ExpenseItem
    reimburse: Decimal = ZERO
    above_cost: Decimal = ZERO  # claimed above the receipt: not expenses
    prebooked: bool = False  # the organisation booked travel for them that day
    excluded: bool = False
    needs_acceptance: bool = False  # no receipt: the approver accepts an amount
    notes: list[str] = field(default_factory=list)


@dataclass
class DecisionPlan:
    items: list[ItemPlan]

    @property
    def total(self) -> Decimal:
        return money(sum((p.reimburse for p in self.items), ZERO))

    @property
    def above_cost(self) -> Decimal:
        return money(sum((p.above_cost for p in self.items), ZERO))

    @property
    def claimed(self) -> Decimal:
        return money(sum((p.item.amount_claimed for p in self.items), ZERO))

    @property
    def prebooked(self) -> list[ItemPlan]:
        return [p for p in self.items if p.prebooked]


def prebooked_days(claim: ExpenseClaim, items) -> set[dt.date] | None:
    """Days (among the items' travel days) the organisation already booked this person's travel.
    None means every travel item is covered: travel was booked for the claim's own event."""
    days = {i.spent_on for i in items if i.category in TRAVEL_CATEGORIES}
    if not days:
        return set()
    when = Q(travel_on__in=days)
    if claim.event_id:
        when |= Q(event_id=claim.event_id)
    found = set()
    for travel_on, event_id in PrebookedTravel.objects.filter(
        when, participant_id=claim.participant_id
    ).values_list("travel_on", "event_id"):
        if claim.event_id and event_id == claim.event_id:
            return None
        found.add(travel_on)
    return found


def decision_plan(
    claim: ExpenseClaim,
    items,
    *,
    accepted: dict[int, Decimal] | None = None,
    include_prebooked: set[int] | frozenset[int] = frozenset(),
) -> DecisionPlan:
    """Work out, item by item, what approving would reimburse (nothing is saved).

    `accepted` holds the approver's amounts for items without a receipt (at most the claimed
    amount); `include_prebooked` the travel items the approver says are a different journey from
    the pre-booked travel (which needs an override reason)."""
    accepted = accepted or {}
    prebooked = prebooked_days(claim, items)
    plans = []
    for item in items:
        plan = ItemPlan(item=item)
        if item.category == C.MILEAGE:
            plan.reimburse = mileage_for(
                claim.participant,
                vehicle=item.vehicle,
                miles=item.miles or Decimal("0"),
                day=item.spent_on,
                exclude_item=item,
            )
            plan.notes.append(f"{item.miles} miles at HMRC rates")
        elif item.receipt_id is not None and item.receipted_amount is not None:
            plan.reimburse = money(item.receipted_amount)
            if item.amount_claimed > item.receipted_amount:
                plan.above_cost = money(item.amount_claimed - item.receipted_amount)
                plan.notes.append(
                    f"£{plan.above_cost} claimed above the receipt is not reimbursed as expenses"
                )
        else:
            plan.needs_acceptance = True
            wanted = accepted.get(item.pk, item.amount_claimed)
            plan.reimburse = money(max(ZERO, min(wanted, item.amount_claimed)))
            plan.notes.append("No receipt: the approver accepts the amount")
        if item.category in TRAVEL_CATEGORIES and (prebooked is None or item.spent_on in prebooked):
            plan.prebooked = True
            if item.pk not in include_prebooked:
                plan.excluded = True
                plan.reimburse = ZERO
                plan.above_cost = ZERO
                plan.notes.append(
                    "Travel for this day or event was booked and paid in advance: not reimbursed"
                )
        plans.append(plan)
    return DecisionPlan(items=plans)


def claim_items(claim: ExpenseClaim) -> list[ExpenseItem]:
    return list(
        ExpenseItem.objects.filter(claim=claim).select_related("receipt", "no_receipt_approved_by")
    )


def expense_method_for(participant) -> str:
    """The person's preferred way of being paid, as a way to pay back expenses: vouchers are
    not allowed for expenses, so it is a bank transfer, or cash for someone without an account."""
    if participant.payment_method == pc.PaymentMethod.CASH or participant.has_no_bank_account:
        return Payment.Method.CASH
    return Payment.Method.BANK


def _blocking_claim_findings(claim: ExpenseClaim, today: dt.date) -> list:
    """Blocking findings from the claim rules, except pre-booked travel: that one is dealt with
    by leaving the travel out (or an explicit, reasoned 'different journey')."""
    from withus.money.checks import claim_findings
    from withus.money.rules.claims import PREBOOKED_TRAVEL

    return [
        f for f in claim_findings(claim, today=today) if f.blocking and f.code != PREBOOKED_TRAVEL
    ]


@dataclass
class Decision:
    claim: ExpenseClaim
    payment: Payment | None = None
    above_cost_payment: Payment | None = None
    already: bool = False  # the same decision had been made before: nothing changed


def claim_decide(
    *,
    claim: ExpenseClaim,
    actor,
    approve: bool,
    method: str = "",
    note: str = "",
    accepted: dict[int, Decimal] | None = None,
    include_prebooked: set[int] | frozenset[int] = frozenset(),
    record_above_cost: bool = False,
    override_reason: str = "",
    today: dt.date | None = None,
    request=None,
) -> Decision:
    """Approve or reject a claim. Approving sets each item's reimbursed amount, makes one
    expenses payment for the total and approves it (raising PaymentBlocked when a payment rule
    needs an override reason). Making the same decision again changes nothing."""
    from withus.money import services as ledger

    today = today or timezone.localdate()
    note = (note or "").strip()
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        claim = (
            ExpenseClaim.objects.select_for_update(of=("self",))
            .select_related("participant", "event", "project", "organisation")
            .get(pk=claim.pk)
        )
        if claim.status != CS.SUBMITTED:
            same = (claim.status == CS.REJECTED) != approve
            if same:
                payment = claim.payments.filter(kind=Payment.Kind.EXPENSES).first()
                return Decision(claim=claim, payment=payment, already=True)
            raise ValidationError(
                f"This claim has already been decided ({claim.get_status_display().lower()})."
            )
        if not approve:
            if not note:
                raise ValidationError({"note": "Say why the claim is not approved."})
            claim.status = CS.REJECTED
            claim.decided_by = actor
            claim.decided_at = timezone.now()
            claim.decision_note = note
            claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
            _log(
                claim,
                "claim.reject",
                f"Did not approve expense claim {claim.pk} for "
                f"{claim.participant.preferred_name}: {note}",
                actor,
                request,
            )
            return Decision(claim=claim)

        participant = claim.participant
        if method not in EXPENSE_METHODS:
            raise ValidationError({"method": "Choose bank transfer or cash."})
        if method == Payment.Method.BANK and participant.has_no_bank_account:
            raise ValidationError(
                {"method": f"{participant.preferred_name} has no bank account. Choose cash."}
            )
        items = claim_items(claim)
        if not items:
            raise ValidationError("There is nothing on this claim yet. Add an item first.")
        plan = decision_plan(
            claim, items, accepted=accepted, include_prebooked=set(include_prebooked)
        )
        if any(p.prebooked and not p.excluded for p in plan.items) and not override_reason:
            raise ValidationError(
                {
                    "override_reason": "Say why travel on a day with pre-booked travel is "
                    "a different journey."
                }
            )
        stops = _blocking_claim_findings(claim, today)
        if stops and not override_reason:
            raise ValidationError(
                {
                    "override_reason": "Something stops this claim (see the checks). Say why "
                    "it should still be approved."
                }
            )
        if plan.total <= 0:
            raise ValidationError(
                "Nothing on this claim can be reimbursed. Do not approve it: say why instead."
            )
        wants_no_payment = participant.payment_choice in (
            pc.PaymentChoice.DECLINES,
            pc.PaymentChoice.EXPENSES_ONLY,
        )
        if record_above_cost and plan.above_cost > 0 and wants_no_payment:
            raise ValidationError(
                {
                    "record_above_cost": f"{participant.preferred_name} chose "
                    f"'{participant.get_payment_choice_display()}': do not record a payment."
                }
            )

        for p in plan.items:
            item = p.item
            item.amount_reimbursed = p.reimburse
            fields = ["amount_reimbursed"]
            if p.needs_acceptance and not p.excluded and p.reimburse > 0:
                item.no_receipt_approved_by = actor
                fields.append("no_receipt_approved_by")
            item.save(update_fields=fields)

        reimbursed = [p.item for p in plan.items if p.reimburse > 0]
        activity_date = max(i.spent_on for i in reimbursed)
        payment = ledger.payment_create(
            organisation=claim.organisation,
            participant=participant,
            kind=Payment.Kind.EXPENSES,
            method=method,
            amount=plan.total,
            description=f"Expenses, claim {claim.pk}"
            + (f": {claim.event.title}" if claim.event else ""),
            activity_date=activity_date,
            idempotency_key=f"claim:{claim.pk}",
            actor=actor,
            event=claim.event,
            project=claim.project,
            claim=claim,
            request=request,
        )
        payment = ledger.payment_approve(
            payment=payment, actor=actor, override_reason=override_reason, request=request
        )
        above_payment = None
        if record_above_cost and plan.above_cost > 0:
            above_payment = ledger.payment_create(
                organisation=claim.organisation,
                participant=participant,
                kind=Payment.Kind.INVOLVEMENT,
                method=(
                    Payment.Method.VOUCHER
                    if participant.payment_choice == pc.PaymentChoice.VOUCHERS
                    else ledger.default_method(participant)
                ),
                amount=plan.above_cost,
                description=f"Claimed above receipts on expense claim {claim.pk} "
                "(a payment, not expenses)",
                activity_date=activity_date,
                idempotency_key=f"claim:{claim.pk}:above-cost",
                actor=actor,
                event=claim.event,
                project=claim.project,
                claim=claim,
                request=request,
            )
        claim.status = CS.APPROVED
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decision_note = note
        claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        summary = (
            f"Approved expense claim {claim.pk} for {participant.preferred_name}: "
            f"£{plan.total} to reimburse by {payment.get_method_display().lower()}"
        )
        excluded = [p for p in plan.items if p.excluded]
        if excluded:
            summary += f"; {len(excluded)} pre-booked travel item(s) left out"
        if plan.above_cost > 0:
            summary += f"; £{plan.above_cost} above receipts " + (
                "drafted as an involvement payment" if above_payment else "not paid"
            )
        changes = {"override_reason": ["", override_reason]} if override_reason else None
        _log(claim, "claim.approve", summary, actor, request, changes)
    return Decision(claim=claim, payment=payment, above_cost_payment=above_payment)


# --- pre-booked travel -------------------------------------------------------------------------


def prebooked_add(
    *,
    organisation,
    participant,
    travel_on: dt.date,
    description: str,
    amount: Decimal,
    actor,
    event=None,
    request=None,
) -> PrebookedTravel:
    """Record travel the organisation booked and paid for, so it is never reimbursed again."""
    errors = {}
    if participant.organisation_id != organisation.pk:
        errors["participant"] = "Choose a person in this organisation."
    if event is not None and event.organisation_id != organisation.pk:
        errors["event"] = "Choose an event in this organisation."
    if amount is None or amount <= 0:
        errors["amount"] = "Enter what the organisation paid, more than £0."
    if not (description or "").strip():
        errors["description"] = "Say what was booked, for example the train from Leeds to York."
    if errors:
        raise ValidationError(errors)
    travel = PrebookedTravel.objects.create(
        organisation=organisation,
        participant=participant,
        event=event,
        travel_on=travel_on,
        description=description.strip()[:200],
        amount=money(amount),
        booked_by=actor,
    )
    _log(
        travel,
        "prebooked.create",
        f"Recorded pre-booked travel for {participant.preferred_name} on "
        f"{travel_on:%d %b %Y}: {travel.description} (£{travel.amount})",
        actor,
        request,
    )
    return travel

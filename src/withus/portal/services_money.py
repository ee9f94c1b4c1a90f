"""Claiming expenses in the portal. The money app's services do the work (withus.money.
services_claims: claim_create, item_add, the receipt checks and the mileage rules); this module
only puts them together for a participant acting for themselves (actor=None) and records that it
happened in the portal.

A claim is sent with its first item in one step: if the item is refused (a bad file, a missing
reason) nothing is kept, so staff never see an empty claim. The claim is then waiting for
approval, exactly like a claim staff entered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.audit.services import log_action
from withus.money import services_claims
from withus.money.models import ExpenseClaim, ExpenseItem

CS = ExpenseClaim.Status


def _key(participant, token: str) -> str:
    token = "".join(ch for ch in (token or "") if ch.isalnum() or ch == "-")[:60]
    return f"portal:{participant.pk}:{token}" if token else ""


def mileage_amount(*, participant, data: dict, today: dt.date | None = None) -> Decimal:
    """What the miles in `data` would be paid, worked out by the money app's rules (HMRC rates
    for the tax year, counting the person's earlier miles). Nothing is saved. Raises
    ValidationError naming the fields that are wrong, or the miles when no rate applies."""
    today = today or timezone.localdate()
    clean = services_claims.validate_item(data, has_receipt=False, today=today)
    amount = services_claims.mileage_for(
        participant, vehicle=clean["vehicle"], miles=clean["miles"], day=clean["spent_on"]
    )
    if amount <= 0:
        raise ValidationError(
            {"miles": "We cannot work out miles for that date. Ask your contact to help."}
        )
    return amount


@dataclass(frozen=True)
class Sent:
    claim: ExpenseClaim
    item: ExpenseItem | None
    already: bool = False  # the same form was sent twice: nothing new was kept


def claim_send(
    *,
    participant,
    data: dict,
    receipt_upload=None,
    event=None,
    token: str = "",
    today: dt.date | None = None,
    request=None,
) -> Sent:
    """Start a claim with its first item, for the person themselves. The form's token makes a
    double-tapped button send one claim, not two."""
    organisation = participant.organisation
    key = _key(participant, token)
    if key:
        found = ExpenseClaim.objects.filter(
            organisation=organisation, participant=participant, idempotency_key=key
        ).first()
        if found is not None:
            return Sent(claim=found, item=None, already=True)
    with transaction.atomic():
        claim = services_claims.claim_create(
            organisation=organisation,
            participant=participant,
            actor=None,
            event=event,
            idempotency_key=key,
            request=request,
        )
        if key and claim.items.exists():  # the same form, sent at the same moment
            return Sent(claim=claim, item=None, already=True)
        item = services_claims.item_add(
            claim=claim,
            data=data,
            actor=None,
            receipt_upload=receipt_upload,
            today=today,
            request=request,
        )
    log_action(
        organisation=organisation,
        actor=None,
        action="portal.claim_send",
        target=claim,
        summary=f"{participant.preferred_name} sent expense claim {claim.pk} in the portal "
        f"(£{item.amount_claimed})",
        request=request,
    )
    return Sent(claim=claim, item=item)


def claim_add(
    *,
    claim: ExpenseClaim,
    data: dict,
    receipt_upload=None,
    token: str = "",
    today: dt.date | None = None,
    request=None,
) -> Sent:
    """Add one more item to the person's own claim while it is still waiting for approval. The
    form's token (kept on the item in the database) makes a double-tapped button add one item,
    not two."""
    key = _key(claim.participant, token)
    if key:
        found = ExpenseItem.objects.filter(claim=claim, idempotency_key=key).first()
        if found is not None:
            return Sent(claim=claim, item=found, already=True)
    if claim.status != CS.SUBMITTED:
        raise ValidationError("We have already checked this claim. Start a new claim instead.")
    try:
        item = services_claims.item_add(
            claim=claim,
            data=data,
            actor=None,
            receipt_upload=receipt_upload,
            today=today,
            idempotency_key=key,
            request=request,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):  # decided meanwhile
            raise ValidationError(
                "We have already checked this claim. Start a new claim instead."
            ) from None
        raise
    log_action(
        organisation=claim.organisation,
        actor=None,
        action="portal.claim_add",
        target=claim,
        summary=f"{claim.participant.preferred_name} added to expense claim {claim.pk} in the "
        f"portal (£{item.amount_claimed})",
        request=request,
    )
    return Sent(claim=claim, item=item)

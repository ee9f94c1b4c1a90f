"""URL registry entries for rate cards and payments (merged into tests/url_registry.py).
`walker_payment` and `payment_kw` are shared by the other money parts."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

APPROVE = Capability.APPROVE_PAYMENTS
EITHER = (Capability.MANAGE_PEOPLE, Capability.APPROVE_PAYMENTS)


def walker_person(world):
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Payee"
    )
    return person


def walker_payment(world, status: str = "draft"):
    from tests.money.builders import make_payment
    from withus.money.models import Payment

    key = f"walker-{status}"
    payment = Payment.unscoped.filter(organisation=world.org_a, idempotency_key=key).first()
    if payment is None:
        payment = make_payment(world.org_a, walker_person(world), idempotency_key=key)
        if status != "draft":
            Payment.unscoped.filter(pk=payment.pk).update(status=status)
            payment.refresh_from_db()
    return payment


def payment_kw(world) -> dict:
    return {"payment_id": walker_payment(world).pk}


def _approved_kw(world) -> dict:
    return {"payment_id": walker_payment(world, "approved").pk}


def _rate_card_kw(world) -> dict:
    from tests.money.builders import make_rate_card

    return {"rate_card_id": make_rate_card(world.org_a, name="Walker rate").pk}


def _event_kw(world) -> dict:
    from tests.url_registry_events import walker_event

    return {"event_id": walker_event(world).pk}


URLS: dict[str, OrgUrl] = {
    "money:rate_cards": OrgUrl(EITHER),
    "money:rate_card_add": OrgUrl(APPROVE),
    "money:rate_card_edit": OrgUrl(APPROVE, _rate_card_kw),
    "money:payments": OrgUrl(EITHER),
    "money:payment_add": OrgUrl(EITHER),
    "money:payment": OrgUrl(EITHER, payment_kw),
    "money:payment_edit": OrgUrl(EITHER, payment_kw),
    "money:payment_delete": OrgUrl(EITHER, payment_kw, "post", 302),
    "money:payment_approve": OrgUrl(APPROVE, payment_kw, "post", 302),
    "money:payment_reverse": OrgUrl(APPROVE, _approved_kw),
    "money:event_draft_payments": OrgUrl(EITHER, _event_kw, "post", 302),
}

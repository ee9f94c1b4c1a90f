"""URL registry entries for the money home, reports, downloads and statements in advance
(merged into tests/url_registry.py). The statement pages get a paid event and a paid
opportunity, so the walker draws the whole statement, not only "nothing to pay"."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

MONEY_PEOPLE = (Capability.APPROVE_PAYMENTS, Capability.MANAGE_PEOPLE)


def _person(world):
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Money Person"
    )
    return person


def _person_kw(world) -> dict:
    return {"pk": _person(world).pk}


def _rate_card(world):
    from tests.money.builders import make_rate_card
    from withus.money.models import RateCard

    card = RateCard.unscoped.filter(organisation=world.org_a, name="Walker session").first()
    return card or make_rate_card(world.org_a, name="Walker session")


def _invitation_kw(world) -> dict:
    from tests.events.builders import invite, make_event
    from withus.events.models import Event, EventInvitation

    event = Event.unscoped.filter(organisation=world.org_a, title="Walker paid event").first()
    event = event or make_event(world.org_a, title="Walker paid event", rate_card=_rate_card(world))
    person = _person(world)
    invitation = EventInvitation.unscoped.filter(event=event, participant=person).first()
    return {"invitation_id": (invitation or invite(event, person)).pk}


def _opportunity_person_kw(world) -> dict:
    from tests.url_registry import _role
    from withus.recruitment.models import Opportunity

    opportunity, _ = Opportunity.unscoped.get_or_create(
        organisation=world.org_a,
        title="Walker paid opportunity",
        defaults={"role": _role(world), "rate_card": _rate_card(world), "expected_sessions": 4},
    )
    return {"opportunity_id": opportunity.pk, **_person_kw(world)}


URLS: dict[str, OrgUrl] = {
    "money:overview": OrgUrl(MONEY_PEOPLE),
    "money:person": OrgUrl(MONEY_PEOPLE, _person_kw),
    "money:person_xlsx": OrgUrl(MONEY_PEOPLE, _person_kw),
    "money:ledger_xlsx": OrgUrl(Capability.EXPORT),
    "money:spend": OrgUrl(Capability.VIEW_REPORTS),
    "money:statement_invitation": OrgUrl(Capability.MANAGE_PEOPLE, _invitation_kw),
    "money:statement_opportunity": OrgUrl(Capability.MANAGE_PEOPLE, _opportunity_person_kw),
}

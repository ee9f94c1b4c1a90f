"""URL registry entries for the voice area (merged into tests/url_registry.py)."""

from __future__ import annotations

import datetime as dt

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE
REPORTS = Capability.VIEW_REPORTS
READ = (PEOPLE, REPORTS)


def _contribution(world):
    from withus.voice.models import Contribution

    found = Contribution.unscoped.filter(organisation=world.org_a, text="Walker said").first()
    if found:
        return found
    return Contribution.unscoped.create(
        organisation=world.org_a,
        text="Walker said",
        received_on=dt.date(2026, 3, 2),
        anonymous=True,
    )


def _contribution_kw(world) -> dict:
    return {"pk": _contribution(world).pk}


def _action_kw(world) -> dict:
    from withus.voice.models import Action

    action = Action.unscoped.filter(organisation=world.org_a, we_did="Walker did").first()
    if action is None:
        action = Action.unscoped.create(
            organisation=world.org_a,
            response=Action.Response.ACCEPTED,
            we_did="Walker did",
            decided_on=dt.date(2026, 3, 3),
        )
        action.contributions.add(_contribution(world))
    return {"pk": action.pk}


def _outcome_kw(world) -> dict:
    from withus.voice.models import PersonOutcome

    person = _person(world)
    outcome = PersonOutcome.unscoped.filter(participant=person).first()
    outcome = outcome or PersonOutcome.unscoped.create(
        organisation=world.org_a,
        participant=person,
        kind=PersonOutcome.Kind.VOLUNTEERING,
        achieved_on=dt.date(2026, 3, 3),
        person_agreed=True,
    )
    return {"pk": outcome.pk}


def _impact_kw(world) -> dict:
    from withus.voice.models import ImpactRecord

    impact = ImpactRecord.unscoped.filter(organisation=world.org_a).first()
    impact = impact or ImpactRecord.unscoped.create(
        organisation=world.org_a,
        kind=ImpactRecord.Kind.POLICY,
        title="Walker impact",
        evidence="Minutes",
        happened_on=dt.date(2026, 3, 3),
    )
    return {"pk": impact.pk}


def _person(world):
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Voice"
    )
    return person


def _person_kw(world) -> dict:
    return {"pk": _person(world).pk}


def _event_kw(world) -> dict:
    from tests.url_registry_events import event_kw

    return event_kw(world)


URLS: dict[str, OrgUrl] = {
    "voice:home": OrgUrl(READ),
    "voice:contributions": OrgUrl(PEOPLE),
    "voice:contribution_add": OrgUrl(PEOPLE),
    "voice:contribution": OrgUrl(PEOPLE, _contribution_kw),
    "voice:contribution_edit": OrgUrl(PEOPLE, _contribution_kw),
    "voice:event_contributions": OrgUrl(PEOPLE, _event_kw),
    "voice:actions": OrgUrl(READ),
    "voice:action_add": OrgUrl(PEOPLE),
    "voice:action": OrgUrl(READ, _action_kw),
    "voice:action_edit": OrgUrl(PEOPLE, _action_kw),
    "voice:action_tell": OrgUrl(PEOPLE, _action_kw),
    "voice:board": OrgUrl(READ),
    "voice:board_pdf": OrgUrl(READ),
    "voice:outcomes": OrgUrl(PEOPLE),
    "voice:outcome_add": OrgUrl(PEOPLE),
    "voice:outcome_edit": OrgUrl(PEOPLE, _outcome_kw),
    "voice:impact": OrgUrl(READ),
    "voice:impact_add": OrgUrl(PEOPLE),
    "voice:impact_edit": OrgUrl(PEOPLE, _impact_kw),
    "voice:person": OrgUrl(PEOPLE, _person_kw),
}

# URLs outside any organisation (for example a personal survey link), with the reason.
EXEMPT: dict[str, str] = {}

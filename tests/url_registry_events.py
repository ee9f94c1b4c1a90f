"""URL registry entries for events, venues, invitations and attendance (merged into
tests/url_registry.py). `walker_event` and `event_kw` are shared by the other event parts."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE


def walker_event(world):
    """One event in org A (made once per test database)."""
    from tests.events.builders import make_event
    from withus.events.models import Event

    event = Event.unscoped.filter(organisation=world.org_a, title="Walker event").first()
    return event or make_event(world.org_a, title="Walker event")


def event_kw(world) -> dict:
    return {"pk": walker_event(world).pk}


def _venue_kw(world) -> dict:
    from tests.events.builders import make_venue

    return {"venue_id": make_venue(world.org_a, name="Walker venue").pk}


def _document_kw(world) -> dict:
    from django.core.files.base import ContentFile

    from withus.events.models import EventDocument

    event = walker_event(world)
    document = EventDocument(
        organisation=world.org_a,
        event=event,
        title="Walker paper",
        filename="paper.txt",
        content_type="text/plain",
        size=5,
    )
    document.file.save("paper.txt", ContentFile(b"hello"), save=True)
    return {"pk": event.pk, "document_id": document.pk}


def _invitation_kw(world) -> dict:
    from tests.events.builders import invite
    from withus.events.models import EventInvitation
    from withus.people.models import Participant

    event = walker_event(world)
    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Invitee"
    )
    invitation = EventInvitation.unscoped.filter(event=event, participant=person).first() or invite(
        event, person
    )
    return {"pk": event.pk, "invitation_id": invitation.pk}


URLS: dict[str, OrgUrl] = {
    "events:list": OrgUrl(PEOPLE),
    "events:add": OrgUrl(PEOPLE),
    "events:detail": OrgUrl(PEOPLE, event_kw),
    "events:edit": OrgUrl(PEOPLE, event_kw),
    "events:agenda": OrgUrl(PEOPLE, event_kw),
    "events:papers": OrgUrl(PEOPLE, event_kw),
    "events:paper_download": OrgUrl(PEOPLE, _document_kw),
    "events:paper_delete": OrgUrl(PEOPLE, _document_kw, "post", 302),
    "events:cancel": OrgUrl(PEOPLE, event_kw),
    "events:debrief": OrgUrl(PEOPLE, event_kw),
    "events:invite": OrgUrl(PEOPLE, event_kw),
    "events:invite_matches": OrgUrl(PEOPLE, event_kw),
    "events:invitation": OrgUrl(PEOPLE, _invitation_kw),
    "events:attendance": OrgUrl(PEOPLE, event_kw),
    "events:venues": OrgUrl(PEOPLE),
    "events:venue_add": OrgUrl(PEOPLE),
    "events:venue_edit": OrgUrl(PEOPLE, _venue_kw),
}

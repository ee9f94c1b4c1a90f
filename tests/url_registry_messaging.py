"""URL registry entries for messaging (merged into tests/url_registry.py)."""

from __future__ import annotations

from dataclasses import dataclass

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE


def _person(world):
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Person"
    )
    return person


def _message(world, **fields):
    from withus.messaging.models import Message

    fields.setdefault("channel", "sms")
    fields.setdefault("status", Message.Status.SENT)
    return Message.unscoped.create(
        organisation=world.org_a,
        participant=_person(world),
        to_address="07700 900000",
        template="general",
        body="Walker message",
        **fields,
    )


def _message_kw(world):
    return {"message_id": _message(world).pk}


def _attachment_kw(world):
    from withus.messaging.models import MessageAttachment

    message = _message(world, channel="post", status="to_print")
    file = MessageAttachment.unscoped.create(
        organisation=world.org_a,
        message=message,
        filename="papers.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.7",
        size=8,
    )
    return {"message_id": message.pk, "attachment_id": file.pk}


def _call_kw(world):
    return {"message_id": _message(world, channel="phone", status="to_call").pk}


def _participant_kw(world):
    return {"pk": _person(world).pk}


@dataclass(frozen=True)
class KeyedUrl(OrgUrl):
    """A page named by a fixed key (a message template), not by an organisation's object:
    every organisation has each key, so there is no other organisation's object to refuse."""

    key: str = ""

    def kwargs(self, world) -> dict:
        return {"key": self.key}


URLS: dict = {
    "messaging:outbox": OrgUrl(PEOPLE),
    "messaging:detail": OrgUrl(PEOPLE, _message_kw),
    "messaging:attachment": OrgUrl(PEOPLE, _attachment_kw),
    "messaging:letters": OrgUrl(PEOPLE),
    "messaging:letters_pdf": OrgUrl(PEOPLE),
    "messaging:letters_printed": OrgUrl(PEOPLE, None, "post", 302),
    "messaging:calls": OrgUrl(PEOPLE),
    "messaging:call_done": OrgUrl(PEOPLE, _call_kw, "post", 302),
    "messaging:templates": OrgUrl(PEOPLE),
    "messaging:template_edit": KeyedUrl(PEOPLE, key="event_invitation"),
    "messaging:participant_history": OrgUrl(PEOPLE, _participant_kw),
    "messaging:compose": OrgUrl(PEOPLE, _participant_kw),
}

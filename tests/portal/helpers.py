from __future__ import annotations

import re

from withus.messaging.models import Message
from withus.people.models import Participant


def person(org, name="Pat", **fields) -> Participant:
    fields.setdefault("status", "active")
    return Participant.unscoped.create(organisation=org, preferred_name=name, **fields)


def last_code(to_address: str = "") -> str:
    """The code in the newest code message (to this address, ignoring spaces, if given)."""
    messages = Message.unscoped.filter(body__contains="withus code").order_by("-pk")
    wanted = "".join(to_address.split()).lower()
    message = next(
        (m for m in messages if not wanted or "".join(m.to_address.split()).lower() == wanted),
        None,
    )
    assert message is not None, "no code was sent"
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def sign_in(client, identifier: str, *, remember=False):
    client.post("/p/sign-in/", {"identifier": identifier})
    code = last_code(identifier if "@" in identifier else _phone(identifier))
    data = {"code": code}
    if remember:
        data["remember"] = "on"
    return client.post("/p/sign-in/check/", data)


def _phone(text):
    from withus.portal.services import normalise_phone

    return normalise_phone(text)


def portal_login(client, participant: Participant) -> None:
    """Sign a participant in to the portal without a code (the test client's force_login)."""
    import datetime as dt

    from django.utils import timezone

    from withus.portal import session

    store = client.session
    store[session.KEY] = {
        "ids": {str(participant.organisation_id): participant.pk},
        "org": str(participant.organisation_id),
        "until": (timezone.now() + dt.timedelta(hours=1)).isoformat(),
    }
    store.save()


def walker_people(world) -> tuple[Participant, Participant, Participant]:
    """The owner (Olive, org A), another participant in org A (Otto) and one in org B (Bea)."""
    owner, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a,
        preferred_name="Olive Owner",
        defaults={"status": "active", "phone": "07700900501", "email": "olive@example.org"},
    )
    other, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a,
        preferred_name="Otto Other",
        defaults={"status": "active", "phone": "07700900502"},
    )
    elsewhere, _ = Participant.unscoped.get_or_create(
        organisation=world.org_b,
        preferred_name="Bea Elsewhere",
        defaults={"status": "active", "phone": "07700900503"},
    )
    return owner, other, elsewhere

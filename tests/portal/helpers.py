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

"""The demo participant for the portal: a known phone, a contact, meetings to reply to and go
to, and a printed access code from demo_portal_code that signs in."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from tests.portal.helpers import sign_in
from withus.events.models import EventInvitation
from withus.people.models import Participant

pytestmark = pytest.mark.django_db


def test_the_demo_participant_can_sign_in_with_the_phone_or_a_printed_code(client):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # again: still exactly one person per number
    with scopes_disabled():
        (jo,) = Participant.unscoped.filter(phone="07700 900000")
        assert jo.named_contact is not None and jo.status == "active"
        replies = set(
            EventInvitation.unscoped.filter(participant=jo).values_list("reply", flat=True)
        )
    assert {"invited", "accepted"} <= replies
    assert sign_in(client, "07700 900000").url == "/p/"
    assert f"Hello {jo.preferred_name}" in client.get("/p/").content.decode()

    out = StringIO()
    call_command("demo_portal_code", stdout=out)
    code = re.search(r"access code (\S+)", out.getvalue()).group(1)
    client.post("/p/sign-out/")
    assert client.post("/p/sign-in/code/", {"code": code}).url == "/p/"

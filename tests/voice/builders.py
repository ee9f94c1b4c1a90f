"""Builders for voice tests."""

from __future__ import annotations

import datetime as dt

from django_scopes import scope

from withus.voice import services
from withus.voice.models import Action


def contribution(org, *, text="The waiting room is cold", received_on=None, actor=None, **kw):
    with scope(organisation=org):
        return services.contribution_create(
            organisation=org,
            text=text,
            source=kw.pop("source", "event"),
            received_on=received_on or dt.date(2026, 3, 2),
            actor=actor,
            **kw,
        )


def action(org, contributions, *, actor=None, **data):
    data.setdefault("response", Action.Response.ACCEPTED)
    data.setdefault("we_did", "We bought a heater")
    data.setdefault("decided_on", dt.date(2026, 3, 3))
    data.setdefault("on_board", True)
    with scope(organisation=org):
        return services.action_save(
            organisation=org, data=data, contributions=contributions, actor=actor
        )

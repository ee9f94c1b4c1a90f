"""Messaging fixtures: a clock that can be set, and people reachable in different ways."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone
from django_scopes import scope

from withus.people import choices as c
from withus.people import services as people_services

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def clock(monkeypatch):
    """clock(moment) makes timezone.now() return `moment` (default: a Tuesday at 11am)."""

    def set_to(moment: dt.datetime) -> dt.datetime:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    set_to(london(2026, 3, 3, 11, 0))
    return set_to


def consent(person, *purposes, actor=None, state="given"):
    with scope(organisation=person.organisation):
        for purpose in purposes:
            people_services.consent_record(
                participant=person, purpose=purpose, state=state, method="verbal", actor=actor
            )


def make_person(world, org=None, consents=(), **data):
    org = org or world.org_a
    data.setdefault("preferred_name", "Pat")
    data.setdefault("status", c.Status.ACTIVE)
    with scope(organisation=org):
        person = people_services.participant_create(organisation=org, data=data, actor=world.alice)
    consent(person, *consents, actor=world.alice)
    return person

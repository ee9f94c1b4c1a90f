"""Builders for report tests: people with equality answers, events with attendance, voice rows."""

from __future__ import annotations

import datetime as dt
import itertools

from tests.events.builders import invite, make_event
from withus.people.models import EqualityRecord, Participant

_names = itertools.count(1)


def person(org, **equality) -> Participant:
    participant = Participant.unscoped.create(
        organisation=org, preferred_name=f"Person {next(_names)}"
    )
    if equality:
        EqualityRecord.unscoped.create(organisation=org, participant=participant, **equality)
    return participant


def event_with(org, day: dt.date, attended=(), late=(), no_show=(), **fields):
    event = make_event(org, day=day, **fields)
    for p in attended:
        invite(event, p, reply="accepted", attendance="attended")
    for p in late:
        invite(event, p, reply="accepted", attendance="late")
    for p in no_show:
        invite(event, p, reply="accepted", attendance="no_show")
    return event

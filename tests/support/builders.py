"""Small builders for training and support tests (rows written directly, unscoped)."""

from __future__ import annotations

import datetime as dt

from withus.people.models import Participant
from withus.support.models import Completion, Course, SupervisionNote, SupportArrangement

DAY = dt.date(2026, 3, 3)


def person(org, name="Dee"):
    return Participant.unscoped.create(organisation=org, preferred_name=name, status="active")


def course(org, title="Facilitation skills", audience="participants"):
    row, _ = Course.unscoped.get_or_create(
        organisation=org, title=title, defaults={"audience": audience, "description": "About it."}
    )
    return row


def completion(org, *, participant=None, staff=None, title="Facilitation skills", **kw):
    audience = "staff" if staff is not None else "participants"
    return Completion.unscoped.create(
        organisation=org,
        participant=participant,
        staff=staff,
        course=kw.pop("course", None) or course(org, title, audience),
        completed_on=kw.pop("completed_on", DAY),
        provider=kw.pop("provider", "Our centre"),
        **kw,
    )


def arrangement(org, *, participant=None, staff=None, **kw):
    return SupportArrangement.unscoped.create(
        organisation=org,
        participant=participant,
        staff=staff,
        kind=kw.pop("kind", "mentor"),
        given_by=kw.pop("given_by", "Sam"),
        starts_on=kw.pop("starts_on", DAY),
        **kw,
    )


def note(org, participant, text="Going well in the forum."):
    return SupervisionNote.unscoped.create(
        organisation=org, participant=participant, met_on=DAY, note=text
    )

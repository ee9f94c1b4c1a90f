"""Quick ways to make the rows the adviser's signals read (org-owned rows, unscoped create)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.reports.builders import event_with, person
from withus.events.timing import aware
from withus.money.models import ExpenseClaim
from withus.projects.models import Outcome, Project
from withus.recruitment.models import Candidate, Opportunity, RoleDescription
from withus.voice.models import Contribution


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def opening(org, *, places=6, active=0, age_days=40, stuck=0, **fields) -> Opportunity:
    role = RoleDescription.unscoped.create(
        organisation=org, title=fields.get("title", "Forum member"), summary="Shape services"
    )
    fields.setdefault("title", "Forum member")
    opportunity = Opportunity.unscoped.create(
        organisation=org,
        role=role,
        places=places,
        created_at=timezone.now() - dt.timedelta(days=age_days),
        **fields,
    )
    for _ in range(active):
        Candidate.unscoped.create(
            organisation=org,
            opportunity=opportunity,
            participant=person(org),
            channel="poster",
            stage="active",
        )
    for _ in range(stuck):
        Candidate.unscoped.create(
            organisation=org,
            opportunity=opportunity,
            participant=person(org),
            channel="poster",
            stage="enquiry",
            stage_changed_at=timezone.now() - dt.timedelta(days=30),
        )
    return opportunity


def project(org, name="Women's forum", *, co_planners=0, **fields) -> Project:
    fields.setdefault("status", Project.Status.ACTIVE)
    made = Project.unscoped.create(organisation=org, name=name, **fields)
    for _ in range(co_planners):
        made.co_planners.add(person(org))
    return made


def recruited_target(org, *, target=10, due_in_days=-1) -> Outcome:
    owner = project(org, "Peer research", starts_on=days_ago(200))
    return Outcome.unscoped.create(
        organisation=org,
        project=owner,
        description="Recruit peer researchers",
        measure=Outcome.Measure.PEOPLE_RECRUITED,
        target=target,
        due_on=days_ago(-due_in_days),
    )


def attendance(org, previous: list[int], recent: list[int], **fields):
    """Events with `n` people attending: `previous` 100+ days ago, `recent` in the last month."""
    for i, n in enumerate(previous):
        event_with(org, days_ago(100 + 7 * i), attended=[person(org) for _ in range(n)], **fields)
    for i, n in enumerate(recent):
        event_with(org, days_ago(5 + 7 * i), attended=[person(org) for _ in range(n)], **fields)


def contributions(org, *, received=10, closed_in_time=0, days_back=60):
    received_on = days_ago(days_back)
    for i in range(received):
        closed = (
            aware(received_on + dt.timedelta(days=5), dt.time(12), org.timezone)
            if i < closed_in_time
            else None
        )
        Contribution.unscoped.create(
            organisation=org, text=f"Point {i}", received_on=received_on, loop_closed_at=closed
        )


def waiting_claim(org, *, age_days=20) -> ExpenseClaim:
    return ExpenseClaim.unscoped.create(
        organisation=org,
        participant=person(org),
        status=ExpenseClaim.Status.SUBMITTED,
        submitted_at=timezone.now() - dt.timedelta(days=age_days),
    )

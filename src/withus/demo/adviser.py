"""Demo rows that make more of the troubleshooting adviser's signals fire.

The rest of the demo already shows contributions not fed back (Eastfield) and expense claims
waiting past the target (both organisations). This adds, for each demo organisation:
- a project being planned with nobody with lived experience planning it (co-planning signal);
- an opening with places that has been open six weeks and filled none (recruitment signal);
- a monthly review group whose attendance has fallen (project fatigue signal).

Deterministic and idempotent: every row is found by its name before it is made. Call inside
the organisation's scope.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.events.timing import aware, default_papers_due, zone
from withus.people.models import Participant
from withus.projects.models import Project
from withus.recruitment.models import Opportunity, RoleDescription

PROJECT = "Family days consultation"
ROLE = "Family voice representative"
GROUP = "Drop-in review group"
# Days ago each review group met, and how many came: fewer in the last three months.
MEETINGS = [(170, 8), (140, 8), (110, 7), (75, 4), (45, 3), (15, 3)]


def seed_adviser(organisation, *, actor) -> None:
    today = timezone.now().astimezone(zone(organisation.timezone)).date()
    project, _ = Project.objects.get_or_create(
        organisation=organisation,
        name=PROJECT,
        defaults={
            "status": Project.Status.PLANNING,
            "methods": ["consultation"],
            "what": "What families need from our visiting days.",
            "why": "Families have told us the days are hard to get to.",
            "lead": actor,
        },
    )
    role, _ = RoleDescription.objects.get_or_create(
        organisation=organisation,
        title=ROLE,
        defaults={
            "summary": "Bring a family member's view to our planning meetings.",
            "project": project,
        },
    )
    Opportunity.objects.get_or_create(
        organisation=organisation,
        title=ROLE,
        defaults={
            "role": role,
            "project": project,
            "places": 4,
            "created_at": timezone.now() - dt.timedelta(days=42),
            "closes_on": today + dt.timedelta(days=21),
        },
    )
    if Event.objects.filter(organisation=organisation, title=GROUP).exists():
        return
    forum = (
        Project.objects.filter(organisation=organisation, status=Project.Status.ACTIVE)
        .order_by("id")
        .first()
    )
    people = list(
        Participant.objects.filter(
            organisation=organisation,
            status="active",
            erased_at__isnull=True,
            restrictions__isnull=True,
            restricted_by__isnull=True,
        )
        .order_by("id")
        .distinct()[: max(n for _, n in MEETINGS)]
    )
    for days_ago, came in MEETINGS:
        day = today - dt.timedelta(days=days_ago)
        starts_at = aware(day, dt.time(14), organisation.timezone)
        event = Event.objects.create(
            organisation=organisation,
            title=GROUP,
            kind=Event.Kind.FORUM,
            project=forum,
            starts_at=starts_at,
            ends_at=aware(day, dt.time(15, 30), organisation.timezone),
            papers_due_on=default_papers_due(
                starts_at, lead_days=organisation.papers_lead_days, tz_name=organisation.timezone
            ),
            created_by=actor,
        )
        EventInvitation.objects.bulk_create(
            EventInvitation(
                organisation=organisation,
                event=event,
                participant=person,
                invited_by=actor,
                reply=EventInvitation.Reply.ACCEPTED,
                attendance=(
                    EventInvitation.Attendance.ATTENDED
                    if index < came
                    else EventInvitation.Attendance.NO_SHOW
                ),
            )
            for index, person in enumerate(people)
        )

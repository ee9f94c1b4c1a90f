"""Demo role descriptions, terms of reference, opportunities and pipelines."""

from __future__ import annotations

import random

from withus.people.models import Participant
from withus.projects.models import Project
from withus.recruitment import services_pipeline, services_roles
from withus.recruitment.models import Channel, RoleDescription, Stage

ROLE = {
    "title": "Forum member",
    "summary": "Help shape how the centre's groups and services work, by meeting with other "
    "women once a month and telling staff what works and what does not.",
    "skills": "listening, talking to people",
    "abilities_interests": "An interest in making services better for women like you.",
    "tasks": "- Come to a monthly meeting\n- Read short papers sent two weeks before\n"
    "- Share your views and ideas",
    "who_else": "Other women who use the centre, and the involvement coordinator.",
    "frequency": "Once a month, Tuesday 10am to 12:30pm",
    "duration": "One year, and you can stop at any time",
    "payment_policy": "£37.50 for each meeting, plus exact travel and childcare costs. "
    "If you get benefits, we will help you find independent advice first.",
    "support_offered": "A buddy for your first meeting, and training in committee skills.",
    "accessibility": "Step-free room with a hearing loop. Papers in large print or Easy Read.",
}
TERMS = {
    "group_name": "Women's forum",
    "purpose": "To give women who use the centre a real say in how it runs.",
    "membership": "Up to 15 women who use or have used the centre.",
    "meeting_frequency": "Monthly",
    "decision_making": "By agreement where possible; otherwise a show of hands.",
    "confidentiality": "What people share about themselves stays in the room.",
    "code_of_conduct": "Listen, be respectful, and let everyone have a say.",
}
# Where each demo candidate ends up: (channel, stages to move through after enquiry).
JOURNEYS = [
    (Channel.KEY_WORKER, [Stage.INFO_SESSION, Stage.TERMS_AGREED, Stage.ACTIVE]),
    (Channel.WORD_OF_MOUTH, [Stage.INFO_SESSION, Stage.TERMS_AGREED, Stage.ACTIVE]),
    (Channel.POSTER, [Stage.INFO_SESSION]),
    (Channel.OUTREACH, [Stage.INFO_SESSION, Stage.WITHDRAWN]),
    (Channel.ONLINE, []),
    (Channel.KEY_WORKER, [Stage.DECLINED]),
    (Channel.EVENT, [Stage.INFO_SESSION, Stage.TERMS_AGREED]),
]


def seed_recruitment(organisation, *, actor) -> None:
    if RoleDescription.objects.filter(organisation=organisation).exists():
        return
    project = Project.objects.filter(organisation=organisation).order_by("id").first()
    role = services_roles.role_create(
        organisation=organisation, data={**ROLE, "project": project}, actor=actor
    )
    services_roles.terms_create(
        organisation=organisation, data={**TERMS, "project": project}, actor=actor
    )
    opportunity = services_pipeline.opportunity_create(
        organisation=organisation, role=role, places=12, actor=actor
    )
    rng = random.Random(organisation.pk)
    people = list(
        Participant.objects.filter(organisation=organisation, erased_at__isnull=True)
        .exclude(status="exited")
        .order_by("id")
    )
    for (channel, stages), person in zip(JOURNEYS, rng.sample(people, len(JOURNEYS)), strict=False):
        candidate = services_pipeline.candidate_add(
            opportunity=opportunity, channel=channel, participant=person, actor=actor
        )
        for stage in stages:
            reason = "Found work on Tuesdays" if stage in (Stage.WITHDRAWN, Stage.DECLINED) else ""
            services_pipeline.candidate_move(
                candidate=candidate, to_stage=stage, reason=reason, actor=actor
            )


def seed_national_involvement(organisations: list, *, seed: int) -> int:
    """One project (tasks, budget), one role, one opportunity and a small pipeline per
    organisation, all with bulk inserts: the number of queries does not grow with organisations."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from withus.projects.models import BudgetLine, Task
    from withus.recruitment.models import Candidate, Opportunity, StageChange

    rng = random.Random(seed)
    org_ids = [o.pk for o in organisations]
    projects = Project.objects.bulk_create(
        [
            Project(
                organisation=o,
                name=f"{o.name.split(' ')[0]} service user forum",
                methods=["co_production"],
                status=Project.Status.ACTIVE,
                what="How the service is run",
                why="To hear from the people it serves",
            )
            for o in organisations
        ],
        batch_size=2000,
    )
    Task.objects.bulk_create(
        [
            Task(
                organisation_id=p.organisation_id,
                project=p,
                title=title,
                for_whom=for_whom,
                status=rng.choice(list(Task.Status.values)),
            )
            for p in projects
            for title, for_whom in [
                ("Tell peers about the forum", "participant"),
                ("Book an accessible venue", "staff"),
                ("Take notes", "participant"),
            ]
        ],
        batch_size=2000,
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                organisation_id=p.organisation_id,
                project=p,
                category=category,
                description=description,
                quantity=Decimal(q),
                unit_cost=Decimal(cost),
            )
            for p in projects
            for category, description, q, cost in [
                ("payments", "Members' time", "60", "37.50"),
                ("expenses", "Travel", "60", "6.00"),
                ("venue", "Room hire", "12", "40.00"),
            ]
        ],
        batch_size=2000,
    )
    roles = RoleDescription.objects.bulk_create(
        [
            RoleDescription(
                organisation_id=p.organisation_id,
                project=p,
                title=ROLE["title"],
                summary=ROLE["summary"],
                frequency=ROLE["frequency"],
                payment_policy=ROLE["payment_policy"],
            )
            for p in projects
        ],
        batch_size=2000,
    )
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(
                organisation_id=r.organisation_id,
                role=r,
                project=r.project,
                title=r.title,
                places=12,
            )
            for r in roles
        ],
        batch_size=2000,
    )
    first_people: dict[int, list[int]] = {}
    for pk, org_id in (
        Participant.objects.filter(organisation_id__in=org_ids, status="active")
        .order_by("id")
        .values_list("id", "organisation_id")
        .iterator()
    ):
        people = first_people.setdefault(org_id, [])
        if len(people) < len(JOURNEYS):
            people.append(pk)
    now = timezone.now()
    candidates, journeys = [], []
    for opportunity in opportunities:
        for (channel, stages), person in zip(
            JOURNEYS, first_people.get(opportunity.organisation_id, []), strict=False
        ):
            candidates.append(
                Candidate(
                    organisation_id=opportunity.organisation_id,
                    opportunity=opportunity,
                    participant_id=person,
                    channel=channel,
                    stage=stages[-1] if stages else Stage.ENQUIRY,
                    created_at=now - dt.timedelta(days=60),
                )
            )
            journeys.append(stages)
    Candidate.objects.bulk_create(candidates, batch_size=2000)
    changes = []
    for candidate, stages in zip(candidates, journeys, strict=True):
        path = [Stage.ENQUIRY, *stages]
        for step, (before, after) in enumerate(zip(["", *path], path, strict=False)):
            changes.append(
                StageChange(
                    organisation_id=candidate.organisation_id,
                    candidate=candidate,
                    from_stage=before,
                    to_stage=after,
                    reason="Could not make Tuesdays"
                    if after in (Stage.DECLINED, Stage.WITHDRAWN)
                    else "",
                    changed_at=now - dt.timedelta(days=60 - step * 10),
                )
            )
    StageChange.objects.bulk_create(changes, batch_size=2000)
    return len(projects)

"""Demo projects, with tasks, outcomes, budgets and risks, for the demo organisations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from withus.projects import services
from withus.projects.models import BudgetLine, Outcome, Project, Risk, Task

PROJECTS = [
    {
        "name": "Women's forum 2027",
        "methods": ["consultation", "co_production"],
        "rung": 6,
        "status": Project.Status.ACTIVE,
        "what": "How the centre runs its groups and drop-in, and what women need next year.",
        "why": "Attendance at groups has fallen and women have said the times do not suit them.",
        "who": "Women using the centre now, and women who stopped coming.",
        "when": "Monthly on Tuesday mornings, 10am to 12:30pm, for a year.",
        "where": "The centre's ground-floor meeting room (step-free, hearing loop).",
        "how": "A forum that meets monthly, with a peer chair and papers sent two weeks ahead.",
        "aims": "Women shape the centre's groups; changes are fed back within four weeks.",
        "budget": [
            ("payments", "Forum members' time (2.5 hours at £15 an hour)", "96", "37.50"),
            ("expenses", "Bus fares and childcare", "96", "8.00"),
            ("catering", "Refreshments", "12", "30.00"),
            ("access", "BSL interpreter when needed", "4", "180.00"),
        ],
        "outcomes": [
            ("Women attend the forum regularly", "manual", 12, 7),
            ("Tasks in the plan completed", "tasks_done", 8, None),
        ],
    },
    {
        "name": "Peer research: leaving prison",
        "methods": ["research"],
        "rung": 5,
        "status": Project.Status.PLANNING,
        "what": "What helps in the first weeks after release.",
        "why": "To change how the resettlement service works, with evidence from peers.",
        "who": "People released in the last two years.",
        "when": "Spring 2027, over twelve weeks.",
        "where": "Community venues across the area, chosen by the peer researchers.",
        "how": "Trained peer researchers interview others and present findings to managers.",
        "aims": "Twenty interviews and a report with recommendations.",
        "budget": [
            ("training", "Research skills training", "1", "900.00"),
            ("payments", "Peer researcher days", "30", "120.00"),
        ],
        "outcomes": [("Interviews completed", "manual", 20, 0)],
    },
]


def seed_projects(organisation, *, actor, co_planners: list) -> None:
    if Project.objects.filter(organisation=organisation).exists():
        return
    rungs = {r.position: r for r in services.ensure_default_ladder(organisation)}
    today = timezone.localdate()
    for spec in PROJECTS:
        data = {
            k: spec[k]
            for k in (
                "name",
                "methods",
                "status",
                "what",
                "why",
                "who",
                "when",
                "where",
                "how",
                "aims",
            )
        }
        data.update(
            rung=rungs[spec["rung"]],
            lead_id=actor.pk,
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=330),
        )
        project = services.project_create(
            organisation=organisation,
            data=data,
            co_planners=co_planners[:3],
            starter_tasks=True,
            actor=actor,
        )
        tasks = list(Task.objects.filter(project=project))
        for task in tasks[: len(tasks) // 3]:
            task.status = Task.Status.DONE
        Task.objects.bulk_update(tasks, ["status"])
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    organisation=organisation,
                    project=project,
                    category=category,
                    description=description,
                    quantity=Decimal(q),
                    unit_cost=Decimal(cost),
                )
                for category, description, q, cost in spec["budget"]
            ]
        )
        Outcome.objects.bulk_create(
            [
                Outcome(
                    organisation=organisation,
                    project=project,
                    description=d,
                    measure=m,
                    target=t,
                    recorded_value=v,
                    due_on=today + dt.timedelta(days=300),
                )
                for d, m, t, v in spec["outcomes"]
            ]
        )
        services.add_common_risks(project=project, actor=actor)
        Risk.objects.filter(project=project).update(owner=actor)

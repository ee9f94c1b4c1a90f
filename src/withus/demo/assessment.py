"""Demo self-assessments: two finished rounds six months apart, showing progress, with the
ladder overall and per project, and an action plan with owners and due dates."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from withus.assessment import services
from withus.assessment.models import ActionItem, Assessment, ProjectRung
from withus.assessment.starters import PIECE_ORDER
from withus.people.models import Participant
from withus.projects.services import ensure_default_ladder

# Levels per piece for each round (one per statement, in order; repeated if there are more).
ROUNDS = [
    {
        "days_ago": 270,
        "title": "First look, with the women's forum",
        "levels": {
            "culture": [1, 1, 2, 0, 1],
            "practice": [2, 1, 1, 2, 1],
            "structure": [0, 1, 0, 1, 0],
            "review": [1, 0, 0, 1, 0],
        },
        "ladder": (3, 6),
        "notes": "Most of our work is asking people's views; we want to design services with them.",
    },
    {
        "days_ago": 90,
        "title": "Six-month review",
        "levels": {
            "culture": [2, 2, 2, 1, 2],
            "practice": [2, 2, 2, 3, 2],
            "structure": [2, 1, 1, 1, 1],
            "review": [2, 1, 1, 1, 1],
        },
        "ladder": (4, 6),
        "notes": "The forum now shapes the options for the groups programme.",
    },
]

ACTIONS = [
    ("Write the involvement strategy with the forum", "structure", 60, "doing"),
    ("Add involvement payments and expenses to next year's budget", "structure", 120, "todo"),
    ("Send a 'you said, we did' update after every forum", "review", 14, "done"),
    ("Name a trustee as involvement champion", "culture", 45, "todo"),
    ("Book involvement awareness training for all staff", "practice", 75, "todo"),
]


def seed_assessment(organisation, *, actor) -> None:
    if Assessment.objects.filter(organisation=organisation).exists():
        return
    rungs = {r.position: r for r in ensure_default_ladder(organisation)}
    people = list(
        Participant.objects.filter(organisation=organisation, status="active").order_by("id")[:2]
    )
    today = timezone.localdate()
    latest = None
    for spec in ROUNDS:
        assessment = services.assessment_start(
            organisation=organisation,
            held_on=today - dt.timedelta(days=spec["days_ago"]),
            title=spec["title"],
            others="A trustee",
            staff_ids=[actor.pk],
            participant_ids=[p.pk for p in people],
            actor=actor,
        )
        values = {}
        for piece in PIECE_ORDER:
            ratings = list(assessment.ratings.filter(piece=piece).order_by("statement__position"))
            levels = spec["levels"][piece]
            for i, rating in enumerate(ratings):
                level = levels[i % len(levels)]
                evidence = "" if level == 0 else "Discussed and agreed at the session."
                values[rating.pk] = (level, evidence)
        services.ratings_save(assessment=assessment, values=values, actor=actor)
        now, target = spec["ladder"]
        services.ladder_save(
            assessment=assessment,
            now_rung=rungs[now],
            target_rung=rungs[target],
            notes=spec["notes"],
            actor=actor,
        )
        rows = list(ProjectRung.objects.filter(assessment=assessment))
        services.project_rungs_save(
            assessment=assessment,
            values={row.pk: rungs.get(max(1, (row.target_position or now) - 1)) for row in rows},
            actor=actor,
        )
        services.assessment_finish(assessment=assessment, actor=actor)
        latest = assessment
    for title, piece, due_in, status in ACTIONS:
        services.action_save(
            organisation=organisation,
            item=ActionItem(),
            data={
                "title": title,
                "piece": piece,
                "assessment": latest,
                "staff_id": actor.pk,
                "participant": people[0] if people and piece == "review" else None,
                "due_on": today + dt.timedelta(days=due_in),
                "status": status,
            },
            actor=actor,
        )

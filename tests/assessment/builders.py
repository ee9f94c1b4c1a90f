"""Builders for self-assessment tests: a round, rated, in an organisation."""

from __future__ import annotations

import datetime as dt

from django_scopes import scope

from withus.assessment import services
from withus.assessment.models import ActionItem, Assessment
from withus.projects.services import ensure_default_ladder


def make_round(
    organisation,
    *,
    actor,
    held_on=dt.date(2026, 3, 3),
    levels: dict[str, int] | None = None,
    ladder: tuple[int, int] | None = None,
    finish: bool = False,
    participant_ids=(),
) -> Assessment:
    """A round; `levels` gives one level for every statement of a piece."""
    with scope(organisation=organisation):
        assessment = services.assessment_start(
            organisation=organisation,
            held_on=held_on,
            participant_ids=list(participant_ids),
            actor=actor,
        )
        if levels:
            values = {
                r.pk: (levels[r.piece], f"Evidence for {r.piece}")
                for r in assessment.ratings.all()
                if r.piece in levels
            }
            services.ratings_save(assessment=assessment, values=values, actor=actor)
        if ladder:
            rungs = {r.position: r for r in ensure_default_ladder(organisation)}
            services.ladder_save(
                assessment=assessment,
                now_rung=rungs[ladder[0]],
                target_rung=rungs[ladder[1]],
                actor=actor,
            )
        if finish:
            services.assessment_finish(assessment=assessment, actor=actor)
        assessment.refresh_from_db()
        return assessment


def make_action(organisation, *, actor, title="Write an involvement strategy", **data):
    with scope(organisation=organisation):
        return services.action_save(
            organisation=organisation,
            item=ActionItem(),
            data={"title": title, "staff_id": actor.pk, **data},
            actor=actor,
        )

"""Recruitment funnels, computed from the stage history (StageChange rows), not current stages.

Definitions:
- A candidate *reached* a pipeline stage if their history ever took them to that stage or to a
  later one (stages may be skipped: someone who went from enquiry straight to terms agreed has
  passed the information session stage). So counts never rise down the funnel.
- *Conversion* into a stage is reached(this stage) / reached(the stage before), as a
  percentage; None when nobody reached the stage before.
- *Declined* and *withdrew* count the candidates who were ever moved to that stage.
- *Time in stage*: each stay lasts from the change into the stage to the next change, or to `now`
  for the stage a candidate is at today. A candidate's stays in one stage are added up; the
  average is over the candidates who spent time in the stage.

Each funnel costs one query; the grouping and arithmetic happen in Python (`build_funnel` is pure).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from withus.recruitment.models import PIPELINE, Channel, Opportunity, Stage, StageChange

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class ChangeFact:
    candidate_id: int
    to_stage: str
    changed_at: dt.datetime
    order: int = 0  # tie-breaker for changes at the same moment (the row id)


@dataclass(frozen=True)
class StageRow:
    stage: str
    label: str
    reached: int
    conversion: float | None  # % of the previous stage's count; None for the first or when 0
    average_days: float | None  # None when nobody has spent time at this stage


@dataclass(frozen=True)
class Funnel:
    label: str
    candidates: int
    stages: tuple[StageRow, ...]
    declined: int
    withdrawn: int

    @property
    def active(self) -> int:
        """How many became active."""
        return self.stages[-1].reached

    @property
    def overall_conversion(self) -> float | None:
        """From enquiry to active."""
        first, last = self.stages[0].reached, self.stages[-1].reached
        return None if first == 0 else 100 * last / first


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100 * part / whole


def build_funnel(changes: Iterable[ChangeFact], *, now: dt.datetime, label: str = "") -> Funnel:
    """The funnel for a set of stage changes. Pure: no database."""
    by_candidate: dict[int, list[ChangeFact]] = defaultdict(list)
    for change in changes:
        by_candidate[change.candidate_id].append(change)

    position = {stage: index for index, stage in enumerate(PIPELINE)}
    reached_depth: list[int] = []  # per candidate: the furthest pipeline index reached
    declined = withdrawn = 0
    days_in: dict[str, list[float]] = defaultdict(list)  # stage → per-candidate total days

    for history in by_candidate.values():
        history.sort(key=lambda ch: (ch.changed_at, ch.order))
        depths = [position[ch.to_stage] for ch in history if ch.to_stage in position]
        reached_depth.append(max(depths, default=-1))
        stages_seen = {ch.to_stage for ch in history}
        declined += Stage.DECLINED in stages_seen
        withdrawn += Stage.WITHDRAWN in stages_seen
        totals: dict[str, float] = defaultdict(float)
        for this, following in zip(history, [*history[1:], None], strict=True):
            end = following.changed_at if following else now
            totals[this.to_stage] += max((end - this.changed_at).total_seconds(), 0)
        for stage, seconds in totals.items():
            days_in[stage].append(seconds / SECONDS_PER_DAY)

    rows = []
    previous: int | None = None
    for index, stage in enumerate(PIPELINE):
        reached = sum(1 for depth in reached_depth if depth >= index)
        stays = days_in.get(stage, [])
        rows.append(
            StageRow(
                stage=stage,
                label=Stage(stage).label,
                reached=reached,
                conversion=None if previous is None else _percent(reached, previous),
                average_days=sum(stays) / len(stays) if stays else None,
            )
        )
        previous = reached
    return Funnel(
        label=label,
        candidates=len(by_candidate),
        stages=tuple(rows),
        declined=declined,
        withdrawn=withdrawn,
    )


def opportunity_funnel(opportunity: Opportunity, *, now: dt.datetime | None = None) -> Funnel:
    """The funnel for one opportunity (one query)."""
    rows = StageChange.objects.filter(candidate__opportunity=opportunity).values_list(
        "candidate_id", "to_stage", "changed_at", "id"
    )
    return build_funnel(
        (ChangeFact(*row) for row in rows),
        now=now or timezone.now(),
        label=opportunity.title,
    )


@dataclass(frozen=True)
class ChannelFunnels:
    overall: Funnel
    by_channel: tuple[tuple[str, Funnel], ...]  # (channel value, funnel), in Channel order


def channel_funnels(
    *, opportunity: Opportunity | None = None, now: dt.datetime | None = None
) -> ChannelFunnels:
    """Funnels per channel across all the organisation's opportunities, or one (one query).

    Channels nobody came through are left out of `by_channel`.
    """
    now = now or timezone.now()
    changes = StageChange.objects.all()
    if opportunity is not None:
        changes = changes.filter(candidate__opportunity=opportunity)
    grouped: dict[str, list[ChangeFact]] = defaultdict(list)
    everything: list[ChangeFact] = []
    for candidate_id, channel, to_stage, changed_at, pk in changes.values_list(
        "candidate_id", "candidate__channel", "to_stage", "changed_at", "id"
    ):
        fact = ChangeFact(candidate_id, to_stage, changed_at, pk)
        grouped[channel].append(fact)
        everything.append(fact)
    return ChannelFunnels(
        overall=build_funnel(everything, now=now, label="All channels"),
        by_channel=tuple(
            (channel.value, build_funnel(grouped[channel], now=now, label=channel.label))
            for channel in Channel
            if grouped.get(channel)
        ),
    )

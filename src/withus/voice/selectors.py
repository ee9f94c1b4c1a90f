"""Reads for voice and impact. Call these inside the organisation scope; counts are made in the
database so that every page costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django_scopes import get_scope

from withus.voice.models import Action, Contribution, Feedback, ImpactRecord, PersonOutcome

AGE_BANDS: list[tuple[str, str, int, int | None]] = [
    # (key, label, from days, to days exclusive)
    ("under_2_weeks", "Under 2 weeks", 0, 14),
    ("2_to_4_weeks", "2 to 4 weeks", 14, 28),
    ("4_to_8_weeks", "4 to 8 weeks", 28, 56),
    ("over_8_weeks", "Over 8 weeks", 56, None),
]


def _organisation():
    organisation = get_scope().get("organisation")
    if organisation is None or isinstance(organisation, list | tuple):
        raise RuntimeError("voice selectors must be called inside one organisation's scope")
    return organisation


def _tz() -> ZoneInfo:
    return ZoneInfo(_organisation().timezone)


@dataclass(frozen=True)
class LoopStats:
    received: int  # contributions received in [start, end]
    closed: int  # of those, loop closed by `today`
    closed_within_target: int  # closed within target_days of being received (local date)
    due: int  # deadline (received_on + target_days) <= today, or already closed
    open: int  # received - closed

    @property
    def share_within_target(self) -> float | None:
        if not self.due:
            return None
        return round(100 * self.closed_within_target / self.due, 1)


def loop_stats(
    *, start: dt.date, end: dt.date, target_days: int, today: dt.date, project=None
) -> LoopStats:
    """How well the loop is closed for contributions received between start and end."""
    rows = Contribution.objects.filter(received_on__gte=start, received_on__lte=end)
    if project is not None:
        rows = rows.filter(project=project)
    rows = rows.annotate(closed_on=TruncDate("loop_closed_at", tzinfo=_tz())).annotate(
        took=ExpressionWrapper(F("closed_on") - F("received_on"), output_field=DurationField())
    )
    closed = Q(loop_closed_at__isnull=False, closed_on__lte=today)
    deadline_passed = Q(received_on__lte=today - dt.timedelta(days=target_days))
    counts = rows.aggregate(
        received=Count("id"),
        closed=Count("id", filter=closed),
        closed_within_target=Count(
            "id", filter=closed & Q(took__lte=dt.timedelta(days=target_days))
        ),
        due=Count("id", filter=closed | deadline_passed),
    )
    return LoopStats(
        received=counts["received"],
        closed=counts["closed"],
        closed_within_target=counts["closed_within_target"],
        due=counts["due"],
        open=counts["received"] - counts["closed"],
    )


def _band_filter(today: dt.date, low: int, high: int | None) -> Q:
    q = Q(received_on__lte=today - dt.timedelta(days=low))
    if high is not None:
        q &= Q(received_on__gt=today - dt.timedelta(days=high))
    return q


def open_loops_by_age(*, today: dt.date) -> list[tuple[str, int]]:
    """Contributions whose loop is still open, by how long ago they were raised."""
    open_rows = Contribution.objects.filter(loop_closed_at__isnull=True)
    counts = open_rows.aggregate(
        **{key: Count("id", filter=_band_filter(today, lo, hi)) for key, _, lo, hi in AGE_BANDS}
    )
    return [(label, counts[key]) for key, label, _, _ in AGE_BANDS]


def band_queryset(qs: QuerySet, band_key: str, today: dt.date) -> QuerySet:
    for key, _, lo, hi in AGE_BANDS:
        if key == band_key:
            return qs.filter(_band_filter(today, lo, hi))
    return qs


def band_key_for(label: str) -> str:
    return next(key for key, lab, _, _ in AGE_BANDS if lab == label)


# --- lists -------------------------------------------------------------------------------------


def contribution_list() -> QuerySet[Contribution]:
    return Contribution.objects.select_related("project", "event").prefetch_related(
        "themes", "contributors"
    )


def contribution_detail(pk: int) -> Contribution:
    return (
        Contribution.objects.select_related("project", "event", "survey", "recorded_by")
        .prefetch_related("themes", "contributors", "actions__owner")
        .get(pk=pk)
    )


def feedback_for(contribution: Contribution) -> QuerySet[Feedback]:
    return contribution.feedback.select_related("participant", "message", "action", "recorded_by")


def action_list() -> QuerySet[Action]:
    return Action.objects.select_related("owner").prefetch_related("contributions")


def overdue_actions(today: dt.date) -> QuerySet[Action]:
    return action_list().filter(due_on__lt=today, done_on__isnull=True)


def counts_by_theme() -> list[tuple[str, int]]:
    from withus.voice.models import Theme

    rows = (
        Theme.objects.annotate(n=Count("contributions"))
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values_list("name", "n")
    )
    return list(rows)


def counts_by_change_kind() -> list[tuple[str, int]]:
    rows = Action.objects.values("change_kind").annotate(n=Count("id")).order_by("-n")
    labels = dict(Action.ChangeKind.choices)
    return [(labels.get(r["change_kind"], r["change_kind"]), r["n"]) for r in rows]


def _theme_words(names: list[str]) -> str:
    names = [n.lower() for n in names] or ["how we work"]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _quotable_among(contributions: Iterable[Contribution]) -> set[int]:
    """Of these loaded contributions, the ids whose words may be shown now: quoting was allowed
    when recorded AND every named contributor still gives that consent (their latest decision).
    One query, whatever the number of contributions."""
    from withus.people.choices import ConsentPurpose, ConsentState  # noqa: PLC0415
    from withus.people.models import ConsentEvent  # noqa: PLC0415

    wanted = {c.pk: c.quote for c in contributions if c.quote != Contribution.Quote.NO}
    if not wanted:
        return set()

    def latest(purpose):
        return Subquery(
            ConsentEvent.objects.filter(participant=OuterRef("participant_id"), purpose=purpose)
            .order_by("-recorded_at", "-id")
            .values("state")[:1]
        )

    through = Contribution.contributors.through
    rows = (
        through.objects.filter(contribution_id__in=wanted)
        .annotate(
            named=latest(ConsentPurpose.NAMED_QUOTES),
            unnamed=latest(ConsentPurpose.ANONYMOUS_QUOTES),
        )
        .values_list("contribution_id", "named", "unnamed")
    )
    allowed = set(wanted)
    for contribution_id, named, unnamed in rows:
        state = named if wanted[contribution_id] == Contribution.Quote.NAMED else unnamed
        if state != ConsentState.GIVEN:
            allowed.discard(contribution_id)
    return allowed


def quotable(contribution_ids: Iterable[int]) -> set[int]:
    """The ids, among these, of contributions whose words may be quoted today (for the board and
    for reports). Two queries."""
    ids = [int(i) for i in contribution_ids]
    if not ids:
        return set()
    return _quotable_among(Contribution.objects.filter(pk__in=ids).only("id", "quote"))


def board_said(action: Action, allowed: set[int] | None = None) -> list[str]:
    """What people said, as the board may show it: the words only when they may be quoted now
    (see `quotable`), otherwise a neutral line about the themes (each line once). `allowed` is
    the result of `quotable` when the caller has it already."""
    contributions = list(action.contributions.all())
    if allowed is None:
        allowed = _quotable_among(contributions)
    lines: list[str] = []
    for contribution in contributions:
        if contribution.pk in allowed:
            line = f"“{contribution.text}”"
        else:
            names = [t.name for t in contribution.themes.all()]
            line = f"Someone raised an idea about {_theme_words(names)}."
        if line not in lines:
            lines.append(line)
    return lines


def board_items(limit: int | None = None) -> list[Action]:
    """Actions shown on the "You said, we did" board, newest first. Each carries `said`: the
    lines from `board_said` (never a name; words only with quote permission)."""
    qs = (
        Action.objects.filter(on_board=True)
        .exclude(we_did="")
        .prefetch_related("contributions__themes")
        .order_by("-decided_on", "-id")
    )
    if limit is not None:
        qs = qs[:limit]
    items = list(qs)
    allowed = _quotable_among(c for item in items for c in item.contributions.all())
    for item in items:
        item.said = board_said(item, allowed)
    return items


def outcome_list() -> QuerySet[PersonOutcome]:
    return PersonOutcome.objects.select_related("participant", "project")


def impact_list() -> QuerySet[ImpactRecord]:
    return ImpactRecord.objects.select_related("project").prefetch_related("actions")

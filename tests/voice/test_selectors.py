"""loop_stats and open_loops_by_age, checked against a count made by hand from the raw rows."""

import datetime as dt
import zoneinfo

import pytest
from django_scopes import scope

from tests.voice.builders import contribution
from withus.voice.models import Contribution
from withus.voice.selectors import loop_stats, open_loops_by_age

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC


def _close(c, moment):
    Contribution.unscoped.filter(pk=c.pk).update(loop_closed_at=moment)


def _by_hand(org, *, start, end, target, today):
    tz = zoneinfo.ZoneInfo(org.timezone)
    rows = Contribution.unscoped.filter(organisation=org)
    received = closed = within = due = 0
    for row in rows:
        if not start <= row.received_on <= end:
            continue
        received += 1
        closed_on = row.loop_closed_at.astimezone(tz).date() if row.loop_closed_at else None
        is_closed = closed_on is not None and closed_on <= today
        if is_closed:
            closed += 1
            if (closed_on - row.received_on).days <= target:
                within += 1
        if is_closed or row.received_on + dt.timedelta(days=target) <= today:
            due += 1
    return received, closed, within, due


@pytest.mark.django_db
def test_loop_stats_boundaries_and_timezone(world):
    org = world.org_a
    r = dt.date(2026, 6, 1)
    day28_late = contribution(org, received_on=r, text="a")
    # 23:30 on day 28 in London (BST) is 22:30 UTC: within a 28-day target.
    _close(day28_late, dt.datetime(2026, 6, 29, 23, 30, tzinfo=LONDON))
    day29_early = contribution(org, received_on=r, text="b")
    # 00:30 on day 29 in London is still day 28 in UTC: outside the target all the same.
    _close(day29_early, dt.datetime(2026, 6, 29, 23, 30, tzinfo=UTC))
    contribution(org, received_on=r, text="c, open and due")
    contribution(org, received_on=dt.date(2026, 7, 20), text="d, open, not yet due")
    quick = contribution(org, received_on=dt.date(2026, 7, 20), text="e, closed early")
    _close(quick, dt.datetime(2026, 7, 21, 10, 0, tzinfo=UTC))
    later = contribution(org, received_on=dt.date(2026, 7, 21), text="f, closed after today")
    _close(later, dt.datetime(2026, 9, 1, 10, 0, tzinfo=UTC))
    contribution(org, received_on=dt.date(2025, 1, 1), text="g, outside the period")
    contribution(world.org_b, received_on=r, text="other organisation")

    today = dt.date(2026, 8, 1)
    start, end = dt.date(2026, 1, 1), dt.date(2026, 7, 31)
    with scope(organisation=org):
        stats = loop_stats(start=start, end=end, target_days=28, today=today)
    received, closed, within, due = _by_hand(org, start=start, end=end, target=28, today=today)
    assert (stats.received, stats.closed, stats.closed_within_target, stats.due) == (
        received,
        closed,
        within,
        due,
    )
    assert stats.received == 6
    assert stats.closed == 3
    assert stats.closed_within_target == 2  # the day-28 one and the quick one
    assert stats.due == 4  # a, b, c (deadline passed) and e (closed); d and f not yet
    assert stats.open == 3
    assert stats.share_within_target == 50.0


@pytest.mark.django_db
def test_loop_stats_project_filter_and_empty(world, in_org_a):
    stats = loop_stats(
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        target_days=28,
        today=dt.date(2026, 2, 1),
    )
    assert stats.received == 0
    assert stats.share_within_target is None


@pytest.mark.django_db
def test_open_loops_by_age(world):
    org = world.org_a
    today = dt.date(2026, 8, 1)
    for days in [0, 13, 14, 27, 28, 55, 56, 300]:
        contribution(org, received_on=today - dt.timedelta(days=days), text=f"{days}")
    closed = contribution(org, received_on=today - dt.timedelta(days=3), text="closed")
    _close(closed, dt.datetime(2026, 7, 30, tzinfo=UTC))
    with scope(organisation=org):
        bands = open_loops_by_age(today=today)
    assert bands == [
        ("Under 2 weeks", 2),
        ("2 to 4 weeks", 2),
        ("4 to 8 weeks", 2),
        ("Over 8 weeks", 2),
    ]

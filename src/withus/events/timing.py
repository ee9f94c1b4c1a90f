"""Local dates and times for events.

An event is entered as a local date and clock times in the organisation's time zone and stored
as an aware datetime. zoneinfo does the clock-change arithmetic: 6pm on a date in March is 18:00
GMT before the last Sunday and 17:00 UTC (6pm BST) after it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone


def zone(tz_name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(tz_name)


def aware(day: dt.date, clock: dt.time, tz_name: str) -> dt.datetime:
    """The moment `clock` on `day` in the time zone.

    A time that does not exist (the hour skipped when clocks go forward) is read as the time
    after the change; an ambiguous one (the repeated hour in autumn) as the first of the two.
    """
    tz = zone(tz_name)
    moment = dt.datetime.combine(day, clock).replace(tzinfo=tz, fold=0)
    # In UTC: a skipped local time comes out moved forward by the gap, and aware datetimes
    # in a repeated hour compare reliably (Python treats fold=1 times specially).
    return moment.astimezone(dt.UTC)


def local(moment: dt.datetime, tz_name: str) -> dt.datetime:
    return timezone.localtime(moment, zone(tz_name))


def default_papers_due(starts_at: dt.datetime, *, lead_days: int, tz_name: str) -> dt.date:
    """The day papers should go out: `lead_days` before the event's local date."""
    return local(starts_at, tz_name).date() - dt.timedelta(days=lead_days)

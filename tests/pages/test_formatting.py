import datetime as dt
import zoneinfo

import pytest

from withus.pages.templatetags.withus_format import nice_date, nice_datetime, nice_time

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.time(10, 0), "10am"),
        (dt.time(14, 30), "2:30pm"),
        (dt.time(12, 0), "midday"),
        (dt.time(0, 0), "midnight"),
        (dt.time(0, 5), "12:05am"),
        (dt.time(23, 0), "11pm"),
        (None, ""),
    ],
)
def test_nice_time(value, expected):
    assert nice_time(value) == expected


def test_nice_datetime_uses_london_time_across_the_clock_change(settings):
    # 09:00 UTC on 3 March 2026 is 9am in London (GMT); on 1 April 2026 it is 10am (BST).
    assert (
        nice_datetime(dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)) == "Tuesday 3 March 2026, 9am"
    )
    assert (
        nice_datetime(dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC))
        == "Wednesday 1 April 2026, 10am"
    )
    assert nice_date(dt.date(2026, 3, 3)) == "Tuesday 3 March 2026"

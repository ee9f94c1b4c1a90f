"""Training and support rules, table-driven on dates, plus a property test."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.support import rules
from withus.support.rules import Facts

TODAY = dt.date(2026, 3, 31)


def facts(**kw):
    return Facts(
        name=kw.pop("name", "Dee"),
        last_asked=kw.pop("last_asked", TODAY),
        oldest_open_need=kw.pop("oldest_open_need", None),
        next_supervision=kw.pop("next_supervision", None),
        ending=kw.pop("ending", ()),
    )


def codes(found):
    return [f.code for f in found]


@pytest.mark.parametrize(
    ("last_asked", "expected"),
    [
        (None, ["support.never_asked"]),
        (TODAY, []),
        (dt.date(2025, 3, 31), []),  # exactly 365 days: still fine
        (dt.date(2025, 3, 30), ["support.ask_again"]),  # 366 days
    ],
)
def test_asking(last_asked, expected):
    assert codes(rules.asking(facts(last_asked=last_asked), TODAY)) == expected


@pytest.mark.parametrize(
    ("oldest", "expected"),
    [
        (None, []),
        (TODAY - dt.timedelta(days=90), []),
        (TODAY - dt.timedelta(days=91), ["support.need_waiting"]),
    ],
)
def test_open_needs(oldest, expected):
    assert codes(rules.open_needs(facts(oldest_open_need=oldest), TODAY)) == expected


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (None, []),
        (TODAY, []),
        (TODAY + dt.timedelta(days=1), []),
        (TODAY - dt.timedelta(days=1), ["support.supervision_due"]),
    ],
)
def test_supervision_due(due, expected):
    found = rules.supervision(facts(next_supervision=due), TODAY)
    assert codes(found) == expected
    if found:
        assert "Monday 30 March 2026" in found[0].message


@pytest.mark.parametrize(
    ("ends", "expected"),
    [
        (TODAY - dt.timedelta(days=1), []),
        (TODAY, ["support.ending_soon"]),
        (TODAY + dt.timedelta(days=14), ["support.ending_soon"]),
        (TODAY + dt.timedelta(days=15), []),
    ],
)
def test_ending_soon(ends, expected):
    assert codes(rules.ending_soon(facts(ending=(("Mentoring", ends),)), TODAY)) == expected


def test_warnings_come_first():
    found = rules.person_findings(
        facts(
            last_asked=None,
            next_supervision=TODAY - dt.timedelta(days=3),
            ending=(("Mentoring", TODAY),),
        ),
        TODAY,
    )
    assert codes(found) == ["support.supervision_due", "support.never_asked", "support.ending_soon"]


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@given(
    last=st.none() | dates,
    oldest=st.none() | dates,
    nxt=st.none() | dates,
    ends=st.lists(dates, max_size=3),
    today=dates,
)
def test_rules_never_raise_and_always_explain(last, oldest, nxt, ends, today):
    found = rules.person_findings(
        facts(
            last_asked=last,
            oldest_open_need=oldest,
            next_supervision=nxt,
            ending=tuple(("Mentoring", e) for e in ends),
        ),
        today,
    )
    assert all(f.message and f.advice and not f.blocking for f in found)
    assert len(found) <= 3 + len(ends)

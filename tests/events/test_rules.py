"""Event checks as pure rules: tables per rule, clock changes, curfew edges, and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withus.checks import Severity
from withus.events import rules
from withus.events.rules import AgendaSlot, EventFacts, Person, RestrictionFacts, VenueFacts
from withus.events.timing import aware
from withus.people import choices as c

LONDON = "Europe/London"
SPRING_FORWARD = dt.date(2026, 3, 29)  # 1am GMT becomes 2am BST
FALL_BACK = dt.date(2026, 10, 25)  # 2am BST becomes 1am GMT
ORDINARY = dt.date(2026, 5, 12)

INFO, WARNING, BLOCKING = Severity.INFO, Severity.WARNING, Severity.BLOCKING
N = c.AccessNeed
t = dt.time


def event(
    day: dt.date = ORDINARY,
    start: dt.time = t(10),
    end: dt.time = t(12),
    *,
    tz: str = LONDON,
    **fields,
) -> EventFacts:
    """An event on `day` from local `start` to `end` (an end at or before the start is the
    next day)."""
    end_day = day if end > start else day + dt.timedelta(days=1)
    return EventFacts(
        starts_at=aware(day, start, tz), ends_at=aware(end_day, end, tz), tz_name=tz, **fields
    )


def person(pk: int = 1, name: str = "Jo Bloggs", **fields) -> Person:
    return Person(id=pk, name=name, **fields)


def severities(findings) -> list[Severity]:
    return [f.severity for f in findings]


def codes(findings) -> set[str]:
    return {f.code for f in findings}


HALL = VenueFacts(name="Community Hall", address="1 High Street, Hackney", postcode="E8 1AA")


# --- 1. Papers ---------------------------------------------------------------------------------

# Event on Wednesday 15 April 2026 at 10am (BST); with 14 days' lead papers are due 1 April.
PAPERS_DAY = dt.date(2026, 4, 15)


def sent(day: dt.date, clock: dt.time = t(9)) -> dt.datetime:
    return aware(day, clock, LONDON)


@pytest.mark.parametrize(
    ("today", "due", "sent_at", "expected"),
    [
        # Not sent yet
        (dt.date(2026, 3, 20), dt.date(2026, 4, 1), None, []),
        (dt.date(2026, 4, 1), dt.date(2026, 4, 1), None, []),  # due today: not late yet
        (dt.date(2026, 4, 2), dt.date(2026, 4, 1), None, [WARNING]),
        (dt.date(2026, 4, 14), dt.date(2026, 4, 1), None, [WARNING]),
        (dt.date(2026, 4, 16), dt.date(2026, 4, 1), None, []),  # the event has happened
        # Due date itself set too late (5 days before)
        (dt.date(2026, 4, 2), dt.date(2026, 4, 10), None, [WARNING]),
        (dt.date(2026, 4, 11), dt.date(2026, 4, 10), None, [WARNING, WARNING]),
        # Sent: on time, a bit late, very late, on the day, after
        (dt.date(2026, 4, 2), dt.date(2026, 4, 1), sent(dt.date(2026, 4, 1)), []),
        (dt.date(2026, 4, 2), dt.date(2026, 4, 1), sent(dt.date(2026, 3, 20)), []),
        (dt.date(2026, 4, 9), dt.date(2026, 4, 1), sent(dt.date(2026, 4, 2)), [INFO]),  # 13
        (dt.date(2026, 4, 9), dt.date(2026, 4, 1), sent(dt.date(2026, 4, 8)), [INFO]),  # 7
        (dt.date(2026, 4, 9), dt.date(2026, 4, 1), sent(dt.date(2026, 4, 9)), [WARNING]),  # 6
        (dt.date(2026, 4, 15), dt.date(2026, 4, 1), sent(dt.date(2026, 4, 15)), [WARNING]),
        (dt.date(2026, 4, 20), dt.date(2026, 4, 1), sent(dt.date(2026, 4, 16)), [WARNING]),
        # A late due date is not nagged about once the papers are out on time
        (dt.date(2026, 4, 2), dt.date(2026, 4, 10), sent(dt.date(2026, 3, 30)), []),
    ],
)
def test_papers_late_table(today, due, sent_at, expected):
    facts = event(PAPERS_DAY, papers_due_on=due, papers_sent_at=sent_at)
    findings = rules.papers_late(facts, today=today)
    assert severities(findings) == expected
    assert codes(findings) <= {"papers_late"}


@pytest.mark.parametrize(
    ("event_day", "sent_at_utc", "days_before", "expected"),
    [
        # 23:30 UTC on 1 April is 00:30 BST on 2 April: 13 local days before 15 April, not 14.
        (PAPERS_DAY, dt.datetime(2026, 4, 1, 23, 30, tzinfo=dt.UTC), 13, [INFO]),
        (PAPERS_DAY, dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC), 14, []),
        # Event on the Sunday the clocks go back: local dates are still BST before it.
        (FALL_BACK, dt.datetime(2026, 10, 11, 23, 30, tzinfo=dt.UTC), 13, [INFO]),
        (FALL_BACK, dt.datetime(2026, 10, 10, 23, 30, tzinfo=dt.UTC), 14, []),
        # Event on the Sunday the clocks go forward: 14 March is still GMT.
        (SPRING_FORWARD, dt.datetime(2026, 3, 15, 23, 30, tzinfo=dt.UTC), 14, []),
        (SPRING_FORWARD, dt.datetime(2026, 3, 16, 0, 30, tzinfo=dt.UTC), 13, [INFO]),
    ],
)
def test_papers_sent_counts_local_days(event_day, sent_at_utc, days_before, expected):
    facts = event(
        event_day,
        papers_due_on=event_day - dt.timedelta(days=14),
        papers_sent_at=sent_at_utc,
    )
    findings = rules.papers_late(facts, today=event_day - dt.timedelta(days=1))
    assert severities(findings) == expected
    if findings:
        assert f"sent {days_before} days before the meeting" in findings[0].message


def test_papers_messages_and_now():
    facts = event(PAPERS_DAY, papers_due_on=dt.date(2026, 4, 1))
    (late,) = rules.papers_late(facts, today=dt.date(2026, 4, 3))
    assert late.message.startswith("The papers should have gone out by Wednesday 1 April 2026.")
    assert late.advice
    # On the day itself, before it starts, it is still worth saying; once started, not.
    before = aware(PAPERS_DAY, t(9, 59), LONDON)
    after = aware(PAPERS_DAY, t(10, 0), LONDON)
    assert rules.papers_late(facts, today=PAPERS_DAY, now=before)
    assert rules.papers_late(facts, today=PAPERS_DAY, now=after) == []
    (early,) = rules.papers_late(
        event(PAPERS_DAY, papers_due_on=dt.date(2026, 4, 10)), today=dt.date(2026, 4, 2)
    )
    assert "only 5 days before the meeting" in early.message
    assert "at least 14 days before" in early.message
    shorter = event(PAPERS_DAY, papers_due_on=dt.date(2026, 4, 10), papers_lead_days=5)
    assert rules.papers_late(shorter, today=dt.date(2026, 4, 2)) == []


# --- 2. Breaks ---------------------------------------------------------------------------------


def agenda(*items) -> tuple[AgendaSlot, ...]:
    return tuple(
        AgendaSlot(title, minutes, bool(rest and rest[0])) for title, minutes, *rest in items
    )


@pytest.mark.parametrize(
    ("day", "start", "items", "expected"),
    [
        (ORDINARY, t(10), [("Welcome", 15), ("Talk", 45)], []),  # exactly an hour
        (
            ORDINARY,
            t(10),
            [("Welcome", 30), ("Talk", 31)],
            ["From 10am to 11:01am there is no break (1 hour 1 minute)."],
        ),
        (ORDINARY, t(10), [("A", 45), ("Break", 15, True), ("B", 60)], []),
        (
            ORDINARY,
            t(10),
            [("A", 90)],
            ["From 10am to 11:30am there is no break (1 hour 30 minutes)."],
        ),
        (
            ORDINARY,
            t(10),
            [("Tea", 15, True), ("A", 40), ("B", 30), ("Lunch", 30, True), ("C", 20)],
            ["From 10:15am to 11:25am there is no break (1 hour 10 minutes)."],
        ),
        (
            ORDINARY,
            t(18),
            [("A", 70), ("Break", 10, True), ("B", 65)],
            [
                "From 6pm to 7:10pm there is no break (1 hour 10 minutes).",
                "From 7:20pm to 8:25pm there is no break (1 hour 5 minutes).",
            ],
        ),
        (
            ORDINARY,
            t(11),
            [("A", 30), ("B", 30), ("C", 30)],
            ["From 11am to 12:30pm there is no break (1 hour 30 minutes)."],
        ),
        # Times in local (BST) clock time on both clock-change Sundays, not UTC.
        (
            SPRING_FORWARD,
            t(10),
            [("A", 90)],
            ["From 10am to 11:30am there is no break (1 hour 30 minutes)."],
        ),
        (
            FALL_BACK,
            t(10),
            [("A", 90)],
            ["From 10am to 11:30am there is no break (1 hour 30 minutes)."],
        ),
        # A night session across the change: 90 real minutes from 12:30am GMT ends at 3am BST.
        (
            SPRING_FORWARD,
            t(0, 30),
            [("Vigil", 90)],
            ["From 12:30am to 3am there is no break (1 hour 30 minutes)."],
        ),
        # …and when the clocks go back, 90 minutes from 12:30am BST ends at 1am GMT.
        (
            FALL_BACK,
            t(0, 30),
            [("Vigil", 90)],
            ["From 12:30am to 1am there is no break (1 hour 30 minutes)."],
        ),
    ],
)
def test_no_break_table(day, start, items, expected):
    facts = event(day, start, t(23, 0), agenda=agenda(*items))
    findings = rules.no_break(facts)
    assert [f.message for f in findings] == expected
    assert all(f.severity == WARNING and f.code == "no_break" for f in findings)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(t(10), t(11), []), (t(10), t(11, 1), [INFO]), (t(18), t(21), [INFO])],
)
def test_no_agenda_suggests_breaks(start, end, expected):
    findings = rules.no_break(event(ORDINARY, start, end))
    assert severities(findings) == expected


def test_no_agenda_length_is_real_time_on_clock_change_night():
    # 11pm to 3am across the spring change is 3 real hours.
    (finding,) = rules.no_break(event(dt.date(2026, 3, 28), t(23), t(3)))
    assert "lasts 3 hours" in finding.message


@given(st.lists(st.tuples(st.integers(0, 120), st.booleans()), min_size=1, max_size=12))
def test_no_break_iff_a_run_is_over_an_hour(items):
    facts = event(ORDINARY, t(9), t(23), agenda=tuple(AgendaSlot("x", m, b) for m, b in items))
    run, longest = 0, 0
    for minutes, is_break in items:
        run = 0 if is_break else run + minutes
        longest = max(longest, run)
    assert bool(rules.no_break(facts)) == (longest > 60)


# --- 3. Curfew ---------------------------------------------------------------------------------

CURFEW_CASES = [
    # (day, start, end, curfew, travel minutes, warning expected)
    # An ordinary evening: home exactly at curfew is fine, a minute later is not.
    (ORDINARY, t(18), t(20, 30), t(21), 30, False),
    (ORDINARY, t(18), t(20, 30), t(21), 31, True),
    (ORDINARY, t(18), t(20, 15), t(21), 45, False),
    (ORDINARY, t(18), t(20, 30), t(21), 45, True),
    (ORDINARY, t(18), t(21), t(21), 0, False),
    (ORDINARY, t(18), t(21, 1), t(21), 0, True),
    (ORDINARY, t(10), t(12), t(19), 120, False),
    # The Sundays the clocks change: the 9pm curfew is 9pm on the local clocks.
    (SPRING_FORWARD, t(18), t(20, 30), t(21), 30, False),
    (SPRING_FORWARD, t(18), t(20, 30), t(21), 31, True),
    (SPRING_FORWARD, t(18), t(20, 15), t(21), 45, False),
    (FALL_BACK, t(18), t(20, 30), t(21), 30, False),
    (FALL_BACK, t(18), t(20, 30), t(21), 31, True),
    (FALL_BACK, t(18), t(20, 15), t(21), 45, False),
    # Curfews after midnight are the next morning.
    (ORDINARY, t(20), t(23), t(0, 30), 60, False),
    (ORDINARY, t(20), t(23, 30), t(0, 30), 60, False),
    (ORDINARY, t(20), t(23, 45), t(0, 30), 60, True),
    (ORDINARY, t(20), t(23, 31), t(0, 30), 60, True),
    (ORDINARY, t(20), t(22), t(5, 59), 60, False),
    (ORDINARY, t(20), t(22), t(6, 0), 60, True),  # 6am is the morning of the event day
    (ORDINARY, t(20), t(22), t(0, 0), 120, False),  # home at midnight, curfew midnight
    (ORDINARY, t(20), t(22), t(0, 0), 121, True),
    # Events that cross midnight
    (ORDINARY, t(22), t(0, 30), t(1), 30, False),
    (ORDINARY, t(22), t(0, 30), t(1), 31, True),
    (ORDINARY, t(22), t(0, 30), t(23), 0, True),
    (ORDINARY, t(22), t(1), t(0, 30), 0, True),
    # The nights the clocks change
    (dt.date(2026, 3, 28), t(20), t(23, 30), t(0, 30), 60, False),  # before 1am: no change yet
    (dt.date(2026, 3, 28), t(20), t(23, 30), t(0, 30), 61, True),
    # Ends 12:50am GMT; 100 real minutes later the clocks say 3:30am BST (a plain clock sum
    # would say 2:30am and miss it); 70 minutes gets home at 3am exactly.
    (dt.date(2026, 3, 28), t(22), t(0, 50), t(3), 100, True),
    (dt.date(2026, 3, 28), t(22), t(0, 50), t(3), 70, False),
    # Clocks go back: 11:45pm BST + 105 minutes is 1:30am BST, the first 1:30am of the night.
    (dt.date(2026, 10, 24), t(20), t(23, 45), t(1, 30), 105, False),
    (dt.date(2026, 10, 24), t(20), t(23, 45), t(1, 30), 106, True),
    # Ends 1:45am BST; 30 real minutes later it is 1:15am GMT, before a 2am curfew (a plain
    # clock sum would say 2:15am and wrongly warn).
    (FALL_BACK, t(0, 0), t(1, 45), t(2), 30, False),
    (FALL_BACK, t(0, 0), t(1, 45), t(2), 75, False),  # 2am GMT exactly
    (FALL_BACK, t(0, 0), t(1, 45), t(2), 76, True),
]


def _curfew_id(case) -> str:
    day, start, end, curfew, travel, late = case
    return f"{day}-{start:%H%M}-{end:%H%M}-home-by-{curfew:%H%M}-travel-{travel}-{late}"


@pytest.mark.parametrize(
    ("day", "start", "end", "curfew", "travel", "late"),
    CURFEW_CASES,
    ids=[_curfew_id(case) for case in CURFEW_CASES],
)
def test_curfew_table(day, start, end, curfew, travel, late):
    facts = event(day, start, end)
    jo = person(curfew=curfew, travel_minutes=travel)
    findings = rules.curfew(facts, [jo])
    assert severities(findings) == ([WARNING] if late else [])
    assert rules.curfew_breached(facts, jo) is late


def test_curfew_message_names_person_and_local_times():
    jo = person(name="Jo", pronouns="she/her", curfew=t(21), travel_minutes=45)
    for day in (ORDINARY, SPRING_FORWARD, FALL_BACK):
        (finding,) = rules.curfew(event(day, t(18), t(20, 30)), [jo])
        assert finding.code == "curfew"
        assert finding.message == (
            "Jo needs to be home by 9pm. The meeting ends at 8:30pm and it takes her about "
            "45 minutes to get home, so she would get home at about 9:15pm."
        )
        assert finding.advice


def test_curfew_without_travel_time():
    facts = event(ORDINARY, t(18), t(20, 30))
    fine = rules.curfew(facts, [person(curfew=t(21))])
    assert severities(fine) == [INFO]
    assert "We do not know how long it takes them to get home" in fine[0].message
    late = rules.curfew(facts, [person(name="Sam", pronouns="he/him", curfew=t(20))])
    assert severities(late) == [WARNING, INFO]
    assert late[0].message == "Sam needs to be home by 8pm, but the meeting ends at 8:30pm."
    assert "how long it takes him" in late[1].message
    # exactly at curfew with no travel time recorded: no warning, still the reminder
    assert severities(rules.curfew(event(ORDINARY, t(18), t(20)), [person(curfew=t(20))])) == [INFO]


def test_curfew_skips_people_without_one_and_online_events():
    facts = event(ORDINARY, t(20), t(23))
    assert rules.curfew(facts, [person(travel_minutes=60)]) == []
    online = event(ORDINARY, t(20), t(23), online=True)
    assert rules.curfew(online, [person(curfew=t(21), travel_minutes=60)]) == []


times = st.builds(t, st.integers(0, 23), st.sampled_from([0, 1, 15, 29, 30, 31, 45, 59]))


@settings(max_examples=300)
@given(
    day=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).filter(
        # nights with a clock change are covered by the table above
        lambda d: d not in (dt.date(2026, 3, 28), dt.date(2026, 10, 24))
    ),
    end_minute=st.integers(6 * 60, 24 * 60 - 1),
    travel=st.integers(0, 300),
    curfew=times,
)
def test_curfew_matches_clock_arithmetic(day, end_minute, travel, curfew):
    """On nights without a clock change, a warning iff end + travel is after the curfew, with
    curfews before 6am counted as the next morning."""
    end = t(end_minute // 60, end_minute % 60)
    facts = EventFacts(
        starts_at=aware(day, t(6, 0), LONDON) - dt.timedelta(minutes=1),
        ends_at=aware(day, end, LONDON),
        tz_name=LONDON,
    )
    curfew_minute = curfew.hour * 60 + curfew.minute
    if curfew < t(6):
        curfew_minute += 24 * 60
    late = end_minute + travel > curfew_minute
    findings = rules.curfew(facts, [person(curfew=curfew, travel_minutes=travel)])
    assert bool(findings) == late


@given(
    day=st.sampled_from([ORDINARY, dt.date(2026, 3, 28), SPRING_FORWARD, dt.date(2026, 10, 24)]),
    start=times,
    length=st.integers(1, 8 * 60),
    travel=st.integers(0, 240),
    extra=st.integers(0, 240),
    curfew=times,
)
def test_curfew_more_travel_never_removes_a_warning(day, start, length, travel, extra, curfew):
    starts_at = aware(day, start, LONDON)
    facts = EventFacts(
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=length), tz_name=LONDON
    )
    if rules.curfew_breached(facts, person(curfew=curfew, travel_minutes=travel)):
        assert rules.curfew_breached(facts, person(curfew=curfew, travel_minutes=travel + extra))


# --- 4. Safeguarding ---------------------------------------------------------------------------

JO = person(1, "Jo Bloggs")
SAM = person(2, "Sam Carter")
LEE = person(3, "Lee Smith")


def r_contact(a=1, b=2, meaning="Never at the same forum as Sam"):
    return RestrictionFacts(a, c.RestrictionKind.NO_CONTACT_PERSON, meaning, other_participant_id=b)


def r_children(pk=1):
    return RestrictionFacts(pk, c.RestrictionKind.NO_CONTACT_CHILDREN, "No events with children")


def r_place(place, pk=1, kind=c.RestrictionKind.NOT_VENUE):
    return RestrictionFacts(pk, kind, "Keep away from the area", place=place)


def with_(p: Person, **fields) -> Person:
    return Person(**{**p.__dict__, **fields})


@pytest.mark.parametrize(
    ("facts", "people", "restrictions", "expected", "blocked"),
    [
        # Both in: blocked. Only one: nothing.
        (event(venue=HALL), [JO, SAM], [r_contact()], [BLOCKING], {1, 2}),
        (event(venue=HALL), [JO, LEE], [r_contact()], [], set()),
        (event(venue=HALL), [SAM], [r_contact()], [], set()),
        # Sam about to be added to an event Jo is invited to: only Sam is stopped.
        (event(venue=HALL), [JO, with_(SAM, adding=True)], [r_contact()], [BLOCKING], {2}),
        # Jo about to be added while Sam is invited (restriction recorded on Jo).
        (event(venue=HALL), [SAM, with_(JO, adding=True)], [r_contact()], [BLOCKING], {1}),
        # The safeguarding lead allowed Sam's invitation: information only.
        (
            event(venue=HALL),
            [JO, with_(SAM, override_reason="Staff present all day")],
            [r_contact()],
            [INFO],
            set(),
        ),
        # An earlier override never lets a new person in.
        (
            event(venue=HALL),
            [with_(JO, override_reason="Allowed for the venue"), with_(SAM, adding=True)],
            [r_contact()],
            [BLOCKING],
            {2},
        ),
        # Declined invitations do not count.
        (event(venue=HALL), [JO, with_(SAM, reply="declined")], [r_contact()], [], set()),
        # Children: on the event, at the venue, unknown at the venue, not there
        (event(venue=HALL, children_present=True), [JO], [r_children()], [BLOCKING], {1}),
        (
            event(venue=VenueFacts("Family Centre", children_on_site=True)),
            [JO],
            [r_children()],
            [BLOCKING],
            {1},
        ),
        (event(venue=HALL), [JO], [r_children()], [INFO], set()),  # not checked
        (
            event(venue=VenueFacts("Office", children_on_site=False)),
            [JO],
            [r_children()],
            [],
            set(),
        ),
        (event(online=True), [JO], [r_children()], [], set()),
        (event(online=True, children_present=True), [JO], [r_children()], [BLOCKING], {1}),
        (
            event(venue=HALL, children_present=True),
            [with_(JO, override_reason="Supervised")],
            [r_children()],
            [INFO],
            set(),
        ),
        # Places
        (event(venue=HALL), [JO], [r_place("community hall")], [BLOCKING], {1}),
        (event(venue=HALL), [JO], [r_place("Hackney", kind="exclusion_area")], [BLOCKING], {1}),
        (event(venue=HALL), [JO], [r_place("e8 1aa")], [BLOCKING], {1}),
        (event(venue=HALL), [JO], [r_place("Newham")], [], set()),
        (event(venue=HALL), [JO], [r_place("")], [], set()),
        (event(online=True), [JO], [r_place("Community Hall")], [], set()),
        # Other kinds: something to check, never blocking
        (
            event(venue=HALL),
            [JO],
            [RestrictionFacts(1, c.RestrictionKind.OTHER, "Only daytime sessions")],
            [INFO],
            set(),
        ),
        # Two restrictions each way for the same pair: one finding.
        (event(venue=HALL), [JO, SAM], [r_contact(1, 2), r_contact(2, 1)], [BLOCKING], {1, 2}),
    ],
)
def test_safeguarding_table(facts, people, restrictions, expected, blocked):
    for can_see in (True, False):
        findings = rules.safeguarding(facts, people, restrictions, can_see_safeguarding=can_see)
        if can_see:
            assert sorted(severities(findings)) == sorted(expected)
        else:  # one finding per person named, never more detail
            assert set(severities(findings)) == set(expected)
        assert codes(findings) <= {"safeguarding"}
    conflicts = rules.safeguarding_conflicts(facts, people, restrictions)
    assert rules.blocked_by(conflicts) == blocked


def test_safeguarding_detail_only_for_the_safeguarding_lead():
    facts = event(venue=HALL)
    (lead,) = rules.safeguarding(facts, [JO, SAM], [r_contact()], can_see_safeguarding=True)
    assert lead.severity == BLOCKING
    assert "Jo Bloggs and Sam Carter must not be at the same event." in lead.message
    assert "Never at the same forum as Sam" in lead.message

    coordinator = rules.safeguarding(facts, [JO, SAM], [r_contact()], can_see_safeguarding=False)
    assert [f.message for f in coordinator] == [
        "Jo Bloggs cannot be invited to this event because of a safeguarding check. "
        "Speak to the safeguarding lead.",
        "Sam Carter cannot be invited to this event because of a safeguarding check. "
        "Speak to the safeguarding lead.",
    ]
    # Adding Sam: the coordinator is told about Sam only, never who the other person is.
    (only,) = rules.safeguarding(
        facts, [JO, with_(SAM, adding=True)], [r_contact()], can_see_safeguarding=False
    )
    assert only.message.startswith("Sam Carter cannot be invited")
    assert "Jo" not in only.message + only.advice


@pytest.mark.parametrize(
    ("facts", "restriction"),
    [
        (event(venue=HALL, children_present=True), r_children()),
        (event(venue=HALL), r_place("Community Hall")),
        (event(venue=HALL), r_place("Hackney", kind="exclusion_area")),
        (event(venue=HALL), r_children()),
        (event(venue=HALL), RestrictionFacts(1, "other", "Only daytime sessions")),
    ],
)
def test_safeguarding_hides_kind_and_meaning_without_capability(facts, restriction):
    hidden = rules.safeguarding(facts, [JO], [restriction], can_see_safeguarding=False)
    shown = rules.safeguarding(facts, [JO], [restriction], can_see_safeguarding=True)
    assert hidden and shown
    text = " ".join(f.message + " " + f.advice for f in hidden).lower()
    for secret in ("children", "hall", "hackney", "daytime", "area", "venue", "restriction"):
        assert secret not in text
    assert restriction.meaning in " ".join(f.message for f in shown)


def test_override_info_shows_reason_only_to_the_lead():
    people = [JO, with_(SAM, override_reason="Staff present all day")]
    (lead,) = rules.safeguarding(event(), people, [r_contact()], can_see_safeguarding=True)
    assert lead.severity == INFO
    assert "Allowed by the safeguarding lead" in lead.message
    assert "Staff present all day" in lead.advice
    (coordinator,) = rules.safeguarding(event(), people, [r_contact()], can_see_safeguarding=False)
    assert coordinator.severity == INFO
    assert "Sam Carter" in coordinator.message
    assert "Staff present" not in coordinator.message + coordinator.advice
    assert "Jo" not in coordinator.message + coordinator.advice


@pytest.mark.parametrize(
    ("place", "venue", "matches"),
    [
        ("Community Hall", HALL, True),
        ("COMMUNITY  HALL", HALL, True),
        ("the community hall on the high street", HALL, True),  # venue name inside the place
        ("High Street", HALL, True),  # inside the address
        ("E8 1AA", HALL, True),
        ("e81aa", HALL, True),
        ("Newham", HALL, False),
        ("", HALL, False),
        ("   ", HALL, False),
        ("Hall", VenueFacts("Town Hall"), True),
        ("Library", VenueFacts("Town Hall"), False),
    ],
)
def test_place_matches(place, venue, matches):
    assert rules.place_matches(place, venue) is matches


# --- 5. Access needs ---------------------------------------------------------------------------

STEP_FREE_HALL = VenueFacts("Hall", step_free=True, hearing_loop=True, quiet_room=True)
NO_HALL = VenueFacts("Old Hall", step_free=False, hearing_loop=False, quiet_room=False)
UNKNOWN_HALL = VenueFacts("New Hall")


@pytest.mark.parametrize(
    ("need", "facts", "expected"),
    [
        (N.STEP_FREE, event(venue=STEP_FREE_HALL), None),
        (N.STEP_FREE, event(venue=NO_HALL), "step-free access: Old Hall does not have this"),
        (N.STEP_FREE, event(venue=UNKNOWN_HALL), "step-free access: not checked at New Hall"),
        (N.STEP_FREE, event(), "step-free access: no venue chosen yet, so not checked"),
        (N.STEP_FREE, event(online=True), None),
        (N.HEARING_LOOP, event(venue=STEP_FREE_HALL), None),
        (N.HEARING_LOOP, event(venue=NO_HALL, hearing_loop=True), None),
        (N.HEARING_LOOP, event(venue=NO_HALL), "a hearing loop: Old Hall does not have this"),
        (N.HEARING_LOOP, event(venue=UNKNOWN_HALL), "a hearing loop: not checked at New Hall"),
        (N.HEARING_LOOP, event(online=True), None),
        (N.QUIET_SPACE, event(venue=STEP_FREE_HALL), None),
        (N.QUIET_SPACE, event(venue=NO_HALL, quiet_space=True), None),
        (N.QUIET_SPACE, event(venue=UNKNOWN_HALL), "a quiet space: not checked at New Hall"),
        (N.QUIET_SPACE, event(online=True), None),
        (N.BSL, event(bsl=True), None),
        (N.BSL, event(online=True), "a British Sign Language interpreter: not booked"),
        (N.LARGE_PRINT, event(large_print=True), None),
        (N.LARGE_PRINT, event(), "large print papers: not planned"),
        (N.EASY_READ, event(easy_read=True), None),
        (N.EASY_READ, event(), "Easy Read papers: not planned"),
        (N.CHILDCARE, event(childcare=True), None),
        (N.CHILDCARE, event(), "childcare: not provided"),
        (N.BREAKS, event(start=t(10), end=t(11)), None),
        (N.BREAKS, event(start=t(10), end=t(12)), "regular breaks: no agenda yet"),
        (N.BREAKS, event(agenda=agenda(("A", 60), ("Tea", 15, True), ("B", 45))), None),
        (
            N.BREAKS,
            event(agenda=agenda(("A", 45), ("B", 45))),
            "regular breaks: the agenda runs for more than an hour without a break",
        ),
        (N.DIETARY, event(), None),  # information, not a warning
        (N.COMPANION, event(), None),
        (N.TRAVEL_HELP, event(), None),
    ],
)
def test_access_needs_table(need, facts, expected):
    jo = person(access_needs=frozenset({need}))
    warnings = [f for f in rules.access_unmet(facts, [jo]) if f.severity == WARNING]
    if expected is None:
        assert warnings == []
    else:
        (finding,) = warnings
        assert finding.code == "access_unmet"
        assert finding.message.startswith("Jo Bloggs needs things this event does not have yet: ")
        assert expected in finding.message


def test_access_needs_grouped_per_person_and_reminders():
    jo = person(access_needs=frozenset({N.STEP_FREE, N.BSL, N.DIETARY, N.COMPANION}))
    sam = person(2, "Sam Carter", access_needs=frozenset({N.DIETARY, N.COMPANION}))
    lee = person(3, "Lee Smith", access_needs=frozenset({N.COMPANION}), has_companion=True)
    findings = rules.access_unmet(event(venue=UNKNOWN_HALL, dietary_notes="Halal"), [jo, sam, lee])
    warnings = [f for f in findings if f.severity == WARNING]
    (jo_warning,) = warnings
    assert "step-free access: not checked at New Hall" in jo_warning.message
    assert "British Sign Language" in jo_warning.message
    infos = [f.message for f in findings if f.severity == INFO]
    assert "Jo Bloggs would like a buddy or companion, and none is recorded yet." in infos
    assert "Sam Carter would like a buddy or companion, and none is recorded yet." in infos
    assert not any("Lee" in m for m in infos)
    assert "Jo Bloggs and Sam Carter have dietary needs. Catered for so far: Halal" in infos


# --- 6. Photos ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("photos", "filming", "people", "expected_register", "findings"),
    [
        (False, False, [person(photo_consent="")], [], 0),
        (True, False, [person(photo_consent="given")], [], 0),
        (True, False, [person(photo_consent="")], ["Jo Bloggs"], 1),
        (True, False, [person(photo_consent="withdrawn")], ["Jo Bloggs"], 1),
        (
            True,
            False,
            [person(photo_consent="refused"), person(2, "Sam", photo_consent="given")],
            ["Jo Bloggs"],
            1,
        ),
        (False, True, [person(photo_consent="given", film_consent="")], ["Jo Bloggs"], 1),
        (False, True, [person(film_consent="given")], [], 0),
        (True, True, [person(), person(2, "Sam", photo_consent="given")], ["Jo Bloggs", "Sam"], 2),
        (True, False, [person(reply="declined")], [], 0),
        (True, False, [person(adding=True)], ["Jo Bloggs"], 1),
    ],
)
def test_photo_consent_table(photos, filming, people, expected_register, findings):
    facts = event(photos_planned=photos, filming_planned=filming)
    found = rules.photo_consent(facts, people)
    assert len(found) == findings
    assert all(f.severity == WARNING and f.code == "photo_consent" for f in found)
    assert rules.photo_register(facts, people) == expected_register


def test_photo_message_lists_people_for_the_register():
    people = [person(), person(2, "Sam Carter")]
    (finding,) = rules.photo_consent(event(photos_planned=True), people)
    assert "Jo Bloggs and Sam Carter have not agreed to photos" in finding.message
    assert "register" in finding.advice


# --- 7. Inactive invitees ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "check_back_on", "expected"),
    [
        (c.Status.ACTIVE, None, None),
        (c.Status.ENQUIRY, None, None),
        (
            c.Status.PAUSED,
            dt.date(2026, 6, 1),
            "Jo Bloggs is taking a break until Monday 1 June 2026.",
        ),
        (c.Status.PAUSED, None, "Jo Bloggs is taking a break."),
        (c.Status.EXITED, None, "Jo Bloggs has moved on from involvement."),
    ],
)
def test_invitee_inactive_table(status, check_back_on, expected):
    findings = rules.invitee_inactive([person(status=status, check_back_on=check_back_on)])
    assert [f.message for f in findings] == ([expected] if expected else [])
    assert all(f.severity == WARNING and f.code == "invitee_inactive" for f in findings)


# --- 8. Capacity -------------------------------------------------------------------------------


def accepted(n: int, start: int = 1) -> list[Person]:
    return [person(i, f"P{i}", reply="accepted") for i in range(start, start + n)]


@pytest.mark.parametrize(
    ("places", "people", "expected"),
    [
        (None, accepted(30), []),
        (3, accepted(2), []),
        (3, accepted(3), [INFO]),
        (3, accepted(4), [WARNING]),
        (3, accepted(2) + [person(9, "New", adding=True)], [INFO]),
        (3, accepted(3) + [person(9, "New", adding=True)], [WARNING]),
        # Invited but not yet replied, or on the waiting list, do not take a place.
        (3, accepted(2) + [person(8, "Maybe"), person(9, "Wait", reply="waiting")], []),
        # Someone already coming being "added" again counts once.
        (3, accepted(3) + [person(1, "P1", adding=True)], [INFO]),
    ],
)
def test_capacity_table(places, people, expected):
    findings = rules.capacity(event(capacity=places), people)
    assert severities(findings) == expected
    assert codes(findings) <= {"capacity"}


def test_capacity_messages():
    (over,) = rules.capacity(event(capacity=3), accepted(3) + [person(9, "New", adding=True)])
    assert (
        over.message == "4 people are coming or about to be invited, but there are only 3 places."
    )
    assert "waiting list" in over.advice
    (full,) = rules.capacity(event(capacity=3), accepted(3))
    assert full.message == "The event is full: all 3 places are taken."


# --- 9. Late finish ----------------------------------------------------------------------------

BUS = c.TravelsBy.PUBLIC_TRANSPORT


@pytest.mark.parametrize(
    ("day", "end", "travels_by", "last_bus", "travel", "late"),
    [
        (ORDINARY, t(20, 59), BUS, None, None, False),
        (ORDINARY, t(21), BUS, None, None, True),
        (ORDINARY, t(21), c.TravelsBy.DRIVES, None, None, False),
        (ORDINARY, t(21), "", None, None, False),
        (ORDINARY, t(0, 30), BUS, None, None, True),  # crosses midnight
        # Clock-change Sundays: 9pm on the local clocks.
        (SPRING_FORWARD, t(20, 59), BUS, None, None, False),
        (SPRING_FORWARD, t(21), BUS, None, None, True),
        (FALL_BACK, t(20, 59), BUS, None, None, False),
        (FALL_BACK, t(21), BUS, None, None, True),
        # Last bus or train, less their travel time
        (ORDINARY, t(20), BUS, t(20, 30), 30, False),
        (ORDINARY, t(20), BUS, t(20, 30), 31, True),
        (ORDINARY, t(20, 30), BUS, t(20, 30), None, False),
        (ORDINARY, t(20, 31), BUS, t(20, 30), None, True),
        (ORDINARY, t(18), c.TravelsBy.WALK_OR_CYCLE, t(17), None, False),
        (SPRING_FORWARD, t(20), BUS, t(20, 30), 31, True),
        (FALL_BACK, t(20), BUS, t(20, 30), 30, False),
    ],
)
def test_late_finish_table(day, end, travels_by, last_bus, travel, late):
    venue = VenueFacts("Community Hall", last_bus_or_train=last_bus)
    facts = event(day, t(18), end, venue=venue)
    jo = person(travels_by=travels_by, travel_minutes=travel)
    findings = rules.late_finish(facts, [jo])
    assert severities(findings) == ([WARNING] if late else [])
    assert codes(findings) <= {"late_finish"}


def test_late_finish_message_names_people_and_skips_online():
    people = [
        person(travels_by=BUS),
        person(2, "Sam Carter", travels_by=BUS, travel_minutes=40),
        person(3, "Lee", travels_by=c.TravelsBy.DRIVES),
    ]
    venue = VenueFacts("Community Hall", last_bus_or_train=t(22))
    (finding,) = rules.late_finish(event(ORDINARY, t(19), t(21, 30), venue=venue), people)
    assert finding.message.startswith(
        "The meeting ends at 9:30pm. Jo Bloggs and Sam Carter travel by public transport"
    )
    assert "The last bus or train from Community Hall is at about 10pm." in finding.message
    assert "taxi" in finding.advice and "earlier" in finding.advice
    assert rules.late_finish(event(ORDINARY, t(19), t(21, 30), online=True), people) == []


# --- All together ------------------------------------------------------------------------------


def test_run_checks_sorts_and_skips_cancelled():
    facts = event(
        ORDINARY,
        t(18),
        t(21, 30),
        venue=HALL,
        capacity=1,
        photos_planned=True,
        papers_due_on=dt.date(2026, 4, 28),
    )
    people = [
        with_(JO, reply="accepted", curfew=t(21), travel_minutes=30, travels_by=BUS),
        with_(SAM, reply="accepted", status=c.Status.PAUSED),
    ]
    outcome = rules.run_checks(
        facts, people, [r_contact()], can_see_safeguarding=False, today=dt.date(2026, 5, 1)
    )
    order = [rules.SEVERITY_ORDER[f.severity] for f in outcome.findings]
    assert order == sorted(order)
    assert outcome.findings[0].severity == BLOCKING
    assert {
        "safeguarding",
        "papers_late",
        "no_break",
        "curfew",
        "photo_consent",
        "invitee_inactive",
        "capacity",
        "late_finish",
    } <= codes(outcome.findings)
    assert outcome.blocked == {1, 2}
    assert outcome.photo_register == ["Jo Bloggs", "Sam Carter"]

    cancelled = rules.run_checks(
        EventFacts(**{**facts.__dict__, "cancelled": True}),
        people,
        [r_contact()],
        can_see_safeguarding=True,
        today=dt.date(2026, 5, 1),
    )
    assert cancelled == rules.Outcome([], frozenset(), [])

"""Each troubleshooting signal on plain data that should and should not trigger it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from withus.adviser import guidance, rules
from withus.adviser.rules import CLEAR, FIRES, UNKNOWN
from withus.checks import Severity

TODAY = dt.date(2026, 11, 27)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


# --- people counts are suppressed --------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "threshold", "text"),
    [
        (0, 5, "nobody"),
        (1, 5, "fewer than 5 people"),
        (4, 5, "fewer than 5 people"),
        (5, 5, "5 people"),
        (1, 1, "1 person"),
        (1200, 5, "1,200 people"),
    ],
)
def test_people_counts_go_through_suppression(n, threshold, text):
    assert rules.people(n, threshold) == text


# --- 1. recruitment ----------------------------------------------------------------------------


def opening(**kw) -> rules.Opening:
    kw.setdefault("title", "Forum member")
    kw.setdefault("places", 6)
    kw.setdefault("active", 0)
    kw.setdefault("opened_on", days_ago(40))
    return rules.Opening(**kw)


def target(**kw) -> rules.RecruitmentTarget:
    kw.setdefault("project", "Women's forum")
    kw.setdefault("description", "Recruit 10 members")
    kw.setdefault("target", 10)
    kw.setdefault("value", 0)
    kw.setdefault("starts_on", days_ago(100))
    kw.setdefault("due_on", TODAY + dt.timedelta(days=100))
    return rules.RecruitmentTarget(**kw)


def recruitment(openings=(), targets=(), stuck=0, threshold=5):
    return rules.recruitment_signal(
        list(openings), list(targets), stuck=stuck, today=TODAY, threshold=threshold
    )


@pytest.mark.parametrize(
    ("o", "behind"),
    [
        (opening(active=2), True),  # 40 days, 2 of 6 (needs 3)
        (opening(active=3), False),  # half filled
        (opening(active=0, opened_on=days_ago(27)), False),  # still in its first 4 weeks
        (opening(active=0, opened_on=days_ago(28)), True),
        (opening(places=None), False),  # no number of places: nothing to measure
        (opening(active=5, closes_on=days_ago(1)), True),  # closed short of its places
        (opening(active=6, closes_on=days_ago(1)), False),
        (opening(active=0, opened_on=days_ago(3), closes_on=days_ago(1)), True),
    ],
)
def test_opening_behind(o, behind):
    assert rules.opening_behind(o, TODAY) is behind


@pytest.mark.parametrize(
    ("t", "behind"),
    [
        # 100 of 200 days gone: a steady pace has 5 of 10; 75% of that is 3.75
        (target(value=3), True),
        (target(value=4), False),
        (target(value=0, starts_on=days_ago(40), due_on=TODAY + dt.timedelta(days=160)), False),
        (target(value=9, due_on=days_ago(1)), True),  # due date passed short of the target
        (target(value=10, due_on=days_ago(1)), False),
        (target(value=0, due_on=None), False),  # no date: cannot be late
        (target(value=0, starts_on=None), False),  # no start: only judged once due
    ],
)
def test_target_behind(t, behind):
    assert rules.target_behind(t, TODAY) is behind


def test_recruitment_fires_with_evidence_and_suppressed_counts():
    signal = recruitment([opening(active=2)], [target(value=3)], stuck=0)
    assert signal.status == FIRES and signal.fires
    assert signal.finding.severity == Severity.WARNING
    assert signal.finding.code == "adviser.recruitment"
    assert signal.problem == "low_recruitment"
    assert "“Forum member”: fewer than 5 people active for 6 places, open for 40 days." in (
        signal.evidence
    )
    assert any(
        "Women's forum" in line and "fewer than 5 people recruited of 10" in line
        for line in signal.evidence
    )
    assert all(" 2 " not in line and " 3 " not in line for line in signal.evidence)


def test_recruitment_fires_when_people_wait_at_enquiry():
    assert recruitment(stuck=rules.RECRUITMENT_STUCK_MIN).status == FIRES
    assert recruitment(stuck=rules.RECRUITMENT_STUCK_MIN - 1).status == UNKNOWN


def test_recruitment_clear_and_unknown():
    assert recruitment([opening(active=4)], [target(value=6)]).status == CLEAR
    unknown = recruitment([opening(places=None)])
    assert unknown.status == UNKNOWN and unknown.finding.severity == Severity.INFO


# --- 2. attendance -----------------------------------------------------------------------------


def events(previous: list[int], recent: list[int], project: str = "Forum"):
    made = [rules.EventAttendance(project, days_ago(100 + i), n) for i, n in enumerate(previous)]
    made += [rules.EventAttendance(project, days_ago(10 + i), n) for i, n in enumerate(recent)]
    return made


def test_falling_attendance_fires():
    signal = rules.attendance_signal(events([10, 12, 11], [6, 7, 5]), today=TODAY)
    assert signal.status == FIRES and signal.problem == "fatigue"
    assert any(line.startswith("Forum: on average 6.0") for line in signal.evidence)
    assert any(line.startswith("All events:") for line in signal.evidence)


def test_steady_or_small_fall_does_not_fire():
    assert rules.attendance_signal(events([10, 12, 11], [10, 9, 11]), today=TODAY).status == CLEAR
    # a fall of exactly a quarter is not "more than" a quarter
    assert rules.attendance_signal(events([8, 8, 8], [6, 6, 6]), today=TODAY).status == CLEAR


def test_attendance_needs_enough_events_in_both_windows():
    assert rules.attendance_signal(events([10, 12], [1, 1, 1]), today=TODAY).status == UNKNOWN
    assert rules.attendance_signal([], today=TODAY).status == UNKNOWN
    # events older than both windows or in the future are ignored
    old = [rules.EventAttendance("Forum", days_ago(200 + i), 20) for i in range(5)]
    assert rules.attendance_signal(old + events([], [1, 1, 1]), today=TODAY).status == UNKNOWN


def test_attendance_judges_each_project_apart():
    mixed = events([10, 10, 10], [3, 3, 3], "Panel") + events([5, 5, 5], [12, 12, 12], "Forum")
    signal = rules.attendance_signal(mixed, today=TODAY)
    assert signal.status == FIRES
    assert [line.split(":")[0] for line in signal.evidence] == ["Panel"]


# --- 3. feedback -------------------------------------------------------------------------------


def feedback(due, within, open_overdue=0):
    return rules.feedback_signal(
        rules.FeedbackFacts(
            received=due + 2,
            due=due,
            closed_within_target=within,
            open_overdue=open_overdue,
            target_days=28,
        )
    )


def test_feedback():
    fired = feedback(10, 5, open_overdue=4)
    assert fired.status == FIRES and fired.problem == "no_ownership"
    assert "50% of 10 contributions due feedback were fed back within 28 days" in fired.evidence[0]
    assert fired.evidence[1] == "4 contributions still waiting past the target."
    assert feedback(10, 8).status == CLEAR
    assert feedback(4, 0).status == UNKNOWN


# --- 4. expenses -------------------------------------------------------------------------------


def expenses(waits=(), waiting=0, oldest=None, target=7):
    return rules.expenses_signal(
        rules.ExpenseFacts(
            waits=tuple(waits), waiting_past_target=waiting, oldest_wait=oldest, target_days=target
        )
    )


def test_expenses():
    late = expenses([3, 4, 20, 30])
    assert late.status == FIRES and late.problem == "out_of_pocket"
    assert "Of 4 claims paid in the last 90 days, 2 took longer than 7 days." in late.evidence
    waiting = expenses([1], waiting=1, oldest=15)
    assert waiting.status == FIRES
    assert "1 claim waiting longer than 7 days; the oldest has waited 15 days." in waiting.evidence
    assert expenses([1, 2, 7, 3, 5, 6, 4, 2, 1, 30]).status == CLEAR  # 90% on time
    assert expenses([20, 30]).status == CLEAR  # too few paid to judge the share, none waiting
    assert expenses().status == UNKNOWN


# --- 5. the same few people --------------------------------------------------------------------


def spread(attendances_each: list[int]) -> rules.InvolvementSpread:
    """The spread for a group where each number is one person's attendances."""
    ranked = tuple(sorted(attendances_each, reverse=True))
    return rules.InvolvementSpread(sum(ranked), len(ranked), ranked)


def test_same_few():
    # four regulars and fourteen people who came once: the top fifth (4 of 18) hold 26 of 40
    few = rules.same_few_signal(spread([12, 8, 4, 2] + [1] * 14), threshold=5)
    assert few.status == FIRES and few.problem == "narrow_voices"
    assert few.evidence == (
        "18 people came to events in the last 12 months.",
        "The most involved fifth of them account for 65% of all 40 attendances.",
    )
    assert rules.same_few_signal(spread([3, 2, 2] + [1] * 27), threshold=5).status == CLEAR
    small = rules.same_few_signal(spread([7, 6, 6]), threshold=5)
    assert small.status == UNKNOWN  # 19 attendances


def test_same_few_fires_only_when_a_small_share_of_people_hold_most_attendances():
    # two of ten people account for 22 of 30 attendances (73%)
    assert rules.same_few_signal(spread([12, 10] + [1] * 8), threshold=5).status == FIRES
    # the top fifth holding exactly half is not "most"
    assert rules.same_few_signal(spread([20, 20] + [5] * 8), threshold=5).status == CLEAR
    assert rules.same_few_signal(spread([21, 20] + [5] * 8), threshold=5).status == FIRES


def test_an_even_group_of_six_is_not_the_same_few():
    # six people who all come to every one of five meetings: 30 attendances, 5 each
    signal = rules.same_few_signal(spread([5] * 6), threshold=5)
    assert signal.status == CLEAR
    assert signal.evidence[1] == (
        "The most involved fifth of them account for 33% of all 30 attendances."
    )
    # a small group that mostly comes equally is not "the same few" either
    assert rules.same_few_signal(spread([6, 6, 5, 5, 4, 4]), threshold=5).status == CLEAR
    for size in range(5, 13):
        even = rules.same_few_signal(spread([6] * size), threshold=5)
        assert even.status == CLEAR, size


def test_same_few_needs_enough_people_to_judge():
    # four people with plenty of attendances: "a few" would be most of the group
    signal = rules.same_few_signal(spread([20, 5, 3, 2]), threshold=5)
    assert signal.status == UNKNOWN
    assert signal.evidence == ("Fewer than 5 people came to events in the last 12 months.",)


def test_few_count_is_the_top_fifth_rounded_up():
    assert [rules.few_count(n) for n in (0, 1, 5, 6, 10, 11, 100)] == [1, 1, 1, 2, 2, 3, 20]


def test_same_few_hides_a_small_number_of_people():
    signal = rules.same_few_signal(spread([14, 10, 2, 1, 1, 1, 1]), threshold=10)
    assert signal.status == FIRES
    assert signal.evidence[0] == "Fewer than 10 people came to events in the last 12 months."
    assert "7" not in " ".join(signal.evidence) + signal.finding.message


# --- 6. co-planning ----------------------------------------------------------------------------


def test_co_planning():
    fired = rules.co_planning_signal(
        [rules.ProjectPlanners("Forum", 2), rules.ProjectPlanners("Panel", 0)]
    )
    assert fired.status == FIRES
    assert fired.evidence == ("Projects with no co-planners: Panel.",)
    assert "1 project of 2" in fired.finding.message
    assert rules.co_planning_signal([rules.ProjectPlanners("Forum", 1)]).status == CLEAR
    assert rules.co_planning_signal([]).status == UNKNOWN


def test_co_planning_lists_are_bounded():
    many = [rules.ProjectPlanners(f"Project {i}", 0) for i in range(15)]
    signal = rules.co_planning_signal(many)
    assert signal.evidence == (
        "Projects with no co-planners: "
        + ", ".join(f"Project {i}" for i in range(10))
        + " and 5 more.",
    )
    two = rules.co_planning_signal([rules.ProjectPlanners(n, 0) for n in ("A", "B")])
    assert two.evidence == ("Projects with no co-planners: A and B.",)


# --- 7. staff training -------------------------------------------------------------------------


def test_staff_training_cannot_tell_without_records():
    signal = rules.staff_training_signal(staff=6, trained=None)
    assert signal.status == UNKNOWN and "cannot tell" in signal.finding.message


def test_staff_training():
    assert rules.staff_training_signal(staff=6, trained=0).status == FIRES
    assert rules.staff_training_signal(staff=10, trained=4).status == FIRES
    assert rules.staff_training_signal(staff=10, trained=5).status == CLEAR


def test_staff_counts_are_shown_as_they_are_not_suppressed_like_participants():
    """Suppression protects participants; staff numbers are shown as the support page shows
    them ("1 of the 3")."""
    signal = rules.staff_training_signal(staff=3, trained=1)
    assert signal.evidence == (
        "1 of the 3 staff who work with participants has had involvement training.",
    )
    assert "fewer than" not in " ".join(signal.evidence).lower()
    assert rules.staff_training_signal(staff=4, trained=0).evidence == (
        "0 of the 4 staff who work with participants have had involvement training.",
    )


# --- 8. under-represented groups ---------------------------------------------------------------


def group(answer, involved, baseline, seldom):
    return rules.GroupShare("Sex", answer, involved, baseline, seldom)


def test_equality():
    fired = rules.equality_signal(
        [group("Female", 80.0, 50.0, False), group("Male", 20.0, 50.0, True)],
        baseline_year=2026,
        people_involved="25",
    )
    assert fired.status == FIRES and fired.problem == "seldom_heard"
    assert fired.evidence == ("Sex: Male — 20% of people involved, 50% of people served.",)
    clear = rules.equality_signal(
        [group("Female", 55.0, 50.0, False), group("Male", 45.0, 50.0, False)],
        baseline_year=2026,
        people_involved="25",
    )
    assert clear.status == CLEAR


def test_equality_names_a_group_asked_as_a_question_plainly():
    question = "Is the gender they identify with the same as their sex registered at birth?"
    fired = rules.equality_signal(
        [rules.GroupShare(question, "Yes", 50.0, 98.0, True)],
        baseline_year=2026,
        people_involved="16",
    )
    assert fired.evidence == (f"{question} Yes — 50% of people involved, 98% of people served.",)


def test_equality_cannot_tell():
    assert rules.equality_signal([], baseline_year=None, people_involved="0").status == UNKNOWN
    hidden = rules.equality_signal(
        [group("Male", None, None, False)], baseline_year=2026, people_involved="fewer than 5"
    )
    assert hidden.status == UNKNOWN
    assert hidden.evidence == ("People involved in the last 12 months: fewer than 5.",)


# --- ordering and guidance ---------------------------------------------------------------------


def test_signals_that_fire_come_first():
    signals = [
        rules.co_planning_signal([rules.ProjectPlanners("Forum", 1)]),
        rules.co_planning_signal([]),
        rules.co_planning_signal([rules.ProjectPlanners("Panel", 0)]),
    ]
    assert [s.status for s in rules.ordered(signals)] == [FIRES, UNKNOWN, CLEAR]


def test_every_signal_points_at_a_problem_with_actions():
    keys = {p.key for p in guidance.PROBLEMS}
    for signal in (
        recruitment(),
        rules.attendance_signal([], today=TODAY),
        feedback(0, 0),
        expenses(),
        rules.same_few_signal(rules.InvolvementSpread(0, 0, ()), threshold=5),
        rules.co_planning_signal([]),
        rules.staff_training_signal(staff=1, trained=None),
        rules.equality_signal([], baseline_year=None, people_involved="0"),
    ):
        assert signal.problem in keys
        assert guidance.problem(signal.problem).actions


def test_guidance_covers_both_troubleshooting_tables():
    titles = {p.section: [] for p in guidance.PROBLEMS}
    for p in guidance.PROBLEMS:
        titles[p.section].append(p.key)
    assert len(titles["3.2"]) == 5 and len(titles["4.7"]) == 5
    assert "Clinks (2016)" in guidance.CREDIT


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a busy shared machine
@given(
    places=st.integers(min_value=1, max_value=50),
    active=st.integers(min_value=0, max_value=60),
    age=st.integers(min_value=0, max_value=400),
)
def test_a_full_opening_is_never_behind(places, active, age):
    o = rules.Opening("Role", places, active, days_ago(age))
    if active >= places:
        assert not rules.opening_behind(o, TODAY)
    if age < rules.RECRUITMENT_GRACE_DAYS:
        assert not rules.opening_behind(o, TODAY)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=6, max_size=20))
def test_attendance_never_fires_when_recent_is_not_lower(counts):
    steady = [rules.EventAttendance("", days_ago(100 + i), n) for i, n in enumerate(counts)]
    steady += [rules.EventAttendance("", days_ago(10 + i), max(counts)) for i in range(3)]
    assert rules.attendance_signal(steady, today=TODAY).status != FIRES


# --- recruitment funnel context ----------------------------------------------------------------


def test_funnel_context_is_added_when_recruitment_fires_with_suppressed_counts():
    funnel = rules.FunnelFacts(
        candidates=12, active=3, best_channel="Key worker", best_conversion=60
    )
    signal = rules.recruitment_signal(
        [opening(active=0)], [], stuck=0, today=TODAY, threshold=5, funnel=funnel
    )
    assert signal.status == FIRES
    assert "In the last 12 months 12 people enquired and fewer than 5 people became active." in (
        signal.evidence
    )
    assert (
        "The channel that worked best was “Key worker”: 60% of the people who came through it "
        "became active." in signal.evidence
    )


def test_funnel_context_is_left_out_when_nothing_fires_or_nobody_enquired():
    funnel = rules.FunnelFacts(candidates=12, active=8)
    clear = rules.recruitment_signal(
        [opening(active=5)], [], stuck=0, today=TODAY, threshold=5, funnel=funnel
    )
    assert clear.status == CLEAR and not clear.evidence
    assert rules.funnel_lines(rules.FunnelFacts(0, 0), 5) == []
    assert rules.funnel_lines(None, 5) == []

"""Acceptance: each troubleshooting signal, computed from real rows, on data that should and
should not trigger it; and another organisation's rows never count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope

from tests.adviser import builders as b
from tests.money.builders import make_payment
from tests.reports.builders import event_with, person
from withus.adviser import selectors
from withus.adviser.rules import CLEAR, FIRES, UNKNOWN
from withus.events.models import EventInvitation
from withus.money.models import ExpenseClaim

pytestmark = pytest.mark.django_db


def signal(org, code):
    with scope(organisation=org):
        report = selectors.all_signals(org)
    return next(s for s in report.signals if s.code == code)


def test_nothing_recorded_means_cannot_tell_not_all_clear(world):
    with scope(organisation=world.org_a):
        report = selectors.all_signals(world.org_a)
    assert not report.firing
    assert {s.code for s in report.unknown} == {
        "recruitment",
        "attendance",
        "feedback",
        "expenses",
        "same_few",
        "co_planning",
        "staff_training",
        "equality",
    }


# --- recruitment -------------------------------------------------------------------------------


def test_recruitment_fires_for_an_opening_short_of_its_places(world):
    b.opening(world.org_a, places=6, active=2, title="Forum member")
    s = signal(world.org_a, "recruitment")
    assert s.status == FIRES
    assert s.evidence[0].startswith("“Forum member”: fewer than 5 people active for 6 places")


def test_recruitment_clear_for_an_opening_half_filled(world):
    b.opening(world.org_a, places=6, active=3)
    assert signal(world.org_a, "recruitment").status == CLEAR


def test_recruitment_fires_for_a_missed_project_target(world):
    b.recruited_target(world.org_a, target=10, due_in_days=-1)
    s = signal(world.org_a, "recruitment")
    assert s.status == FIRES
    assert (
        "Peer research, “Recruit peer researchers”: nobody recruited of 10, was due"
        in (s.evidence[0])
    )


def test_recruitment_target_counts_people_who_became_active(world):
    outcome = b.recruited_target(world.org_a, target=2, due_in_days=-1)
    opportunity = b.opening(world.org_a, places=None, active=2)
    opportunity.project = outcome.project
    opportunity.save()
    assert signal(world.org_a, "recruitment").status == CLEAR


def test_recruitment_fires_when_people_are_left_at_enquiry(world):
    b.opening(world.org_a, places=None, stuck=3)
    s = signal(world.org_a, "recruitment")
    assert s.status == FIRES
    assert "Fewer than 5 people left waiting at ‘enquiry’ for more than 21 days." in s.evidence


# --- attendance --------------------------------------------------------------------------------


def test_falling_attendance_fires(world):
    project = b.project(world.org_a, "Women's forum")
    b.attendance(world.org_a, [10, 10, 10], [5, 4, 5], project=project)
    s = signal(world.org_a, "attendance")
    assert s.status == FIRES
    assert any(line.startswith("Women's forum: on average 4.7") for line in s.evidence)


def test_steady_attendance_is_clear(world):
    b.attendance(world.org_a, [10, 10, 10], [9, 10, 11])
    assert signal(world.org_a, "attendance").status == CLEAR


def test_events_whose_attendance_nobody_recorded_do_not_look_empty(world):
    b.attendance(world.org_a, [10, 10, 10], [])
    for i in range(3):
        event = event_with(world.org_a, b.days_ago(5 + 7 * i))
        EventInvitation.unscoped.create(
            organisation=world.org_a, event=event, participant=person(world.org_a)
        )
    assert signal(world.org_a, "attendance").status == UNKNOWN


# --- feedback ----------------------------------------------------------------------------------


def test_contributions_not_fed_back_fires(world):
    b.contributions(world.org_a, received=10, closed_in_time=3)
    s = signal(world.org_a, "feedback")
    assert s.status == FIRES
    assert s.evidence[1] == "7 contributions still waiting past the target."


def test_contributions_fed_back_in_time_are_clear(world):
    b.contributions(world.org_a, received=10, closed_in_time=9)
    assert signal(world.org_a, "feedback").status == CLEAR


# --- expenses ----------------------------------------------------------------------------------


def test_a_claim_waiting_past_the_target_fires(world):
    b.waiting_claim(world.org_a, age_days=world.org_a.expense_target_days + 5)
    s = signal(world.org_a, "expenses")
    assert s.status == FIRES
    assert s.evidence[0].startswith("1 claim waiting longer than 7 days")


def test_claims_paid_quickly_are_clear(world):
    for _ in range(3):
        who = person(world.org_a)
        claim = ExpenseClaim.unscoped.create(
            organisation=world.org_a,
            participant=who,
            status=ExpenseClaim.Status.PAID,
            submitted_at=timezone.now() - dt.timedelta(days=12),
        )
        make_payment(
            world.org_a,
            who,
            kind="expenses",
            claim=claim,
            status="paid",
            paid_on=b.days_ago(10),
            amount=Decimal("4.50"),
        )
    b.waiting_claim(world.org_a, age_days=2)  # waiting, but not yet past the target
    assert signal(world.org_a, "expenses").status == CLEAR


def test_claims_paid_late_fire(world):
    for _ in range(3):
        who = person(world.org_a)
        claim = ExpenseClaim.unscoped.create(
            organisation=world.org_a,
            participant=who,
            status=ExpenseClaim.Status.PAID,
            submitted_at=timezone.now() - dt.timedelta(days=40),
        )
        make_payment(
            world.org_a,
            who,
            kind="expenses",
            claim=claim,
            status="paid",
            paid_on=b.days_ago(10),
            amount=Decimal("4.50"),
        )
    s = signal(world.org_a, "expenses")
    assert s.status == FIRES
    assert "Of 3 claims paid in the last 90 days, 3 took longer than 7 days." in s.evidence


# --- the same few people -----------------------------------------------------------------------


def test_the_same_few_people_fires(world):
    regulars = [person(world.org_a) for _ in range(3)]
    for i in range(8):
        event_with(world.org_a, b.days_ago(10 + 7 * i), attended=regulars)
    event_with(world.org_a, b.days_ago(3), attended=[person(world.org_a) for _ in range(6)])
    s = signal(world.org_a, "same_few")
    assert s.status == FIRES
    assert s.evidence == (
        "9 people came to events in the last 12 months.",
        "The most involved fifth of them account for 53% of all 30 attendances.",
    )


def test_an_even_group_of_six_who_all_come_is_not_the_same_few(world):
    group = [person(world.org_a) for _ in range(6)]
    for i in range(5):
        event_with(world.org_a, b.days_ago(10 + 7 * i), attended=group)
    s = signal(world.org_a, "same_few")
    assert s.status == CLEAR
    assert s.evidence[1] == "The most involved fifth of them account for 33% of all 30 attendances."


def test_involvement_spread_widely_is_clear(world):
    for i in range(5):
        crowd = [person(world.org_a) for _ in range(5)]
        event_with(world.org_a, b.days_ago(10 + 7 * i), attended=crowd)
    assert signal(world.org_a, "same_few").status == CLEAR


# --- co-planning -------------------------------------------------------------------------------


def test_a_running_project_without_co_planners_fires(world):
    b.project(world.org_a, "Peer mentoring", co_planners=0)
    b.project(world.org_a, "Women's forum", co_planners=2)
    s = signal(world.org_a, "co_planning")
    assert s.status == FIRES
    assert s.evidence == ("Projects with no co-planners: Peer mentoring.",)


def test_co_planned_and_finished_projects_are_clear(world):
    b.project(world.org_a, "Women's forum", co_planners=1)
    b.project(world.org_a, "Old panel", co_planners=0, status="finished")
    assert signal(world.org_a, "co_planning").status == CLEAR


def test_another_organisations_data_never_counts(world):
    b.project(world.org_b, "Their project", co_planners=0)
    b.waiting_claim(world.org_b, age_days=30)
    b.opening(world.org_b, places=6, active=0)
    assert signal(world.org_a, "co_planning").status == UNKNOWN
    assert signal(world.org_a, "expenses").status == UNKNOWN
    assert signal(world.org_a, "recruitment").status == UNKNOWN


# --- staff training ----------------------------------------------------------------------------


def test_staff_training_says_it_cannot_tell_without_any_training_records(world):
    s = signal(world.org_a, "staff_training")
    assert s.status == UNKNOWN
    assert "cannot tell" in s.finding.message


def test_staff_training_fires_when_few_staff_are_trained_and_clears_when_most_are(world):
    """Coordinators are the staff here: they work with participants however the support app
    decides which roles count, and they outnumber everyone else in the organisation."""
    from tests.factories import member
    from withus.support.models import Completion, Course
    from withus.support.services import ensure_catalogue

    with scope(organisation=world.org_a):
        ensure_catalogue(world.org_a)
        course = Course.objects.filter(audience__in=["staff", "everyone"]).first()
    coordinators = [world.alice] + [
        member(world.org_a, "coordinator", f"coordinator{i}@a.example") for i in range(6)
    ]

    def trained(user):
        Completion.unscoped.create(
            organisation=world.org_a, course=course, staff=user, completed_on=timezone.localdate()
        )

    trained(coordinators[0])
    assert signal(world.org_a, "staff_training").status == FIRES
    for user in coordinators[1:]:
        trained(user)
    assert signal(world.org_a, "staff_training").status == CLEAR
    assert signal(world.org_b, "staff_training").status == UNKNOWN


def test_staff_training_evidence_counts_staff_as_the_support_page_does(world):
    """Staff counts are not about participants: they are shown as they are, not suppressed."""
    from withus.support import selectors as support
    from withus.support.models import Completion, Course
    from withus.support.services import ensure_catalogue

    with scope(organisation=world.org_a):
        ensure_catalogue(world.org_a)
        course = Course.objects.filter(audience__in=["staff", "everyone"]).first()
        Completion.objects.create(
            organisation=world.org_a,
            course=course,
            staff=world.alice,
            completed_on=timezone.localdate(),
        )
        trained, staff = support.staff_trained_count(world.org_a)
    s = signal(world.org_a, "staff_training")
    assert trained == 1
    assert s.evidence == (
        f"1 of the {staff} staff who work with participants has had involvement training.",
    )


# --- under-represented groups (equality) -------------------------------------------------------


def _sex_baseline(org, *, female: int, male: int):
    """Figures for the people served, for this year and last, so whichever year the last 12
    months start in has a baseline."""
    from withus.reports.models import EqualityBaseline

    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        for answer, count in (("female", female), ("male", male)):
            EqualityBaseline.unscoped.create(
                organisation=org, year=year, question="sex", answer=answer, count=count
            )


def _involved(org, *, women: int, men: int):
    people = [person(org, sex="female") for _ in range(women)]
    people += [person(org, sex="male") for _ in range(men)]
    event_with(org, timezone.localdate() - dt.timedelta(days=7), attended=people)


def test_equality_fires_for_a_group_under_represented_against_the_baseline(world):
    _sex_baseline(world.org_a, female=50, male=50)
    _involved(world.org_a, women=24, men=6)
    s = signal(world.org_a, "equality")
    assert s.status == FIRES
    assert s.evidence == ("Sex: Male — 20% of people involved, 50% of people served.",)
    # the other organisation has no baseline and no people: it cannot tell
    assert signal(world.org_b, "equality").status == UNKNOWN


def test_equality_clear_when_the_people_involved_reflect_the_people_served(world):
    _sex_baseline(world.org_a, female=50, male=50)
    _involved(world.org_a, women=12, men=10)
    s = signal(world.org_a, "equality")
    assert s.status == CLEAR
    assert "broadly reflect" in s.finding.message

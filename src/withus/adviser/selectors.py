"""Gather the plain facts each troubleshooting signal needs, in a fixed number of queries.

Call inside the organisation's scope. Every function here is a read; the rules in `rules.py`
decide what the facts mean.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.utils import timezone

from withus.adviser import rules
from withus.events.models import Event, EventInvitation
from withus.events.timing import aware, zone
from withus.money.models import Payment
from withus.money.selectors import overdue_claims
from withus.projects.models import Outcome, Project
from withus.recruitment.funnel import ChangeFact, build_funnel
from withus.recruitment.models import Candidate, Channel, Opportunity, Stage, StageChange
from withus.reports.figures import baseline_year, display, equality_figures
from withus.voice.models import Contribution
from withus.voice.selectors import loop_stats

ATTENDED = (EventInvitation.Attendance.ATTENDED, EventInvitation.Attendance.LATE)
LIVE_PROJECTS = (Project.Status.PLANNING, Project.Status.ACTIVE, Project.Status.PAUSED)


def year_start(today: dt.date) -> dt.date:
    """The first day of the 12 months that end today."""
    return today - relativedelta(months=12) + dt.timedelta(days=1)


# --- recruitment -------------------------------------------------------------------------------


def openings(organisation) -> list[rules.Opening]:
    rows = (
        Opportunity.objects.filter(status=Opportunity.Status.OPEN)
        .annotate(active=Count("candidates", filter=Q(candidates__stage=Stage.ACTIVE)))
        .values_list("title", "places", "active", "created_at", "closes_on")
        .order_by("created_at", "id")
    )
    tz = zone(organisation.timezone)
    return [
        rules.Opening(title, places, active, created.astimezone(tz).date(), closes)
        for title, places, active, created, closes in rows
    ]


def recruitment_targets() -> list[rules.RecruitmentTarget]:
    """'People recruited' outcomes of projects being planned or running, with their value
    counted the way the project page counts it (distinct people who became active)."""
    outcomes = list(
        Outcome.objects.filter(
            measure=Outcome.Measure.PEOPLE_RECRUITED, project__status__in=LIVE_PROJECTS
        )
        .select_related("project")
        .order_by("due_on", "id")
    )
    if not outcomes:
        return []
    counted = dict(
        Candidate.objects.filter(
            stage=Stage.ACTIVE, opportunity__project__in={o.project_id for o in outcomes}
        )
        .values("opportunity__project")
        .annotate(n=Count("participant", distinct=True))
        .values_list("opportunity__project", "n")
        .order_by()
    )
    return [
        rules.RecruitmentTarget(
            project=o.project.name,
            description=o.description,
            target=o.target,
            value=counted.get(o.project_id, 0),
            starts_on=o.project.starts_on,
            due_on=o.due_on,
        )
        for o in outcomes
    ]


def funnel_facts(organisation, *, now: dt.datetime) -> rules.FunnelFacts:
    """The funnel for people who enquired in the last 12 months (one query), and the channel
    that turned the largest share into active places, among channels with at least as many
    people as the organisation publishes."""
    since = now - relativedelta(months=12)
    grouped: dict[str, list[ChangeFact]] = defaultdict(list)
    everything: list[ChangeFact] = []
    for candidate_id, channel, to_stage, changed_at, pk in StageChange.objects.filter(
        candidate__created_at__gte=since
    ).values_list("candidate_id", "candidate__channel", "to_stage", "changed_at", "id"):
        fact = ChangeFact(candidate_id, to_stage, changed_at, pk)
        grouped[channel].append(fact)
        everything.append(fact)
    overall = build_funnel(everything, now=now)
    threshold = organisation.small_number_threshold
    best, best_share = "", None
    labels = dict(Channel.choices)
    for channel in sorted(grouped):
        funnel = build_funnel(grouped[channel], now=now)
        share = funnel.overall_conversion
        if funnel.candidates >= threshold and share is not None and share > (best_share or 0):
            best, best_share = labels.get(channel, channel), share
    return rules.FunnelFacts(overall.candidates, overall.active, best, best_share)


def stuck_at_enquiry(now: dt.datetime) -> int:
    return Candidate.objects.filter(
        stage=Stage.ENQUIRY,
        stage_changed_at__lt=now - dt.timedelta(days=rules.RECRUITMENT_STUCK_DAYS),
    ).count()


# --- attendance --------------------------------------------------------------------------------


def event_attendance(
    organisation, *, today: dt.date, now: dt.datetime
) -> list[rules.EventAttendance]:
    """Past, not cancelled events in the two comparison windows whose attendance was recorded
    (an event nobody recorded would look like an empty room)."""
    since = today - dt.timedelta(days=2 * rules.ATTENDANCE_WINDOW_DAYS)
    until = aware(today + dt.timedelta(days=1), dt.time(0), organisation.timezone)
    rows = (
        Event.objects.filter(
            starts_at__gte=aware(since, dt.time(0), organisation.timezone),
            starts_at__lt=min(until, now),
        )
        .exclude(status=Event.Status.CANCELLED)
        .annotate(
            attended=Count("invitations", filter=Q(invitations__attendance__in=ATTENDED)),
            recorded=Count(
                "invitations", filter=~Q(invitations__attendance=EventInvitation.Attendance.UNKNOWN)
            ),
        )
        .filter(recorded__gt=0)
        .values_list("project__name", "starts_at", "attended")
        .order_by("starts_at", "id")
    )
    tz = zone(organisation.timezone)
    return [
        rules.EventAttendance(project or "", starts_at.astimezone(tz).date(), attended)
        for project, starts_at, attended in rows
    ]


def involvement_spread(organisation, *, today: dt.date) -> rules.InvolvementSpread:
    since = aware(
        today - dt.timedelta(days=rules.SAME_FEW_WINDOW_DAYS - 1), dt.time(0), organisation.timezone
    )
    until = aware(today + dt.timedelta(days=1), dt.time(0), organisation.timezone)
    rows = EventInvitation.objects.filter(
        attendance__in=ATTENDED, event__starts_at__gte=since, event__starts_at__lt=until
    ).exclude(event__status=Event.Status.CANCELLED)
    totals = rows.aggregate(n=Count("id"), people=Count("participant", distinct=True))
    top = (
        rows.values("participant")
        .annotate(n=Count("id"))
        .order_by("-n", "participant")
        .values_list("n", flat=True)[: rules.few_count(totals["people"])]
    )
    return rules.InvolvementSpread(totals["n"], totals["people"], tuple(top))


# --- feedback and expenses ---------------------------------------------------------------------


def feedback_facts(organisation, *, today: dt.date) -> rules.FeedbackFacts:
    target = organisation.feedback_target_days
    stats = loop_stats(start=year_start(today), end=today, target_days=target, today=today)
    open_overdue = Contribution.objects.filter(
        loop_closed_at__isnull=True, received_on__lte=today - dt.timedelta(days=target)
    ).count()
    return rules.FeedbackFacts(
        received=stats.received,
        due=stats.due,
        closed_within_target=stats.closed_within_target,
        open_overdue=open_overdue,
        target_days=target,
    )


def expense_facts(organisation, *, now: dt.datetime) -> rules.ExpenseFacts:
    tz = zone(organisation.timezone)
    today = now.astimezone(tz).date()
    target = organisation.expense_target_days
    rows = (
        Payment.objects.filter(
            kind=Payment.Kind.EXPENSES,
            status=Payment.Status.PAID,
            claim__isnull=False,
            paid_on__gte=today - dt.timedelta(days=rules.EXPENSES_WINDOW_DAYS),
        )
        .values_list("claim_id", "claim__submitted_at", "paid_on")
        .order_by()
    )
    waits: dict[int, int] = {}
    for claim_id, submitted_at, paid_on in rows:
        # A claim paid in parts waited until its last part was paid.
        wait = max(0, (paid_on - submitted_at.astimezone(tz).date()).days)
        waits[claim_id] = max(wait, waits.get(claim_id, 0))
    count, oldest = overdue_claims(target_days=target, now=now, limit=1)
    return rules.ExpenseFacts(
        waits=tuple(waits.values()),
        waiting_past_target=count,
        oldest_wait=oldest[0].days_waiting if oldest else None,
        target_days=target,
    )


# --- planning, staff, equality -----------------------------------------------------------------


def project_planners() -> list[rules.ProjectPlanners]:
    rows = (
        Project.objects.filter(status__in=LIVE_PROJECTS)
        .annotate(n=Count("co_planners"))
        .values_list("name", "n")
        .order_by("name", "id")
    )
    return [rules.ProjectPlanners(name, n) for name, n in rows]


def staff_training(organisation) -> tuple[int | None, int]:
    """(trained, staff): how many staff completed a staff (or everyone) course, and how many
    staff that is out of, both as the support app counts them (it decides which staff count).
    `trained` is None when the organisation has recorded no training completions at all: then
    the signal says it cannot tell rather than reporting "nobody trained" for an organisation
    that never recorded."""
    from withus.support import selectors as support
    from withus.support.models import Completion

    trained, staff = support.staff_trained_count(organisation)
    if not Completion.objects.exists():
        return None, staff
    return trained, staff


def equality_facts(
    organisation, *, today: dt.date
) -> tuple[list[rules.GroupShare], int | None, str, dt.date]:
    """The equality report's comparison for the last 12 months. The report compares with the
    baseline for the year the period starts in; when that year has none but this year does,
    the period starts on 1 January this year instead, so a new baseline is used straight away."""
    start = year_start(today)
    if baseline_year(organisation, start.year) is None and baseline_year(organisation, today.year):
        start = dt.date(today.year, 1, 1)
    figures = equality_figures(organisation, start=start, end=today)
    groups = [
        rules.GroupShare(
            question=question["question"],
            answer=row["label"],
            involved_share=row["involved_share"],
            baseline_share=row["baseline_share"],
            seldom_heard=row["seldom_heard"],
        )
        for question in figures["questions"]
        for row in question["rows"]
        if not row["separate"]
    ]
    threshold = organisation.small_number_threshold
    return groups, figures["baseline_year"], display(figures["people_involved"], threshold), start


# --- everything --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    today: dt.date
    signals: list[rules.Signal]

    @property
    def firing(self) -> list[rules.Signal]:
        return [s for s in self.signals if s.status == rules.FIRES]

    @property
    def unknown(self) -> list[rules.Signal]:
        return [s for s in self.signals if s.status == rules.UNKNOWN]

    @property
    def clear(self) -> list[rules.Signal]:
        return [s for s in self.signals if s.status == rules.CLEAR]


def all_signals(organisation, *, now: dt.datetime | None = None) -> Report:
    now = now or timezone.now()
    today = now.astimezone(zone(organisation.timezone)).date()
    threshold = organisation.small_number_threshold
    groups, year, involved, _ = equality_facts(organisation, today=today)
    trained, staff = staff_training(organisation)
    signals = [
        rules.recruitment_signal(
            openings(organisation),
            recruitment_targets(),
            stuck=stuck_at_enquiry(now),
            today=today,
            threshold=threshold,
            funnel=funnel_facts(organisation, now=now),
        ),
        rules.attendance_signal(event_attendance(organisation, today=today, now=now), today=today),
        rules.feedback_signal(feedback_facts(organisation, today=today)),
        rules.expenses_signal(expense_facts(organisation, now=now)),
        rules.same_few_signal(involvement_spread(organisation, today=today), threshold=threshold),
        rules.co_planning_signal(project_planners()),
        rules.staff_training_signal(staff=staff, trained=trained),
        rules.equality_signal(groups, baseline_year=year, people_involved=involved),
    ]
    return Report(today=today, signals=rules.ordered(signals))

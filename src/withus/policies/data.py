"""What withus fills in from the organisation's records: the review of current involvement and
the planned activities in the strategy, the rates and expenses in the payment policy, and the
timescales in the complaints process. Each returns blocks ({"kind": "p" or "ul", "items": [...]})
that are saved with a version, so an old version keeps the figures it was approved with.

Counts of people are published figures: they go through reports/suppression.py with the
organisation's threshold ("fewer than 5"). Every read is a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Q

from withus.pages.templatetags.withus_format import nice_date, pounds
from withus.people.choices import Method

MAX_PROJECTS = 30  # the planned activities list at most this many projects by name


def _p(text: str) -> dict:
    return {"kind": "p", "items": [text]}


def _ul(items: list[str]) -> list[dict]:
    return [{"kind": "ul", "items": items}] if items else []


def _method_labels(values) -> list[str]:
    labels = dict(Method.choices)
    return [labels[v] for v in values or [] if v in labels]


def project_period(project) -> str:
    """When a project runs, for a sentence: "from <date> to <date>", "from <date>", "until
    <date>", or "" when it has no dates (the strategy and the welcome pack both use it)."""
    if project.starts_on and project.ends_on:
        return f"from {nice_date(project.starts_on)} to {nice_date(project.ends_on)}"
    if project.starts_on:
        return f"from {nice_date(project.starts_on)}"
    if project.ends_on:
        return f"until {nice_date(project.ends_on)}"
    return ""


REVIEW_PROJECTS = 50  # the review names at most this many projects (the latest)
PEOPLE_PERIOD_DAYS = 365  # "in the last 12 months", today included


def people_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The period the review's counts of people cover: the 12 months up to today."""
    return today - dt.timedelta(days=PEOPLE_PERIOD_DAYS - 1), today


def running_projects(organisation, start: dt.date, end: dt.date):
    """Projects that were running at some point from `start` to `end` (a queryset of pks).

    Never cancelled ones. Planning and running projects count unless their dates fall wholly
    outside the period (no dates means still going). A finished or paused project counts only
    when its dates show it ran in the period: it ended in or after the period, or, with no end
    date, it started in the period. One with no dates at all is not counted: it may have
    stopped years ago."""
    from withus.projects.models import Project

    live = Q(status__in=[Project.Status.PLANNING, Project.Status.ACTIVE]) & (
        (Q(starts_on__isnull=True) | Q(starts_on__lte=end))
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    )
    stopped = Q(status__in=[Project.Status.FINISHED, Project.Status.PAUSED]) & (
        (Q(ends_on__gte=start) & (Q(starts_on__isnull=True) | Q(starts_on__lte=end)))
        | Q(ends_on__isnull=True, starts_on__gte=start, starts_on__lte=end)
    )
    return Project.objects.filter(organisation=organisation).filter(live | stopped).values("pk")


def active_in_role(organisation, start: dt.date, end: dt.date, projects):
    """Participant pks of people ACTIVE in a role on one of `projects` at any moment from the
    start of `start` to the end of `end` (organisation's time), from the recruitment stage
    history, not today's stage: they became active by the end of the period and did not leave
    the active stage before it began."""
    from django.db.models import Exists, OuterRef

    from withus.events.timing import aware
    from withus.recruitment.models import Stage, StageChange

    opens = aware(start, dt.time(0), organisation.timezone)
    closes = aware(end + dt.timedelta(days=1), dt.time(0), organisation.timezone)
    left_before = StageChange.objects.filter(
        candidate=OuterRef("candidate"),
        changed_at__gt=OuterRef("changed_at"),
        changed_at__lt=opens,
    ).exclude(to_stage=Stage.ACTIVE)
    return (
        StageChange.objects.filter(
            organisation=organisation,
            to_stage=Stage.ACTIVE,
            changed_at__lt=closes,
            candidate__opportunity__project__in=projects,
        )
        .exclude(Exists(left_before))
        .values("candidate__participant")
    )


def people_involved(organisation, *, today: dt.date) -> dict[str, int]:
    """Counts of distinct people with lived experience (never visits or places), leaving out
    anyone whose record has been erased. Three queries.

    - "active": on our records as taking part, today;
    - "attended": came (or came late) to at least one event that was not cancelled, in the 12
      months to today (the reports app's definition of people involved);
    - "projects": held a role (active in it, by the recruitment history) at some time in those
      12 months, or co-planned or had a task on a project running in them (running_projects;
      co-planning and tasks have no dates of their own, so the project's dates stand in).
    """
    from withus.people.choices import Status
    from withus.people.models import Participant
    from withus.projects.models import Project
    from withus.reports.figures import involved_invitations

    start, end = people_period(today)
    live = Participant.objects.filter(organisation=organisation, erased_at__isnull=True)
    running = running_projects(organisation, start, end)
    # Roles have dates of their own (the stage history), so a role counts on any project that was
    # not cancelled and had not ended before the period (a paused one with no dates included).
    role_projects = (
        Project.objects.filter(organisation=organisation)
        .exclude(status=Project.Status.CANCELLED)
        .exclude(ends_on__lt=start)
        .values("pk")
    )
    attended = (
        involved_invitations(organisation, start, end)
        .filter(participant__erased_at__isnull=True)
        .values("participant")
    )
    on_projects = live.filter(
        Q(
            pk__in=Project.co_planners.through.objects.filter(project__in=running).values(
                "participant"
            )
        )
        | Q(pk__in=active_in_role(organisation, start, end, role_projects))
        | Q(tasks__project__in=running)
    )
    return {
        "active": live.filter(status=Status.ACTIVE).count(),
        "attended": live.filter(pk__in=attended).count(),
        "projects": on_projects.distinct().count(),
    }


def people_blocks(organisation, *, today: dt.date) -> list[dict]:
    """The review's counts of people, with small counts hidden (a strategy is published)."""
    from withus.reports.suppression import suppress_series

    threshold = organisation.small_number_threshold
    counts = people_involved(organisation, today=today)
    # The three counts overlap (one person can be in all three) and no total is published, so
    # no count can be worked out from the others: primary suppression is enough.
    cells, _total = suppress_series(counts, threshold, with_total=False)
    start, end = people_period(today)
    period = f"between {nice_date(start)} and {nice_date(end)}"
    return [
        _p("People with lived experience taking part (each person counted once):"),
        *_ul(
            [
                f"On our records as taking part with us on {nice_date(today)}:"
                f" {cells['active'].display(threshold)}",
                f"Came to at least one meeting or event {period}:"
                f" {cells['attended'].display(threshold)}",
                f"Held a role {period}, or helped plan or had a task, on projects running in"
                f" that period: {cells['projects'].display(threshold)}",
            ]
        ),
        _p(
            "We count people, not visits: someone who came to ten meetings counts once. People"
            " whose records have been erased are not counted. Counts from 1 to"
            f' {threshold - 1} are shown as "fewer than {threshold}", so nobody can be picked'
            " out."
        ),
    ]


def spend_totals(organisation) -> dict[str, Decimal]:
    """Everything approved or paid from the ledger, all time, as the money app counts it
    (money.selectors.spend_by_project over every project, plus spend on no project): payments
    for time, expenses, the total, and how much of it was for projects later cancelled (money
    paid is spent, whatever happened to the project). One query."""
    from django.db.models import Exists, OuterRef, Sum

    from withus.money.models import Payment
    from withus.money.selectors import CATEGORY_FOR_KIND, with_spend_project
    from withus.projects.models import Project

    cancelled = Project.objects.filter(
        pk=OuterRef("spend_project"), status=Project.Status.CANCELLED
    )
    rows = (
        with_spend_project(Payment.objects.filter(organisation=organisation))
        .annotate(cancelled=Exists(cancelled))
        .values("effective_kind", "cancelled")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    out = {k: Decimal("0") for k in ("payments", "expenses", "cancelled")}
    for row in rows:
        category = CATEGORY_FOR_KIND.get(row["effective_kind"])
        if category is None:
            continue
        amount = row["total"] or Decimal("0")
        out[category] += amount
        if row["cancelled"]:
            out["cancelled"] += amount
    out["total"] = out["payments"] + out["expenses"]
    return out


def budget_total(organisation) -> Decimal:
    """What the projects that were not cancelled budgeted, in total (one query)."""
    from withus.projects.models import BudgetLine, Project
    from withus.projects.rules import line_total

    lines = (
        BudgetLine.objects.filter(project__organisation=organisation)
        .exclude(project__status=Project.Status.CANCELLED)
        .values_list("quantity", "unit_cost")
    )
    return sum((line_total(q, c) for q, c in lines), Decimal("0"))


def review_blocks(organisation, *, today: dt.date) -> list[dict]:
    """The review of current involvement: projects (the latest REVIEW_PROJECTS by name, the
    rest counted), methods, rungs, people and spend. A fixed number of queries, whatever the
    number of projects."""
    from django.db.models import Count, F

    from withus.projects.models import Project

    all_projects = Project.objects.filter(organisation=organisation)
    by_status = {
        row["status"]: row["n"]
        for row in all_projects.values("status").annotate(n=Count("id")).order_by()
    }
    cancelled = by_status.pop(Project.Status.CANCELLED, 0)
    count = sum(by_status.values())
    current = all_projects.exclude(status=Project.Status.CANCELLED)
    projects = list(
        current.select_related("rung").order_by(F("starts_on").desc(nulls_last=True), "name", "id")[
            :REVIEW_PROJECTS
        ]
    )
    blocks: list[dict] = []
    if not count:
        blocks.append(_p("We have no involvement projects recorded yet."))
    else:
        labels = dict(Project.Status.choices)
        summary = ", ".join(
            f"{n} {label}"
            for label, n in sorted((labels.get(k, k).lower(), n) for k, n in by_status.items())
        )
        plural = "s" if count != 1 else ""
        line = f"We have {count} involvement project{plural} on record ({summary})"
        if cancelled:
            line += f"; {cancelled} more {'were' if cancelled != 1 else 'was'} cancelled"
        blocks.append(_p(line + "."))
        lines = []
        for project in projects:
            parts = [f"{project.name} ({project.get_status_display().lower()})"]
            methods = _method_labels(project.methods)
            if methods:
                parts.append("methods: " + "; ".join(methods).lower())
            if project.rung_id:
                parts.append(f"level of participation: {project.rung.name.lower()}")
            lines.append(", ".join(parts))
        if count > len(projects):
            lines.append(f"and {count - len(projects)} more")
        blocks += _ul(lines)

        # One narrow column for every project (not the capped list), so the counts are whole.
        all_methods = current.values_list("methods", flat=True)
        method_counts = Counter(m for methods in all_methods for m in _method_labels(methods))
        if method_counts:
            blocks.append(_p("The methods we use, and how many projects use each:"))
            blocks += _ul([f"{label}: {n}" for label, n in method_counts.most_common()])
        rungs = Counter(
            {
                (row["rung__name"] or ""): row["n"]
                for row in current.values("rung__name").annotate(n=Count("id")).order_by()
            }
        )
        unplaced = rungs.pop("", 0)
        if rungs or unplaced:
            blocks.append(_p("How much say people have (the ladder of participation):"))
            rung_lines = [
                f"{name}: {n}" for name, n in sorted(rungs.items(), key=lambda r: (-r[1], r[0]))
            ]
            if unplaced:
                rung_lines.append(f"Not yet placed on the ladder: {unplaced}")
            blocks += _ul(rung_lines)

    blocks += people_blocks(organisation, today=today)

    spend = spend_totals(organisation)
    budget = budget_total(organisation)
    blocks.append(
        _p(
            "What we have spent on involvement since our records began (approved and paid, from"
            " our ledger):"
        )
    )
    spend_lines = [
        f"Payments to people for their time: {pounds(spend['payments'])}",
        f"Expenses paid back: {pounds(spend['expenses'])}",
        f"Total: {pounds(spend['total'])}",
    ]
    if spend["cancelled"]:
        spend_lines.append(
            f"Of the total, {pounds(spend['cancelled'])} was for projects that were later"
            " cancelled: money paid out is still spent."
        )
    if budget:
        spend_lines.append(f"Total budgeted across our projects: {pounds(budget)}")
    blocks += _ul(spend_lines)
    blocks.append(_p(f"Figures as at {nice_date(today)}."))
    return blocks


def planned_blocks(organisation, *, today: dt.date) -> list[dict]:
    from withus.projects.models import Project

    projects = list(
        Project.objects.filter(
            organisation=organisation,
            status__in=[Project.Status.PLANNING, Project.Status.ACTIVE],
        )
        .select_related("rung")
        .order_by("starts_on", "name")[: MAX_PROJECTS + 1]
    )
    if not projects:
        return [_p("No projects are being planned or running at the moment.")]
    lines = []
    for project in projects[:MAX_PROJECTS]:
        period = project_period(project)
        line = f"{project.name}, {period}." if period else f"{project.name}."
        aims = " ".join((project.aims or project.why or "").split())
        if aims:
            line += f" Aims: {aims[:200].rstrip('.')}."
        methods = _method_labels(project.methods)
        if methods:
            line += " Methods: " + "; ".join(methods).lower() + "."
        if project.rung_id:
            line += f" Level of participation it aims for: {project.rung.name.lower()}."
        lines.append(line)
    blocks = [_p("Projects being planned or running now:"), *_ul(lines)]
    if len(projects) > MAX_PROJECTS:
        blocks.append(_p("There are more projects than listed here."))
    return blocks


def current_rate_cards(organisation, *, today: dt.date):
    from withus.money.models import RateCard

    return list(
        RateCard.objects.filter(organisation=organisation, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("responsibility", "name")
    )


def rate_line(card) -> str:
    line = f"{card.name} ({card.get_responsibility_display().lower()}): {pounds(card.amount)}"
    line += f" {card.get_basis_display().lower()}"
    if card.expected_hours and card.basis != "hourly":
        hours = f"{card.expected_hours.normalize():f}"
        line += f", for about {hours} hour{'s' if card.expected_hours != 1 else ''}"
    return line


def rates_blocks(organisation, *, today: dt.date) -> list[dict]:
    cards = current_rate_cards(organisation, today=today)
    if not cards:
        return [_p("Our rates have not been set yet. Ask us what we pay for each activity.")]
    return [
        _p(f"Our rates from {nice_date(today)}:"),
        *_ul([rate_line(card) for card in cards]),
        _p(
            f"If someone is given vouchers for more than {organisation.regular_voucher_count - 1}"
            " activities in 12 months, we treat the vouchers as regular payments."
        ),
    ]


def mileage_lines(*, today: dt.date) -> list[str]:
    from withus.money.models import MileageRate

    rates = list(MileageRate.objects.filter(effective_from__lte=today).order_by("-effective_from"))
    latest: dict[str, object] = {}
    for rate in rates:
        latest.setdefault(rate.vehicle, rate)
    lines = []
    for vehicle in MileageRate.Vehicle.values:  # car, motorcycle, bicycle, passenger
        rate = latest.get(vehicle)
        if rate is not None:
            pence = f"{(rate.per_mile * 100).normalize():f}p"
            lines.append(f"{rate.get_vehicle_display()}: {pence} a mile")
    return lines


def expenses_blocks(organisation, *, today: dt.date) -> list[dict]:
    blocks = [
        _p(
            f"We aim to pay back expenses within {organisation.expense_target_days} days of"
            " receiving a claim."
        )
    ]
    miles = mileage_lines(today=today)
    if miles:
        blocks.append(_p("If you use your own vehicle, we pay HMRC's approved mileage rates:"))
        blocks += _ul(miles)
    return blocks


def complaints_blocks(organisation, *, today: dt.date) -> list[dict]:
    from withus.concerns.models import (
        ACKNOWLEDGE_WITHIN_WORKING_DAYS,
        RESPOND_WITHIN_WORKING_DAYS,
    )

    return [
        *_ul(
            [
                f"We tell you we have received it within {ACKNOWLEDGE_WITHIN_WORKING_DAYS}"
                " working days.",
                f"We give you a full answer within {RESPOND_WITHIN_WORKING_DAYS} working days.",
                "A worry about someone's safety goes straight to our safeguarding lead.",
            ]
        ),
        _p("Working days are Monday to Friday, not counting bank holidays."),
    ]


FILLERS = {
    "review": review_blocks,
    "planned": planned_blocks,
    "rates": rates_blocks,
    "expenses": expenses_blocks,
    "complaints": complaints_blocks,
}


def fill(name: str, organisation, *, today: dt.date) -> list[dict]:
    if not name:
        return []
    return FILLERS[name](organisation, today=today)

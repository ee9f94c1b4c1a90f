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

MAX_PROJECTS = 30  # a strategy lists at most this many projects by name


def _p(text: str) -> dict:
    return {"kind": "p", "items": [text]}


def _ul(items: list[str]) -> list[dict]:
    return [{"kind": "ul", "items": items}] if items else []


def _method_labels(values) -> list[str]:
    labels = dict(Method.choices)
    return [labels[v] for v in values or [] if v in labels]


def _period(project) -> str:
    if project.starts_on and project.ends_on:
        return f"{nice_date(project.starts_on)} to {nice_date(project.ends_on)}"
    if project.starts_on:
        return f"from {nice_date(project.starts_on)}"
    if project.ends_on:
        return f"until {nice_date(project.ends_on)}"
    return ""


def people_involved(organisation) -> tuple[int, int]:
    """(people active now, people taking part in a project): distinct, not erased."""
    from withus.people.choices import Status
    from withus.people.models import Participant
    from withus.recruitment.models import Stage

    live = Participant.objects.filter(organisation=organisation, erased_at__isnull=True)
    active = live.filter(status=Status.ACTIVE).count()
    in_projects = (
        live.filter(
            Q(co_planned_projects__isnull=False)
            | Q(candidacies__stage=Stage.ACTIVE)
            | Q(tasks__isnull=False)
        )
        .distinct()
        .count()
    )
    return active, in_projects


def review_blocks(organisation, *, today: dt.date) -> list[dict]:
    from withus.money.selectors import spend_by_project
    from withus.projects.models import Project
    from withus.reports.suppression import suppress_series

    threshold = organisation.small_number_threshold
    projects = list(
        Project.objects.filter(organisation=organisation)
        .exclude(status=Project.Status.CANCELLED)
        .select_related("rung")
        .order_by("-starts_on", "name")
    )
    blocks: list[dict] = []
    if not projects:
        blocks.append(_p("We have no involvement projects recorded yet."))
    else:
        by_status = Counter(p.get_status_display().lower() for p in projects)
        summary = ", ".join(f"{n} {label}" for label, n in sorted(by_status.items()))
        blocks.append(
            _p(
                f"We have {len(projects)} involvement project{'s' if len(projects) != 1 else ''}"
                f" on record ({summary})."
            )
        )
        lines = []
        for project in projects[:MAX_PROJECTS]:
            parts = [f"{project.name} ({project.get_status_display().lower()})"]
            methods = _method_labels(project.methods)
            if methods:
                parts.append("methods: " + "; ".join(methods).lower())
            if project.rung_id:
                parts.append(f"level of participation: {project.rung.name.lower()}")
            lines.append(", ".join(parts))
        if len(projects) > MAX_PROJECTS:
            lines.append(f"and {len(projects) - MAX_PROJECTS} more")
        blocks += _ul(lines)

        method_counts = Counter(m for p in projects for m in _method_labels(p.methods))
        if method_counts:
            blocks.append(_p("The methods we use, and how many projects use each:"))
            blocks += _ul([f"{label}: {n}" for label, n in method_counts.most_common()])
        rungs = Counter(p.rung.name for p in projects if p.rung_id)
        unplaced = sum(1 for p in projects if not p.rung_id)
        if rungs or unplaced:
            blocks.append(_p("How much say people have (the ladder of participation):"))
            rung_lines = [f"{name}: {n}" for name, n in rungs.most_common()]
            if unplaced:
                rung_lines.append(f"Not yet placed on the ladder: {unplaced}")
            blocks += _ul(rung_lines)

    active, in_projects = people_involved(organisation)
    cells, _total = suppress_series(
        {"active": active, "projects": in_projects}, threshold, with_total=False
    )
    blocks.append(_p("People with lived experience taking part:"))
    blocks += _ul(
        [
            f"Taking part with us now: {cells['active'].display(threshold)}",
            f"Named on a project: {cells['projects'].display(threshold)}",
        ]
    )
    blocks.append(_p(f"Counts below {threshold} are not shown, so nobody can be picked out."))

    rows, unlinked = spend_by_project(projects)
    payments = sum((r.spent_payments for r in rows), Decimal("0")) + unlinked["payments"]
    expenses = sum((r.spent_expenses for r in rows), Decimal("0")) + unlinked["expenses"]
    budget = sum((r.budget_total for r in rows), Decimal("0"))
    blocks.append(_p("What we have spent on involvement (approved and paid, from our ledger):"))
    spend = [
        f"Payments to people for their time: {pounds(payments)}",
        f"Expenses paid back: {pounds(expenses)}",
        f"Total: {pounds(payments + expenses)}",
    ]
    if budget:
        spend.append(f"Total budgeted across our projects: {pounds(budget)}")
    blocks += _ul(spend)
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
        period = _period(project)
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

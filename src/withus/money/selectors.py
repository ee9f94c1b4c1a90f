"""Reads for the money pages: what is owed, overdue claims, how fast people are paid back, a
person's totals per tax year, spend against project budgets, and the ledger for export.

Every function runs a fixed number of queries whatever the number of rows (pages are tested at
1 and 20 payments). Called inside the organisation's scope, so the scoped managers only ever see
that organisation's rows.

Reversals (corrections) are negative rows; they count against the kind of the payment they
correct, so an involvement payment reversed nets to nothing under "payments".
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from withus.money.models import ExpenseClaim, ExpenseItem, Payment
from withus.money_utils import money

K = Payment.Kind
S = Payment.Status
ZERO = Decimal("0.00")
COUNTED = (S.APPROVED, S.PAID)  # what counts as spent: drafts are only proposals


# --- dates ---------------------------------------------------------------------------------------


def tax_year_start(day: dt.date) -> dt.date:
    """The UK tax year runs from 6 April to 5 April."""
    start = dt.date(day.year, 4, 6)
    return start if day >= start else dt.date(day.year - 1, 4, 6)


def tax_year_label(start: dt.date) -> str:
    """6 April 2025 → '2025 to 2026'."""
    return f"{start.year} to {start.year + 1}"


# --- shared expressions --------------------------------------------------------------------------


def with_effective_kind(payments: QuerySet[Payment]) -> QuerySet[Payment]:
    """`effective_kind`: a reversal takes the kind of the payment it corrects."""
    return payments.annotate(
        effective_kind=Case(
            When(kind=K.REVERSAL, then=F("reverses__kind")),
            default=F("kind"),
            output_field=CharField(),
        )
    )


def _sum(value) -> Decimal:
    return money(value) if value is not None else ZERO


# --- the money home ------------------------------------------------------------------------------


@dataclass
class Owed:
    method: str
    label: str
    count: int
    total: Decimal


@dataclass
class Overview:
    owed: list[Owed]
    owed_total: Decimal
    claims_waiting: int
    claims_waiting_total: Decimal
    overdue_count: int
    overdue: list[ExpenseClaim]
    target_days: int
    median_days: float | None
    median_sample: int
    month_start: dt.date
    year_start: dt.date
    totals: dict[str, Decimal] = field(default_factory=dict)


def owed_now() -> list[Owed]:
    """Approved and not paid yet, by method: what the organisation still has to pay out.
    Corrections are not paid out, and a corrected payment is never paid, so neither counts."""
    rows = (
        Payment.objects.filter(status=S.APPROVED, reversed_by__isnull=True)
        .exclude(kind=K.REVERSAL)
        .values("method")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by("method")
    )
    labels = dict(Payment.Method.choices)
    return [
        Owed(row["method"], labels.get(row["method"], row["method"]), row["n"], _sum(row["total"]))
        for row in rows
    ]


def claims_waiting() -> tuple[int, Decimal]:
    row = ExpenseItem.objects.filter(claim__status=ExpenseClaim.Status.SUBMITTED).aggregate(
        n=Count("claim", distinct=True), total=Sum("amount_claimed")
    )
    return row["n"] or 0, _sum(row["total"])


def overdue_claims(*, target_days: int, now: dt.datetime, limit: int = 20):
    """Claims not yet paid (or turned down) that are older than the organisation's target."""
    open_claims = ExpenseClaim.objects.filter(
        status__in=[ExpenseClaim.Status.SUBMITTED, ExpenseClaim.Status.APPROVED],
        submitted_at__lt=now - dt.timedelta(days=target_days),
    )
    count = open_claims.count()
    oldest = list(
        open_claims.select_related("participant", "event")
        .annotate(total=Sum("items__amount_claimed"))
        .order_by("submitted_at", "id")[:limit]
    )
    for claim in oldest:
        claim.days_waiting = (now - claim.submitted_at).days
    return count, oldest


def median_days_to_payment(*, today: dt.date, tz, days: int = 90) -> tuple[float | None, int]:
    """Median days from a claim being made to the day it was paid, for claims paid in the last
    `days` days. Returns (median, how many claims it is worked out from)."""
    rows = (
        Payment.objects.filter(
            kind=K.EXPENSES,
            status=S.PAID,
            claim__isnull=False,
            paid_on__gte=today - dt.timedelta(days=days),
        )
        .values_list("claim_id", "claim__submitted_at", "paid_on")
        .order_by()
    )
    waits: dict[int, int] = {}
    for claim_id, submitted_at, paid_on in rows:
        wait = max(0, (paid_on - submitted_at.astimezone(tz).date()).days)
        waits[claim_id] = max(wait, waits.get(claim_id, 0))
    if not waits:
        return None, 0
    return float(statistics.median(waits.values())), len(waits)


def paid_totals(*, today: dt.date) -> dict[str, Decimal]:
    """Paid this calendar month and this tax year, split into payments and expenses."""
    year_start = tax_year_start(today)
    month_start = today.replace(day=1)
    since = min(year_start, month_start)
    involvement = Q(effective_kind=K.INVOLVEMENT)
    expenses = Q(effective_kind=K.EXPENSES)
    in_month = Q(paid_on__gte=month_start, paid_on__lte=today)
    in_year = Q(paid_on__gte=year_start, paid_on__lte=today)
    row = with_effective_kind(
        Payment.objects.filter(status=S.PAID, paid_on__gte=since, paid_on__lte=today)
    ).aggregate(
        month_payments=Sum("amount", filter=in_month & involvement),
        month_expenses=Sum("amount", filter=in_month & expenses),
        year_payments=Sum("amount", filter=in_year & involvement),
        year_expenses=Sum("amount", filter=in_year & expenses),
    )
    totals = {key: _sum(value) for key, value in row.items()}
    totals["month"] = totals["month_payments"] + totals["month_expenses"]
    totals["year"] = totals["year_payments"] + totals["year_expenses"]
    return totals


def overview(organisation, *, now: dt.datetime, tz) -> Overview:
    today = now.astimezone(tz).date()
    owed = owed_now()
    waiting, waiting_total = claims_waiting()
    overdue_count, overdue = overdue_claims(target_days=organisation.expense_target_days, now=now)
    median, sample = median_days_to_payment(today=today, tz=tz)
    return Overview(
        owed=owed,
        owed_total=sum((o.total for o in owed), ZERO),
        claims_waiting=waiting,
        claims_waiting_total=waiting_total,
        overdue_count=overdue_count,
        overdue=overdue,
        target_days=organisation.expense_target_days,
        median_days=median,
        median_sample=sample,
        month_start=today.replace(day=1),
        year_start=tax_year_start(today),
        totals=paid_totals(today=today),
    )


# --- one person --------------------------------------------------------------------------------


@dataclass
class TaxYear:
    start: dt.date
    payments: Decimal = ZERO  # involvement payments, vouchers included
    vouchers: Decimal = ZERO  # the part of `payments` given as vouchers
    expenses: Decimal = ZERO  # exact out-of-pocket costs paid back

    @property
    def label(self) -> str:
        return tax_year_label(self.start)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start.year + 1, 4, 5)

    @property
    def total(self) -> Decimal:
        return self.payments + self.expenses


@dataclass
class PersonTotals:
    years: list[TaxYear]  # newest first, by the date paid
    to_pay_payments: Decimal  # approved, not paid yet
    to_pay_expenses: Decimal


def person_payments(participant) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(participant=participant)
        .select_related("event", "project", "batch", "reverses", "reversed_by")
        .order_by("-activity_date", "-id")
    )


def person_claims(participant) -> QuerySet[ExpenseClaim]:
    return (
        ExpenseClaim.objects.filter(participant=participant)
        .select_related("event", "project")
        .annotate(
            claimed=Sum("items__amount_claimed"),
            reimbursed=Sum("items__amount_reimbursed"),
            item_count=Count("items"),
        )
        .order_by("-submitted_at", "-id")
    )


@dataclass(frozen=True)
class PaidLine:
    """One paid amount as a person declares it: on the day it counts (a correction counts on
    the day the line it corrects was paid)."""

    day: dt.date
    kind: str  # K.INVOLVEMENT or K.EXPENSES
    method: str
    amount: Decimal


@dataclass
class PersonLedger:
    paid: list[PaidLine]
    to_pay_payments: Decimal  # approved, not paid yet
    to_pay_expenses: Decimal


def person_ledger(participant) -> PersonLedger:
    """A person's approved and paid lines: each paid amount on the day it counts (the date
    paid), and what is approved but not paid yet.
    A correction of a paid line counts on the day the line was paid; a corrected line that was
    never paid counts nowhere; drafts are only proposals. One query. Shared by the staff
    person totals and the portal's money statement."""
    rows = (
        with_effective_kind(Payment.objects.filter(participant=participant, status__in=COUNTED))
        .annotate(corrected=F("reversed_by__id"))
        .values_list(
            "kind",
            "status",
            "paid_on",
            "effective_kind",
            "method",
            "amount",
            "corrected",
            "reverses__status",
            "reverses__paid_on",
        )
        .order_by()
    )
    paid: list[PaidLine] = []
    to_pay = {K.INVOLVEMENT: ZERO, K.EXPENSES: ZERO}
    for kind, status, paid_on, effective, method, amount, corrected, was, was_paid_on in rows:
        if effective not in to_pay:
            continue
        day = None
        if kind == K.REVERSAL:
            if was == S.PAID and was_paid_on is not None:
                day = was_paid_on
        elif status == S.PAID:
            day = paid_on
        elif corrected is None:
            to_pay[effective] += amount
        if day is not None:
            paid.append(PaidLine(day=day, kind=effective, method=method, amount=amount))
    return PersonLedger(
        paid=paid,
        to_pay_payments=money(to_pay[K.INVOLVEMENT]),
        to_pay_expenses=money(to_pay[K.EXPENSES]),
    )


def person_totals(participant) -> PersonTotals:
    """Paid amounts per tax year by the date paid (what a person declares), and what is
    approved but not paid yet (see person_ledger for the rules). One query."""
    ledger = person_ledger(participant)
    years: dict[dt.date, TaxYear] = {}
    for line in ledger.paid:
        start = tax_year_start(line.day)
        year = years.setdefault(start, TaxYear(start))
        if line.kind == K.INVOLVEMENT:
            year.payments += line.amount
            if line.method == Payment.Method.VOUCHER:
                year.vouchers += line.amount
        else:
            year.expenses += line.amount
    return PersonTotals(
        years=[years[start] for start in sorted(years, reverse=True)],
        to_pay_payments=ledger.to_pay_payments,
        to_pay_expenses=ledger.to_pay_expenses,
    )


def claim_items(claim_ids: list[int]) -> QuerySet[ExpenseItem]:
    return ExpenseItem.objects.filter(claim_id__in=claim_ids).order_by("claim_id", "spent_on", "id")


# --- spend against project budgets -------------------------------------------------------------

# Budget categories the ledger fills in: involvement payments and participants' expenses.
CATEGORY_FOR_KIND = {K.INVOLVEMENT: "payments", K.EXPENSES: "expenses"}


def with_spend_project(payments: QuerySet[Payment]) -> QuerySet[Payment]:
    """Approved and paid lines with `spend_project`: the project they are linked to directly,
    through their event, or through their expense claim (or the claim's event)."""
    return with_effective_kind(payments.filter(status__in=COUNTED)).annotate(
        spend_project=Coalesce(
            "project_id",
            "event__project_id",
            "claim__project_id",
            "claim__event__project_id",
        )
    )


def _spend_rows(payments: QuerySet[Payment]):
    """(project id, kind, total) rows."""
    return (
        payments.values("spend_project", "effective_kind").annotate(total=Sum("amount")).order_by()
    )


def project_spend(project) -> dict[str, Decimal]:
    """What the ledger says was spent on one project, by budget category (one query)."""
    spent = {"payments": ZERO, "expenses": ZERO}
    rows = _spend_rows(with_spend_project(Payment.objects.all()).filter(spend_project=project.pk))
    for row in rows:
        category = CATEGORY_FOR_KIND.get(row["effective_kind"])
        if category:
            spent[category] += _sum(row["total"])
    spent["total"] = spent["payments"] + spent["expenses"]
    return spent


@dataclass
class ProjectSpend:
    project: object
    budget_payments: Decimal = ZERO
    budget_expenses: Decimal = ZERO
    budget_total: Decimal = ZERO
    spent_payments: Decimal = ZERO
    spent_expenses: Decimal = ZERO

    @property
    def spent_total(self) -> Decimal:
        return self.spent_payments + self.spent_expenses

    @property
    def left_payments(self) -> Decimal:
        return self.budget_payments - self.spent_payments

    @property
    def left_expenses(self) -> Decimal:
        return self.budget_expenses - self.spent_expenses

    @property
    def over_payments(self) -> Decimal:
        return max(-self.left_payments, ZERO)

    @property
    def over_expenses(self) -> Decimal:
        return max(-self.left_expenses, ZERO)

    @property
    def over(self) -> bool:
        return bool(self.over_payments or self.over_expenses)


def spend_by_project(projects: list) -> tuple[list[ProjectSpend], dict[str, Decimal]]:
    """Each project's payments and expenses budgets against the ledger, plus what was spent on
    no project at all. Three queries, whatever the number of projects."""
    from withus.projects.models import BudgetLine
    from withus.projects.rules import line_total

    by_id = {project.pk: ProjectSpend(project) for project in projects}
    lines = BudgetLine.objects.filter(project_id__in=list(by_id)).values_list(
        "project_id", "category", "quantity", "unit_cost"
    )
    for project_id, category, quantity, unit_cost in lines:
        row = by_id[project_id]
        total = line_total(quantity, unit_cost)
        row.budget_total += total
        if category == "payments":
            row.budget_payments += total
        elif category == "expenses":
            row.budget_expenses += total
    unlinked = {"payments": ZERO, "expenses": ZERO}
    for row in _spend_rows(with_spend_project(Payment.objects.all())):
        category = CATEGORY_FOR_KIND.get(row["effective_kind"])
        if category is None:
            continue
        amount = _sum(row["total"])
        target = by_id.get(row["spend_project"])
        if row["spend_project"] is None:
            unlinked[category] += amount
        elif target is not None:
            if category == "payments":
                target.spent_payments += amount
            else:
                target.spent_expenses += amount
    unlinked["total"] = unlinked["payments"] + unlinked["expenses"]
    return list(by_id.values()), unlinked


# --- the ledger, for export --------------------------------------------------------------------


def ledger(date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[Payment]:
    payments = Payment.objects.all()
    if date_from:
        payments = payments.filter(activity_date__gte=date_from)
    if date_to:
        payments = payments.filter(activity_date__lte=date_to)
    return payments.select_related(
        "participant",
        "project",
        "event",
        "batch",
        "rate_card",
        "reverses",
        "reversed_by",
        "approved_by",
    ).order_by("activity_date", "id")

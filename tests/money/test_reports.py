"""Money reports: the money home, a person's totals by tax year, spend against project budgets,
and the project budget's ledger figures. Pages keep a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from tests.events.builders import make_event
from tests.money.builders import make_payment
from withus.money import selectors
from withus.money.models import ExpenseClaim, ExpenseItem, Payment, PaymentBatch
from withus.projects.models import BudgetLine, Project

S = Payment.Status
K = Payment.Kind
M = Payment.Method
_refs = itertools.count(1)


def paid(org, person, *, paid_on, batch=None, **fields) -> Payment:
    """A paid payment, inserted in its final state (the ledger guard allows inserts)."""
    fields.setdefault("amount", Decimal("40.00"))
    batch = batch or PaymentBatch.unscoped.create(
        organisation=org,
        reference=f"T-{next(_refs)}",
        status=PaymentBatch.Status.PAID,
        method=fields.get("method", M.BANK),
        total=fields["amount"],
        paid_on=paid_on,
    )
    return make_payment(
        org,
        person,
        status=S.PAID,
        paid_on=paid_on,
        batch=batch,
        approved_at=timezone.now(),
        **fields,
    )


def approved(org, person, **fields) -> Payment:
    return make_payment(org, person, status=S.APPROVED, approved_at=timezone.now(), **fields)


def reversal_of(payment, **fields) -> Payment:
    fields.setdefault("activity_date", payment.activity_date)
    return make_payment(
        payment.organisation,
        payment.participant,
        kind=K.REVERSAL,
        status=S.APPROVED,
        amount=-payment.amount,
        method=payment.method,
        reverses=payment,
        project=payment.project,
        event=payment.event,
        **fields,
    )


def claim(org, person, *, submitted_at, status=ExpenseClaim.Status.SUBMITTED, amounts=("4.80",)):
    made = ExpenseClaim.unscoped.create(
        organisation=org, participant=person, submitted_at=submitted_at, status=status
    )
    for amount in amounts:
        ExpenseItem.unscoped.create(
            organisation=org,
            claim=made,
            category=ExpenseItem.Category.TRAVEL,
            spent_on=submitted_at.date(),
            amount_claimed=Decimal(amount),
            no_receipt_reason="Paid cash on the bus",
        )
    return made


# --- the money home ------------------------------------------------------------------------------


def _overview(client, world):
    return client.get(reverse("money:overview", kwargs={"org_slug": world.org_a.slug}))


def test_overview_figures(client, world, people):
    org, jo, sam = world.org_a, people["jo"], people["sam"]
    now = timezone.now()
    today = timezone.localdate()
    approved(org, jo, amount=Decimal("40.00"))
    approved(org, sam, amount=Decimal("25.00"), method=M.VOUCHER)
    corrected = approved(org, sam, amount=Decimal("99.00"))
    reversal_of(corrected, idempotency_key="fix-1")
    approved(org, jo, amount=Decimal("5.00"))
    paid(org, jo, paid_on=today, amount=Decimal("30.00"))
    paid(org, sam, paid_on=today, kind=K.EXPENSES, amount=Decimal("6.50"))
    # Waiting: one fresh, one overdue (older than the 7-day target).
    claim(org, jo, submitted_at=now - dt.timedelta(days=1), amounts=("4.80", "2.00"))
    late = claim(org, sam, submitted_at=now - dt.timedelta(days=12))
    # Paid back: claims made 2, 4 and 9 days before payment → median 4.
    for days in (2, 4, 9):
        made = claim(
            org, jo, submitted_at=now - dt.timedelta(days=days), status=ExpenseClaim.Status.PAID
        )
        paid(org, jo, paid_on=today, kind=K.EXPENSES, claim=made, amount=Decimal("1.00"))
    with scope(organisation=org):
        summary = selectors.overview(org, now=now, tz=timezone.get_current_timezone())
    owed = {row.method: (row.count, row.total) for row in summary.owed}
    # The corrected £99 and its correction are not owed; neither is anything paid.
    assert owed == {"bank": (2, Decimal("45.00")), "voucher": (1, Decimal("25.00"))}
    assert summary.owed_total == Decimal("70.00")
    assert (summary.claims_waiting, summary.claims_waiting_total) == (2, Decimal("11.60"))
    assert summary.overdue_count == 1 and summary.overdue[0].pk == late.pk
    assert summary.overdue[0].days_waiting == 12
    assert summary.median_days == 4 and summary.median_sample == 3
    assert summary.totals["month_payments"] == Decimal("30.00")
    assert summary.totals["month_expenses"] == Decimal("9.50")
    assert summary.totals["year"] == Decimal("39.50")

    client.force_login(world.finance_a)
    page = _overview(client, world).content.decode()
    assert "£70.00" in page and "Overdue claims" in page and "Sam Carter" in page
    assert "within <strong>4 days</strong>" in page
    # The ledger dates are filled in the way a date box reads them.
    assert f'value="{selectors.tax_year_start(today).isoformat()}"' in page


def test_overview_has_a_fixed_number_of_queries(client, world, people):
    org, jo = world.org_a, people["jo"]
    now = timezone.now()
    client.force_login(world.alice)

    def add(n):
        for _ in range(n):
            approved(org, jo)
            paid(org, jo, paid_on=timezone.localdate())
            claim(org, jo, submitted_at=now - dt.timedelta(days=20))

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert _overview(client, world).status_code == 200
    add(19)
    with CaptureQueriesContext(connection) as many:
        assert _overview(client, world).status_code == 200
    assert len(many) == len(one)


def test_overview_is_for_coordinators_and_finance_not_viewers(client, world):
    for user, status in [(world.alice, 200), (world.finance_a, 200), (world.bob, 403)]:
        client.force_login(user)
        assert _overview(client, world).status_code == status


# --- one person --------------------------------------------------------------------------------


def _person_url(world, person, name="money:person"):
    return reverse(name, kwargs={"org_slug": world.org_a.slug, "pk": person.pk})


def test_person_totals_split_by_tax_year_on_the_date_paid(world, people):
    org, jo = world.org_a, people["jo"]
    paid(org, jo, paid_on=dt.date(2025, 4, 5), amount=Decimal("40.00"))  # 2024 to 2025
    paid(org, jo, paid_on=dt.date(2025, 4, 6), amount=Decimal("37.50"))  # 2025 to 2026
    paid(org, jo, paid_on=dt.date(2025, 9, 1), amount=Decimal("20.00"), method=M.VOUCHER)
    paid(org, jo, paid_on=dt.date(2025, 9, 2), amount=Decimal("4.80"), kind=K.EXPENSES)
    wrong = paid(org, jo, paid_on=dt.date(2025, 10, 1), amount=Decimal("10.00"))
    reversal_of(wrong, activity_date=dt.date(2026, 5, 1))  # counts against 2025 to 2026
    approved(org, jo, amount=Decimal("60.00"))
    approved(org, jo, amount=Decimal("3.20"), kind=K.EXPENSES)
    never_paid = approved(org, jo, amount=Decimal("500.00"))
    reversal_of(never_paid)
    make_payment(org, jo, amount=Decimal("70.00"))  # a draft counts nowhere
    paid(org, people["sam"], paid_on=dt.date(2025, 9, 1))  # someone else
    with scope(organisation=org):
        totals = selectors.person_totals(jo)
    years = {year.label: year for year in totals.years}
    assert list(years) == ["2025 to 2026", "2024 to 2025"]
    this = years["2025 to 2026"]
    assert (this.payments, this.vouchers, this.expenses) == (
        Decimal("57.50"),
        Decimal("20.00"),
        Decimal("4.80"),
    )
    assert this.total == Decimal("62.30")
    assert years["2024 to 2025"].payments == Decimal("40.00")
    assert (totals.to_pay_payments, totals.to_pay_expenses) == (Decimal("60.00"), Decimal("3.20"))


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (dt.date(2026, 4, 5), dt.date(2025, 4, 6)),
        (dt.date(2026, 4, 6), dt.date(2026, 4, 6)),
        (dt.date(2026, 1, 1), dt.date(2025, 4, 6)),
        (dt.date(2026, 12, 31), dt.date(2026, 4, 6)),
    ],
)
def test_tax_year_starts_on_6_april(day, start):
    assert selectors.tax_year_start(day) == start


def test_person_page_shows_totals_and_lines(client, world, people):
    org, jo = world.org_a, people["jo"]
    paid(org, jo, paid_on=dt.date(2025, 9, 1), amount=Decimal("37.50"), description="Forum")
    claim(org, jo, submitted_at=timezone.now())
    client.force_login(world.finance_a)
    page = client.get(_person_url(world, jo)).content.decode()
    assert "2025 to 2026" in page and "£37.50" in page and "Forum" in page
    assert "benefits" in page and "not advice" in page
    printable = client.get(_person_url(world, jo) + "?format=print").content.decode()
    assert "govuk-service-navigation" not in printable and "£37.50" in printable
    assert "Joanna Bloggs" in printable  # the legal name, for their records


def test_person_page_has_a_fixed_number_of_queries(client, world, people):
    org, jo = world.org_a, people["jo"]
    client.force_login(world.alice)
    project = Project.unscoped.create(organisation=org, name="Forum")
    event = make_event(org, project=project)

    def add(n):
        for _ in range(n):
            done = paid(org, jo, paid_on=dt.date(2025, 9, 1), event=event, project=project)
            reversal_of(done)
            approved(org, jo)
            claim(org, jo, submitted_at=timezone.now())

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(_person_url(world, jo)).status_code == 200
    add(19)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_person_url(world, jo)).status_code == 200
    assert len(many) == len(one)


def test_another_organisations_person_is_404(client, world, people):
    client.force_login(world.finance_a)
    url = _person_url(world, people["bo"])
    assert client.get(url).status_code == 404
    assert client.get(_person_url(world, people["bo"], "money:person_xlsx")).status_code == 404


# --- spend against budgets ---------------------------------------------------------------------


@pytest.fixture
def forum(world):
    org = world.org_a
    project = Project.unscoped.create(organisation=org, name="Women's forum")
    for category, quantity, cost in [("payments", 10, "40.00"), ("expenses", 10, "5.00")]:
        BudgetLine.unscoped.create(
            organisation=org,
            project=project,
            category=category,
            description=category,
            quantity=quantity,
            unit_cost=Decimal(cost),
        )
    BudgetLine.unscoped.create(
        organisation=org, project=project, category="venue", description="Hall", unit_cost=100
    )
    return project


def test_spend_counts_approved_and_paid_lines_for_the_project_and_its_events(world, people, forum):
    org, jo, sam = world.org_a, people["jo"], people["sam"]
    other = Project.unscoped.create(organisation=org, name="Research")
    event = make_event(org, project=forum)
    approved(org, jo, project=forum, amount=Decimal("40.00"))
    paid(org, sam, paid_on=dt.date(2026, 5, 1), event=event, amount=Decimal("40.00"))
    paid(org, sam, paid_on=dt.date(2026, 5, 1), event=event, kind=K.EXPENSES, amount="4.80")
    wrong = approved(org, jo, project=forum, amount=Decimal("99.00"))
    reversal_of(wrong)
    made = claim(org, jo, submitted_at=timezone.now(), status=ExpenseClaim.Status.APPROVED)
    made.event = event
    made.save()
    approved(org, jo, kind=K.EXPENSES, claim=made, amount=Decimal("2.00"))
    make_payment(org, jo, project=forum, amount=Decimal("500.00"))  # draft: not spent
    approved(org, jo, project=other, amount=Decimal("15.00"))
    approved(org, jo, amount=Decimal("12.00"))  # no project at all
    with scope(organisation=org):
        rows, unlinked = selectors.spend_by_project([forum, other])
        alone = selectors.project_spend(forum)
    row = {r.project.pk: r for r in rows}[forum.pk]
    assert (row.budget_payments, row.spent_payments) == (Decimal("400.00"), Decimal("80.00"))
    assert (row.budget_expenses, row.spent_expenses) == (Decimal("50.00"), Decimal("6.80"))
    assert row.budget_total == Decimal("550.00")
    assert alone == {
        "payments": Decimal("80.00"),
        "expenses": Decimal("6.80"),
        "total": Decimal("86.80"),
    }
    assert {r.project.pk: r for r in rows}[other.pk].spent_payments == Decimal("15.00")
    assert unlinked["payments"] == Decimal("12.00")


def test_spend_page_and_project_budget_show_the_ledger(client, world, people, forum):
    org = world.org_a
    approved(org, people["jo"], project=forum, amount=Decimal("440.00"))
    client.force_login(world.bob)  # a viewer reads reports
    page = client.get(reverse("money:spend", kwargs={"org_slug": org.slug})).content.decode()
    assert "Women&#x27;s forum" in page and "£440.00" in page and "£40.00 over" in page
    detail = client.get(
        reverse("projects:detail", kwargs={"org_slug": org.slug, "pk": forum.pk})
    ).content.decode()
    assert "Spent, from the payments ledger" in detail and "£40.00 over" in detail


def test_spend_page_has_a_fixed_number_of_queries(client, world, people):
    org = world.org_a
    client.force_login(world.bob)
    url = reverse("money:spend", kwargs={"org_slug": org.slug})

    def add(n):
        for i in range(n):
            project = Project.unscoped.create(organisation=org, name=f"P{i}")
            BudgetLine.unscoped.create(
                organisation=org, project=project, category="payments", description="x", unit_cost=1
            )
            approved(org, people["jo"], project=project)

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(19)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one)

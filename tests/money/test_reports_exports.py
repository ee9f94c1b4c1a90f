"""Money spreadsheets: a person's statement and the ledger open in openpyxl, money cells are
numbers with a £ format, text that looks like a formula is shown as text, and downloads are
audited."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from tests.events.builders import make_event
from tests.money.builders import make_payment
from tests.money.test_reports import approved, claim, paid, reversal_of
from withus.audit.models import AuditEvent
from withus.money.exporting import POUNDS
from withus.money.models import Payment
from withus.projects.models import Project

K = Payment.Kind


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "no-store"
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows()]


def _find(sheet, value):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not in {sheet.title}")


def test_person_statement_workbook(client, world, people):
    org, jo = world.org_a, people["jo"]
    paid(org, jo, paid_on=dt.date(2025, 9, 1), amount=Decimal("37.50"), description="=SUM(A1)")
    paid(org, jo, paid_on=dt.date(2025, 9, 2), amount=Decimal("4.80"), kind=K.EXPENSES)
    approved(org, jo, amount=Decimal("60.00"), description="+cmd|' /C calc'!A0")
    claim(org, jo, submitted_at=dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), amounts=("-2.00",))
    client.force_login(world.finance_a)
    url = reverse("money:person_xlsx", kwargs={"org_slug": org.slug, "pk": jo.pk})
    response = client.get(url)
    book = _book(response)
    assert "payments-jo-bloggs-" in response["Content-Disposition"]
    assert book.sheetnames == ["Totals by tax year", "Payments", "Expense claims"]
    totals = book["Totals by tax year"]
    year = _find(totals, "2025 to 2026")
    payments, _vouchers, expenses, total = (
        totals.cell(row=year.row, column=c).value for c in (2, 3, 4, 5)
    )
    assert (payments, expenses, total) == (37.5, 4.8, 42.3)
    assert totals.cell(row=year.row, column=2).number_format == POUNDS
    lines = book["Payments"]
    texts = [cell.value for row in lines.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "'=SUM(A1)" in texts and "'+cmd|' /C calc'!A0" in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
    amount = _find(lines, 60)
    assert amount.number_format == POUNDS
    claims = book["Expense claims"]
    assert _find(claims, -2).number_format == POUNDS
    assert AuditEvent.unscoped.filter(action="money.person_export", organisation=org).count() == 1


def test_ledger_workbook_lists_every_line_with_corrections(client, world, people):
    org, jo = world.org_a, people["jo"]
    project = Project.unscoped.create(organisation=org, name="@Forum")
    event = make_event(org, title="-Monthly meeting", project=project)
    done = paid(org, jo, paid_on=dt.date(2026, 5, 8), event=event, project=project)
    fix = reversal_of(done, override_reason="=wrong rate")
    draft = make_payment(org, jo, activity_date=dt.date(2026, 5, 2))
    outside = make_payment(org, jo, activity_date=dt.date(2025, 1, 1))
    client.force_login(world.alice)  # coordinators can export
    url = reverse("money:ledger_xlsx", kwargs={"org_slug": org.slug})
    book = _book(client.get(url, {"from": "2026-05-01", "to": "2026-05-31"}))
    sheet = book["Ledger"]
    rows = _rows(sheet)
    headings = [cell.value for cell in rows[3]]
    assert headings[:8] == [
        "Payment",
        "Date of activity",
        "Person",
        "Person number",
        "Kind",
        "Status",
        "Method",
        "Amount (£)",
    ]
    lines = {
        row[0].value: {h: c.value for h, c in zip(headings, row, strict=False)} for row in rows[4:]
    }
    assert set(lines) == {done.pk, fix.pk, draft.pk}
    assert outside.pk not in lines
    assert lines[done.pk]["Corrected by payment"] == fix.pk
    assert lines[fix.pk]["Corrects payment"] == done.pk
    assert lines[fix.pk]["Amount (£)"] == -40
    assert lines[done.pk]["Project"] == "'@Forum" and lines[done.pk]["Event"] == "'-Monthly meeting"
    assert lines[fix.pk]["Override reason"] == "'=wrong rate"
    assert lines[done.pk]["Status"] == "Paid" and lines[done.pk]["Batch"].startswith("T-")
    amount_column = headings.index("Amount (£)")
    assert rows[4][amount_column].number_format == POUNDS
    assert AuditEvent.unscoped.filter(action="money.ledger_export", organisation=org).count() == 1


def test_ledger_defaults_to_this_tax_year_and_rejects_bad_dates(client, world, people):
    client.force_login(world.finance_a)
    url = reverse("money:ledger_xlsx", kwargs={"org_slug": world.org_a.slug})
    _book(client.get(url))
    bad = client.get(url, {"from": "2026-13-01"})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()
    backwards = client.get(url, {"from": "2026-05-02", "to": "2026-05-01"})
    assert backwards.status_code == 400
    assert "same as or after the first date" in backwards.content.decode()


def test_ledger_needs_the_export_capability(client, world):
    client.force_login(world.safeguarding_a)
    url = reverse("money:ledger_xlsx", kwargs={"org_slug": world.org_a.slug})
    assert client.get(url).status_code == 403

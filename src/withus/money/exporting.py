"""Money spreadsheets (openpyxl): a person's statement and the whole ledger.

Money is written as numbers with a £ format, so totals can be added up in Excel; every text
cell goes through `neutralise`, so a name or description starting with = + - @ is shown as
text and never run as a formula. Both downloads are audited and never cached.
"""

from __future__ import annotations

import datetime as dt
import io

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from withus.audit.services import log_action
from withus.events.timing import zone
from withus.money import selectors
from withus.spreadsheets import neutralise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POUNDS = '"£"#,##0.00;-"£"#,##0.00'
DATE = "d mmm yyyy"
MOMENT = "d mmm yyyy hh:mm"
BOLD = Font(bold=True)


def _text(value) -> str:
    return neutralise("" if value is None else str(value))


def _cell(sheet, value, *, money=False, date=False, moment=False, bold=False):
    cell = WriteOnlyCell(sheet, value=value)
    if money:
        cell.number_format = POUNDS
    if date:
        cell.number_format = DATE
    if moment:
        cell.number_format = MOMENT
    if bold:
        cell.font = BOLD
    return cell


def _headings(sheet, names):
    sheet.append([_cell(sheet, name, bold=True) for name in names])


def _response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- a person's statement ------------------------------------------------------------------------


def person_workbook(participant, *, organisation, today: dt.date) -> bytes:
    totals = selectors.person_totals(participant)
    book = Workbook(write_only=True)

    summary = book.create_sheet("Totals by tax year")
    summary.column_dimensions["A"].width = 18
    for column in "BCDE":
        summary.column_dimensions[column].width = 22
    summary.append([_cell(summary, _text(f"Payments and expenses: {participant}"), bold=True)])
    summary.append([_text(f"From {organisation.name}, made on {today:%d %B %Y}")])
    summary.append(
        [
            "Tax years run from 6 April to 5 April, by the date the money was paid. Expenses are "
            "exact out-of-pocket costs paid back."
        ]
    )
    summary.append([])
    _headings(
        summary,
        [
            "Tax year",
            "Payments for taking part (£)",
            "of which vouchers (£)",
            "Expenses paid back (£)",
            "Total received (£)",
        ],
    )
    for year in totals.years:
        summary.append(
            [
                year.label,
                _cell(summary, year.payments, money=True),
                _cell(summary, year.vouchers, money=True),
                _cell(summary, year.expenses, money=True),
                _cell(summary, year.total, money=True),
            ]
        )
    if not totals.years:
        summary.append(["Nothing paid yet"])
    summary.append([])
    summary.append(
        [
            "Approved, not paid yet",
            _cell(summary, totals.to_pay_payments, money=True),
            None,
            _cell(summary, totals.to_pay_expenses, money=True),
            _cell(summary, totals.to_pay_payments + totals.to_pay_expenses, money=True),
        ]
    )

    lines = book.create_sheet("Payments")
    for column, width in zip("ABCDEFGHI", [12, 22, 12, 14, 12, 44, 30, 12, 18], strict=True):
        lines.column_dimensions[column].width = width
    _headings(
        lines,
        [
            "Date of activity",
            "What",
            "Status",
            "How",
            "Amount (£)",
            "Description",
            "Project or event",
            "Paid on",
            "Corrects payment",
        ],
    )
    for payment in selectors.person_payments(participant).iterator(chunk_size=2000):
        lines.append(
            [
                _cell(lines, payment.activity_date, date=True),
                payment.get_kind_display(),
                payment.get_status_display(),
                payment.get_method_display(),
                _cell(lines, payment.amount, money=True),
                _text(payment.description),
                _text(payment.event or payment.project or ""),
                _cell(lines, payment.paid_on, date=True),
                payment.reverses_id,
            ]
        )

    claims = book.create_sheet("Expense claims")
    for column, width in zip("ABCDEFGH", [12, 14, 12, 24, 36, 14, 14, 30], strict=True):
        claims.column_dimensions[column].width = width
    _headings(
        claims,
        [
            "Claim",
            "Claimed on",
            "Spent on",
            "What for",
            "Details",
            "Claimed (£)",
            "Paid back (£)",
            "Claim status",
        ],
    )
    claim_rows = {claim.pk: claim for claim in selectors.person_claims(participant)}
    tz = zone(organisation.timezone)
    for item in selectors.claim_items(list(claim_rows)).iterator(chunk_size=2000):
        claim = claim_rows[item.claim_id]
        details = " ".join(
            part
            for part in (
                item.description,
                item.travel_mode,
                f"from {item.from_place}" if item.from_place else "",
                f"to {item.to_place}" if item.to_place else "",
                f"{item.miles} miles" if item.miles else "",
            )
            if part
        )
        claims.append(
            [
                claim.pk,
                _cell(claims, claim.submitted_at.astimezone(tz).date(), date=True),
                _cell(claims, item.spent_on, date=True),
                item.get_category_display(),
                _text(details),
                _cell(claims, item.amount_claimed, money=True),
                _cell(claims, item.amount_reimbursed, money=True),
                claim.get_status_display(),
            ]
        )
    return _save(book)


def person_response(*, participant, request, today: dt.date) -> HttpResponse:
    content = person_workbook(participant, organisation=request.organisation, today=today)
    log_action(
        organisation=request.organisation,
        actor=request.user,
        action="money.person_export",
        target=participant,
        summary=f"Downloaded the payments statement for {participant.preferred_name}",
        request=request,
    )
    name = slugify(participant.preferred_name) or f"person-{participant.pk}"
    return _response(content, f"payments-{name}-{today:%Y-%m-%d}.xlsx")


# --- the ledger ----------------------------------------------------------------------------------

LEDGER_HEADINGS = [
    "Payment",
    "Date of activity",
    "Person",
    "Person number",
    "Kind",
    "Status",
    "Method",
    "Amount (£)",
    "Description",
    "Project",
    "Event",
    "Expense claim",
    "Corrects payment",
    "Corrected by payment",
    "Batch",
    "Paid on",
    "Approved by",
    "Approved at",
    "Override reason",
]
LEDGER_WIDTHS = [9, 12, 24, 9, 20, 10, 14, 12, 44, 28, 28, 9, 10, 10, 16, 12, 26, 18, 40]


def ledger_workbook(*, organisation, date_from, date_to) -> tuple[bytes, int]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ledger")
    for index, width in enumerate(LEDGER_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    period = (
        f"{date_from:%d %B %Y} to {date_to:%d %B %Y}" if date_from and date_to else "every date"
    )
    sheet.append([_cell(sheet, _text(f"Payments ledger: {organisation.name}"), bold=True)])
    sheet.append([_text(f"Activity dates: {period}. Corrections are negative lines.")])
    sheet.append([])
    _headings(sheet, LEDGER_HEADINGS)
    count = 0
    tz = zone(organisation.timezone)
    for payment in selectors.ledger(date_from, date_to).iterator(chunk_size=2000):
        count += 1
        approved_at = payment.approved_at
        if approved_at is not None:
            approved_at = approved_at.astimezone(tz).replace(tzinfo=None)
        reversed_by = getattr(payment, "reversed_by", None)
        sheet.append(
            [
                payment.pk,
                _cell(sheet, payment.activity_date, date=True),
                _text(payment.participant.preferred_name),
                payment.participant_id,
                payment.get_kind_display(),
                payment.get_status_display(),
                payment.get_method_display(),
                _cell(sheet, payment.amount, money=True),
                _text(payment.description),
                _text(payment.project.name if payment.project else ""),
                _text(payment.event.title if payment.event else ""),
                payment.claim_id,
                payment.reverses_id,
                reversed_by.pk if reversed_by else None,
                _text(payment.batch.reference if payment.batch else ""),
                _cell(sheet, payment.paid_on, date=True),
                _text(payment.approved_by.email if payment.approved_by else ""),
                _cell(sheet, approved_at, moment=True),
                _text(payment.override_reason),
            ]
        )
    return _save(book), count


def ledger_response(*, request, date_from, date_to) -> HttpResponse:
    organisation = request.organisation
    content, count = ledger_workbook(
        organisation=organisation, date_from=date_from, date_to=date_to
    )
    log_action(
        organisation=organisation,
        actor=request.user,
        action="money.ledger_export",
        summary=f"Downloaded the payments ledger ({count} lines"
        + (f", {date_from} to {date_to})" if date_from and date_to else ")"),
        request=request,
    )
    stamp = f"{date_from:%Y-%m-%d}-to-{date_to:%Y-%m-%d}" if date_from and date_to else "all"
    return _response(content, f"ledger-{organisation.slug}-{stamp}.xlsx")

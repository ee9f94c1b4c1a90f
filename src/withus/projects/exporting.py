"""Budget download as a spreadsheet (quantity × unit cost, with totals and notes)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from withus.audit.services import log_action
from withus.projects.selectors import budget_summary
from withus.spreadsheets import neutralise


def budget_workbook(project) -> bytes:
    summary = budget_summary(project)
    book = Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append([neutralise(f"Budget: {project.name}")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    headings = [
        "Category",
        "What for",
        "Quantity",
        "Cost of each (£)",
        "Estimate (£)",
        "Actual (£)",
        "Notes",
    ]
    sheet.append(headings)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line, total in summary["rows"]:
        sheet.append(
            [
                line.get_category_display(),
                neutralise(line.description),
                float(line.quantity),
                float(line.unit_cost),
                float(total),
                float(line.actual) if line.actual is not None else None,
                neutralise(line.notes),
            ]
        )
    sheet.append([])
    sheet.append(["Total", "", "", "", float(summary["estimate"]), float(summary["actual"])])
    sheet[sheet.max_row][0].font = Font(bold=True)
    for finding in summary["findings"]:
        sheet.append([neutralise(f"Check: {finding.message} {finding.advice}")])
    for column, width in zip("ABCDEFG", [34, 40, 10, 16, 14, 12, 40], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def budget_response(*, project, request) -> HttpResponse:
    response = HttpResponse(
        budget_workbook(project),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="budget-{slugify(project.name)}.xlsx"'
    response["Cache-Control"] = "no-store"
    log_action(
        organisation=project.organisation,
        actor=request.user,
        action="project.budget_export",
        target=project,
        summary=f"Downloaded the budget for {project.name}",
        request=request,
    )
    return response

"""Exporting the participant list as CSV or Excel.

Only what a coordinator may see: legal name and date of birth are added for people who can see
sensitive data; bank details, benefits, equality answers and restriction detail are never
exported (restrictions appear only as the yes/no "check with the safeguarding lead" flag).
Every cell that a spreadsheet could run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse
from django.utils import timezone

from withus.audit.services import log_action
from withus.orgs.capabilities import Capability
from withus.people import choices as c
from withus.people import selectors
from withus.spreadsheets import neutralise

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv", "CSV"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"),
}

COLUMNS = [
    "Preferred name",
    "Status",
    "Area",
    "Phone",
    "Email",
    "Named contact",
    "Connection to the justice system",
    "Interests",
    "Skills",
    "Access needs",
    "Photo consent",
    "Check with safeguarding lead",
]
SENSITIVE_COLUMNS = ["Legal name", "Date of birth"]  # placed after Preferred name

STATUS = dict(c.Status.choices)
JUSTICE = dict(c.JusticeRelationship.choices)
METHODS = dict(c.Method.choices)
NEEDS = dict(c.AccessNeed.choices)
CONSENT = dict(c.ConsentState.choices)


def header(*, sensitive: bool) -> list[str]:
    return COLUMNS[:1] + (SENSITIVE_COLUMNS if sensitive else []) + COLUMNS[1:]


def participant_rows(filters: selectors.ParticipantFilters, *, sensitive: bool) -> Iterator[list]:
    """One list of cell values per participant, in the list's order. Queries: 4 per 2,000 people."""
    people = selectors.participant_list(filters).prefetch_related(
        "interests", "access_needs", "skills"
    )
    for person in people.iterator(chunk_size=2000):
        row = [
            person.preferred_name,
            STATUS.get(person.status, person.status),
            person.area,
            person.phone,
            person.email,
            str(person.named_contact) if person.named_contact else "",
            JUSTICE.get(person.justice_relationship, ""),
            "; ".join(sorted(METHODS.get(i.method, i.method) for i in person.interests.all())),
            "; ".join(sorted(s.name for s in person.skills.all())),
            "; ".join(sorted(NEEDS.get(n.need, n.need) for n in person.access_needs.all())),
            CONSENT.get(person.photo_consent, "Not asked"),
            "Yes" if person.has_restriction else "No",
        ]
        if sensitive:
            row[1:1] = [person.legal_name, person.date_of_birth]
        yield row


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(neutralise(value))


def write_csv(columns: list[str], rows: Iterable[list]) -> tuple[bytes, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_value(name) for name in columns])
    count = 0
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
        count += 1
    # The byte order mark tells Excel the file is UTF-8 (names with accents stay right).
    return buffer.getvalue().encode("utf-8-sig"), count


def write_xlsx(columns: list[str], rows: Iterable[list], *, title: str) -> tuple[bytes, int]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)

    def cell(value, **style):
        if isinstance(value, str):
            value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # text, never a formula
        if isinstance(value, dt.date):
            written.number_format = "DD/MM/YYYY"
        for name, setting in style.items():
            setattr(written, name, setting)
        return written

    sheet.append([cell(name, font=bold) for name in columns])
    count = 0
    for row in rows:
        sheet.append([cell(value) for value in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def export_response(*, request, filters: selectors.ParticipantFilters, fmt: str) -> HttpResponse:
    """The file for the member's current list, as a download. The export is audited."""
    fmt = fmt if fmt in FORMATS else "csv"
    content_type, extension, label = FORMATS[fmt]
    sensitive = request.membership.has(Capability.VIEW_SENSITIVE)
    columns = header(sensitive=sensitive)
    rows = participant_rows(filters, sensitive=sensitive)
    if fmt == "xlsx":
        content, count = write_xlsx(columns, rows, title="Participants")
    else:
        content, count = write_csv(columns, rows)
    summary = f"Exported {count:,} participants as {label}"
    if sensitive:
        summary += ", with legal names and dates of birth"
    log_action(
        organisation=request.organisation,
        actor=request.user,
        action="participant.export",
        summary=summary,
        request=request,
    )
    today = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="participants-{request.organisation.slug}-{today}.{extension}"'
    )
    response["Cache-Control"] = "no-store"
    return response

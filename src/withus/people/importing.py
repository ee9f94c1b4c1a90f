"""Importing participants from a CSV or Excel file: check first, import only when confirmed.

create_batch() reads the file, checks every row and stores the clean rows and the problems in an
ImportBatch; nothing is added to anyone's records until import_confirm(). Problems are written in
plain English with the row number people see in their spreadsheet (the column names are row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from withus.audit.services import log_action
from withus.people import choices as c
from withus.people.models import (
    AccessNeed,
    ImportBatch,
    Interest,
    Participant,
    Skill,
    StatusChange,
)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str
    max_length: int | None = None
    example: str = ""


def _labels(choices) -> str:
    return ", ".join(label for _, label in choices)


# The columns a file may have, in the order the upload page lists them.
COLUMNS: dict[str, Column] = {
    column.name: column
    for column in (
        Column("preferred_name", True, "The name they want to be called.", 120, "Jo Bloggs"),
        Column(
            "legal_name", False, "Only if different from the preferred name (for payments).", 200
        ),
        Column(
            "date_of_birth",
            False,
            "Like 27/03/1985 or 1985-03-27, or an Excel date.",
            None,
            "27/03/1985",
        ),
        Column(
            "age_band",
            False,
            f"If you do not know their date of birth: {_labels(c.AgeBand.choices)}.",
        ),
        Column("phone", False, "A UK mobile or landline number.", 30, "07700 900982"),
        Column("email", False, "An email address.", 254, "jo@example.org"),
        Column("address", False, "Postal address.", 2000),
        Column("postcode", False, "Postcode.", 10, "LS1 4AP"),
        Column("area", False, "Town or area, for matching.", 80, "Leeds"),
        Column(
            "justice_relationship",
            False,
            f"Connection to the justice system: {_labels(c.JusticeRelationship.choices)}.",
        ),
        Column("status", False, f"{_labels(c.Status.choices)}. Empty means Enquiry."),
        Column("key_worker_name", False, "Their key worker's name.", 120),
        Column("key_worker_contact", False, "Their key worker's phone or email.", 200),
        Column(
            "interests",
            False,
            "Kinds of involvement, separated by semicolons (;). The choices are listed below.",
            None,
            "Forums and councils; Delivering training",
        ),
        Column(
            "skills",
            False,
            "Skills, separated by semicolons (;) or commas.",
            None,
            "IT; public speaking",
        ),
        Column(
            "access_needs",
            False,
            "Access needs, separated by semicolons (;). The choices are listed below.",
            None,
            "Large print; Step-free access",
        ),
    )
}
LIST_COLUMNS = {"interests", "skills", "access_needs"}
PARTICIPANT_FIELDS = [name for name in COLUMNS if name not in LIST_COLUMNS]
SKILL_MAX_LENGTH = 60
DATE_EXAMPLE = "27/03/1985"


class ImportFileError(ValidationError):
    """The file as a whole cannot be used (wrong type, too big, unknown columns…)."""


def _fold(text: str) -> str:
    """Case, spaces, underscores and hyphens do not matter when matching names and choices."""
    return re.sub(r"[\s_\-]+", " ", str(text)).strip().casefold()


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[_fold(value)] = value
        lookup[_fold(label)] = value
    return lookup


AGE_BANDS = _choice_lookup(c.AgeBand.choices)
JUSTICE = _choice_lookup(c.JusticeRelationship.choices)
STATUSES = _choice_lookup(c.Status.choices)
METHODS = _choice_lookup(c.Method.choices)
NEEDS = _choice_lookup(c.AccessNeed.choices)


# ---------------------------------------------------------------------------------------------
# Reading the file


def _max_bytes_label() -> str:
    megabytes = settings.IMPORT_MAX_BYTES / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{settings.IMPORT_MAX_BYTES:,} bytes"


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        f"The file has more than {settings.IMPORT_MAX_ROWS:,} rows of people. "
        "Split it into smaller files and import them one at a time."
    )


def read_table(uploaded) -> list[tuple[int, list]]:
    """The file's rows as (spreadsheet row number, cell values), the column names first.

    Raises ImportFileError with a plain-English message for anything that is not a usable file.
    """
    name = PurePath(getattr(uploaded, "name", "") or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in (".csv", ".xlsx"):
        raise ImportFileError(
            "The file must be a CSV file (.csv) or an Excel workbook (.xlsx). "
            "In Excel, use 'Save as' and choose one of those."
        )
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(f"The file must be smaller than {_max_bytes_label()}.")
    content = uploaded.read(settings.IMPORT_MAX_BYTES + 1)
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(f"The file must be smaller than {_max_bytes_label()}.")
    if not content.strip():
        raise ImportFileError("The file is empty.")
    rows = _read_xlsx(content) if extension == ".xlsx" else _read_csv(content)
    table: list[tuple[int, list]] = []
    data_rows = 0
    for number, cells in enumerate(rows, start=1):
        if number > 1 and all(_is_blank(cell) for cell in cells):
            # Blank lines are ignored, but a file of nothing else is refused below.
            if number > settings.IMPORT_MAX_ROWS * 5:
                raise _too_many_rows()
            continue
        if number > 1:
            data_rows += 1
            if data_rows > settings.IMPORT_MAX_ROWS:
                raise _too_many_rows()
        table.append((number, list(cells)))
    if not table or all(_is_blank(cell) for cell in table[0][1]):
        raise ImportFileError("The first row of the file must hold the column names.")
    if len(table) == 1:
        raise ImportFileError("The file has column names but no rows of people under them.")
    return table


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _read_csv(content: bytes) -> Iterator[list]:
    if content.startswith(b"PK\x03\x04") or b"\x00" in content:
        raise ImportFileError(
            "This file is not a CSV file withus can read. Save it from your spreadsheet as "
            "'CSV UTF-8' or as an Excel workbook (.xlsx) and try again."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            "The file could not be read as text. Save it from your spreadsheet as 'CSV UTF-8'."
        )
    if CONTROL_CHARACTERS.search(text):
        raise ImportFileError(
            "This file is not a CSV file withus can read. Save it from your spreadsheet as "
            "'CSV UTF-8' or as an Excel workbook (.xlsx) and try again."
        )
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in some languages separate columns with semicolons or tabs.
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise ImportFileError(
            f"The file could not be read as CSV near row {reader.line_num}. A cell may be far too "
            "long or a quotation mark may be missing. Save it again from your spreadsheet."
        ) from error


def _read_xlsx(content: bytes) -> Iterator[list]:
    not_excel = ImportFileError(
        "This file is not an Excel workbook (.xlsx). Save it from your spreadsheet as .xlsx or "
        "as CSV and try again."
    )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise not_excel
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise not_excel from error
    if "xl/workbook.xml" not in names:
        raise not_excel
    if unpacked > settings.IMPORT_MAX_BYTES * 40:
        raise ImportFileError(
            "The workbook is too big once opened. Delete unused sheets and formatting, or save "
            "it as CSV."
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for broken files
        raise not_excel from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(
            "Part of the workbook could not be read. Save it again from Excel, or as CSV."
        ) from error
    finally:
        workbook.close()


# ---------------------------------------------------------------------------------------------
# Checking the rows


def _header_key(value) -> str:
    return re.sub(r"[\s_\-]+", "_", str(value or "").strip().lower()).strip("_")


def map_columns(header: list) -> list[str | None]:
    """Each column's field name, or None for nameless columns that hold nothing."""
    keys = [_header_key(cell) for cell in header]
    unknown = [
        str(cell).strip()
        for cell, key in zip(header, keys, strict=True)
        if key and key not in COLUMNS
    ]
    problems = []
    if unknown:
        problems.append(
            "withus does not recognise "
            + ("these columns: " if len(unknown) > 1 else "this column: ")
            + ", ".join(f'"{name}"' for name in unknown)
            + ". Rename them to one of the column names listed on this page, or delete them."
        )
    repeated = sorted({key for key in keys if key and keys.count(key) > 1})
    if repeated:
        problems.append(
            "These columns appear more than once: " + ", ".join(repeated) + ". Keep one of each."
        )
    if "preferred_name" not in keys:
        problems.append(
            "The file needs a preferred_name column: the name each person wants to be called."
        )
    if problems:
        raise ImportFileError(problems)
    return [key or None for key in keys]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).replace("\x00", "").strip()


def _line(value) -> str:
    """A single-line text value: runs of spaces and line breaks become one space."""
    return re.sub(r"\s+", " ", _text(value)).strip()


DATE_TEXT = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$")
MIDNIGHT = re.compile(r"[ T]00:00(:00(\.0+)?)?$")


def parse_date(value) -> dt.date | None:
    """A date from an Excel date cell, or text like 27/03/1985, 7/3/1985 or 1985-03-27."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE_TEXT.match(MIDNIGHT.sub("", _text(value)))
    if not match:
        return None
    if match.group(1):
        day, month, year = (int(match.group(i)) for i in (1, 2, 3))
    else:
        year, month, day = (int(match.group(i)) for i in (4, 5, 6))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _phone(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Excel drops the leading 0 of a phone number typed into a number cell.
        digits = str(int(value))
        return "0" + digits if len(digits) == 10 and digits[0] in "1237" else digits
    return re.sub(r"\s+", " ", re.sub(r"[\-().]", " ", _text(value))).strip()


def phone_key(phone: str) -> str:
    """Digits only, with +44 written as a leading 0, for spotting the same number twice."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 7 else ""


def _split(value, separators: str = ";\n") -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", _text(value))
    return [part.strip() for part in parts if part.strip()]


def _pick(lookup: dict[str, str], value, what: str, choices) -> tuple[str, str | None]:
    text = _line(value)
    if not text:
        return "", None
    found = lookup.get(_fold(text))
    if found is None:
        return "", f'"{text}" is not one of the choices for {what}. Use one of: {_labels(choices)}'
    return found, None


def _pick_many(lookup, value, what: str) -> tuple[list[str], str | None]:
    picked, unknown = [], []
    for part in _split(value):
        found = lookup.get(_fold(part))
        if found is None:
            unknown.append(part)
        elif found not in picked:
            picked.append(found)
    if unknown:
        names = ", ".join(f'"{u}"' for u in unknown)
        verb = "is" if len(unknown) == 1 else "are"
        return picked, f"{names} {verb} not on the list of {what}. See the list on the import page"
    return picked, None


def skill_name(name: str) -> str:
    """The same normalisation as skills typed on a record: lower case, single spaces."""
    return re.sub(r"\s+", " ", name).strip().lower()


def clean_row(values: dict[str, object], today: dt.date) -> tuple[dict, list[str]]:
    """One row's values → (clean data ready to store as JSON, problems without the row prefix)."""
    data: dict = {}
    problems: list[str] = []

    for name in ("preferred_name", "legal_name", "area", "key_worker_name", "key_worker_contact"):
        text = _line(values.get(name))
        limit = COLUMNS[name].max_length
        if limit and len(text) > limit:
            label = name.replace("_", " ")
            problems.append(f"The {label} must be {limit} characters or fewer")
        elif text:
            data[name] = text
    if not _line(values.get("preferred_name")):
        problems.append("Enter a preferred name (the name they want to be called)")

    raw_dob = values.get("date_of_birth")
    if not _is_blank(raw_dob):
        born = parse_date(raw_dob)
        if born is None:
            problems.append(f"Enter a date of birth like {DATE_EXAMPLE}")
        elif born >= today:
            problems.append("The date of birth must be in the past")
        elif born.year < 1900:
            problems.append(f"Enter a real date of birth, like {DATE_EXAMPLE}")
        else:
            data["date_of_birth"] = born.isoformat()

    for name, lookup, what, choices in (
        ("age_band", AGE_BANDS, "age band", c.AgeBand.choices),
        (
            "justice_relationship",
            JUSTICE,
            "connection to the justice system",
            c.JusticeRelationship.choices,
        ),
        ("status", STATUSES, "status", c.Status.choices),
    ):
        value, problem = _pick(lookup, values.get(name), what, choices)
        if problem:
            problems.append(problem)
        elif value:
            data[name] = value
    data.setdefault("status", c.Status.ENQUIRY.value)

    phone = _phone(values.get("phone"))
    if phone:
        digits = phone.replace(" ", "").replace("+", "")
        if not digits.isdigit() or not 10 <= len(digits) <= 13:
            problems.append("Enter a phone number, like 07700 900982")
        else:
            data["phone"] = phone

    email = _line(values.get("email"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append("Enter an email address in the right format, like name@example.org")
        else:
            data["email"] = email

    lines = _text(values.get("address")).splitlines()
    address = "\n".join(line.strip() for line in lines if line.strip())
    if len(address) > COLUMNS["address"].max_length:
        problems.append("The address is too long")
    elif address:
        data["address"] = address

    postcode = _line(values.get("postcode")).upper()
    if len(postcode) > COLUMNS["postcode"].max_length:
        problems.append("Enter a postcode, like LS1 4AP")
    elif postcode:
        data["postcode"] = postcode

    interests, problem = _pick_many(METHODS, values.get("interests"), "kinds of involvement")
    if problem:
        problems.append(problem)
    if interests:
        data["interests"] = interests
    needs, problem = _pick_many(NEEDS, values.get("access_needs"), "access needs")
    if problem:
        problems.append(problem)
    if needs:
        data["access_needs"] = needs

    skills = []
    # Skills on a record are separated by commas, so either separator works here.
    for part in _split(values.get("skills"), ";,\n"):
        skill = skill_name(part)
        if len(skill) > SKILL_MAX_LENGTH:
            problems.append(f"Each skill must be {SKILL_MAX_LENGTH} characters or fewer")
        elif skill not in skills:
            skills.append(skill)
    if skills:
        data["skills"] = skills
    return data, problems


# ---------------------------------------------------------------------------------------------
# Duplicates


REASONS = {
    "name": "same name and date of birth",
    "phone": "same phone number",
    "email": "same email address",
}


def match_keys(
    *, preferred_name: str, legal_name: str, date_of_birth: str | None, phone: str, email: str
) -> list[tuple]:
    """The keys that say two records are probably the same person, in the order we report them."""
    keys: list[tuple] = []
    if date_of_birth:
        for name in {_fold(preferred_name), _fold(legal_name)} - {""}:
            keys.append(("name", name, date_of_birth))
    if number := phone_key(phone):
        keys.append(("phone", number))
    if email := (email or "").strip().casefold():
        keys.append(("email", email))
    return keys


def _row_keys(data: dict) -> list[tuple]:
    return match_keys(
        preferred_name=data.get("preferred_name", ""),
        legal_name=data.get("legal_name", ""),
        date_of_birth=data.get("date_of_birth"),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
    )


def existing_index(organisation) -> dict[tuple, str]:
    """Match keys of everyone already on withus (not erased) → their preferred name. One query."""
    index: dict[tuple, str] = {}
    people = Participant.objects.filter(organisation=organisation, erased_at__isnull=True)
    for name, legal, born, phone, email in people.values_list(
        "preferred_name", "legal_name", "date_of_birth", "phone", "email"
    ).iterator(chunk_size=5000):
        for key in match_keys(
            preferred_name=name,
            legal_name=legal,
            date_of_birth=born.isoformat() if born else None,
            phone=phone,
            email=email,
        ):
            index.setdefault(key, name)
    return index


def _duplicate_of_existing(data: dict, existing: dict[tuple, str]) -> str | None:
    for key in _row_keys(data):
        if key in existing:
            return f"looks like {existing[key]}, already on withus ({REASONS[key[0]]})"
    return None


# ---------------------------------------------------------------------------------------------
# Checking a whole file


@dataclass
class CheckedFile:
    rows: list[dict]  # [{"row": n, "data": {...}}]
    errors: list[dict]  # [{"row": n, "messages": ["Row n: ..."]}]
    total_rows: int


def check_table(table: list[tuple[int, list]], *, organisation, today: dt.date) -> CheckedFile:
    (_, header), body = table[0], table[1:]
    columns = map_columns(header)
    existing = existing_index(organisation)
    in_file: dict[tuple, tuple[int, str]] = {}
    rows, errors = [], []
    for number, cells in body:
        problems = []
        values: dict[str, object] = {}
        for index, cell in enumerate(cells):
            field = columns[index] if index < len(columns) else None
            if field:
                values[field] = cell
            elif not _is_blank(cell):
                problems.append(
                    "There is something in a column without a name. Add a column name in row 1, "
                    "or delete it"
                )
                break
        data, row_problems = clean_row(values, today)
        problems = row_problems + problems
        duplicate = _duplicate_of_existing(data, existing)
        keys = _row_keys(data)
        if duplicate is None:
            for key in keys:
                if key in in_file:
                    first_row, first_name = in_file[key]
                    duplicate = (
                        f"looks like {first_name} in row {first_row} of this file "
                        f"({REASONS[key[0]]})"
                    )
                    break
        if duplicate:
            problems.append(duplicate)
        for key in keys:
            in_file.setdefault(key, (number, data.get("preferred_name", "")))
        if problems:
            errors.append({"row": number, "messages": [f"Row {number}: {p}" for p in problems]})
        else:
            rows.append({"row": number, "data": data})
    return CheckedFile(rows=rows, errors=errors, total_rows=len(body))


def create_batch(*, organisation, uploaded, actor) -> ImportBatch:
    """Read and check an uploaded file; store what was found. Adds nobody to withus yet."""
    table = read_table(uploaded)
    checked = check_table(table, organisation=organisation, today=timezone.localdate())
    return ImportBatch.objects.create(
        organisation=organisation,
        filename=PurePath(uploaded.name or "file").name[:200],
        rows=checked.rows,
        errors=checked.errors,
        total_rows=checked.total_rows,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )


# ---------------------------------------------------------------------------------------------
# Confirming


def _recheck_against_existing(batch: ImportBatch) -> None:
    """People may have been added since the file was checked (or the same file imported twice)."""
    existing = existing_index(batch.organisation)
    late = []
    for row in batch.rows:
        duplicate = _duplicate_of_existing(row["data"], existing)
        if duplicate:
            late.append({"row": row["row"], "messages": [f"Row {row['row']}: {duplicate}"]})
    if late:
        late_rows = {entry["row"] for entry in late}
        batch.rows = [row for row in batch.rows if row["row"] not in late_rows]
        batch.errors = sorted(batch.errors + late, key=lambda entry: entry["row"])
        batch.save(update_fields=["rows", "errors"])


def _participants(batch: ImportBatch) -> list[Participant]:
    people = []
    for row in batch.rows:
        data = row["data"]
        fields = {name: data[name] for name in PARTICIPANT_FIELDS if name in data}
        if "date_of_birth" in fields:
            fields["date_of_birth"] = dt.date.fromisoformat(fields["date_of_birth"])
        people.append(Participant(organisation=batch.organisation, **fields))
    return people


def _skill_ids(organisation, names: Iterable[str]) -> dict[str, int]:
    """Skill ids by name, adding the ones this organisation does not have yet. Three queries."""
    wanted = set(names)
    known = dict(Skill.objects.filter(organisation=organisation).values_list("name", "id"))
    missing = wanted - set(known)
    if missing:
        Skill.objects.bulk_create(
            [Skill(organisation=organisation, name=name) for name in sorted(missing)],
            ignore_conflicts=True,
        )
        known = dict(Skill.objects.filter(organisation=organisation).values_list("name", "id"))
    return known


def import_confirm(*, batch: ImportBatch, skip_bad_rows: bool, actor, request=None) -> ImportBatch:
    """Add the checked rows as participants, in one transaction and a fixed number of queries.

    Refuses while there are rows with problems unless skip_bad_rows. Confirming a batch that has
    already been imported changes nothing.
    """
    batch = ImportBatch.objects.get(pk=batch.pk)
    if batch.state == ImportBatch.State.IMPORTED:
        return batch
    if batch.state != ImportBatch.State.PREVIEW:
        raise ValidationError("This import was cancelled. Upload the file again to start over.")
    _recheck_against_existing(batch)
    if batch.errors and not skip_bad_rows:
        count = len(batch.errors)
        raise ValidationError(
            {
                "skip_bad_rows": (
                    f"{count:,} {'row has a problem' if count == 1 else 'rows have problems'}. "
                    "Fix the file and upload it again, or choose to skip the rows with problems."
                )
            }
        )
    if not batch.rows:
        raise ValidationError("No rows are ready to import. Fix the file and upload it again.")

    organisation = batch.organisation
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.PREVIEW).update(
            state=ImportBatch.State.IMPORTED
        )
        if not claimed:  # someone else confirmed it a moment ago
            batch.refresh_from_db()
            return batch
        people = Participant.objects.bulk_create(_participants(batch), batch_size=1000)
        reason = f"Imported from {batch.filename}"[:300]
        changed_by = actor if actor is not None and actor.is_authenticated else None
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    organisation=organisation,
                    participant=person,
                    from_status="",
                    to_status=person.status,
                    reason=reason,
                    changed_by=changed_by,
                )
                for person in people
            ],
            batch_size=2000,
        )
        interests, needs, skill_links = [], [], []
        for person, row in zip(people, batch.rows, strict=True):
            data = row["data"]
            interests += [
                Interest(organisation=organisation, participant=person, method=method)
                for method in data.get("interests", [])
            ]
            needs += [
                AccessNeed(organisation=organisation, participant=person, need=need)
                for need in data.get("access_needs", [])
            ]
            skill_links += [(person.pk, name) for name in data.get("skills", [])]
        Interest.objects.bulk_create(interests, batch_size=2000)
        AccessNeed.objects.bulk_create(needs, batch_size=2000)
        if skill_links:
            skill_ids = _skill_ids(organisation, {name for _, name in skill_links})
            through = Participant.skills.through
            through.objects.bulk_create(
                [through(participant_id=pk, skill_id=skill_ids[name]) for pk, name in skill_links],
                batch_size=2000,
            )
        batch.state = ImportBatch.State.IMPORTED
        batch.imported_count = len(people)
        batch.skipped_count = batch.total_rows - len(people)
        # The people are on withus now: the batch need not keep a second copy of their details.
        batch.rows = []
        batch.save(update_fields=["state", "imported_count", "skipped_count", "rows"])
        summary = f"Imported {batch.imported_count:,} participants from {batch.filename}"
        if batch.skipped_count:
            summary += f"; skipped {batch.skipped_count:,} rows with problems"
        log_action(
            organisation=organisation,
            actor=actor,
            action="participant.import",
            target=batch,
            summary=summary,
            request=request,
            changes={
                "imported": [None, batch.imported_count],
                "skipped": [None, batch.skipped_count],
            },
        )
    return batch


def import_cancel(*, batch: ImportBatch) -> ImportBatch:
    """Throw away a checked file that has not been imported."""
    ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.PREVIEW).update(
        state=ImportBatch.State.CANCELLED, rows=[], errors=[]
    )
    batch.refresh_from_db()
    return batch


def discard_old_batches(*, organisation, older_than: dt.timedelta = dt.timedelta(days=30)) -> int:
    """Forget the rows and problems of old batches (they hold personal details). Keeps counts."""
    cutoff = timezone.now() - older_than
    stale = ImportBatch.objects.filter(organisation=organisation, created_at__lt=cutoff)
    stale.filter(state=ImportBatch.State.PREVIEW).update(state=ImportBatch.State.CANCELLED)
    return stale.update(rows=[], errors=[])

"""Importing participants from CSV and Excel: checked first, nothing added until confirmed."""

import csv
import datetime as dt
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from withus.audit.models import AuditEvent
from withus.people import choices as c
from withus.people import importing, services
from withus.people.models import (
    AccessNeed,
    ImportBatch,
    Interest,
    Participant,
    Skill,
    StatusChange,
)

HEADER = [
    "Preferred name",
    "legal_name",
    "DATE OF BIRTH",
    "phone",
    "email",
    "area",
    "status",
    "interests",
    "skills",
    "access_needs",
]


def url(name, **kwargs):
    return reverse(f"people:{name}", kwargs={"org_slug": "org-a", **kwargs})


def person_row(i: int, *, prefix: str = "Person") -> list[str]:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=i * 3)
    return [
        f"{prefix} {i}",
        "",
        born.strftime("%d/%m/%Y") if i % 2 else born.isoformat(),
        f"07{i:09d}",
        f"{prefix.lower()}{i}@example.org",
        ["Leeds", "Bradford", "Hull"][i % 3],
        ["Active", "enquiry", "Taking a break", ""][i % 4],
        "Forums and councils; training" if i % 2 else "",
        f"{prefix} skill {i % 5}; IT",
        "Large print" if i % 3 == 0 else "",
    ]


def make_csv(rows, header=HEADER, *, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(client, content: bytes, name: str = "people.csv"):
    return client.post(url("import"), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def _batch() -> ImportBatch:
    return ImportBatch.unscoped.latest("created_at")


# --- The acceptance journeys ------------------------------------------------------------------


def test_5000_rows_with_three_bad_rows_shows_the_errors_and_imports_nothing_until_skipped(
    alice, world
):
    rows = [person_row(i) for i in range(5000)]
    rows[5][2] = "31/02/1985"  # spreadsheet row 7: no such date
    rows[1198][0] = ""  # row 1200: no name
    rows[4498][7] = "Knitting"  # row 4500: not an involvement method
    response = upload(alice, make_csv(rows))
    assert response.status_code == 302
    batch = _batch()
    assert response.url == url("import_preview", batch_id=batch.pk)
    assert (batch.total_rows, len(batch.rows), len(batch.errors)) == (5000, 4997, 3)

    page = alice.get(response.url)
    assert page.status_code == 200
    assert "Row 7: Enter a date of birth like 27/03/1985" in page.text
    assert "Row 1200: Enter a preferred name" in page.text
    assert "Row 4500: &quot;Knitting&quot; is not on the list of kinds of involvement" in page.text
    assert "Import 4997 people" in page.text
    assert not Participant.unscoped.exists()

    refused = alice.post(response.url, {"action": "confirm"})
    assert refused.status_code == 200
    assert "There is a problem" in refused.text
    assert "3 rows have problems" in refused.text
    assert not Participant.unscoped.exists()

    started = time.monotonic()
    done = alice.post(response.url, {"action": "confirm", "skip_bad_rows": "on"})
    elapsed = time.monotonic() - started
    assert done.status_code == 302
    assert done.url == url("list")
    assert elapsed < 20, f"confirming 4,997 rows took {elapsed:.1f}s"
    assert Participant.unscoped.filter(organisation=world.org_a).count() == 4997
    assert not Participant.unscoped.filter(preferred_name="Person 5").exists()
    assert StatusChange.unscoped.filter(reason="Imported from people.csv").count() == 4997
    batch.refresh_from_db()
    assert (batch.state, batch.imported_count, batch.skipped_count) == ("imported", 4997, 3)
    assert batch.rows == []  # the details now live only on the records
    [event] = AuditEvent.unscoped.filter(action="participant.import")
    assert event.actor == world.alice
    assert "4,997" in event.summary and "skipped 3" in event.summary

    # Confirming again (a double click, a retried request) changes nothing.
    again = alice.post(response.url, {"action": "confirm", "skip_bad_rows": "on"})
    assert again.status_code == 302
    assert Participant.unscoped.count() == 4997
    assert AuditEvent.unscoped.filter(action="participant.import").count() == 1
    follow = alice.get(url("list"))
    assert "4,997 people imported from people.csv." in follow.text


def test_a_clean_5000_row_import_finishes_in_seconds(alice, world):
    rows = [person_row(i) for i in range(5000)]
    response = upload(alice, make_csv(rows))
    assert response.status_code == 302
    assert "Problems to fix" not in alice.get(response.url).text
    started = time.monotonic()
    done = alice.post(response.url, {"action": "confirm"})
    elapsed = time.monotonic() - started
    assert done.status_code == 302
    assert elapsed < 20, f"confirming 5,000 rows took {elapsed:.1f}s"
    with scopes_disabled():
        assert Participant.objects.filter(organisation=world.org_a).count() == 5000
        assert StatusChange.objects.count() == 5000
        assert Interest.objects.count() == 2500 * 2
        assert AccessNeed.objects.filter(need=c.AccessNeed.LARGE_PRINT).count() == 1667
        assert set(Skill.objects.values_list("name", flat=True)) == {
            "it",
            *(f"person skill {n}" for n in range(5)),
        }
        assert Participant.skills.through.objects.count() == 10000
        assert Participant.objects.get(preferred_name="Person 2").status == c.Status.PAUSED
        person = Participant.objects.get(preferred_name="Person 3")
        assert person.date_of_birth == dt.date(1950, 1, 10)
        assert person.status == c.Status.ENQUIRY
        assert person.phone == "07000000003"
        assert {i.method for i in person.interests.all()} == {"co_production", "training"}
        assert Participant.objects.get(preferred_name="Person 4").date_of_birth == dt.date(
            1950, 1, 13
        )
        assert Participant.objects.get(preferred_name="Person 7").status == c.Status.ENQUIRY


def _confirm_queries(world, count: int, prefix: str, first: int) -> int:
    with scope(organisation=world.org_a):
        table = [(1, HEADER)] + [
            (n + 2, person_row(first + n, prefix=prefix)) for n in range(count)
        ]
        checked = importing.check_table(table, organisation=world.org_a, today=dt.date.today())
        batch = ImportBatch.objects.create(
            organisation=world.org_a,
            filename=f"{prefix}.csv",
            rows=checked.rows,
            errors=checked.errors,
            total_rows=checked.total_rows,
        )
        assert not checked.errors
        with CaptureQueriesContext(connection) as queries:
            importing.import_confirm(batch=batch, skip_bad_rows=False, actor=world.alice)
        assert Participant.objects.filter(preferred_name__startswith=prefix).count() == count
    return len(queries)


def test_confirming_takes_the_same_number_of_queries_for_50_and_500_rows(world):
    small = _confirm_queries(world, 50, "Small", 0)
    large = _confirm_queries(world, 500, "Large", 1000)
    assert small == large
    assert small < 25


# --- Files ------------------------------------------------------------------------------------


def test_excel_workbook_with_real_dates_and_number_phones(alice, world):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["preferred_name", "date_of_birth", "phone", "access_needs", "age_band"])
    sheet.append(["Ada Lovelace", dt.datetime(1985, 3, 27), 7700900982, "step_free; BSL", ""])
    sheet.append(["Bea", "7/3/1990", "07700 900983", "", "21 or over"])
    sheet.append([None, None, None, None, None])  # blank rows are ignored
    sheet.append(["Cy", "not a date", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(alice, buffer.getvalue(), "People List.XLSX")
    assert response.status_code == 302
    page = alice.get(response.url)
    assert "Row 5: Enter a date of birth like 27/03/1985" in page.text
    assert alice.post(response.url, {"action": "confirm", "skip_bad_rows": "on"}).status_code == 302
    with scopes_disabled():
        ada = Participant.objects.get(preferred_name="Ada Lovelace")
        assert ada.date_of_birth == dt.date(1985, 3, 27)
        assert ada.phone == "07700900982"
        assert {n.need for n in ada.access_needs.all()} == {"step_free", "bsl"}
        bea = Participant.objects.get(preferred_name="Bea")
        assert bea.date_of_birth == dt.date(1990, 3, 7)
        assert bea.age_band == c.AgeBand.AGE_21_PLUS
        assert not Participant.objects.filter(preferred_name="Cy").exists()


def test_csv_in_windows_encoding_with_semicolons_and_a_byte_order_mark(alice, world):
    content = make_csv(
        [["Zoë Brontë", "Café worker"]],
        ["preferred_name", "skills"],
        encoding="cp1252",
        delimiter=";",
    )
    assert upload(alice, content).status_code == 302
    bom = make_csv([["Siân"]], ["Preferred_Name"], encoding="utf-8-sig")
    assert upload(alice, bom).status_code == 302
    with scopes_disabled():
        assert ImportBatch.objects.count() == 2
        first, second = ImportBatch.objects.order_by("pk")
        assert first.rows[0]["data"] == {
            "preferred_name": "Zoë Brontë",
            "status": "enquiry",
            "skills": ["café worker"],
        }
        assert second.rows[0]["data"]["preferred_name"] == "Siân"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.pdf", b"%PDF-1.4 not a spreadsheet", "must be a CSV file (.csv) or an Excel"),
        ("people.xlsx", b"preferred_name\nJo\n", "is not an Excel workbook"),
        ("people.xlsx", b"PK\x03\x04 broken zip", "is not an Excel workbook"),
        ("people.csv", bytes(range(256)) * 4, "is not a CSV file withus can read"),
        ("people.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a CSV file"),
        ("people.csv", b"", "The submitted file is empty"),
        ("people.csv", b"preferred_name\n", "no rows of people"),
        ("people.csv", b"\n\nJo\n", "first row of the file must hold the column names"),
        ("people.csv", b"name,Favourite colour\nJo,red\n", "does not recognise these columns"),
        ("people.csv", b"preferred_name,phone,Phone\nJo,1,2\n", "appear more than once: phone"),
        ("people.csv", b"preferred_name\n" + b"x" * 200_000, "could not be read as CSV"),
    ],
)
def test_wrong_files_get_a_clear_message_and_change_nothing(alice, name, content, message):
    response = upload(alice, content, name)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text.replace("&#x27;", "'")
    assert not ImportBatch.unscoped.exists()
    assert not Participant.unscoped.exists()


def test_unknown_column_is_named_in_one_file_level_error(alice):
    response = upload(alice, b"preferred_name,Shoe size\nJo,9\n")
    assert "withus does not recognise this column: &quot;Shoe size&quot;" in response.text
    assert response.text.count("Shoe size") == 2  # error summary and the message by the field


def test_oversized_and_overlong_files_are_refused(alice, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(alice, make_csv([person_row(i) for i in range(50)]))
    assert response.status_code == 200
    assert "The file must be smaller than 1,000 bytes" in response.text
    settings.IMPORT_MAX_BYTES = 5 * 1024 * 1024
    settings.IMPORT_MAX_ROWS = 10
    response = upload(alice, make_csv([person_row(i) for i in range(11)]))
    assert "more than 10 rows of people" in response.text
    assert upload(alice, make_csv([person_row(i) for i in range(10)])).status_code == 302


# --- Rows -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27/03/1985", dt.date(1985, 3, 27)),
        ("7/3/1985", dt.date(1985, 3, 7)),
        ("1985-03-27", dt.date(1985, 3, 27)),
        ("27/03/1985 00:00", dt.date(1985, 3, 27)),
        ("1985-03-27 00:00:00", dt.date(1985, 3, 27)),
        (dt.datetime(1985, 3, 27), dt.date(1985, 3, 27)),
        (dt.date(1985, 3, 27), dt.date(1985, 3, 27)),
        ("31/02/1985", None),
        ("03/27/1985", None),  # American order: no 27th month
        ("27/03/85", None),  # two-digit years are ambiguous
        ("27 March 1985", None),
        (31134, None),  # a number, not a date cell
    ],
)
def test_dates_of_birth(text, expected):
    assert importing.parse_date(text) == expected


def test_row_problems_are_in_plain_english_with_row_numbers(world):
    rows = [
        ["Ok Person", "", "", "", "", "", "", "", "", ""],
        ["Future", "", "01/01/2999", "", "", "", "", "", "", ""],
        ["Bad phone", "", "", "12ab", "", "", "", "", "", ""],
        ["Bad email", "", "", "", "not-an-email", "", "", "", "", ""],
        ["Bad status", "", "", "", "", "", "Sleeping", "", "", ""],
        ["Bad need", "", "", "", "", "", "", "", "", "Jetpack; Large print"],
        ["x" * 121, "", "", "", "", "", "", "", "", ""],
    ]
    table = [(1, HEADER)] + [(n + 2, row) for n, row in enumerate(rows)]
    with scope(organisation=world.org_a):
        checked = importing.check_table(table, organisation=world.org_a, today=dt.date.today())
    messages = {e["row"]: e["messages"] for e in checked.errors}
    assert [r["row"] for r in checked.rows] == [2]
    assert messages[3] == ["Row 3: The date of birth must be in the past"]
    assert messages[4] == ["Row 4: Enter a phone number, like 07700 900982"]
    assert messages[5] == [
        "Row 5: Enter an email address in the right format, like name@example.org"
    ]
    assert messages[6][0].startswith('Row 6: "Sleeping" is not one of the choices for status.')
    assert "Taking a break" in messages[6][0]
    assert messages[7] == [
        'Row 7: "Jetpack" is not on the list of access needs. See the list on the import page'
    ]
    assert messages[8] == ["Row 8: The preferred name must be 120 characters or fewer"]


def test_duplicates_in_the_file_and_already_on_withus(alice, world):
    with scope(organisation=world.org_a):
        services.participant_create(
            organisation=world.org_a,
            data={
                "preferred_name": "Jane Smith",
                "date_of_birth": dt.date(1985, 3, 27),
                "phone": "07700 900123",
                "email": "Jane@Example.org",
            },
            actor=world.alice,
        )
        gone = services.participant_create(
            organisation=world.org_a,
            data={"preferred_name": "Gone", "phone": "07700 900777"},
            actor=world.alice,
        )
        services.participant_erase(participant=gone, actor=world.admin_a)
    with scope(organisation=world.org_b):
        services.participant_create(
            organisation=world.org_b,
            data={"preferred_name": "Org B", "phone": "07700 900888"},
            actor=world.charlie,
        )
    header = ["preferred_name", "legal_name", "date_of_birth", "phone", "email"]
    rows = [
        ["jane  SMITH", "", "27/03/1985", "", ""],  # row 2
        ["Janey", "Jane Smith", "1985-03-27", "", ""],  # row 3: legal name + DOB
        ["JS", "", "", "+44 7700 900123", ""],  # row 4
        ["J", "", "", "", "jane@example.ORG"],  # row 5
        ["Sam", "", "", "07700 900555", ""],  # row 6
        ["Samuel", "", "", "07700900555", ""],  # row 7: same as row 6
        ["Kim", "", "", "", "kim@example.org"],  # row 8
        ["Kim again", "", "", "", "KIM@example.org"],  # row 9: same as row 8
        ["Someone new", "", "", "07700 900777", ""],  # row 10: only an erased person had it
        ["Also new", "", "", "07700 900888", ""],  # row 11: only org B has it
    ]
    response = upload(alice, make_csv(rows, header))
    page = alice.get(response.url).text.replace("&#x27;", "'")
    expected = [
        "Row 2: looks like Jane Smith, already on withus (same name and date of birth)",
        "Row 3: looks like Jane Smith, already on withus (same name and date of birth)",
        "Row 4: looks like Jane Smith, already on withus (same phone number)",
        "Row 5: looks like Jane Smith, already on withus (same email address)",
        "Row 7: looks like Sam in row 6 of this file (same phone number)",
        "Row 9: looks like Kim in row 8 of this file (same email address)",
    ]
    for message in expected:
        assert message in page
    batch = _batch()
    assert [e["row"] for e in batch.errors] == [2, 3, 4, 5, 7, 9]
    assert [r["row"] for r in batch.rows] == [6, 8, 10, 11]


def test_the_same_file_confirmed_twice_does_not_add_people_twice(alice, world):
    content = make_csv([person_row(i) for i in range(20)])
    first = upload(alice, content).url
    second = upload(alice, content).url
    assert alice.post(first, {"action": "confirm"}).status_code == 302
    refused = alice.post(second, {"action": "confirm"})
    assert refused.status_code == 200
    assert "20 rows have problems" in refused.text
    assert "Row 2: looks like Person 0, already on withus (same name and date of birth)" in (
        refused.text
    )
    nothing_left = alice.post(second, {"action": "confirm", "skip_bad_rows": "on"})
    assert "No rows are ready to import" in nothing_left.text
    assert Participant.unscoped.count() == 20


def test_cancel_throws_the_file_away(alice):
    preview = upload(alice, make_csv([person_row(1)])).url
    response = alice.post(preview, {"action": "cancel"})
    assert response.status_code == 302
    assert response.url == url("import")
    batch = _batch()
    assert (batch.state, batch.rows) == ("cancelled", [])
    assert "This import was cancelled" in alice.get(preview).text
    refused = alice.post(preview, {"action": "confirm"})
    assert "This import was cancelled" in refused.text
    assert not Participant.unscoped.exists()


def test_upload_page_documents_every_column(alice):
    page = alice.get(url("import")).text
    for name in importing.COLUMNS:
        assert f"<code>{name}</code>" in page
    assert "Giving views (surveys, focus groups)" in page
    assert 'enctype="multipart/form-data"' in page


def test_preview_shows_date_of_birth_only_to_people_who_can_see_sensitive_data(client, world):
    client.force_login(world.alice)
    preview = upload(client, make_csv([person_row(1)])).url
    assert "1950-01-04" not in client.get(preview).text
    client.force_login(world.safeguarding_a)
    assert "1950-01-04" in client.get(preview).text


# --- Access -----------------------------------------------------------------------------------


def test_only_people_who_manage_people_can_import_and_other_organisations_get_404(client, world):
    client.force_login(world.alice)
    preview = upload(client, make_csv([person_row(1)])).url
    batch = _batch()
    client.force_login(world.bob)
    assert client.get(url("import")).status_code == 403
    assert client.post(preview, {"action": "confirm"}).status_code == 403
    client.force_login(world.admin_b)
    assert client.get(preview).status_code == 404
    own_address = reverse(
        "people:import_preview", kwargs={"org_slug": "org-b", "batch_id": batch.pk}
    )
    assert client.get(own_address).status_code == 404
    assert client.post(own_address, {"action": "confirm"}).status_code == 404
    assert not Participant.unscoped.exists()


def test_lists_accept_labels_or_codes_and_skills_accept_commas():
    data, problems = importing.clean_row(
        {
            "preferred_name": "Ali",
            "interests": "giving views (surveys, focus groups); SERVICE_DESIGN; service design",
            "access_needs": "bsl;\nQuiet space",
            "skills": "IT, Graphic   Design; it",
            "justice_relationship": "On licence or probation",
            "age_band": "16 or 17",
        },
        dt.date(2026, 1, 1),
    )
    assert problems == []
    assert data["interests"] == ["consultation", "service_design"]
    assert data["access_needs"] == ["bsl", "quiet_space"]
    assert data["skills"] == ["it", "graphic design"]
    assert data["justice_relationship"] == "on_licence"
    assert data["age_band"] == "16_17"


def test_cancelling_an_imported_batch_changes_nothing(alice):
    preview = upload(alice, make_csv([person_row(1)])).url
    assert alice.post(preview, {"action": "confirm"}).status_code == 302
    response = alice.post(preview, {"action": "cancel"})
    assert response.url == preview
    assert _batch().state == "imported"
    assert "This file has been imported" in alice.get(preview).text
    assert Participant.unscoped.count() == 1

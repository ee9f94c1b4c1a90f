"""Exporting the participant list: only for can_export, sensitive columns only for
can_view_sensitive, never bank, benefits, equality or restriction detail, no live formulas."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from withus.audit.models import AuditEvent
from withus.people import choices as c
from withus.people import exporting, services

# Things a coordinator's export must never contain.
NEVER = [
    "1984",  # Jo's year of birth, in any date format
    "Joanna Quentin Bloggs",  # legal name
    "30-94-57",
    "309457",  # sort code
    "12345678",  # account number
    "Universal Credit",
    "Citizens Advice Hackney",  # benefits
    "Buddhist",
    "Mixed or multiple",  # equality answers
    "Never at the same forum",  # restriction detail
    "Must not be in contact",
]
# Bank, benefits, equality and restriction detail: not even the safeguarding lead's export.
NEVER_FOR_ANYONE = NEVER[3:]


def url(name, **kwargs):
    return reverse(f"people:{name}", kwargs={"org_slug": "org-a", **kwargs})


@pytest.fixture
def cast(world):
    with scope(organisation=world.org_a):
        jo = services.participant_create(
            organisation=world.org_a,
            data={
                "preferred_name": "Jo Bloggs",
                "legal_name": "Joanna Quentin Bloggs",
                "date_of_birth": dt.date(1984, 3, 31),
                "phone": "07700 900123",
                "email": "jo@people.example",
                "area": "Hackney",
                "status": c.Status.ACTIVE,
                "justice_relationship": c.JusticeRelationship.ON_LICENCE,
                "named_contact_id": world.alice.pk,
            },
            actor=world.alice,
        )
        sam = services.participant_create(
            organisation=world.org_a,
            data={"preferred_name": "Sam Carter", "area": "Newham"},
            actor=world.alice,
        )
        sneaky = services.participant_create(
            organisation=world.org_a,
            data={
                "preferred_name": '=HYPERLINK("http://evil.example","Click")',
                "area": "@SUM(A1:A9)",
                "phone": "+44 7700 900456",
                "key_worker_name": "-2+3",
            },
            actor=world.alice,
        )
        services.participant_set_involvement(
            participant=jo,
            interests=["training", "co_production"],
            skills=["IT", "Cooking"],
            availability=[],
            data={},
            actor=world.alice,
        )
        services.participant_set_access_needs(
            participant=jo, needs=["large_print"], notes="", actor=world.alice
        )
        services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.PHOTOS,
            state="given",
            method="written",
            actor=world.alice,
        )
        services.consent_record(
            participant=sam,
            purpose=c.ConsentPurpose.PHOTOS,
            state="withdrawn",
            method="verbal",
            actor=world.alice,
        )
        services.bank_details_save(
            participant=jo,
            account_name="Joanna Quentin Bloggs",
            sort_code="30-94-57",
            account_number="12345678",
            actor=world.alice,
        )
        services.benefits_save(
            participant=jo,
            data={
                "consent_given": True,
                "benefits": ["uc"],
                "other_benefit": "",
                "signposted_on": None,
                "signposted_to": "Citizens Advice Hackney",
                "pw1_noted": False,
            },
            actor=world.safeguarding_a,
        )
        services.equality_save(
            participant=jo,
            data={"ethnicity": "mixed", "religion": "buddhist"},
            actor=world.safeguarding_a,
        )
        services.restriction_add(
            participant=jo,
            kind=c.RestrictionKind.NO_CONTACT_PERSON,
            other_participant=sam,
            place="",
            meaning="Never at the same forum as Sam",
            actor=world.safeguarding_a,
        )
    with scope(organisation=world.org_b):
        services.participant_create(
            organisation=world.org_b, data={"preferred_name": "Bo in Org B"}, actor=world.charlie
        )
    return {"jo": jo, "sam": sam, "sneaky": sneaky}


def _csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response) -> list[list]:
    from openpyxl import load_workbook

    assert response["Content-Type"] == FORMAT_XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


FORMAT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_coordinator_csv_has_no_sensitive_columns_and_no_sensitive_detail(client, world, cast):
    client.force_login(world.alice)
    response = client.get(url("export"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="participants-org-a-')
    rows = _csv(response)
    assert list(rows[0]) == exporting.COLUMNS
    assert "Legal name" not in rows[0] and "Date of birth" not in rows[0]
    text = response.content.decode("utf-8-sig")
    for secret in NEVER:
        assert secret not in text, secret
    assert "Bo in Org B" not in text
    by_name = {row["Preferred name"]: row for row in rows}
    jo = by_name["Jo Bloggs"]
    assert jo["Status"] == "Active"
    assert jo["Connection to the justice system"] == "On licence or probation"
    assert jo["Interests"] == "Delivering training; Forums and councils"
    assert jo["Skills"] == "cooking; it"
    assert jo["Access needs"] == "Large print"
    assert jo["Photo consent"] == "Given"
    assert jo["Named contact"] == str(world.alice)
    # The restriction shows only as a flag, on both people.
    assert jo["Check with safeguarding lead"] == "Yes"
    assert by_name["Sam Carter"]["Check with safeguarding lead"] == "Yes"
    assert by_name["Sam Carter"]["Photo consent"] == "Withdrawn"
    [event] = AuditEvent.unscoped.filter(action="participant.export")
    assert event.actor == world.alice
    assert event.summary == "Exported 3 participants as CSV"


def test_formula_cells_are_neutralised_in_csv(client, world, cast):
    client.force_login(world.alice)
    rows = _csv(client.get(url("export"), {"format": "csv"}))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    sneaky = next(row for row in rows if "HYPERLINK" in row["Preferred name"])
    assert sneaky["Preferred name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert sneaky["Area"] == "'@SUM(A1:A9)"
    assert sneaky["Phone"] == "'+44 7700 900456"


def test_coordinator_xlsx_is_safe_and_has_no_sensitive_columns(client, world, cast):
    client.force_login(world.alice)
    response = client.get(url("export"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = _xlsx(response)
    assert rows[0] == exporting.COLUMNS
    flat = " ".join(str(value) for row in rows for value in row if value is not None)
    for secret in NEVER:
        assert secret not in flat, secret
    sneaky = next(row for row in rows if "HYPERLINK" in str(row[0]))
    assert sneaky[0] == '\'=HYPERLINK("http://evil.example","Click")'
    assert sneaky[2] == "'@SUM(A1:A9)"
    assert "participant.export" in AuditEvent.unscoped.values_list("action", flat=True)
    assert AuditEvent.unscoped.get(action="participant.export").summary == (
        "Exported 3 participants as Excel"
    )


def test_people_who_can_see_sensitive_data_get_legal_name_and_date_of_birth(client, world, cast):
    client.force_login(world.admin_a)
    rows = _csv(client.get(url("export"), {"format": "csv"}))
    assert list(rows[0])[:3] == ["Preferred name", "Legal name", "Date of birth"]
    jo = next(row for row in rows if row["Preferred name"] == "Jo Bloggs")
    assert jo["Legal name"] == "Joanna Quentin Bloggs"
    assert jo["Date of birth"] == "31/03/1984"
    text = "\n".join(",".join(row.values()) for row in rows)
    for secret in NEVER_FOR_ANYONE:
        assert secret not in text, secret
    xlsx = _xlsx(client.get(url("export"), {"format": "xlsx"}))
    assert xlsx[0][:3] == ["Preferred name", "Legal name", "Date of birth"]
    jo_row = next(row for row in xlsx if row[0] == "Jo Bloggs")
    assert jo_row[2] == dt.datetime(1984, 3, 31)  # a real date cell
    summaries = list(
        AuditEvent.unscoped.filter(action="participant.export").values_list("summary", flat=True)
    )
    assert all("with legal names and dates of birth" in s for s in summaries)


def test_export_follows_the_list_filters(client, world, cast):
    client.force_login(world.alice)
    rows = _csv(client.get(url("export"), {"format": "csv", "status": "active"}))
    assert [row["Preferred name"] for row in rows] == ["Jo Bloggs"]
    rows = _csv(client.get(url("export"), {"format": "csv", "q": "sam"}))
    assert [row["Preferred name"] for row in rows] == ["Sam Carter"]
    # An unknown format falls back to CSV rather than failing.
    assert client.get(url("export"), {"format": "exe"})["Content-Type"].startswith("text/csv")


def test_erased_people_are_not_exported(client, world, cast):
    with scope(organisation=world.org_a):
        services.participant_erase(participant=cast["sam"], actor=world.admin_a)
    client.force_login(world.alice)
    rows = _csv(client.get(url("export"), {"format": "csv"}))
    assert [row["Preferred name"] for row in rows if "Erased" in row["Preferred name"]] == []
    assert len(rows) == 2


def _export_queries(client, fmt) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("export"), {"format": fmt}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_the_number_of_people(client, world, cast, fmt):
    client.force_login(world.alice)
    few = _export_queries(client, fmt)
    with scope(organisation=world.org_a):
        for n in range(40):
            person = services.participant_create(
                organisation=world.org_a, data={"preferred_name": f"Extra {n}"}, actor=world.alice
            )
            services.participant_set_involvement(
                participant=person,
                interests=["training"],
                skills=[f"skill {n}"],
                availability=[],
                data={},
                actor=world.alice,
            )
    assert _export_queries(client, fmt) == few


def test_viewer_gets_403_and_other_organisations_get_404(client, world, cast):
    client.force_login(world.bob)
    assert client.get(url("export"), {"format": "csv"}).status_code == 403
    client.force_login(world.safeguarding_a)  # sees sensitive data, but cannot export
    assert client.get(url("export"), {"format": "csv"}).status_code == 403
    client.force_login(world.charlie)
    assert client.get(url("export"), {"format": "csv"}).status_code == 404
    assert not AuditEvent.unscoped.filter(action="participant.export").exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+441234", "'+441234"),
        ("-3", "'-3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Jo", "Jo"),
        ("", ""),
        (None, None),
        (dt.date(2020, 1, 1), dt.date(2020, 1, 1)),
    ],
)
def test_neutralise(value, expected):
    assert exporting.neutralise(value) == expected

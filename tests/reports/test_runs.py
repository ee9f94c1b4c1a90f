"""Starting a report, building it in the background (tasks run at once in tests), the progress
page, the files and the checked, audited downloads."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django_scopes import scope

from tests.reports.builders import event_with, person
from withus.audit.models import AuditEvent
from withus.reports.models import ReportRun

START, END = "2026-04-01", "2026-06-30"


@pytest.fixture
def activity(world):
    org = world.org_a
    people = [person(org, sex="female") for _ in range(7)]
    event_with(org, dt.date(2026, 5, 1), attended=people, kind="forum")
    return people


def start_report(client, org, audience="funder", **extra):
    return client.post(
        reverse("reports:home", kwargs={"org_slug": org.slug}),
        {"period": "custom", "start": START, "end": END, "audience": audience, **extra},
    )


def test_starting_a_report_only_queues_it_and_the_task_builds_it(
    client, world, activity, django_capture_on_commit_callbacks
):
    client.force_login(world.bob)  # a viewer
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = start_report(client, world.org_a)
    run = ReportRun.unscoped.get()
    assert response.status_code == 302
    assert run.status == ReportRun.Status.QUEUED and not run.figures  # not built in the request
    page = client.get(response["Location"])
    assert page["Refresh"] == "3"
    assert b"Waiting to start" in page.content
    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    assert run.progress == 100
    assert run.figures["activity"]["people_involved"] == {"value": 7, "hidden": ""}
    assert run.pdf and run.docx and run.xlsx
    page = client.get(response["Location"])
    assert not page.has_header("Refresh")
    assert b"Headline figures" in page.content and b"People involved" in page.content
    assert AuditEvent.unscoped.filter(action="reports.requested").exists()
    assert AuditEvent.unscoped.filter(action="reports.built").exists()


@pytest.fixture
def done_run(client, world, activity, django_capture_on_commit_callbacks):
    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        start_report(client, world.org_a)
    run = ReportRun.unscoped.get()
    assert run.status == ReportRun.Status.DONE, run.error
    return run


def _download(client, org, run, fmt):
    return client.get(
        reverse("reports:download", kwargs={"org_slug": org.slug, "pk": run.pk, "fmt": fmt})
    )


def test_pdf_has_the_headings(client, world, done_run, tmp_path):
    response = _download(client, world.org_a, done_run, "pdf")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    if shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        for heading in ("How we counted", "Activity", "Money", "You said, we did", "Who took part"):
            assert heading in text
    assert AuditEvent.unscoped.filter(action="reports.downloaded").count() == 1


def test_docx_opens_with_the_headings(client, world, done_run):
    from docx import Document

    document = Document(io.BytesIO(_download(client, world.org_a, done_run, "docx").content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Activity" in headings and "Who took part" in headings
    pictures = document.inline_shapes
    assert len(pictures) >= 1
    assert pictures[0]._inline.docPr.get("descr").startswith("Bar chart.")


def test_xlsx_numbers_match_the_figures(client, world, done_run):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_download(client, world.org_a, done_run, "xlsx").content))
    sheet = book["Money"]
    assert "Activity" in book.sheetnames and "Who took part" in book.sheetnames
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if len(row) > 1}
    assert values["People paid"] == 0
    activity = book["Activity"]
    rows = {row[0]: row[1] for row in activity.iter_rows(values_only=True) if len(row) > 1}
    assert rows["Forum meeting"] == done_run.figures["activity"]["events_total"] == 1


def test_hidden_counts_are_never_printed_as_numbers(
    client, world, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    org = world.org_a
    event_with(org, dt.date(2026, 5, 1), attended=[person(org, sex="male") for _ in range(3)])
    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        start_report(client, org, audience="trustees")
    run = ReportRun.unscoped.get()
    book = load_workbook(io.BytesIO(_download(client, org, run, "xlsx").content))
    texts = [c for row in book["Activity"].iter_rows(values_only=True) for c in row if c]
    assert "People involved: fewer than 5." in texts


def test_viewer_cannot_download_the_spreadsheet(client, world, done_run):
    client.force_login(world.bob)
    assert _download(client, world.org_a, done_run, "pdf").status_code == 200
    assert _download(client, world.org_a, done_run, "xlsx").status_code == 403
    assert _download(client, world.org_a, done_run, "exe").status_code == 404
    page = client.get(reverse("reports:run", kwargs={"org_slug": "org-a", "pk": done_run.pk}))
    assert b"Spreadsheet" not in page.content


def test_other_organisation_gets_404(client, world, done_run):
    client.force_login(world.charlie)
    org_b = world.org_b
    response = client.get(
        reverse(
            "reports:download", kwargs={"org_slug": org_b.slug, "pk": done_run.pk, "fmt": "pdf"}
        )
    )
    assert response.status_code == 404


def test_failed_build_says_so_plainly(
    client, world, activity, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("withus.reports.figures.build_figures", broken)
    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = start_report(client, world.org_a)
    run = ReportRun.unscoped.get()
    assert run.status == ReportRun.Status.FAILED
    assert "boom" not in run.error and "Try again" in run.error
    page = client.get(response["Location"])
    assert b"could not be built" in page.content
    assert _download(client, world.org_a, run, "pdf").status_code == 404


def test_easy_read_report(client, world, activity, django_capture_on_commit_callbacks):
    from docx import Document

    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        start_report(client, world.org_a, audience="participants")
    run = ReportRun.unscoped.get()
    assert run.status == ReportRun.Status.DONE, run.error
    assert "money" not in run.figures and "equality" not in run.figures
    document = Document(io.BytesIO(_download(client, world.org_a, run, "docx").content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "7 people took part." in text
    assert "£" not in text
    assert document.styles["Normal"].font.size.pt >= 16
    pdf = _download(client, world.org_a, run, "pdf").content
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "What we did together" in text and "7 people took part." in text
        assert "£" not in text and "Who took part" not in text


@pytest.mark.parametrize(
    "data, message",
    [
        ({"period": "custom", "start": "", "end": END}, b"Enter the first day"),
        ({"period": "custom", "start": END, "end": START}, b"same as or after"),
        ({"period": "custom", "start": "2020-01-01", "end": "2026-01-01"}, b"3 years or less"),
        ({"period": "custom", "start": "31/02/2026", "end": END}, b"There is a problem"),
        ({"period": "nonsense"}, b"There is a problem"),
    ],
)
def test_bad_input_is_explained(client, world, data, message):
    client.force_login(world.alice)
    response = client.post(
        reverse("reports:home", kwargs={"org_slug": "org-a"}), {"audience": "funder", **data}
    )
    assert response.status_code == 200
    assert message in response.content
    assert not ReportRun.unscoped.exists()


def test_presets(client, world, django_capture_on_commit_callbacks):
    from withus.reports.forms import last_financial_year, last_quarter

    assert last_quarter(dt.date(2026, 11, 27)) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert last_quarter(dt.date(2026, 2, 1)) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert last_financial_year(dt.date(2026, 11, 27)) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert last_financial_year(dt.date(2026, 3, 31)) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))


def test_home_lists_runs_in_the_same_number_of_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org = world.org_a
    client.force_login(world.alice)

    def make(n):
        for _ in range(n):
            ReportRun.unscoped.create(
                organisation=org,
                audience="funder",
                period_start=dt.date(2026, 4, 1),
                period_end=dt.date(2026, 6, 30),
                requested_by=world.alice,
            )

    url = reverse("reports:home", kwargs={"org_slug": org.slug})
    make(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    make(24)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)


def test_equality_page_and_baseline(client, world, activity):
    org = world.org_a
    client.force_login(world.alice)
    url = reverse("reports:baseline", kwargs={"org_slug": org.slug}) + "?year=2025"
    assert client.post(url, {"sex__female": "-3"}).status_code == 200
    assert client.post(url, {"sex__female": "abc"}).status_code == 200
    response = client.post(url, {"sex__female": "40", "sex__male": "60"})
    assert response.status_code == 302
    # 2026 starts as a copy of 2025 (not saved until Save is pressed).
    page = client.get(reverse("reports:baseline", kwargs={"org_slug": org.slug}), {"year": 2026})
    assert b"last year" in page.content and b'value="40"' in page.content
    with scope(organisation=org):
        from withus.reports.models import EqualityBaseline

        assert not EqualityBaseline.objects.filter(year=2026).exists()
    assert AuditEvent.unscoped.filter(action="reports.baseline_saved").exists()
    client.force_login(world.bob)
    page = client.get(
        reverse("reports:equality", kwargs={"org_slug": org.slug}),
        {"period": "custom", "start": START, "end": END},
    )
    assert page.status_code == 200
    assert b"Compared with the people you served in 2025" in page.content
    bad = client.get(
        reverse("reports:equality", kwargs={"org_slug": org.slug}),
        {"period": "custom", "start": END, "end": START},
    )
    assert bad.status_code == 200 and b"There is a problem" in bad.content

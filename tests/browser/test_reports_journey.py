"""Issue 7's reports in a real browser: the equality comparison, a funder report built in the
background and its PDF, and the Easy Read report for participants. Every page passes axe-core;
the PDF pages are saved as PNGs (pdftoppm) in test-artifacts to look at."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.core.management import call_command

from tests.browser.conftest import ARTIFACTS, assert_accessible
from tests.browser.test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


def make_report(page, base, audience: str, name: str, tmp_path) -> list:
    today = dt.date.today()
    page.goto(f"{base}/o/eastfield/reports/")
    assert_accessible(page, f"reports-home-{name}")
    page.get_by_label("Choose the dates").check()
    page.get_by_label("First day").fill((today - dt.timedelta(days=365)).isoformat())
    page.get_by_label("Last day").fill(today.isoformat())
    page.get_by_label(audience).check()
    page.get_by_role("button", name="Make the report").click()
    page.wait_for_url("**/reports/runs/*/")
    # Tasks run at once in the test settings; otherwise the page refreshes itself until ready.
    page.get_by_role("heading", name="Headline figures").wait_for(timeout=120_000)
    assert_accessible(page, f"reports-run-{name}")
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF (to print or share)").click()
    pdf = tmp_path / f"{name}.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if not shutil.which("pdftoppm"):
        return []
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / f"report-{name}"
    for old in ARTIFACTS.glob(f"report-{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(prefix)], check=True)
    return sorted(ARTIFACTS.glob(f"report-{name}-*.png"))


def test_equality_then_a_funder_report_and_an_easy_read_report(page, live_server, demo, tmp_path):
    base = live_server.url
    sign_in(page, base, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")

    page.goto(f"{base}/o/eastfield/reports/equality/")
    page.get_by_role("heading", name="Who took part compared with who you serve").wait_for()
    assert_accessible(page, "reports-equality")
    page.get_by_label("Choose the dates").check()
    page.get_by_label("First day").fill("2026-02-01")
    page.get_by_label("Last day").fill("2026-01-01")
    page.get_by_role("button", name="Show this period").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "reports-equality-error")

    funder_pages = make_report(page, base, "A funder", "funder", tmp_path)
    easy_pages = make_report(page, base, "Participants (Easy Read)", "easy-read", tmp_path)
    if shutil.which("pdftoppm"):
        assert funder_pages and easy_pages

"""Issue 9 points 2 and 3 in a real browser: a coordinator starts the involvement strategy,
rewrites it with a co-author and downloads it (the review of current involvement filled in from
the demo data; its PDF pages saved as images to look at); an admin approves it; the coordinator
makes a welcome pack for a demo participant in Easy Read. axe-core passes on every page."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from tests.browser.conftest import ARTIFACTS, assert_accessible
from tests.browser.test_money_journey import sign_in_with_code
from tests.browser.test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)
    from withus.policies.models import PolicyDocument
    from withus.projects.models import Project

    with scopes_disabled():
        # The demo has every document started; the journey starts the strategy itself.
        PolicyDocument.unscoped.filter(
            organisation__slug="eastfield", kind=PolicyDocument.Kind.STRATEGY
        ).delete()
        project = Project.objects.get(organisation__slug="eastfield", name="Women's forum 2027")
        person = project.co_planners.order_by("id").first()
    return {"project": project, "person": person}


def _download(page, link_name) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    return Path(info.value.path()).read_bytes()


def _pdf_text_and_images(pdf: bytes, name: str) -> str:
    """The PDF's words, and its pages saved as PNGs in test-artifacts to look at. Fails when
    poppler's tools are missing (CI installs poppler-utils: scripts/test.sh), so the checks on
    the words can never be skipped without anyone noticing."""
    for tool in ("pdftoppm", "pdftotext"):
        assert shutil.which(tool), f"{tool} is missing: install poppler-utils"
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(ARTIFACTS / name)], check=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert text.strip(), f"{name}.pdf has no words in it"
    return text


def test_strategy_and_welcome_pack(page, live_server, demo):
    base = live_server.url
    person = demo["person"]
    sign_in(page, base, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")

    page.goto(base + "/o/eastfield/documents/")
    assert page.get_by_role("heading", name="Strategy and policies").is_visible()
    assert_accessible(page, "policies-index")
    page.get_by_role("button", name="Start document").click()  # nothing chosen
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "policies-start-error")
    page.get_by_label("Involvement strategy").check()
    page.get_by_role("button", name="Start document").click()
    assert page.get_by_role("heading", name="Involvement strategy", exact=True).is_visible()
    assert page.get_by_text("Women's forum 2027 (running)").first.is_visible()
    assert_accessible(page, "policies-strategy-v1")

    page.get_by_role("link", name="Change").click()
    page.get_by_label("Title").fill("Our involvement strategy")
    page.get_by_label("Background and requirements").fill(
        "Written with our forum.\n- services work better when people shape them"
    )
    page.get_by_label(person.preferred_name, exact=True).check()
    page.get_by_label("What changed in this version (optional)").fill("Rewritten with the forum")
    assert_accessible(page, "policies-strategy-edit")
    page.get_by_role("button", name="Save as a new version").click()
    assert page.get_by_text("Version 2 has been saved as a draft").is_visible()
    assert page.get_by_text("An admin needs to approve this version.").is_visible()
    assert_accessible(page, "policies-strategy-v2")

    pdf = _download(page, "Standard print PDF")
    assert pdf.startswith(b"%PDF")
    text = _pdf_text_and_images(pdf, "policies-strategy")
    assert "Review of our current involvement" in text
    assert "Women's forum 2027 (running)" in text
    # A spend line and a people-count line from the review, with their figures.
    words = " ".join(text.split())  # a line may wrap in the PDF
    assert re.search(r"Payments to people for their time: £[\d,]+\.\d\d", words), text
    assert re.search(r"On our records as taking part with us on \w+ \d+ \w+ \d{4}: \d+", words), (
        text
    )
    assert f"Written with {person.preferred_name}" in text
    assert _download(page, "Large print Word document").startswith(b"PK")

    # An admin approves it.
    page.context.clear_cookies()
    sign_in_with_code(page, base, "admin@eastfield.example")
    page.goto(base + "/o/eastfield/documents/")
    page.get_by_role("link", name="Our involvement strategy").click()
    page.get_by_role("button", name="Approve version 2").click()
    assert page.get_by_text("Version 2 has been approved.").is_visible()
    assert page.get_by_text("Priya Shah").first.is_visible()
    assert_accessible(page, "policies-strategy-approved")

    # The coordinator makes a welcome pack for a demo participant.
    page.context.clear_cookies()
    sign_in(page, base, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")
    page.goto(base + "/o/eastfield/documents/")
    page.get_by_role("link", name="Make a welcome pack").click()
    page.get_by_role("button", name="Show the pack").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "welcome-errors")
    page.get_by_label("Who is joining?").select_option(label=person.preferred_name)
    page.get_by_label("Which project are they joining?").select_option(label="Women's forum 2027")
    page.get_by_role("button", name="Show the pack").click()
    assert page.get_by_role("heading", name="Welcome to Women's forum 2027").is_visible()
    assert page.get_by_role("heading", name="Keeping safe").is_visible()
    assert_accessible(page, "welcome-pack")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as PDF in easy read").click()
    easy = Path(info.value.path()).read_bytes()
    text = _pdf_text_and_images(easy, "welcome-easy-read")
    assert "Hello " + person.preferred_name.split()[0] in text
    assert "Words to know" in text or "Who to ask" in text
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as a Word document (DOCX) in large print").click()
    assert Path(info.value.path()).read_bytes().startswith(b"PK")

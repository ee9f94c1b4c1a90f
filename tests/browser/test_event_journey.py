"""Issue 5's journey in a real browser: plan an event at a new venue, invite five people (one whose
curfew the finish time breaks, one without photo consent), get the pre-meeting pack, record who
came, and find every message in the outbox on the channel each person chose."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django_scopes import scope

from tests.browser.conftest import ARTIFACTS, assert_accessible
from tests.browser.test_staff_journeys import sign_in
from withus.accounts.models import User
from withus.orgs.models import Organisation
from withus.people import services as people_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# name, contact details, channel order, consents, extra fields
INVITEES = [
    (
        "Ana Browsertest",
        {"phone": "07700 900001"},
        ["sms"],
        ["contact_sms", "photos"],
        {"curfew_time": dt.time(20, 30), "travel_home_minutes": 45},
    ),
    ("Bea Browsertest", {"email": "bea@people.example"}, ["email"], ["contact_email"], {}),
    (
        "Cat Browsertest",
        {"address": "Flat 2, 10 Mill Lane\nLeeds LS1 1AA"},
        ["post"],
        ["contact_post", "photos"],
        {},
    ),
    ("Dee Browsertest", {"phone": "07700 900004"}, ["phone"], ["contact_phone", "photos"], {}),
    (
        "Eve Browsertest",
        {"email": "eve@people.example"},
        ["email"],
        ["contact_email", "photos"],
        {},
    ),
]
EXPECTED_CHANNEL = {
    "Ana Browsertest": "Text message",
    "Bea Browsertest": "Email",
    "Cat Browsertest": "Letter",
    "Dee Browsertest": "Phone call",
    "Eve Browsertest": "Email",
}


@pytest.fixture
def demo_with_invitees(transactional_db):
    call_command("seed_demo", verbosity=0)
    org = Organisation.objects.get(slug="eastfield")
    alice = User.objects.get(email="alice@eastfield.example")
    with scope(organisation=org):
        for name, contact, channels, consents, extra in INVITEES:
            person = people_services.participant_create(
                organisation=org,
                data={
                    "preferred_name": name,
                    "status": "active",
                    "channel_order": channels,
                    **contact,
                    **extra,
                },
                actor=alice,
            )
            for purpose in consents:
                people_services.consent_record(
                    participant=person,
                    purpose=purpose,
                    state="given",
                    method="verbal",
                    actor=alice,
                )
    return org


def _pdf_pages_as_images(pdf: bytes, stem: str) -> list:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{stem}.pdf"
    path.write_bytes(pdf)
    if not shutil.which("pdftoppm"):
        return []
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(ARTIFACTS / stem)], check=True)
    return sorted(ARTIFACTS.glob(f"{stem}*.png"))


def test_coordinator_runs_an_event_from_venue_to_attendance(page, live_server, demo_with_invitees):
    sign_in(page, live_server.url, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")

    # A venue with its access facts.
    page.get_by_role("link", name="Events", exact=True).click()
    assert_accessible(page, "events-list")
    page.get_by_role("link", name="Venues").click()
    page.get_by_role("link", name="Add a venue").click()
    page.get_by_label("Name").fill("Mill Lane Community Room")
    page.get_by_label("Address").fill("10 Mill Lane, Leeds")
    page.get_by_role("group", name="Step-free access").get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name="Hearing loop").get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Near public transport").get_by_label("Yes", exact=True).check()
    assert_accessible(page, "venue-add")
    page.get_by_role("button", name="Save venue").click()
    assert page.get_by_role("link", name="Mill Lane Community Room").is_visible()

    # The event: 6pm to 8pm a month from now, photos planned.
    day = dt.date.today() + dt.timedelta(days=30)
    page.get_by_role("link", name="Back to events").click()
    page.get_by_role("link", name="Plan an event").click()
    page.get_by_label("Title").fill("Autumn forum")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts at").fill("18:00")
    page.get_by_label("Ends at").fill("20:00")
    page.get_by_label("Venue").select_option(label="Mill Lane Community Room")
    page.get_by_label("Capacity").fill("12")
    page.get_by_label("What the meeting is about").fill(
        "We will plan next year's forum and agree the terms of reference."
    )
    page.get_by_label("Photos will be taken").check()
    assert_accessible(page, "event-add")
    page.get_by_role("button", name="Save").click()

    # The agenda: an hour, a break, an hour.
    assert page.get_by_role("heading", name="Agenda").is_visible()
    for n, (title, minutes) in enumerate(
        [("Welcome and introductions", "60"), ("Tea", "15"), ("Planning next year", "45")]
    ):
        page.locator(f"#id_agenda-{n}-title").fill(title)
        page.locator(f"#id_agenda-{n}-minutes").fill(minutes)
    page.locator("#id_agenda-1-is_break").check()
    assert_accessible(page, "event-agenda")
    page.get_by_role("button", name="Save agenda").click()
    assert page.get_by_role("heading", name="Autumn forum").is_visible()
    event_url = page.url

    # Invite the five; the checks run before anyone is invited.
    page.get_by_role("link", name="Invite people").click()
    page.get_by_label("Search by name, phone or email").fill("Browsertest")
    page.get_by_role("button", name="Search").click()
    for name, *_ in INVITEES:
        page.get_by_label(name).check()
    assert_accessible(page, "event-invite")
    page.get_by_role("button", name="Check and invite").click()
    review = page.locator("main").inner_text()
    assert "Ana Browsertest" in review and "9pm" not in review  # curfew is 8:30pm
    assert "8:30pm" in review  # Ana's curfew is broken by the finish plus travel home
    assert "Bea Browsertest" in review  # listed for the register: no photo consent
    assert_accessible(page, "event-invite-review")
    page.get_by_role("button", name="Invite").click()
    page.wait_for_url(event_url)
    assert page.get_by_text("5 people invited.").is_visible()
    checks = page.locator("main").inner_text()
    assert "Ana Browsertest needs to be home by 8:30pm" in checks
    assert "Bea Browsertest has not agreed to photos" in checks
    assert_accessible(page, "event-detail")

    # The pre-meeting pack, as a PDF that opens and reads well as images.
    page.get_by_role("link", name="Pre-meeting pack").click()
    assert_accessible(page, "event-pack")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as PDF in standard").first.click()
    with open(info.value.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    images = _pdf_pages_as_images(pdf, "event-pack-standard")
    if shutil.which("pdftoppm"):
        assert images, "the pack PDF did not turn into page images"

    # Record who came.
    page.goto(event_url)
    page.get_by_role("link", name="Record who came").click()
    for name, value in [
        ("Ana Browsertest", "Attended"),
        ("Bea Browsertest", "Came late"),
        ("Cat Browsertest", "Did not come"),
    ]:
        page.get_by_role("group", name=name).get_by_label(value).check()
    assert_accessible(page, "event-attendance")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_url(event_url)
    assert page.get_by_text("Attendance saved (3 changed).").is_visible()

    # Every invitation is in the outbox, on the channel the person chose.
    page.get_by_role("link", name="Messages", exact=True).click()
    assert_accessible(page, "messages-outbox")
    rows = page.locator("table tbody tr")
    seen = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        who = cells.nth(1).inner_text().strip()
        if who in EXPECTED_CHANNEL:
            seen[who] = cells.nth(2).inner_text().split("\n")[0].strip()
    assert seen == EXPECTED_CHANNEL

"""Issue 6's journey in a real browser: attendance → draft payments → approve one past a
minimum-wage finding with a reason → batch → bank file; and a claim with a receipt photo paid
back exactly. Every page passes axe-core."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django_scopes import scope

from tests.browser.conftest import ARTIFACTS, assert_accessible
from tests.browser.test_staff_journeys import sign_in
from tests.events.builders import invite, make_event
from withus.accounts.models import User
from withus.money.models import ExpenseClaim, Payment, RateCard
from withus.orgs.models import Organisation
from withus.people import services as people_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _photo_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (60, 40), "white")
    exif = Image.Exif()
    exif[0x8825] = {2: (53.0, 48.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def setup(transactional_db):
    call_command("seed_demo", verbosity=0)
    org = Organisation.objects.get(slug="eastfield")
    alice = User.objects.get(email="alice@eastfield.example")
    with scope(organisation=org):
        # £20 for 2.5 hours is £8 an hour: below the minimum wage, so approval needs a reason.
        card = RateCard.objects.create(
            organisation=org,
            name="Browser honorarium",
            responsibility="attending",
            basis="session",
            amount=Decimal("20.00"),
            expected_hours=Decimal("2.5"),
            valid_from=dt.date(2020, 1, 1),
        )
        people = []
        for name in ("Gill Moneytest", "Hana Moneytest"):
            person = people_services.participant_create(
                organisation=org,
                data={
                    "preferred_name": name,
                    "status": "active",
                    "payment_method": "bank",
                    "date_of_birth": dt.date(1980, 1, 1),
                },
                actor=alice,
            )
            people_services.bank_details_save(
                participant=person,
                account_name=name,
                sort_code="30-94-57",
                account_number="12345678",
                actor=alice,
            )
            people.append(person)
        event = make_event(
            org,
            title="Money forum",
            day=dt.date.today() - dt.timedelta(days=3),
            start=dt.time(10, 0),
            end=dt.time(12, 30),
            rate_card=card,
        )
        for person in people:
            invite(event, person, reply="accepted")
    return {"org": org, "event": event, "people": people}


def sign_in_with_code(page, base, email):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from withus.demo.data import DEMO_TOTP_SECRET

    sign_in(page, base, email)
    page.wait_for_url("**/2fa/authenticate/")
    page.get_by_label("Code").fill(
        format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    )
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/o/eastfield/")


def test_attendance_to_bank_file_and_a_receipted_claim(page, live_server, setup, tmp_path):
    base = live_server.url
    event = setup["event"]
    gill, hana = setup["people"]

    # The coordinator records who came and drafts their payments.
    sign_in(page, base, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")
    page.goto(f"{base}/o/eastfield/events/{event.pk}/attendance/")
    for person in (gill, hana):
        page.get_by_role("group", name=person.preferred_name).get_by_label(
            "Attended", exact=True
        ).check()
    page.get_by_role("button", name="Save attendance").click()
    page.goto(f"{base}/o/eastfield/events/{event.pk}/attendance/")
    page.get_by_role("button", name="Draft payments for everyone who came").click()
    assert page.get_by_text("2 payments drafted.").is_visible()
    assert_accessible(page, "money-payments-drafted")

    # A claim for Gill's bus fare with a receipt photo.
    page.goto(f"{base}/o/eastfield/money/claims/add/?participant={gill.pk}&event={event.pk}")
    assert_accessible(page, "money-claim-start")
    page.get_by_role("button", name="Start the claim").click()
    page.get_by_role("heading", name="Add what was spent").wait_for()
    page.get_by_label("Travel (fares, tickets, taxi)").check()
    page.get_by_label("Date", exact=True).fill((dt.date.today() - dt.timedelta(days=3)).isoformat())
    page.get_by_label("How they travelled").fill("Bus")
    page.get_by_label("From", exact=True).fill("Hostel")
    page.get_by_label("To", exact=True).fill("Community hall")
    page.get_by_label("Amount claimed (£)").fill("5.00")
    receipt = tmp_path / "bus-ticket.jpg"
    receipt.write_bytes(_photo_with_gps())
    page.get_by_label("Receipt (optional)").set_input_files(str(receipt))
    page.get_by_label("Amount on the receipt (£)").fill("4.60")
    assert_accessible(page, "money-claim-item")
    page.get_by_role("button", name="Add and finish").click()
    assert_accessible(page, "money-claim-detail")
    claim_url = page.url
    page.context.clear_cookies()  # the finance officer signs in on the same computer

    # The finance officer approves, one payment past the minimum-wage check with a reason.
    sign_in_with_code(page, base, "finance@eastfield.example")
    page.goto(f"{base}/o/eastfield/money/payments/?status=draft")
    assert_accessible(page, "money-payments-draft")
    for person in (gill, hana):
        payment = Payment.unscoped.get(event=event, participant=person)
        page.goto(f"{base}/o/eastfield/money/payments/{payment.pk}/")
        text = page.locator("main").inner_text()
        assert "minimum wage" in text.lower()
        assert_accessible(page, "money-payment-blocked")
        page.get_by_label("Why is it right to approve it anyway?").fill(
            "A thank-you honorarium agreed with the forum"
        )
        page.get_by_role("button", name="Approve with this reason").click()
        assert page.get_by_text("Payment approved.").is_visible()

    page.goto(claim_url)
    page.get_by_label("Approve and reimburse").check()
    page.get_by_label("Bank transfer").check()
    assert_accessible(page, "money-claim-decide")
    page.get_by_role("button", name="Save the decision").click()
    claim = ExpenseClaim.unscoped.get(participant=gill)
    assert claim.status == "approved"
    expenses = Payment.unscoped.get(claim=claim)
    assert expenses.amount == Decimal("4.60")  # exactly the receipt, not the £5 claimed

    # Batch the bank transfers and download the bank file.
    page.goto(f"{base}/o/eastfield/money/batches/")
    assert_accessible(page, "money-batches")
    page.goto(f"{base}/o/eastfield/money/batches/new/?method=bank")
    assert_accessible(page, "money-batch-new")
    # The demo organisation has other approved payments waiting: batch only this journey's.
    boxes = page.locator("input[name=payments]")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        box.set_checked("Moneytest" in label)
    page.get_by_role("button", name="Make the batch").click()
    assert_accessible(page, "money-batch-detail")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the bank file (CSV)").click()
    with open(info.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    (ARTIFACTS / "money-bank-file.csv").write_text("\n".join(",".join(r) for r in rows))
    body = "\n".join(",".join(r) for r in rows)
    assert "20.00" in body and "4.60" in body
    assert "12345678" in body

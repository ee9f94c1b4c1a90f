"""Expense claims (issue 6, part 4): exact reimbursement, receipts, no-receipt items, mileage,
pre-booked travel, the decision (once only), tenancy and bounded lists."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.events.builders import make_event
from withus.audit.models import AuditEvent
from withus.money import services_claims as services
from withus.money.models import ExpenseClaim, ExpenseItem, Payment, PrebookedTravel, Receipt
from withus.people import choices as pc

C = ExpenseItem.Category
DAY = dt.date(2026, 5, 4)


def url(name, org, **kwargs):
    return reverse(f"money:{name}", kwargs={"org_slug": org.slug, **kwargs})


def png(colour="white") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 20), colour).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A phone photo with the camera's location in its EXIF data."""
    from PIL import Image

    image = Image.new("RGB", (40, 30), "white")
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def start_claim(world, person, event=None):
    with scope(organisation=world.org_a):
        return services.claim_create(
            organisation=world.org_a, participant=person, event=event, actor=world.alice
        )


def add_item(world, claim, receipt=None, **data):
    data.setdefault("category", C.MEALS)
    data.setdefault("spent_on", DAY)
    with scope(organisation=world.org_a):
        return services.item_add(
            claim=claim, data=data, receipt_upload=receipt, actor=world.alice, today=DAY
        )


def decide(world, claim, **kwargs):
    kwargs.setdefault("approve", True)
    kwargs.setdefault("method", Payment.Method.BANK)
    with scope(organisation=world.org_a):
        return services.claim_decide(claim=claim, actor=world.finance_a, today=DAY, **kwargs)


def post_decision(client, world, claim, **data):
    client.force_login(world.finance_a)
    data.setdefault("decision", "approve")
    data.setdefault("method", "bank")
    return client.post(url("claim_decide", world.org_a, claim_id=claim.pk), data)


def payments_of(claim):
    return list(Payment.unscoped.filter(claim=claim).order_by("id"))


# --- exact reimbursement -----------------------------------------------------------------------


def test_approval_pays_back_exactly_the_receipted_amounts(client, world, people):
    sam = people["sam"]
    claim = start_claim(world, sam)
    lunch = add_item(
        world,
        claim,
        upload("lunch.png", png()),
        amount_claimed=Decimal("12.00"),
        receipted_amount=Decimal("9.80"),
        description="Lunch",
    )
    bus = add_item(
        world,
        claim,
        upload("bus.pdf", PDF_BYTES),
        category=C.TRAVEL,
        travel_mode="Bus",
        from_place="Stratford",
        to_place="Hackney",
        amount_claimed=Decimal("4.50"),
        receipted_amount=Decimal("4.50"),
    )
    client.force_login(world.finance_a)
    page = client.get(url("claim_detail", world.org_a, claim_id=claim.pk))
    assert page.status_code == 200
    assert "£2.20 was claimed above the receipts" in page.content.decode()

    response = post_decision(client, world, claim)

    assert response.status_code == 302
    claim.refresh_from_db()
    lunch.refresh_from_db()
    bus.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.APPROVED
    assert claim.decided_by == world.finance_a and claim.decided_at is not None
    assert lunch.amount_reimbursed == Decimal("9.80")  # the receipt, not the £12 claimed
    assert bus.amount_reimbursed == Decimal("4.50")
    [payment] = payments_of(claim)
    assert payment.kind == Payment.Kind.EXPENSES
    assert payment.amount == Decimal("14.30")
    assert payment.status == Payment.Status.APPROVED
    assert payment.approved_by == world.finance_a
    assert payment.idempotency_key == f"claim:{claim.pk}"
    assert payment.participant == sam


def test_claimed_above_cost_can_be_recorded_as_an_involvement_payment(client, world, people):
    claim = start_claim(world, people["sam"])
    add_item(
        world,
        claim,
        upload("lunch.png", png()),
        amount_claimed=Decimal("12.00"),
        receipted_amount=Decimal("9.80"),
    )

    response = post_decision(client, world, claim, record_above_cost="on")

    assert response.status_code == 302
    expenses, above = payments_of(claim)
    assert (expenses.kind, expenses.amount) == (Payment.Kind.EXPENSES, Decimal("9.80"))
    assert (above.kind, above.amount) == (Payment.Kind.INVOLVEMENT, Decimal("2.20"))
    assert above.status == Payment.Status.DRAFT  # approved separately, with the payment checks
    assert "above receipts" in above.description and "not expenses" in above.description
    audit = AuditEvent.unscoped.get(action="claim.approve")
    assert "£2.20 above receipts drafted as an involvement payment" in audit.summary


def test_above_cost_is_not_offered_to_someone_who_takes_expenses_only(client, world, people):
    sam = people["sam"]
    with scopes_disabled():
        sam.payment_choice = pc.PaymentChoice.EXPENSES_ONLY
        sam.save()
    claim = start_claim(world, sam)
    add_item(
        world,
        claim,
        upload("lunch.png", png()),
        amount_claimed=Decimal("12.00"),
        receipted_amount=Decimal("9.80"),
    )
    client.force_login(world.finance_a)
    page = client.get(url("claim_detail", world.org_a, claim_id=claim.pk)).content.decode()
    assert "record_above_cost" not in page
    with pytest.raises(ValidationError):
        decide(world, claim, record_above_cost=True)
    decide(world, claim)
    assert [p.amount for p in payments_of(claim)] == [Decimal("9.80")]


def test_receipted_amount_above_the_claim_is_still_paid_exactly(world, people):
    claim = start_claim(world, people["sam"])
    item = add_item(
        world,
        claim,
        upload("r.pdf", PDF_BYTES),
        amount_claimed=Decimal("5.00"),
        receipted_amount=Decimal("5.40"),
    )
    decide(world, claim)
    item.refresh_from_db()
    assert item.amount_reimbursed == Decimal("5.40")


# --- receipts ----------------------------------------------------------------------------------


def _post_item(client, world, claim, **data):
    client.force_login(world.alice)
    data.setdefault("category", "meals")
    data.setdefault("spent_on", "2026-05-04")
    return client.post(url("claim_item_add", world.org_a, claim_id=claim.pk), data)


def test_a_receipt_photo_loses_its_location_data(client, world, people):
    from PIL import Image

    raw = jpeg_with_gps()
    with Image.open(io.BytesIO(raw)) as original:
        assert original.getexif().get_ifd(0x8825)  # the photo really carries a location
    claim = start_claim(world, people["sam"])

    response = _post_item(
        client,
        world,
        claim,
        amount_claimed="7.20",
        receipted_amount="7.20",
        receipt=upload("IMG_0001.JPG", raw, "image/jpeg"),
    )

    assert response.status_code == 302
    item = ExpenseItem.unscoped.select_related("receipt").get(claim=claim)
    receipt = item.receipt
    assert receipt.content_type == "image/jpeg"
    with receipt.file.open("rb") as handle:
        stored = handle.read()
    assert hashlib.sha256(stored).hexdigest() == receipt.sha256
    with Image.open(io.BytesIO(stored)) as kept:
        exif = kept.getexif()
        assert not exif.get_ifd(0x8825)
        assert 0x010F not in exif
    assert b"PhoneMaker" not in stored
    assert AuditEvent.unscoped.filter(action="receipt.upload").exists()


def test_a_pdf_receipt_is_accepted(client, world, people):
    claim = start_claim(world, people["sam"])
    response = _post_item(
        client,
        world,
        claim,
        amount_claimed="3.00",
        receipted_amount="3.00",
        receipt=upload("ticket.pdf", PDF_BYTES, "application/pdf"),
    )
    assert response.status_code == 302
    receipt = Receipt.unscoped.get()
    assert receipt.content_type == "application/pdf"
    assert receipt.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()

    download = client.get(url("receipt", world.org_a, receipt_id=receipt.pk))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "no-store"
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("receipt.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100),  # a Windows program
        ("receipt.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("receipt.docx", b"PK\x03\x04not really a zip"),
    ],
)
def test_a_disguised_file_is_refused_and_nothing_is_kept(client, world, people, name, content):
    claim = start_claim(world, people["sam"])
    response = _post_item(
        client,
        world,
        claim,
        amount_claimed="3.00",
        receipted_amount="3.00",
        receipt=upload(name, content, "image/jpeg"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "The file must be one of these kinds" in body
    assert not ExpenseItem.unscoped.exists()
    assert not Receipt.unscoped.exists()


def test_a_receipt_needs_its_amount(client, world, people):
    claim = start_claim(world, people["sam"])
    response = _post_item(
        client, world, claim, amount_claimed="3.00", receipt=upload("r.pdf", PDF_BYTES)
    )
    assert response.status_code == 200
    assert "Enter the amount the receipt shows" in response.content.decode()
    assert not Receipt.unscoped.exists()


def test_travel_needs_how_from_and_to(client, world, people):
    claim = start_claim(world, people["sam"])
    response = _post_item(
        client, world, claim, category="travel", amount_claimed="3.00", no_receipt_reason="Bus"
    )
    body = response.content.decode()
    assert "Say how they travelled" in body
    assert "Enter where the journey started" in body
    assert not ExpenseItem.unscoped.exists()


def test_future_dates_are_refused(world, people):
    claim = start_claim(world, people["sam"])
    with pytest.raises(ValidationError) as error:
        add_item(
            world,
            claim,
            spent_on=DAY + dt.timedelta(days=1),
            amount_claimed=Decimal("2"),
            no_receipt_reason="Lost",
        )
    assert "spent_on" in error.value.error_dict


# --- no receipt --------------------------------------------------------------------------------


def test_an_item_without_a_receipt_needs_a_reason(client, world, people):
    claim = start_claim(world, people["sam"])
    response = _post_item(client, world, claim, amount_claimed="5.00")
    assert response.status_code == 200
    assert "say why there is none" in response.content.decode()
    assert not ExpenseItem.unscoped.exists()

    response = _post_item(
        client, world, claim, amount_claimed="5.00", no_receipt_reason="The cafe had no till"
    )
    assert response.status_code == 302


def test_the_approver_accepts_an_amount_for_an_item_without_a_receipt(client, world, people):
    claim = start_claim(world, people["sam"])
    item = add_item(world, claim, amount_claimed=Decimal("5.00"), no_receipt_reason="Lost it")

    too_much = post_decision(client, world, claim, **{f"accept_{item.pk}": "6.00"})
    assert too_much.status_code == 200
    assert "Accept at most the £5.00 claimed" in too_much.content.decode()
    assert not payments_of(claim)

    response = post_decision(client, world, claim, **{f"accept_{item.pk}": "3.00"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.amount_reimbursed == Decimal("3.00")
    assert item.no_receipt_approved_by == world.finance_a
    assert [p.amount for p in payments_of(claim)] == [Decimal("3.00")]


# --- mileage -----------------------------------------------------------------------------------


def test_mileage_is_worked_out_at_hmrc_rates_without_a_receipt(client, world, people):
    claim = start_claim(world, people["sam"])
    response = _post_item(
        client,
        world,
        claim,
        category="mileage",
        vehicle="car",
        miles="20",
        from_place="Home",
        to_place="Forum",
    )
    assert response.status_code == 302
    item = ExpenseItem.unscoped.get(claim=claim)
    assert item.amount_claimed == Decimal("9.00")  # 20 miles at 45p
    assert item.receipt is None and item.no_receipt_reason == ""
    decide(world, claim)
    item.refresh_from_db()
    assert item.amount_reimbursed == Decimal("9.00")
    assert item.no_receipt_approved_by is None  # nothing to accept: HMRC sets the amount


def test_mileage_crossing_10000_miles_in_the_tax_year_is_split(world, people):
    sam = people["sam"]
    earlier = start_claim(world, sam)
    add_item(
        world,
        earlier,
        category=C.MILEAGE,
        vehicle="car",
        miles=Decimal("1995"),
        spent_on=dt.date(2026, 4, 20),
        from_place="Home",
        to_place="Prison visits",
    )
    for i in range(4):  # 4 × 2,000 more: 9,995 miles before the journey below
        add_item(
            world,
            earlier,
            category=C.MILEAGE,
            vehicle="car",
            miles=Decimal("2000"),
            spent_on=dt.date(2026, 4, 21 + i),
            from_place="Home",
            to_place="Training",
        )
    claim = start_claim(world, sam)
    item = add_item(
        world,
        claim,
        category=C.MILEAGE,
        vehicle="car",
        miles=Decimal("10"),
        from_place="Home",
        to_place="Forum",
    )
    assert item.amount_claimed == Decimal("3.50")  # 5 miles at 45p, 5 at 25p
    decide(world, claim)
    item.refresh_from_db()
    assert item.amount_reimbursed == Decimal("3.50")


def test_mileage_before_6_april_belongs_to_the_previous_tax_year(world, people):
    sam = people["sam"]
    old_year = start_claim(world, sam)
    add_item(
        world,
        old_year,
        category=C.MILEAGE,
        vehicle="car",
        miles=Decimal("2000"),
        spent_on=dt.date(2026, 4, 5),
        from_place="A",
        to_place="B",
    )
    claim = start_claim(world, sam)
    item = add_item(
        world,
        claim,
        category=C.MILEAGE,
        vehicle="car",
        miles=Decimal("10"),
        spent_on=dt.date(2026, 4, 6),
        from_place="A",
        to_place="B",
    )
    assert item.amount_claimed == Decimal("4.50")


def test_mileage_needs_a_vehicle_and_miles(world, people):
    claim = start_claim(world, people["sam"])
    with pytest.raises(ValidationError) as error:
        add_item(world, claim, category=C.MILEAGE, from_place="A", to_place="B")
    assert {"vehicle", "miles"} <= set(error.value.error_dict)


# --- pre-booked travel -------------------------------------------------------------------------


def _prebook(world, person, day=DAY):
    with scope(organisation=world.org_a):
        return services.prebooked_add(
            organisation=world.org_a,
            participant=person,
            travel_on=day,
            description="Return train Leeds to York",
            amount=Decimal("18.40"),
            actor=world.alice,
        )


def test_travel_booked_in_advance_is_never_reimbursed(client, world, people):
    sam = people["sam"]
    _prebook(world, sam)
    claim = start_claim(world, sam)
    train = add_item(
        world,
        claim,
        upload("t.pdf", PDF_BYTES),
        category=C.TRAVEL,
        travel_mode="Train",
        from_place="Leeds",
        to_place="York",
        amount_claimed=Decimal("18.40"),
        receipted_amount=Decimal("18.40"),
    )
    lunch = add_item(
        world,
        claim,
        upload("l.png", png()),
        amount_claimed=Decimal("6.00"),
        receipted_amount=Decimal("6.00"),
    )
    client.force_login(world.finance_a)
    page = client.get(url("claim_detail", world.org_a, claim_id=claim.pk)).content.decode()
    assert "booked and paid in advance: not reimbursed" in page

    assert post_decision(client, world, claim).status_code == 302

    train.refresh_from_db()
    lunch.refresh_from_db()
    assert train.amount_reimbursed == Decimal("0.00")
    assert lunch.amount_reimbursed == Decimal("6.00")
    assert [p.amount for p in payments_of(claim)] == [Decimal("6.00")]
    assert (
        "pre-booked travel item(s) left out"
        in AuditEvent.unscoped.get(action="claim.approve").summary
    )


def test_a_claim_of_only_prebooked_travel_cannot_be_approved(world, people):
    sam = people["sam"]
    _prebook(world, sam)
    claim = start_claim(world, sam)
    add_item(
        world,
        claim,
        category=C.MILEAGE,
        vehicle="car",
        miles=Decimal("10"),
        from_place="Home",
        to_place="Station",
    )
    with pytest.raises(ValidationError, match="Nothing on this claim can be reimbursed"):
        decide(world, claim)
    assert not payments_of(claim)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.SUBMITTED


def test_a_different_journey_on_a_prebooked_day_needs_a_reason(world, people):
    sam = people["sam"]
    _prebook(world, sam)
    claim = start_claim(world, sam)
    bus = add_item(
        world,
        claim,
        category=C.TRAVEL,
        travel_mode="Bus",
        from_place="York station",
        to_place="Venue",
        amount_claimed=Decimal("2.00"),
        no_receipt_reason="Contactless, no ticket",
    )
    with pytest.raises(ValidationError) as error:
        decide(world, claim, include_prebooked={bus.pk})
    assert "override_reason" in error.value.error_dict
    decide(
        world,
        claim,
        include_prebooked={bus.pk},
        override_reason="The bus from the station was not part of the booking",
    )
    bus.refresh_from_db()
    assert bus.amount_reimbursed == Decimal("2.00")


def test_prebooked_travel_page_records_travel(client, world, people):
    sam = people["sam"]
    client.force_login(world.alice)
    found = client.get(url("prebooked", world.org_a), {"q": "sam"})
    assert f"?participant={sam.pk}" in found.content.decode()
    response = client.post(
        url("prebooked", world.org_a) + f"?participant={sam.pk}",
        {
            "participant": sam.pk,
            "travel_on": "2026-05-04",
            "description": "Train to York",
            "amount": "18.40",
        },
    )
    assert response.status_code == 302
    travel = PrebookedTravel.unscoped.get()
    assert (travel.participant, travel.amount, travel.booked_by) == (
        sam,
        Decimal("18.40"),
        world.alice,
    )
    assert AuditEvent.unscoped.filter(action="prebooked.create").exists()
    listing = client.get(url("prebooked", world.org_a)).content.decode()
    assert "Train to York" in listing


def test_finance_officers_see_prebooked_travel_but_do_not_record_it(client, world, people):
    _prebook(world, people["sam"])
    client.force_login(world.finance_a)
    page = client.get(url("prebooked", world.org_a))
    assert page.status_code == 200
    assert "Return train Leeds to York" in page.content.decode()
    assert client.post(url("prebooked", world.org_a), {}).status_code == 403


# --- deciding once -----------------------------------------------------------------------------


def test_the_same_decision_twice_makes_one_payment(client, world, people):
    claim = start_claim(world, people["sam"])
    add_item(
        world,
        claim,
        upload("r.pdf", PDF_BYTES),
        amount_claimed=Decimal("4.00"),
        receipted_amount=Decimal("4.00"),
    )
    first = post_decision(client, world, claim, record_above_cost="on")
    again = post_decision(client, world, claim, record_above_cost="on")
    assert first.status_code == again.status_code == 302
    result = decide(world, claim)
    assert result.already is True
    assert len(payments_of(claim)) == 1
    assert AuditEvent.unscoped.filter(action="claim.approve").count() == 1
    # A different decision on a decided claim is refused, not applied.
    with pytest.raises(ValidationError, match="already been decided"):
        decide(world, claim, approve=False, note="Changed my mind")


def test_deciding_a_claim_whose_status_changed_underneath_repays_nothing(world, people):
    """A stale page (claim object loaded before someone else approved it) still pays once:
    the service re-reads the locked row."""
    claim = start_claim(world, people["sam"])
    add_item(
        world,
        claim,
        upload("r.pdf", PDF_BYTES),
        amount_claimed=Decimal("4.00"),
        receipted_amount=Decimal("4.00"),
    )
    stale = ExpenseClaim.unscoped.get(pk=claim.pk)
    decide(world, claim)
    assert stale.status == ExpenseClaim.Status.SUBMITTED
    assert decide(world, stale).already is True
    assert len(payments_of(claim)) == 1


def test_rejecting_needs_a_note_and_pays_nothing(client, world, people):
    claim = start_claim(world, people["sam"])
    add_item(world, claim, amount_claimed=Decimal("4.00"), no_receipt_reason="Lost")
    response = post_decision(client, world, claim, decision="reject")
    assert response.status_code == 200
    assert "Say why the claim is not approved" in response.content.decode()

    response = post_decision(
        client, world, claim, decision="reject", note="This was claimed last week as well."
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.REJECTED
    assert claim.decision_note == "This was claimed last week as well."
    assert not payments_of(claim)
    assert AuditEvent.unscoped.filter(action="claim.reject").exists()


def test_a_blocked_payment_needs_a_reason_and_changes_nothing_until_given(
    client, world, people, monkeypatch
):
    from withus.checks import Finding, Severity
    from withus.money import checks

    blocker = Finding("test_block", Severity.BLOCKING, "Something must be looked at.")
    monkeypatch.setattr(checks, "payment_findings", lambda payment, **kw: [blocker])
    claim = start_claim(world, people["sam"])
    item = add_item(
        world,
        claim,
        upload("r.pdf", PDF_BYTES),
        amount_claimed=Decimal("4.00"),
        receipted_amount=Decimal("4.00"),
    )

    response = post_decision(client, world, claim)
    assert response.status_code == 200
    assert "Something must be looked at." in response.content.decode()
    claim.refresh_from_db()
    item.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.SUBMITTED
    assert item.amount_reimbursed is None
    assert not payments_of(claim)

    response = post_decision(client, world, claim, override_reason="Checked with the manager")
    assert response.status_code == 302
    [payment] = payments_of(claim)
    assert payment.status == Payment.Status.APPROVED
    assert payment.override_reason == "Checked with the manager"


def test_method_follows_the_persons_choice_and_never_vouchers(client, world, people):
    sam = people["sam"]
    with scopes_disabled():
        sam.payment_method = pc.PaymentMethod.CASH
        sam.save()
    claim = start_claim(world, sam)
    add_item(world, claim, amount_claimed=Decimal("4.00"), no_receipt_reason="Lost")
    client.force_login(world.finance_a)
    response = client.get(url("claim_detail", world.org_a, claim_id=claim.pk))
    assert response.context["form"]["method"].value() == "cash"
    page = response.content.decode()
    assert 'value="voucher"' not in page
    assert post_decision(client, world, claim, method="voucher").status_code == 200
    assert not payments_of(claim)


def test_someone_without_a_bank_account_is_paid_in_cash(world, people):
    sam = people["sam"]
    with scopes_disabled():
        sam.has_no_bank_account = True
        sam.save()
    claim = start_claim(world, sam)
    add_item(world, claim, amount_claimed=Decimal("4.00"), no_receipt_reason="Lost")
    with pytest.raises(ValidationError) as error:
        decide(world, claim, method=Payment.Method.BANK)
    assert "method" in error.value.error_dict
    decide(world, claim, method=Payment.Method.CASH)
    assert payments_of(claim)[0].method == Payment.Method.CASH


def test_items_cannot_be_added_after_the_decision(client, world, people):
    claim = start_claim(world, people["sam"])
    add_item(world, claim, amount_claimed=Decimal("4.00"), no_receipt_reason="Lost")
    decide(world, claim)
    with pytest.raises(ValidationError):
        add_item(world, claim, amount_claimed=Decimal("4.00"), no_receipt_reason="Lost")
    client.force_login(world.alice)
    response = client.get(url("claim_item_add", world.org_a, claim_id=claim.pk))
    assert response.status_code == 302


# --- starting a claim --------------------------------------------------------------------------


def test_a_coordinator_finds_the_person_and_starts_a_claim_once(client, world, people):
    sam = people["sam"]
    event = make_event(world.org_a, title="Spring forum")
    client.force_login(world.alice)
    found = client.get(url("claim_add", world.org_a), {"q": "Sam"}).content.decode()
    assert f"participant={sam.pk}" in found
    form = client.get(url("claim_add", world.org_a), {"participant": sam.pk, "event": event.pk})
    assert form.status_code == 200
    token = form.context["form"].initial["token"]
    data = {"participant": sam.pk, "event": event.pk, "token": token}
    first = client.post(url("claim_add", world.org_a) + f"?participant={sam.pk}", data)
    second = client.post(url("claim_add", world.org_a) + f"?participant={sam.pk}", data)
    assert first.status_code == second.status_code == 302
    claim = ExpenseClaim.unscoped.get()  # a double-click starts one claim
    assert (claim.participant, claim.event, claim.submitted_by) == (sam, event, world.alice)
    assert first.url == url("claim_item_add", world.org_a, claim_id=claim.pk)
    assert AuditEvent.unscoped.filter(action="claim.create").count() == 1


# --- tenancy -----------------------------------------------------------------------------------


def test_other_organisations_people_events_claims_and_receipts_are_refused(client, world, people):
    bo = people["bo"]
    event_b = make_event(world.org_b, title="Org B forum")
    with scope(organisation=world.org_b):
        claim_b = services.claim_create(organisation=world.org_b, participant=bo, actor=None)
        item_b = services.item_add(
            claim=claim_b,
            data={
                "category": C.MEALS,
                "spent_on": DAY,
                "amount_claimed": Decimal("3"),
                "receipted_amount": Decimal("3"),
            },
            receipt_upload=upload("r.pdf", PDF_BYTES),
            actor=None,
            today=DAY,
        )
    client.force_login(world.alice)
    assert client.get(url("claim_add", world.org_a), {"participant": bo.pk}).status_code == 404
    sam = people["sam"]
    assert (
        client.get(
            url("claim_add", world.org_a), {"participant": sam.pk, "event": event_b.pk}
        ).status_code
        == 404
    )
    # A forged form (own person in the address, another organisation's in the body) is refused.
    own = client.get(url("claim_add", world.org_a), {"participant": sam.pk})
    token = own.context["form"].initial["token"]
    response = client.post(
        url("claim_add", world.org_a) + f"?participant={sam.pk}",
        {"participant": bo.pk, "token": token},
    )
    assert response.status_code in (200, 404)
    assert not ExpenseClaim.unscoped.filter(organisation=world.org_a).exists()
    for name, kwargs in [
        ("claim_detail", {"claim_id": claim_b.pk}),
        ("claim_item_add", {"claim_id": claim_b.pk}),
        ("receipt", {"receipt_id": item_b.receipt_id}),
    ]:
        assert client.get(url(name, world.org_a, **kwargs)).status_code == 404
    client.force_login(world.finance_a)
    response = client.post(
        url("claim_decide", world.org_a, claim_id=claim_b.pk), {"decision": "approve"}
    )
    assert response.status_code == 404
    client.force_login(world.alice)
    assert client.get(url("prebooked", world.org_a), {"participant": bo.pk}).status_code == 404
    # Services refuse mixing organisations too.
    with scope(organisation=world.org_a), pytest.raises(ValidationError):
        services.claim_create(organisation=world.org_a, participant=bo, actor=world.alice)
    with scope(organisation=world.org_a), pytest.raises(ValidationError):
        services.prebooked_add(
            organisation=world.org_a,
            participant=sam,
            event=event_b,
            travel_on=DAY,
            description="Train",
            amount=Decimal("5"),
            actor=world.alice,
        )


def test_the_search_never_finds_other_organisations_people(client, world, people):
    client.force_login(world.alice)
    page = client.get(url("claim_add", world.org_a), {"q": "Bo in Org B"}).content.decode()
    assert f"participant={people['bo'].pk}" not in page
    assert "Nobody found" in page


# --- the list ----------------------------------------------------------------------------------


def _claims(world, person, n, *, days_ago=1):
    made = []
    for i in range(n):
        claim = ExpenseClaim.unscoped.create(
            organisation=world.org_a,
            participant=person,
            submitted_at=timezone.now() - dt.timedelta(days=days_ago),
            idempotency_key=f"bulk-{person.pk}-{days_ago}-{i}",
        )
        ExpenseItem.unscoped.create(
            organisation=world.org_a,
            claim=claim,
            category=C.MEALS,
            spent_on=DAY,
            amount_claimed=Decimal("5.00"),
            no_receipt_reason="Lost",
        )
        made.append(claim)
    return made


def _count_queries(client, world, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url("claims", world.org_a), params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("show", ["waiting", "overdue", "all"])
def test_the_list_has_bounded_queries(client, world, people, show):
    client.force_login(world.finance_a)
    _claims(world, people["sam"], 1, days_ago=10)
    one = _count_queries(client, world, {"show": show})
    _claims(world, people["jo"], 19, days_ago=10)
    twenty = _count_queries(client, world, {"show": show})
    assert one == twenty


def test_the_list_filters_and_highlights_overdue_claims(client, world, people):
    [late] = _claims(world, people["sam"], 1, days_ago=world.org_a.expense_target_days + 2)
    [recent] = _claims(world, people["jo"], 1, days_ago=1)
    client.force_login(world.alice)
    waiting = client.get(url("claims", world.org_a))
    rows = {c.pk: c for c in waiting.context["page"].object_list}
    assert rows[late.pk].overdue and not rows[recent.pk].overdue
    assert "Overdue" in waiting.content.decode()
    overdue = client.get(url("claims", world.org_a), {"show": "overdue"})
    assert [c.pk for c in overdue.context["page"].object_list] == [late.pk]
    paid = client.get(url("claims", world.org_a), {"show": "paid"})
    assert not paid.context["page"].object_list
    assert client.get(url("claims", world.org_a), {"show": "nonsense"}).status_code == 200


def test_the_detail_page_shows_findings_items_and_receipts(client, world, people):
    claim = start_claim(world, people["sam"])
    add_item(
        world,
        claim,
        upload("lunch.png", png()),
        amount_claimed=Decimal("6.00"),
        receipted_amount=Decimal("6.00"),
        description="Sandwich",
    )
    client.force_login(world.alice)  # a coordinator: sees the claim, cannot decide it
    page = client.get(url("claim_detail", world.org_a, claim_id=claim.pk)).content.decode()
    assert "Sandwich" in page and "lunch.png" in page
    assert "Save the decision" not in page
    client.force_login(world.finance_a)
    page = client.get(url("claim_detail", world.org_a, claim_id=claim.pk)).content.decode()
    assert "Save the decision" in page


def test_the_same_receipt_file_on_two_claims_is_flagged(client, world, people):
    first = start_claim(world, people["sam"])
    add_item(
        world,
        first,
        upload("r.pdf", PDF_BYTES),
        amount_claimed=Decimal("4.00"),
        receipted_amount=Decimal("4.00"),
    )
    second = start_claim(world, people["sam"])
    add_item(
        world,
        second,
        upload("same-again.pdf", PDF_BYTES),
        category=C.STATIONERY,
        spent_on=DAY - dt.timedelta(days=1),
        amount_claimed=Decimal("4.00"),
        receipted_amount=Decimal("4.00"),
    )
    client.force_login(world.finance_a)
    page = client.get(url("claim_detail", world.org_a, claim_id=second.pk)).content.decode()
    assert "the same receipt file is on another item" in page

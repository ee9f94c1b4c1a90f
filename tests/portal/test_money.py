"""Portal Money (issue 8, point 5): claiming expenses with a receipt photo, claim status in
plain words, payments, and the statement by tax year (guide 5.5: pay back exactly and quickly;
tell people on benefits the totals)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.events.builders import invite, make_event
from tests.money.builders import make_payment
from tests.portal.helpers import person, portal_login
from withus.audit.models import AuditEvent
from withus.money.models import ExpenseClaim, ExpenseItem, Payment
from withus.portal import selectors_money, services_money

pytestmark = pytest.mark.django_db

C = ExpenseItem.Category
D = Decimal
CS = ExpenseClaim.Status
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg_with_gps() -> bytes:
    """A small phone photo with the camera's location in its EXIF data."""
    from PIL import Image

    image = Image.new("RGB", (40, 30), "white")
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def photo(content=None, name="IMG_0001.jpg", content_type="image/jpeg"):
    content = jpeg_with_gps() if content is None else content
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def pat(world, client):
    someone = person(world.org_a, "Pat Claimant", named_contact=world.alice)
    portal_login(client, someone)
    return someone


def meal(**extra) -> dict:
    data = {
        "category": "meals",
        "spent_on": timezone.localdate().isoformat(),
        "amount": "6.40",
        "description": "Lunch at the forum",
        "token": "t1",
    }
    data.update(extra)
    return data


def claims_of(participant):
    with scopes_disabled():
        return list(ExpenseClaim.objects.filter(participant=participant).order_by("pk"))


def items_of(claim):
    with scopes_disabled():
        return list(ExpenseItem.objects.filter(claim=claim).select_related("receipt"))


# --- claiming ------------------------------------------------------------------------------------


def test_the_form_offers_the_phone_camera(client, pat):
    page = client.get("/p/money/claim/").content.decode()
    assert 'accept="image/*,application/pdf"' in page
    assert 'capture="environment"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "I have no receipt" in page


def test_claim_with_a_phone_photo_goes_to_staff_without_the_location(client, world, pat):
    response = client.post("/p/money/claim/", {**meal(), "receipt": photo()})
    [claim] = claims_of(pat)
    assert response.status_code == 302
    assert response.url == reverse("portal:claim", kwargs={"pk": claim.pk}) + "?sent=1"
    assert claim.status == CS.SUBMITTED and claim.submitted_by is None
    [item] = items_of(claim)
    assert item.amount_claimed == item.receipted_amount == Decimal("6.40")
    assert item.receipt.content_type == "image/jpeg"
    from PIL import Image

    with item.receipt.file.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        exif = image.getexif()
        assert not exif.get_ifd(0x8825)  # no GPS
        assert 0x010F not in exif  # no camera details
    with scopes_disabled():
        event = AuditEvent.unscoped.get(action="portal.claim_send")
    assert event.actor_id is None and "in the portal" in event.summary
    page = client.get(response.url).content.decode()
    assert "We have your claim" in page and "Receipt sent" in page
    assert "What happens next" in page and "within 7 days" in page


def test_claim_appears_to_staff_as_waiting_for_approval(client, world, pat):
    client.post("/p/money/claim/", {**meal(), "receipt": photo()})
    [claim] = claims_of(pat)
    staff = client.__class__()
    staff.force_login(world.alice)
    listing = staff.get(f"/o/{world.org_a.slug}/money/claims/")
    assert listing.status_code == 200 and "Pat Claimant" in listing.content.decode()
    detail = staff.get(f"/o/{world.org_a.slug}/money/claims/{claim.pk}/").content.decode()
    assert "Waiting for approval" in detail


def test_pdf_receipt(client, pat):
    upload = photo(PDF_BYTES, "receipt.pdf", "application/pdf")
    assert client.post("/p/money/claim/", {**meal(), "receipt": upload}).status_code == 302
    [item] = items_of(claims_of(pat)[0])
    assert item.receipt.content_type == "application/pdf"


def test_a_bad_file_is_refused_and_nothing_is_kept(client, pat):
    upload = photo(b"this is not a picture at all", "receipt.jpg")
    response = client.post("/p/money/claim/", {**meal(), "receipt": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "add it again" in page
    assert "We cannot open that kind of file" in page
    assert claims_of(pat) == []


def test_a_file_too_big_is_refused(client, pat, settings):
    settings.RECEIPT_MAX_BYTES = 100
    response = client.post("/p/money/claim/", {**meal(), "receipt": photo()})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert claims_of(pat) == []


def test_an_empty_file_is_refused(client, pat):
    response = client.post("/p/money/claim/", {**meal(), "receipt": photo(b"", "x.jpg")})
    assert response.status_code == 200 and "The file is empty" in response.content.decode()
    assert claims_of(pat) == []


def test_no_receipt_needs_a_reason(client, pat):
    response = client.post("/p/money/claim/", meal())
    assert "Add a photo of your receipt, or tick" in response.content.decode()
    response = client.post("/p/money/claim/", meal(no_receipt="on"))
    assert "Tell us why you have no receipt" in response.content.decode()
    assert claims_of(pat) == []
    response = client.post(
        "/p/money/claim/", meal(no_receipt="on", no_receipt_reason="The cafe had no till")
    )
    assert response.status_code == 302
    [item] = items_of(claims_of(pat)[0])
    assert item.receipt is None and item.no_receipt_reason == "The cafe had no till"
    assert item.receipted_amount is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "lots", "Enter the amount in pounds"),
        ("amount", "", "Enter how much you spent"),
        ("amount", "9000", "up to £5,000"),
        ("spent_on", "2026-02-30", "Enter a real date"),
        ("category", "", "Choose what you spent money on"),
        ("category", "bitcoin", "Choose what you spent money on"),
    ],
)
def test_bad_input_gets_a_clear_message(client, pat, field, value, message):
    data = meal(no_receipt="on", no_receipt_reason="lost")
    data[field] = value
    response = client.post("/p/money/claim/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert claims_of(pat) == []


def test_a_date_in_the_future_is_refused(client, pat):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = meal(no_receipt="on", no_receipt_reason="lost", spent_on=tomorrow.isoformat())
    response = client.post("/p/money/claim/", data)
    assert "today or in the past" in response.content.decode()
    assert claims_of(pat) == []


def test_pounds_can_be_typed_with_a_pound_sign(client, pat):
    data = meal(no_receipt="on", no_receipt_reason="lost", amount="£1,004.50")
    assert client.post("/p/money/claim/", data).status_code == 302
    assert items_of(claims_of(pat)[0])[0].amount_claimed == Decimal("1004.50")


def test_travel_needs_the_journey(client, pat):
    data = meal(category="travel", no_receipt="on", no_receipt_reason="Bus gives no ticket")
    page = client.post("/p/money/claim/", data).content.decode()
    assert "Choose how you travelled" in page and "Enter where you started" in page
    data.update(travel_mode="Bus", from_place="Hackney", to_place="Dalston")
    assert client.post("/p/money/claim/", data).status_code == 302
    [item] = items_of(claims_of(pat)[0])
    assert (item.travel_mode, item.from_place, item.to_place) == ("Bus", "Hackney", "Dalston")


def test_mileage_is_worked_out_and_shown_before_sending(client, pat):
    data = {
        "category": "mileage",
        "spent_on": timezone.localdate().isoformat(),
        "vehicle": "car",
        "miles": "12",
        "from_place": "Home",
        "to_place": "Forum",
        "token": "m1",
    }
    first = client.post("/p/money/claim/", data)
    assert first.status_code == 200
    page = first.content.decode()
    assert "We will pay you £5.40" in page  # 12 miles at 45p
    assert 'name="mileage_seen" value="5.40"' in page
    assert claims_of(pat) == []
    sent = client.post("/p/money/claim/", {**data, "mileage_seen": "5.40"})
    assert sent.status_code == 302
    [item] = items_of(claims_of(pat)[0])
    assert item.amount_claimed == Decimal("5.40") and item.miles == Decimal("12")
    assert item.receipt is None and item.no_receipt_reason == ""


def test_mileage_shown_again_when_the_miles_change(client, pat):
    data = {
        "category": "mileage",
        "spent_on": timezone.localdate().isoformat(),
        "vehicle": "car",
        "miles": "20",
        "from_place": "Home",
        "to_place": "Forum",
        "mileage_seen": "5.40",
    }
    response = client.post("/p/money/claim/", data)
    assert response.status_code == 200 and "We will pay you £9.00" in response.content.decode()
    assert claims_of(pat) == []


def test_the_same_form_sent_twice_makes_one_claim(client, pat):
    data = meal(no_receipt="on", no_receipt_reason="lost", token="same")
    client.post("/p/money/claim/", data)
    client.post("/p/money/claim/", data)
    [claim] = claims_of(pat)
    assert len(items_of(claim)) == 1


def test_add_another_item_without_javascript(client, pat):
    first = client.post(
        "/p/money/claim/", {**meal(), "receipt": photo(), "another": "1", "token": "a"}
    )
    [claim] = claims_of(pat)
    assert first.url == reverse("portal:claim_add", kwargs={"pk": claim.pk}) + "?added=1"
    page = client.get(first.url).content.decode()
    assert "We have added it to claim" in page and "Which meeting" not in page
    second = meal(category="childcare", amount="20", token="b")
    second.update(no_receipt="on", no_receipt_reason="Paid my neighbour")
    response = client.post(reverse("portal:claim_add", kwargs={"pk": claim.pk}), second)
    assert response.url == reverse("portal:claim", kwargs={"pk": claim.pk}) + "?sent=1"
    client.post(reverse("portal:claim_add", kwargs={"pk": claim.pk}), second)  # double tap
    assert len(items_of(claim)) == 2
    assert len(claims_of(pat)) == 1


def test_an_item_sent_twice_at_the_same_moment_is_added_once(client, world, pat):
    """Review #11: the same add-another form sent twice, the second before the first has
    finished (here: from a second tab whose session has not seen the first), adds one item."""
    client.post("/p/money/claim/", meal(no_receipt="on", no_receipt_reason="lost", token="a"))
    [claim] = claims_of(pat)
    other_tab = Client()
    portal_login(other_tab, pat)
    url = reverse("portal:claim_add", kwargs={"pk": claim.pk})
    second = meal(category="childcare", amount="20", token="tap")
    second.update(no_receipt="on", no_receipt_reason="Paid my neighbour")
    assert client.post(url, second).status_code == 302
    response = other_tab.post(url, second)
    assert response.url == reverse("portal:claim", kwargs={"pk": claim.pk}) + "?sent=1"
    assert len(items_of(claim)) == 2
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="portal.claim_add").count() == 1


def test_the_item_key_is_kept_in_the_database(world, pat):
    with scope(organisation=world.org_a):
        claim = services_money.claim_send(participant=pat, data=_meal_data(), token="first").claim
        one = services_money.claim_add(claim=claim, data=_meal_data(), token="k")
        again = services_money.claim_add(claim=claim, data=_meal_data(), token="k")
        other = services_money.claim_add(claim=claim, data=_meal_data(), token="other")
    assert (one.already, again.already, other.already) == (False, True, False)
    assert again.item.pk == one.item.pk != other.item.pk
    assert one.item.idempotency_key == f"portal:{pat.pk}:k"
    assert len(items_of(claim)) == 3


def _meal_data() -> dict:
    return {
        "category": "meals",
        "spent_on": timezone.localdate(),
        "amount_claimed": Decimal("6.40"),
        "description": "Lunch",
        "no_receipt_reason": "lost",
    }


def test_a_decided_claim_cannot_be_added_to(client, pat):
    client.post("/p/money/claim/", meal(no_receipt="on", no_receipt_reason="lost"))
    [claim] = claims_of(pat)
    with scopes_disabled():
        ExpenseClaim.objects.filter(pk=claim.pk).update(status=CS.REJECTED, decision_note="No")
    url = reverse("portal:claim_add", kwargs={"pk": claim.pk})
    response = client.post(url, meal(no_receipt="on", no_receipt_reason="x", token="z"))
    assert response.status_code == 302 and response.url.endswith("?closed=1")
    assert len(items_of(claim)) == 1


def test_which_meeting_offers_only_their_own_recent_meetings(client, world, pat):
    recent = make_event(
        world.org_a, title="Recent forum", day=timezone.localdate() - dt.timedelta(days=10)
    )
    old = make_event(
        world.org_a, title="Old forum", day=timezone.localdate() - dt.timedelta(days=200)
    )
    theirs = make_event(
        world.org_a, title="Someone else's forum", day=timezone.localdate() - dt.timedelta(days=5)
    )
    invite(recent, pat, reply="accepted")
    invite(old, pat, reply="accepted")
    invite(theirs, person(world.org_a, "Sam"), reply="accepted")
    page = client.get("/p/money/claim/").content.decode()
    assert "Recent forum" in page
    chosen = client.get(f"/p/money/claim/?event={recent.pk}").content.decode()
    assert f'<option value="{recent.pk}" selected>' in chosen
    assert client.get(f"/p/money/claim/?event={theirs.pk}").status_code == 200
    assert "Old forum" not in page and "Their forum" not in page
    data = meal(no_receipt="on", no_receipt_reason="lost", event=str(theirs.pk))
    response = client.post("/p/money/claim/", data)
    assert "Choose one of your meetings" in response.content.decode()
    assert claims_of(pat) == []
    assert client.post("/p/money/claim/", {**data, "event": str(recent.pk)}).status_code == 302
    assert claims_of(pat)[0].event_id == recent.pk


def test_staff_viewing_as_cannot_claim(client, world):
    someone = person(world.org_a, "Viewed Person")
    client.force_login(world.alice)
    client.post(reverse("portal:view_as", kwargs={"org_slug": "org-a", "pk": someone.pk}))
    assert client.get("/p/money/claim/").status_code == 200
    response = client.post("/p/money/claim/", meal(no_receipt="on", no_receipt_reason="x"))
    assert response.status_code == 403
    assert claims_of(someone) == []


# --- status in plain words -----------------------------------------------------------------------


def make_claim(world, participant, *, status=CS.SUBMITTED, items=(), note="", **fields):
    with scopes_disabled():
        claim = ExpenseClaim.objects.create(
            organisation=world.org_a,
            participant=participant,
            status=status,
            decision_note=note,
            **fields,
        )
        for claimed, reimbursed, receipted in items or [("10.00", None, None)]:
            ExpenseItem.objects.create(
                organisation=world.org_a,
                claim=claim,
                category=C.MEALS,
                spent_on=dt.date(2026, 5, 4),
                amount_claimed=Decimal(claimed),
                amount_reimbursed=Decimal(reimbursed) if reimbursed else None,
                receipted_amount=Decimal(receipted) if receipted else None,
                no_receipt_reason="" if receipted else "Lost it",
            )
    return claim


def test_status_words_for_each_state(client, world, pat):
    today = timezone.localdate()
    waiting = make_claim(world, pat)
    approved = make_claim(world, pat, status=CS.APPROVED, items=[("8.00", "8.00", None)])
    paid = make_claim(world, pat, status=CS.PAID, items=[("5.00", "5.00", None)])
    make_payment(
        world.org_a,
        pat,
        kind=Payment.Kind.EXPENSES,
        amount=Decimal("5.00"),
        claim=paid,
        status=Payment.Status.PAID,
        paid_on=dt.date(2026, 3, 3),
    )
    part = make_claim(world, pat, status=CS.APPROVED, items=[("12.00", "9.00", None)])
    rejected = make_claim(world, pat, status=CS.REJECTED, note="This was not for a meeting")

    def status_of(claim):
        return client.get(reverse("portal:claim", kwargs={"pk": claim.pk})).content.decode()

    pay_by = today + dt.timedelta(days=7)
    assert "We have your claim" in status_of(waiting)
    assert f"We aim to pay you by {pay_by:%A} {pay_by.day} {pay_by:%B %Y}" in status_of(waiting)
    assert "Approved: we will pay you by" in status_of(approved)
    assert "Paid on Tuesday 3 March 2026" in status_of(paid)
    page = status_of(part)
    assert "Some of it was not approved" in page and "We agreed to pay back £9.00" in page
    page = status_of(rejected)
    assert "Not approved" in page and "Why: This was not for a meeting" in page
    home = client.get("/p/money/").content.decode()
    for words in ["We have your claim", "Approved: we will pay you by", "Paid on Tuesday 3 March"]:
        assert words in home


def test_receipt_above_what_was_paid_back_is_explained():
    item = ExpenseItem(
        category=C.MEALS,
        amount_claimed=Decimal("10.00"),
        receipted_amount=Decimal("8.50"),
        amount_reimbursed=Decimal("8.50"),
        receipt_id=1,
    )
    assert "exactly what the receipt shows: £8.50" in selectors_money.item_shortfall_reason(item)
    item.category, item.receipt_id, item.amount_reimbursed = C.TRAVEL, None, Decimal("0")
    assert "already booked" in selectors_money.item_shortfall_reason(item)


def test_payments_show_what_how_and_whether_paid(client, world, pat):
    event = make_event(world.org_a, title="Spring forum")
    make_payment(
        world.org_a,
        pat,
        event=event,
        method=Payment.Method.VOUCHER,
        status=Payment.Status.PAID,
        paid_on=dt.date(2026, 5, 6),
        amount=Decimal("25.00"),
    )
    make_payment(world.org_a, pat, description="Panel", status=Payment.Status.APPROVED)
    make_payment(world.org_a, pat, description="Draft only, not shown", status="draft")
    page = client.get("/p/money/").content.decode()
    assert "Spring forum" in page and "Voucher" in page and "Paid on Wednesday 6 May 2026" in page
    assert "Panel" in page and "Into your bank account" in page and "Not paid yet" in page
    assert "Draft only" not in page


def test_money_page_shows_only_their_own_records(client, world, pat):
    sam = person(world.org_a, "Sam")
    make_claim(world, sam, items=[("77.77", None, None)])
    make_payment(world.org_a, sam, description="Sam's secret payment")
    elsewhere = person(world.org_b, "Bea")
    with scopes_disabled():
        ExpenseClaim.objects.create(organisation=world.org_b, participant=elsewhere)
    make_payment(world.org_b, elsewhere, description="Org B payment")
    page = client.get("/p/money/").content.decode()
    assert "77.77" not in page and "Sam's secret" not in page and "Org B payment" not in page
    assert "You have not claimed any money back yet" in page


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/p/money/").status_code == 200
    return len(queries)


def test_money_home_query_count_is_bounded(client, world, pat):
    event = make_event(world.org_a, title="Forum")

    def add_rows():
        claim = make_claim(
            world, pat, event=event, items=[("4.00", None, None), ("3.00", None, None)]
        )
        make_payment(world.org_a, pat, event=event, claim=claim, status=Payment.Status.APPROVED)

    add_rows()
    few = _count(client)
    for _ in range(19):
        add_rows()
    assert _count(client) == few


# --- the statement -------------------------------------------------------------------------------


def paid(world, participant, day, amount, **fields):
    return make_payment(
        world.org_a,
        participant,
        amount=Decimal(amount),
        status=Payment.Status.PAID,
        paid_on=day,
        activity_date=day,
        **fields,
    )


def test_statement_counts_by_tax_year_5_april_vs_6_april(world, pat):
    paid(world, pat, dt.date(2026, 4, 5), "40.00")
    paid(world, pat, dt.date(2026, 4, 6), "30.00")
    paid(world, pat, dt.date(2026, 4, 6), "12.50", kind=Payment.Kind.EXPENSES)
    paid(world, pat, dt.date(2026, 5, 1), "20.00", method=Payment.Method.VOUCHER)
    today = dt.date(2026, 11, 27)
    with scope(organisation=world.org_a):
        before = selectors_money.statement(pat, start=dt.date(2025, 4, 6), today=today)
        after = selectors_money.statement(pat, start=dt.date(2026, 4, 6), today=today)
    assert (before.payments, before.expenses) == (Decimal("40.00"), Decimal("0.00"))
    assert [m.label for m in before.active_months] == ["April 2026"]
    assert (after.payments, after.vouchers, after.expenses) == (
        Decimal("50.00"),
        Decimal("20.00"),
        Decimal("12.50"),
    )
    april, may = after.active_months
    assert (april.label, april.payments, april.expenses) == (
        "April 2026",
        Decimal("30.00"),
        Decimal("12.50"),
    )
    assert (may.label, may.payments, may.vouchers) == (
        "May 2026",
        Decimal("20.00"),
        Decimal("20.00"),
    )
    assert after.years == [dt.date(2026, 4, 6), dt.date(2025, 4, 6)]


def test_statement_page_chooses_the_tax_year(client, world, pat):
    last_year = selectors_money.tax_year_start(timezone.localdate()).year - 1
    paid(world, pat, dt.date(last_year + 1, 4, 5), "40.00")
    page = client.get("/p/money/statement/").content.decode()
    assert "We did not pay you anything in this tax year" in page
    assert f"?year={last_year}" in page
    page = client.get(f"/p/money/statement/?year={last_year}").content.decode()
    assert "£40.00" in page and f"April {last_year + 1}" in page
    assert "Expenses paid back are not income" in page and "Clinks (2016)" in page
    # A year they have nothing in, or nonsense, shows this tax year.
    for bad in ["1999", "abc", "99999999999999999999"]:
        assert client.get(f"/p/money/statement/?year={bad}").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/p/money/statement/?year=0000",
        "/p/money/statement/?year=9999",
        "/p/money/statement/?year=%C2%B2%C2%B3%C2%B2%C2%B3",
        "/p/money/statement/pdf/?year=0000",
        "/p/money/statement/pdf/?year=9999",
        "/p/money/claim/?event=%C2%B2",
        "/p/money/claim/?event=99999999999999",
    ],
)
def test_odd_values_in_the_address_never_fail(client, pat, url):
    """Review #10: these raised ValueError (a 500)."""
    assert client.get(url).status_code == 200


def test_statement_year_is_four_plain_digits_in_range():
    today = dt.date(2026, 11, 27)
    current = dt.date(2026, 4, 6)
    assert selectors_money.statement_start("2024", today=today) == dt.date(2024, 4, 6)
    assert selectors_money.statement_start("2026", today=today) == current
    for bad in ["", "0000", "1999", "2027", "9999", "²³²³", "٢٠٢٤", "20245", "abc", " 2024"]:
        assert selectors_money.statement_start(bad, today=today) == current
    assert selectors_money.wanted_id("12") == 12
    for bad in ["", "²", "-1", "1.5", "999999999999"]:
        assert selectors_money.wanted_id(bad) is None


def test_benefits_advice_does_not_mention_criminal_justice(client, world, pat, monkeypatch):
    """Review #12: the statement is for the Jobcentre, the council or HMRC."""
    paid(world, pat, timezone.localdate(), "40.00")
    page = client.get("/p/money/statement/").content.decode()
    assert "Clinks (2016)" in page and "criminal justice" not in page
    assert "criminal justice" not in client.get("/p/money/").content.decode()
    from withus.portal import views_money

    seen = []
    monkeypatch.setattr(views_money, "html_to_pdf", lambda html: seen.append(html) or b"%PDF")
    client.get("/p/money/statement/pdf/")
    assert "Clinks (2016)" in seen[0] and "criminal justice" not in seen[0]


def test_statement_and_staff_totals_share_one_ledger_walk(world, pat, monkeypatch):
    """Review #15: one function (money.selectors.person_ledger) decides what counts, for the
    staff person totals and for the portal statement."""
    from withus.money import selectors as money_selectors

    paid(world, pat, dt.date(2026, 5, 1), "40.00")
    paid(world, pat, dt.date(2026, 6, 1), "7.50", kind=Payment.Kind.EXPENSES)
    calls = []
    real = money_selectors.person_ledger

    def spy(participant):
        calls.append(participant.pk)
        return real(participant)

    monkeypatch.setattr(money_selectors, "person_ledger", spy)
    with scope(organisation=world.org_a):
        totals = money_selectors.person_totals(pat)
        result = selectors_money.statement(
            pat, start=dt.date(2026, 4, 6), today=dt.date(2026, 11, 27)
        )
    assert calls == [pat.pk, pat.pk]
    [year] = totals.years
    assert (year.payments, year.expenses) == (result.payments, result.expenses)
    assert (result.payments, result.expenses) == (Decimal("40.00"), Decimal("7.50"))


def test_the_money_app_rules_used_by_the_portal_are_public():
    """Review #15: the portal calls the money app's public names, not its private helpers."""
    from withus.money import services_claims

    assert callable(services_claims.validate_item) and callable(services_claims.mileage_for)
    source = (Path(services_money.__file__)).read_text()
    assert "services_claims._" not in source


def test_statement_counts_a_correction_in_the_month_of_the_payment(world, pat):
    original = paid(world, pat, dt.date(2026, 5, 1), "40.00")
    make_payment(
        world.org_a,
        pat,
        kind=Payment.Kind.REVERSAL,
        amount=Decimal("-40.00"),
        reverses=original,
        status=Payment.Status.PAID,
        paid_on=dt.date(2026, 7, 1),
    )
    with scope(organisation=world.org_a):
        result = selectors_money.statement(
            pat, start=dt.date(2026, 4, 6), today=dt.date(2026, 11, 27)
        )
    assert result.payments == Decimal("0.00")


def test_statement_pdf(client, world, pat):
    paid(world, pat, timezone.localdate(), "40.00")
    response = client.get("/p/money/statement/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]


def test_pages_are_light(client, pat):
    for url in ["/p/money/", "/p/money/claim/", "/p/money/statement/"]:
        assert len(client.get(url).content) < 200_000


def test_easy_read_uses_icons(client, pat):
    session = client.session
    session["withus_easy_read"] = True
    session.save()
    page = client.get("/p/money/").content.decode()
    assert "withus-icon" in page and "Did you spend money to take part?" in page


def test_staff_approval_shows_in_the_portal(client, world, pat):
    from withus.money import services_claims

    client.post("/p/money/claim/", {**meal(), "receipt": photo()})
    [claim] = claims_of(pat)
    with scope(organisation=world.org_a):
        services_claims.claim_decide(
            claim=claim, actor=world.alice, approve=True, method=Payment.Method.BANK
        )
    page = client.get(reverse("portal:claim", kwargs={"pk": claim.pk})).content.decode()
    assert "Approved: we will pay you by" in page and "£6.40" in page
    assert "Some of it was not approved" not in page
    home = client.get("/p/money/").content.decode()
    assert "Money back for your claim" in home and "Not paid yet" in home
    statement = client.get("/p/money/statement/").content.decode()
    assert "Expenses: £6.40" in statement

"""Issue 8's acceptance journey on a 375×667 phone: sign in with the code taken from the outbox →
accept an invitation (asking for large print) → download the large-print pack → claim travel
expenses with a photo of the receipt → see the claim's status → withdraw photo consent → pause
involvement. Each step is screenshotted and checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django_scopes import scopes_disabled
from PIL import Image

from tests.browser.conftest import ARTIFACTS, assert_accessible
from tests.events.builders import invite, make_event, make_venue
from tests.factories import OrganisationFactory, UserFactory
from withus.events.models import EventInvitation
from withus.messaging.models import Message
from withus.money.models import ExpenseClaim
from withus.orgs.models import Membership
from withus.people import services as people_services
from withus.people.models import Participant
from withus.people.selectors import current_consents

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(
        bypass_csp=True,
        viewport={"width": 375, "height": 667},
        is_mobile=True,
        has_touch=True,
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _receipt_photo(path) -> None:
    image = Image.new("RGB", (480, 640), "white")
    for y in range(40, 600, 40):  # something like lines of print
        image.paste((40, 40, 40), (40, y, 440, y + 6))
    image.save(path, "JPEG", quality=80)


def _menu(page, item: str) -> None:
    page.get_by_role("button", name="Menu").click()  # folded away on a phone
    page.get_by_role("navigation", name="Your pages").get_by_role("link", name=item).click()
    page.wait_for_load_state()


def _world():
    org = OrganisationFactory(name="Eastfield Women's Centre", slug="eastfield-journey")
    contact = UserFactory(full_name="Sam Worker", phone="020 7946 0000")
    Membership.of_user.create(user=contact, organisation=org, role="coordinator")
    with scopes_disabled():
        pat = Participant.unscoped.create(
            organisation=org,
            preferred_name="Pat",
            phone="07700 900123",
            status="active",
            named_contact=contact,
            channel_order=["sms"],
        )
        people_services.consent_record(
            participant=pat, purpose="photos", state="given", method="verbal", actor=contact
        )
        people_services.consent_record(
            participant=pat, purpose="contact_sms", state="given", method="verbal", actor=contact
        )
    venue = make_venue(org, name="Community Hall", postcode="E8 1AA")
    forum = make_event(
        org,
        title="Women's forum",
        venue=venue,
        day=dt.date.today() + dt.timedelta(days=10),
        start=dt.time(14, 0),
        end=dt.time(16, 0),
        contact=contact,
    )
    invitation = invite(forum, pat)
    return org, pat, forum, invitation


def test_sign_in_accept_pack_claim_status_consent_pause(small_phone, live_server, tmp_path):
    page = small_phone
    org, pat, forum, invitation = _world()
    base = live_server.url

    # 1. Sign in with the code from the outbox.
    page.goto(f"{base}/p/sign-in/")
    page.get_by_label("Your mobile number or email").fill("07700 900123")
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/p/sign-in/check/")
    code = re.search(r"\b(\d{6})\b", Message.unscoped.get(participant=pat).body).group(1)
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/p/")
    assert "Hello Pat" in page.content()
    assert 'href="tel:02079460000"' in page.content()  # tap to call Sam
    assert_accessible(page, "portal-journey-01-home")

    # 2. Accept the invitation, asking for large print.
    page.get_by_role("link", name=re.compile("Tell us if you can come to Women")).click()
    page.wait_for_url(f"{base}/p/meetings/{invitation.pk}/")
    assert_accessible(page, "portal-journey-02-meeting")
    page.get_by_label("Yes, I can come").check()
    page.get_by_label("Large print (bigger writing)").check()
    page.get_by_role("button", name="Send my reply").click()
    page.wait_for_load_state()
    invitation.refresh_from_db()
    assert invitation.reply == EventInvitation.Reply.ACCEPTED
    assert invitation.pack_format == "large_print"
    assert_accessible(page, "portal-journey-03-accepted")

    # 3. Download the large-print pack.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^PDF \(Large print")).click()
    pack = tmp_path / "pack.pdf"
    download_info.value.save_as(pack)
    assert pack.read_bytes().startswith(b"%PDF")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(pack),
            str(ARTIFACTS / "portal-journey-04-large-print-pack"),
        ],
        check=False,
    )

    # 4. Claim travel expenses with a photo of the receipt.
    _menu(page, "Money")
    page.get_by_role("button", name="Claim money back").click()
    page.wait_for_url(f"{base}/p/money/claim/")
    assert_accessible(page, "portal-journey-05-claim-form")
    page.get_by_label("Travel: bus, train, tram or taxi").check()
    page.get_by_label("When did you spend it?").fill(dt.date.today().isoformat())
    page.get_by_label("How did you travel?").select_option("Bus")
    page.get_by_label("Where did you start?").fill("Home")
    page.get_by_label("Where did you go?").fill("Community Hall")
    page.get_by_label("How much did you spend? (£)").fill("4.80")
    photo = tmp_path / "receipt.jpg"
    _receipt_photo(photo)
    page.get_by_label("Photo of your receipt").set_input_files(str(photo))
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url(re.compile(r"/p/money/claims/\d+/"))
    with scopes_disabled():
        claim = ExpenseClaim.unscoped.get(participant=pat)
        item = claim.items.get()
        assert item.receipt is not None and str(item.amount_claimed) == "4.80"
    assert claim.status == ExpenseClaim.Status.SUBMITTED
    assert_accessible(page, "portal-journey-06-claim-sent")

    # 5. See the claim's status.
    _menu(page, "Money")
    assert "We have your claim" in page.content()
    assert_accessible(page, "portal-journey-07-claim-status")

    # 6. Withdraw photo consent.
    _menu(page, "Your details")
    page.get_by_role("link", name=re.compile("consent|agree", re.I)).first.click()
    page.wait_for_load_state()
    assert_accessible(page, "portal-journey-08-consent")
    photos = page.locator("#consent-photos")
    photos.get_by_role("button", name=re.compile("changed my mind")).click()
    page.wait_for_load_state()
    with scopes_disabled():
        assert current_consents(pat)["photos"].state == "withdrawn"
    assert_accessible(page, "portal-journey-09-photos-withdrawn")

    # 7. Pause involvement.
    page.goto(f"{base}/p/about-you/")
    page.get_by_role("link", name=re.compile("break", re.I)).first.click()
    page.wait_for_url(f"{base}/p/about-you/break/")
    assert_accessible(page, "portal-journey-10-break")
    until = dt.date.today() + dt.timedelta(days=60)
    page.get_by_label("I need a break until").fill(until.isoformat())
    page.get_by_role("button", name="Start my break").click()
    page.wait_for_load_state()
    pat.refresh_from_db()
    assert pat.status == "paused" and pat.check_back_on == until
    assert_accessible(page, "portal-journey-11-on-a-break")

"""The main staff journeys in a real browser: sign in, dashboard, MFA, invite, other orgs."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command

from tests.browser.conftest import assert_accessible
from withus.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


def sign_in(page, base, email):
    page.goto(base + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_coordinator_signs_in_reaches_dashboard_and_cannot_see_another_organisation(
    page, live_server, demo
):
    page.goto(live_server.url + "/")
    assert page.url.endswith("/accounts/login/")
    assert_accessible(page, "sign-in")

    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "sign-in-errors")

    sign_in(page, live_server.url, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_text("Eastfield Women's Centre").first.is_visible()
    assert_accessible(page, "dashboard-coordinator")

    response = page.goto(live_server.url + "/o/northgate/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert_accessible(page, "other-organisation-404")

    page.goto(live_server.url + "/accessibility/")
    assert_accessible(page, "accessibility-statement")


def test_admin_signs_in_with_authenticator_code_and_invites_staff(page, live_server, demo):
    sign_in(page, live_server.url, "admin@eastfield.example")
    page.wait_for_url("**/2fa/authenticate/")
    assert_accessible(page, "mfa-code")
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/o/eastfield/")
    assert page.get_by_role("heading", name="Recent activity").is_visible()
    assert_accessible(page, "dashboard-admin")

    page.get_by_role("link", name="Staff", exact=True).click()
    assert_accessible(page, "staff")
    page.get_by_role("button", name="Invite a member of staff").click()
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "invite-errors")
    page.get_by_label("Email address").fill("new.person@eastfield.example")
    page.get_by_label("Involvement coordinator").check()
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_text("Invitation sent to new.person@eastfield.example").is_visible()

    page.get_by_role("link", name="Audit trail").click()
    assert page.get_by_text("Invited new.person@eastfield.example").is_visible()
    assert_accessible(page, "audit-trail")


def test_dashboard_on_a_small_phone(phone_page, live_server, demo):
    sign_in(phone_page, live_server.url, "bob@eastfield.example")
    phone_page.wait_for_url("**/o/eastfield/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page scrolls sideways on a small phone"
    assert_accessible(phone_page, "dashboard-phone")

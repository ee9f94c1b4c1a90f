"""A coordinator adds a participant, records consent and preferences, in a real browser."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_accessible
from tests.browser.test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


def test_coordinator_adds_a_participant_with_consent_and_preferences(page, live_server, demo):
    sign_in(page, live_server.url, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")
    page.get_by_role("link", name="People", exact=True).click()
    assert_accessible(page, "people-list")

    page.get_by_role("link", name="Add a participant").click()
    page.get_by_role("button", name="Add participant").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "people-add-errors")
    page.get_by_label("Preferred name").fill("Marnie Test")
    page.get_by_label("Phone", exact=True).fill("07700 900555")
    page.get_by_label("Connection to the justice system").select_option("on_licence")
    page.get_by_role("button", name="Add participant").click()
    page.wait_for_url("**/people/*/")
    assert page.get_by_role("heading", name="Marnie Test").is_visible()

    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("What is the consent for?").select_option("contact_sms")
    page.get_by_label("Given").check()
    page.get_by_label("Said so (verbal)").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Consent decision recorded").is_visible()

    page.get_by_role("link", name="Change contact preferences").click()
    page.get_by_label("First choice").select_option("sms")
    page.get_by_label("Best times to get in touch").fill("Weekday mornings")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Text message").first.is_visible()

    page.get_by_role("link", name="Change interests, skills and availability").click()
    page.get_by_label("Peer mentoring and support").check()
    page.get_by_label("Curfew time (if they have one)").fill("22:00")
    page.get_by_label("Usual travel time home, in minutes").fill("40")
    assert_accessible(page, "people-involvement-form")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Change access needs").click()
    page.get_by_label("Large print").check()
    page.get_by_role("button", name="Save").click()

    assert page.get_by_text("Home by 10pm").is_visible()
    assert page.get_by_text("Large print").is_visible()
    assert page.get_by_text("07700 900555").first.is_visible()
    assert_accessible(page, "people-detail")


def test_participant_list_and_record_on_a_small_phone(phone_page, live_server, demo):
    sign_in(phone_page, live_server.url, "alice@eastfield.example")
    phone_page.wait_for_url("**/o/eastfield/")
    phone_page.goto(live_server.url + "/o/eastfield/people/")
    assert_accessible(phone_page, "people-list-phone")
    phone_page.locator("table a.govuk-link").first.click()
    assert_accessible(phone_page, "people-detail-phone")

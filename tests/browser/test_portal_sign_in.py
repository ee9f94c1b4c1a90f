"""Issue 8, first slice, in a real browser at 375×667: ask for a code, type the code taken from
the outbox (Message rows), see the home page, sign out. axe-core passes on every page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible
from tests.events.builders import invite, make_event, make_venue
from tests.factories import OrganisationFactory
from withus.messaging.models import Message
from withus.people.models import Participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_sign_in_home_sign_out(small_phone, live_server):
    page = small_phone
    org = OrganisationFactory(name="Eastfield Women's Centre", slug="eastfield-portal")
    pat = Participant.unscoped.create(
        organisation=org, preferred_name="Pat", phone="07700 900123", status="active"
    )
    event = make_event(org, title="Women's forum", venue=make_venue(org, name="Community Hall"))
    invite(event, pat, reply="accepted")
    invite(make_event(org, title="Easy Read workshop"), pat)

    page.goto(f"{live_server.url}/p/sign-in/")
    assert_accessible(page, "portal-01-sign-in")
    page.get_by_label("Your mobile number or email").fill("+44 7700 900123")
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/p/sign-in/check/")
    assert "If we know this number or email" in page.content()
    assert_accessible(page, "portal-02-type-code")

    message = Message.unscoped.get(participant=pat)
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/p/")
    assert "Hello Pat" in page.content()
    assert "Women&#x27;s forum" in page.content() or "Women's forum" in page.content()
    assert "Easy Read workshop" in page.content()
    assert_accessible(page, "portal-03-home")

    page.get_by_role("button", name="Menu").click()  # on a phone the menu is folded away
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert "You have signed out" in page.content()
    assert_accessible(page, "portal-04-signed-out")
    page.goto(f"{live_server.url}/p/")
    assert page.url.endswith("/p/sign-in/")

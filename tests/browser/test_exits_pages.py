"""Moving on and the safeguarding log in a real browser (headless Chromium), with axe-core on
every page: a coordinator records someone moving on, drafts, edits, signs and downloads their
testimonial letter and adds the guide's organisations to the directory; the safeguarding lead
records a concern, a decision and a report to the Charity Commission."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.browser.conftest import assert_accessible
from tests.events.builders import invite, make_event
from tests.portal.helpers import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(page, base, user):  # noqa: F811
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def test_moving_on_journey(page, live_server, world):  # noqa: F811
    base = live_server.url
    kim = person(world.org_a, "Kim Browser")
    event = make_event(world.org_a, title="Forum", day=timezone.localdate() - dt.timedelta(days=10))
    invite(event, kim, reply="accepted", attendance="attended")
    _signed_in(page, base, world.alice)
    root = f"{base}/o/{world.org_a.slug}/moving-on/"

    page.goto(root)
    assert page.get_by_role("heading", name="Moving on", exact=True).is_visible()
    assert_accessible(page, "exits-index")

    page.goto(root + "directory/")
    page.get_by_role("button", name="Add the organisations the guide lists").click()
    assert page.get_by_text("12 organisations from the guide added").is_visible()
    assert_accessible(page, "exits-directory")

    page.goto(root)
    page.get_by_label("Start for a person").select_option(label="Kim Browser")
    page.get_by_role("button", name="Go to their moving on page").click()
    assert_accessible(page, "exits-person-new")
    page.get_by_role("link", name="Record moving on").click()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "exits-exit-errors")
    page.get_by_label("Reached their goals, or ready for something new").check()
    page.get_by_label("Volunteering").check()
    page.get_by_label("User Voice").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Moving on saved for Kim Browser").is_visible()
    assert_accessible(page, "exits-person")

    page.get_by_role("link", name="Draft a testimonial letter").click()
    body = page.get_by_label("The letter")
    assert "1 session" in body.input_value()
    assert_accessible(page, "exits-letter-edit")
    body.fill(
        body.input_value().replace(
            "[Add, in your own words, what Kim Browser brought: their skills, and how they "
            "worked with others.]",
            "Kim listened well and spoke up for others.",
        )
    )
    page.get_by_label("Name of the person signing").fill("Alice Coordinator")
    page.get_by_role("button", name="Save as a new version").click()
    assert page.get_by_role("heading", name="Testimonial letter, version 1").is_visible()
    page.get_by_role("button", name="Sign version 1").click()
    assert page.get_by_text("Version 1 signed").is_visible()
    assert_accessible(page, "exits-letter-signed")
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    assert info.value.suggested_filename == "testimonial-kim-browser.pdf"


def test_safeguarding_journey(page, live_server, world):  # noqa: F811
    base = live_server.url
    person(world.org_a, "Jo Concern")
    _signed_in(page, base, world.safeguarding_a)
    root = f"{base}/o/{world.org_a.slug}/moving-on/safeguarding/"
    page.goto(root)
    assert_accessible(page, "exits-concerns-empty")
    page.get_by_role("link", name="Record a concern").click()
    page.get_by_label("This is a serious incident to report").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_text("Choose the Charity Commission category").first.is_visible()
    assert_accessible(page, "exits-concern-errors")
    page.get_by_label("What the concern is, in a few words").fill("Money asked for")
    page.get_by_label("What happened or was said").fill("Asked another member for money.")
    page.get_by_label("Who raised it").fill("Facilitator")
    page.get_by_label("Jo Concern").check()
    page.get_by_label("Fraud, theft, cyber-crime or money laundering").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", name="Money asked for").is_visible()
    assert page.get_by_text("no report to the Charity Commission").is_visible()
    assert_accessible(page, "exits-concern")
    page.get_by_label("What was decided, and why").fill("Talk to both people.")
    page.get_by_label("Who decided").fill("Safeguarding lead")
    page.get_by_label("Review the concern again on (optional)").fill(
        (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    )
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_text("Talk to both people.").is_visible()
    page.goto(root)
    assert page.get_by_text("To report").is_visible()
    assert_accessible(page, "exits-concerns")

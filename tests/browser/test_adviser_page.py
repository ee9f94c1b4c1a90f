"""The adviser page in a real browser on the demo data: the signals that fire come first, each
with its evidence and actions, then the common problems; axe-core finds nothing, at desktop
and phone widths. (Uses the browser fixtures of tests/browser.)"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_scopes import scope

from tests.browser.conftest import assert_accessible
from tests.browser.test_staff_journeys import sign_in
from withus.accounts.models import User
from withus.demo.adviser import PROJECT, seed_adviser
from withus.orgs.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)
    org = Organisation.objects.get(slug="eastfield")
    alice = User.objects.get(email="alice@eastfield.example")
    with scope(organisation=org):
        seed_adviser(org, actor=alice)
    return org


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_adviser_page_reads_well_and_passes_axe(request, live_server, demo, size):
    tab = request.getfixturevalue("page" if size == "desktop" else "phone_page")
    sign_in(tab, live_server.url, "alice@eastfield.example")
    tab.goto(f"{live_server.url}/o/{demo.slug}/adviser/")
    assert tab.get_by_role("heading", name="Troubleshooting adviser", level=1).is_visible()
    headings = tab.locator("h2").all_inner_texts()
    assert headings.index("What your data suggests") < headings.index(
        "Common problems and what to do"
    )
    card = tab.locator("#signal-co_planning")
    assert card.get_by_text("May be happening").is_visible()
    assert card.get_by_text(PROJECT).is_visible()
    card.get_by_role("link", name="About this problem").click()
    assert tab.url.endswith("#problem-no-ownership")
    assert_accessible(tab, f"adviser-{size}")

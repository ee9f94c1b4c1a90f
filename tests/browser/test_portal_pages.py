"""Every participant page, in a real browser on a 320 px wide phone: it loads, axe-core finds no
problems (with Easy Read off and on), nothing makes the page scroll sideways, and the page is
light — under 200 KB of HTML, CSS and JavaScript as sent with the compression production uses
(whitenoise serves gzip or brotli; images are not counted). The pages come from the participant
walker's registry (tests/portal/registry.py), so a new portal page is checked here too."""

from __future__ import annotations

import datetime as dt
import gzip
from importlib import import_module

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import assert_accessible
from tests.portal.helpers import walker_people
from tests.portal.registry import PORTAL_URLS
from withus.portal import session as portal_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHT = 200 * 1024
PAGES = sorted(name for name, spec in PORTAL_URLS.items() if spec.method == "get")


@pytest.fixture
def narrow_phone(browser):
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _signed_in(page, live_server, participant) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[portal_session.KEY] = {
        "ids": {str(participant.organisation_id): participant.pk},
        "org": str(participant.organisation_id),
        "until": (timezone.now() + dt.timedelta(hours=1)).isoformat(),
    }
    store.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )


def _weigh(page):
    """Collects (url, compressed size) for every non-image response the page loads."""
    sizes: dict[str, int] = {}

    def on_response(response):
        if response.request.resource_type in ("image", "media", "font"):
            return
        try:
            body = response.body()
        except Exception:  # a redirect has no body
            return
        sizes[response.url] = len(gzip.compress(body, 6))

    page.on("response", on_response)
    return sizes


def _html_page(response) -> bool:
    return "text/html" in (response.headers.get("content-type") or "")


def test_every_portal_page_is_accessible_light_and_fits_a_narrow_phone(
    narrow_phone, live_server, world
):
    page = narrow_phone
    owner, _, _ = walker_people(world)
    urls = {name: reverse(name, kwargs=PORTAL_URLS[name].kwargs(world, owner)) for name in PAGES}
    _signed_in(page, live_server, owner)
    sizes = _weigh(page)
    checked = 0
    for easy_read in (False, True):
        if easy_read:
            page.goto(f"{live_server.url}/p/")
            page.get_by_role("button", name="Easy Read: bigger text, simpler words").click()
            page.wait_for_load_state()
        for name, path in urls.items():
            # Downloads (PDF, DOCX, calendar files) are fetched, not opened as pages.
            head = page.request.get(f"{live_server.url}{path}", max_redirects=0)
            assert head.status == 200, (name, path, head.status)
            if not _html_page(head):
                continue
            sizes.clear()
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (name, path)
            assert page.url == f"{live_server.url}{path}", (name, "redirected to", page.url)
            page.wait_for_load_state("networkidle")
            label = name.replace("portal:", "")
            assert_accessible(page, f"portal-page-{label}{'-easy-read' if easy_read else ''}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{name} scrolls sideways at 320 px ({width} px wide)"
            total = sum(sizes.values())
            assert total < LIGHT, f"{name} weighs {total} bytes compressed: {sizes}"
            checked += 1
    assert checked >= 2

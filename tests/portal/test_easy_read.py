"""The Easy Read switch: larger text, simpler menu words and icons, kept for the session."""

from __future__ import annotations

import pytest

from tests.portal.helpers import person, portal_login

pytestmark = pytest.mark.django_db

ON = "withus-portal withus-easy-read"


def test_easy_read_switch_turns_on_and_off_and_returns_to_the_page(client, world):
    portal_login(client, person(world.org_a, "Pat"))
    page = client.get("/p/").content.decode()
    assert ON not in page and "Easy Read: bigger text" in page
    response = client.post("/p/easy-read/", {"easy_read": "on", "next": "/p/"})
    assert response.url == "/p/"
    page = client.get("/p/").content.decode()
    assert ON in page and 'class="withus-icon"' in page
    assert "Turn off Easy Read" in page
    client.post("/p/easy-read/", {"easy_read": "off", "next": "/p/"})
    assert ON not in client.get("/p/").content.decode()


def test_easy_read_works_before_signing_in_and_never_redirects_elsewhere(client):
    response = client.post("/p/easy-read/", {"easy_read": "on", "next": "https://evil.example/p/"})
    assert response.url == "/p/"
    assert ON in client.get("/p/sign-in/").content.decode()
    assert client.post("/p/easy-read/", {"next": "/o/org-a/"}).url == "/p/"

from __future__ import annotations

import re

import pytest

from tests.portal.helpers import person
from withus.audit.models import AuditEvent
from withus.portal import services
from withus.portal.models import AccessCode

pytestmark = pytest.mark.django_db

URL = "/o/{slug}/portal/people/{pk}/access-code/"


def _issue(client, world, pat) -> str:
    client.force_login(world.alice)
    response = client.post(URL.format(slug=world.org_a.slug, pk=pat.pk))
    assert response.status_code == 200
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b", response.content.decode())
    client.logout()
    return code.group(1)


def test_issue_shows_code_once_stored_hashed_and_audited(client, world):
    pat = person(world.org_a)
    code = _issue(client, world, pat)
    assert set(code.replace("-", "")) <= set(services.ACCESS_ALPHABET)
    stored = AccessCode.unscoped.get(participant=pat)
    assert code.replace("-", "") not in stored.code_hash
    assert AuditEvent.unscoped.filter(action="portal.access_code_issue").count() == 1
    client.force_login(world.alice)
    page = client.get(URL.format(slug=world.org_a.slug, pk=pat.pk)).content.decode()
    assert code not in page


def test_access_code_signs_in_and_new_one_revokes_old(client, world):
    pat = person(world.org_a)
    old = _issue(client, world, pat)
    new = _issue(client, world, pat)
    response = client.post("/p/sign-in/code/", {"code": old})
    assert response.status_code == 200 and "did not work" in response.content.decode()
    response = client.post("/p/sign-in/code/", {"code": new.lower().replace("-", " ")})
    assert response.status_code == 302 and response.url == "/p/"
    assert "Pat" in client.get("/p/").content.decode()


def test_exited_person_cannot_use_access_code(client, world):
    pat = person(world.org_a)
    code = _issue(client, world, pat)
    pat.status = "exited"
    pat.save()
    assert client.post("/p/sign-in/code/", {"code": code}).status_code == 200
    assert client.get("/p/").status_code == 302


def test_access_code_rate_limited_by_ip(world):
    for _ in range(services.ATTEMPTS_PER_IP):
        assert services.check_access_code(code="AAAA-AAAA-AAAA", ip="10.0.0.5") is None
    with pytest.raises(services.TooMany):
        services.check_access_code(code="AAAA-AAAA-AAAA", ip="10.0.0.5")


def test_other_organisation_person_is_404(client, world):
    other = person(world.org_b)
    client.force_login(world.alice)
    response = client.post(URL.format(slug=world.org_a.slug, pk=other.pk))
    assert response.status_code == 404
    assert not AccessCode.unscoped.exists()


def test_viewer_cannot_issue(client, world):
    pat = person(world.org_a)
    client.force_login(world.bob)
    assert client.post(URL.format(slug=world.org_a.slug, pk=pat.pk)).status_code == 403


def test_person_page_links_to_access_code(client, world):
    pat = person(world.org_a)
    client.force_login(world.alice)
    page = client.get(f"/o/{world.org_a.slug}/people/{pat.pk}/").content.decode()
    assert URL.format(slug=world.org_a.slug, pk=pat.pk) in page

"""The participant walker: every portal URL keeps each participant to their own records.

See tests/portal/registry.py for what each check means."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.portal.helpers import portal_login, walker_people
from tests.portal.registry import PORTAL_EXEMPT, PORTAL_URLS
from tests.test_url_walker import _walk
from withus.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PARTICIPANT_URLS = sorted(
    name
    for name, route in _walk(get_resolver().url_patterns)
    if name and name.startswith("portal:") and route.startswith("p/")
)


def test_every_portal_url_is_registered_or_exempt():
    unknown = [n for n in PARTICIPANT_URLS if n not in PORTAL_URLS and n not in PORTAL_EXEMPT]
    assert not unknown, (
        f"These participant URLs have no entry in tests/portal/registry_<area>.py: {unknown}"
    )
    stale = [n for n in [*PORTAL_URLS, *PORTAL_EXEMPT] if n not in PARTICIPANT_URLS]
    assert not stale, f"Registered portal URLs that no longer exist: {stale}"


def _call(client, spec, world, owner, url):
    if spec.method == "post":
        return client.post(url, spec.post_data(world, owner))
    return client.get(url)


def _url(name, spec, world, owner):
    return reverse(name, kwargs=spec.kwargs(world, owner))


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("name", sorted(PORTAL_URLS))
def test_signed_out_goes_to_sign_in(client, world, name):
    spec = PORTAL_URLS[name]
    owner, _, _ = walker_people(world)
    response = _call(client, spec, world, owner, _url(name, spec, world, owner))
    assert response.status_code == 302
    assert response.url == reverse("portal:sign_in")


@pytest.mark.parametrize("name", sorted(PORTAL_URLS))
def test_staff_without_a_portal_session_go_to_sign_in(client, world, name):
    spec = PORTAL_URLS[name]
    owner, _, _ = walker_people(world)
    client.force_login(world.alice)
    response = _call(client, spec, world, owner, _url(name, spec, world, owner))
    assert response.status_code == 302
    assert response.url == reverse("portal:sign_in")


@pytest.mark.parametrize("name", sorted(PORTAL_URLS))
def test_the_owner_succeeds(client, world, name):
    spec = PORTAL_URLS[name]
    owner, _, _ = walker_people(world)
    url = _url(name, spec, world, owner)
    portal_login(client, owner)
    response = _call(client, spec, world, owner, url)
    assert response.status_code in spec.ok, (name, response.status_code)
    if spec.private:
        assert spec.private in _text(response)


@pytest.mark.parametrize("who", ["same_organisation", "other_organisation"])
@pytest.mark.parametrize("name", sorted(PORTAL_URLS))
def test_other_participants_cannot_reach_the_owners_records(client, world, name, who):
    spec = PORTAL_URLS[name]
    owner, other, elsewhere = walker_people(world)
    url = _url(name, spec, world, owner)
    portal_login(client, other if who == "same_organisation" else elsewhere)
    response = _call(client, spec, world, owner, url)
    if spec.params is not None:
        assert response.status_code == 404, (name, who, response.status_code)
    else:
        assert response.status_code < 500
        if spec.private:
            assert spec.private not in _text(response)


@pytest.mark.parametrize("name", sorted(PORTAL_URLS))
def test_staff_viewing_as_someone_else_cannot_reach_or_change_the_owners_records(
    client, world, name
):
    spec = PORTAL_URLS[name]
    owner, other, _ = walker_people(world)
    url = _url(name, spec, world, owner)
    client.force_login(world.alice)
    client.post(reverse("portal:view_as", kwargs={"org_slug": "org-a", "pk": other.pk}))
    response = _call(client, spec, world, owner, url)
    if spec.method == "post":
        assert response.status_code == 403
    elif spec.params is not None:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        if spec.private:
            assert spec.private not in _text(response)
    assert AuditEvent.unscoped.filter(action="portal.view_as.start").exists()

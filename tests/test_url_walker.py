"""Walks every URL pattern: each is registered with its access rules or explicitly exempt.

For every organisation URL: signed out → sign-in page; a member of another organisation → 404
(both for the other organisation's address and for its objects under one's own address);
a member without the capability → 403; a member with it → success.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.url_registry import EXEMPT, EXEMPT_PREFIXES, ORG_URLS
from withus.orgs.capabilities import ROLES, role_has
from withus.orgs.models import Membership


def _walk(patterns, namespace="", prefix=""):
    """Yield (namespaced name, full route) for every URL pattern."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns, route)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), route


ALL_URLS = sorted(
    {(name or f"<unnamed {pattern}>") for name, pattern in _walk(get_resolver().url_patterns)}
)


def _exempt(name: str) -> bool:
    return name in EXEMPT or any(name.startswith(prefix) for prefix in EXEMPT_PREFIXES)


def test_every_url_is_registered_or_exempt():
    unknown = [name for name in ALL_URLS if name not in ORG_URLS and not _exempt(name)]
    assert not unknown, (
        "These URLs have no entry in tests/url_registry.py. Register each with its capability "
        f"and parameters, or exempt it with a reason: {unknown}"
    )


def test_registry_has_no_stale_entries():
    stale = [name for name in [*ORG_URLS, *EXEMPT] if name not in ALL_URLS]
    assert not stale, f"Registered URLs that no longer exist: {stale}"


def test_every_organisation_url_is_registered():
    # A pattern with org_slug that slipped into EXEMPT would skip the organisation checks.
    org_urls = {name for name, route in _walk(get_resolver().url_patterns) if "org_slug" in route}
    assert org_urls == set(ORG_URLS)


def _request(client, spec, url):
    return client.post(url) if spec.method == "post" else client.get(url)


def _user_with(world, capability, *, has: bool):
    for user in world.staff_of_a():
        membership = Membership.of_user.get(user=user, organisation=world.org_a)
        if (capability is None or _holds(membership.has, capability)) == has:
            return user
    return None


@pytest.mark.parametrize("name", sorted(ORG_URLS))
def test_signed_out_goes_to_sign_in(client, world, name):
    spec = ORG_URLS[name]
    url = reverse(name, kwargs={"org_slug": world.org_a.slug, **spec.kwargs(world)})
    response = _request(client, spec, url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(ORG_URLS))
def test_other_organisation_gets_404(client, world, name):
    spec = ORG_URLS[name]
    client.force_login(world.charlie)
    url = reverse(name, kwargs={"org_slug": world.org_a.slug, **spec.kwargs(world)})
    assert _request(client, spec, url).status_code == 404


@pytest.mark.parametrize("name", sorted(n for n, spec in ORG_URLS.items() if spec.params))
def test_other_organisations_objects_under_own_address_get_404(client, world, name):
    spec = ORG_URLS[name]
    params = spec.kwargs(world)
    client.force_login(world.admin_b)  # an admin of org B, holding every capability there
    url = reverse(name, kwargs={"org_slug": world.org_b.slug, **params})
    assert _request(client, spec, url).status_code == 404


def _holds(has, capability) -> bool:
    """A tuple of capabilities means any one of them will do."""
    if isinstance(capability, tuple):
        return any(has(c) for c in capability)
    return has(capability)


def _some_role_lacks(capability) -> bool:
    return any(not _holds(lambda c: role_has(key, c), capability) for key in ROLES)


@pytest.mark.parametrize(
    "name",
    sorted(
        n for n, spec in ORG_URLS.items() if spec.capability and _some_role_lacks(spec.capability)
    ),
)
def test_member_without_capability_gets_403(client, world, name):
    spec = ORG_URLS[name]
    user = _user_with(world, spec.capability, has=False)
    client.force_login(user)
    url = reverse(name, kwargs={"org_slug": world.org_a.slug, **spec.kwargs(world)})
    assert _request(client, spec, url).status_code == 403


@pytest.mark.parametrize("name", sorted(ORG_URLS))
def test_member_with_capability_succeeds(client, world, name):
    spec = ORG_URLS[name]
    user = _user_with(world, spec.capability, has=True)
    client.force_login(user)
    url = reverse(name, kwargs={"org_slug": world.org_a.slug, **spec.kwargs(world)})
    assert _request(client, spec, url).status_code == spec.ok_status


# Pages with a "find by name" box (?q=). A NUL typed or pasted there reached the database, where
# PostgreSQL refuses it (a 500); CI runs this file on PostgreSQL too.
SEARCH_PAGES = [
    "people:list",
    "events:invite",
    "recruitment:candidate_add",
    "assessment:start",
    "assessment:edit",
    "exits:concern_add",
    "policies:edit",
    "policies:welcome",
]


@pytest.mark.parametrize("name", SEARCH_PAGES)
def test_search_boxes_take_control_characters(client, world, name):
    spec = ORG_URLS[name]
    client.force_login(_user_with(world, spec.capability, has=True))
    url = reverse(name, kwargs={"org_slug": world.org_a.slug, **spec.kwargs(world)})
    response = client.get(url, {"q": "Jo\x00\x1b", "project_q": "\x00"})
    assert response.status_code == 200

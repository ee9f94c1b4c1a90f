"""Staff "view as participant": read-only, audited, and only with MANAGE_PEOPLE."""

from __future__ import annotations

import pytest

from tests.portal.helpers import person, portal_login
from withus.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

VIEW_AS = "/o/org-a/portal/people/{}/view-as/"


def test_a_coordinator_sees_the_portal_read_only_and_every_page_is_audited(client, world):
    pat = person(world.org_a, "Pat Viewed")
    client.force_login(world.alice)
    response = client.post(VIEW_AS.format(pat.pk))
    assert response.status_code == 302 and response.url == "/p/"
    page = client.get("/p/").content.decode()
    assert "Hello Pat Viewed" in page and "You cannot change anything" in page
    assert AuditEvent.unscoped.filter(action="portal.view_as.start", actor=world.alice).exists()
    assert AuditEvent.unscoped.filter(action="portal.view_as.page", actor=world.alice).count() == 1
    # Nothing can be changed: every POST to a participant page is refused.
    assert client.post("/p/", {}).status_code == 403
    # "Sign out" ends the view, not the member's own staff sign-in.
    client.post("/p/sign-out/")
    assert client.get("/p/").url == "/p/sign-in/"
    assert client.get("/o/org-a/people/").status_code == 200


def test_stop_viewing_returns_to_the_record(client, world):
    pat = person(world.org_a, "Pat Viewed")
    client.force_login(world.alice)
    client.post(VIEW_AS.format(pat.pk))
    response = client.post("/p/stop-viewing/")
    assert response.url == f"/o/org-a/people/{pat.pk}/"
    assert client.get("/p/").url == "/p/sign-in/"


def test_a_viewer_without_manage_people_cannot_view_as(client, world):
    pat = person(world.org_a, "Pat Viewed")
    client.force_login(world.bob)
    assert client.post(VIEW_AS.format(pat.pk)).status_code == 403
    assert client.get("/p/").url == "/p/sign-in/"


def test_view_as_ends_when_the_member_loses_the_capability(client, world):
    from withus.orgs.models import Membership

    pat = person(world.org_a, "Pat Viewed")
    client.force_login(world.alice)
    client.post(VIEW_AS.format(pat.pk))
    Membership.of_user.filter(user=world.alice, organisation=world.org_a).update(role="viewer")
    assert client.get("/p/").url == "/p/sign-in/"


def test_staff_sign_in_drops_a_participants_portal_session(client, world):
    pat = person(world.org_a, "Pat Shared Computer")
    portal_login(client, pat)
    assert client.get("/p/").status_code == 200
    client.force_login(world.alice)
    assert client.get("/p/").url == "/p/sign-in/"

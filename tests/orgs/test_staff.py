"""Organisation admins invite staff and change roles; every change is audited."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from withus.audit.models import AuditEvent
from withus.orgs.models import Invitation, Membership


def url(name, **kwargs):
    return reverse(name, kwargs={"org_slug": "org-a", **kwargs})


def _events(action):
    return list(AuditEvent.unscoped.filter(action=action))


@pytest.fixture
def as_admin(client, world):
    client.force_login(world.admin_a)
    return client


def _invite(client, django_capture_on_commit_callbacks, email="new@a.example", role="coordinator"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url("orgs:invite"), {"email": email, "role": role})


def _link_from_email() -> str:
    body = mail.outbox[-1].body
    return re.search(r"http://\S+/invitations/(\S+)/", body).group(0).split("127.0.0.1:8000")[1]


def test_invite_sends_an_email_with_a_working_link_and_is_audited(
    as_admin, world, django_capture_on_commit_callbacks
):
    response = _invite(as_admin, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@a.example"]
    assert "Org A Women's Centre" in mail.outbox[0].subject
    invitation = Invitation.unscoped.get(email="new@a.example")
    # Only the token's hash is stored; the email holds the token itself.
    token = _link_from_email().rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash
    [event] = _events("staff.invite")
    assert event.organisation == world.org_a
    assert event.actor == world.admin_a
    assert "new@a.example" in event.summary


def test_invite_rejects_bad_input_and_changes_nothing(as_admin, django_capture_on_commit_callbacks):
    response = _invite(as_admin, django_capture_on_commit_callbacks, email="not an email")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter an email address in the right format" in response.text
    response = _invite(as_admin, django_capture_on_commit_callbacks, role="superhero")
    assert response.status_code == 200
    assert Invitation.unscoped.count() == 0
    assert mail.outbox == []


def test_cannot_invite_someone_already_on_the_staff(as_admin, django_capture_on_commit_callbacks):
    response = _invite(as_admin, django_capture_on_commit_callbacks, email="alice@a.example")
    assert response.status_code == 200
    assert "already a member of staff" in response.text


def test_new_person_accepts_by_creating_an_account(
    client, as_admin, world, django_capture_on_commit_callbacks
):
    _invite(as_admin, django_capture_on_commit_callbacks, role="viewer")
    link = _link_from_email()
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Create account and join" in page.text
    mismatch = client.post(
        link,
        {"full_name": "Nia", "password1": "a-long-pass-phrase", "password2": "different-phrase"},
    )
    assert "The two passwords are different" in mismatch.text
    response = client.post(
        link,
        {
            "full_name": "Nia Jones",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert response.url == url("orgs:dashboard")
    membership = Membership.of_user.get(user__email="new@a.example")
    assert membership.role == "viewer"
    assert membership.organisation == world.org_a
    assert client.get(response.url).status_code == 200
    assert _events("staff.join")
    # The link is single use.
    client.logout()
    assert client.get(link).status_code == 404


def test_existing_account_accepts_after_signing_in(
    client, as_admin, world, django_capture_on_commit_callbacks
):
    _invite(as_admin, django_capture_on_commit_callbacks, email="charlie@b.example", role="viewer")
    link = _link_from_email()
    client.logout()
    assert "Sign in to join" in client.get(link).text
    client.force_login(world.charlie)
    assert "Join Org A" in client.get(link).text
    response = client.post(link)
    assert response.url == url("orgs:dashboard")
    assert Membership.of_user.filter(user=world.charlie).count() == 2


def test_invitation_for_someone_else_cannot_be_taken(
    client, as_admin, world, django_capture_on_commit_callbacks
):
    _invite(as_admin, django_capture_on_commit_callbacks, email="someone@else.example")
    link = _link_from_email()
    client.force_login(world.charlie)
    response = client.post(link)
    assert "different email address" in response.text
    assert not Membership.of_user.filter(user=world.charlie, organisation=world.org_a).exists()


def test_cancelled_or_unknown_invitations_do_not_work(
    client, as_admin, django_capture_on_commit_callbacks
):
    _invite(as_admin, django_capture_on_commit_callbacks)
    link = _link_from_email()
    invitation = Invitation.unscoped.get()
    as_admin.post(url("orgs:cancel_invitation", invitation_id=invitation.pk))
    client.logout()
    assert client.get(link).status_code == 404
    assert client.get("/invitations/made-up-token/").status_code == 404
    assert _events("staff.invite_cancel")


def test_change_role_is_audited_with_old_and_new(as_admin, world):
    bob = Membership.of_user.get(user=world.bob)
    response = as_admin.post(url("orgs:change_role", membership_id=bob.pk), {"role": "coordinator"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.role == "coordinator"
    [event] = _events("staff.role_change")
    assert event.changes == {"role": ["viewer", "coordinator"]}


def test_the_last_admin_cannot_be_demoted_or_removed(as_admin, world):
    admin = Membership.of_user.get(user=world.admin_a)
    response = as_admin.post(url("orgs:change_role", membership_id=admin.pk), {"role": "viewer"})
    assert response.status_code == 200
    assert "only organisation admin" in response.text
    response = as_admin.post(url("orgs:remove_member", membership_id=admin.pk))
    assert "only organisation admin" in response.text
    admin.refresh_from_db()
    assert admin.role == "admin"


def test_remove_member_takes_away_access(client, as_admin, world):
    bob = Membership.of_user.get(user=world.bob)
    response = as_admin.post(url("orgs:remove_member", membership_id=bob.pk))
    assert response.status_code == 302
    assert _events("staff.remove")
    client.force_login(world.bob)
    assert client.get(url("orgs:dashboard")).status_code == 404


def test_settings_change_is_validated_and_audited(as_admin, world):
    data = {
        "name": "Org A Renamed",
        "charity_number": "123",
        "timezone": "Europe/London",
        "papers_lead_days": "10",
        "expense_target_days": "7",
        "feedback_target_days": "28",
        "small_number_threshold": "10",
        "retention_months": "36",
        "quiet_hours_start": "21:00",
        "quiet_hours_end": "08:30",
    }
    bad = as_admin.post(url("orgs:settings"), {**data, "papers_lead_days": "0"})
    assert bad.status_code == 200
    assert "There is a problem" in bad.text
    with scopes_disabled():
        world.org_a.refresh_from_db()
    assert world.org_a.papers_lead_days == 14
    assert as_admin.post(url("orgs:settings"), data).status_code == 302
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Org A Renamed"
    assert world.org_a.small_number_threshold == 10
    assert str(world.org_a.quiet_hours_end) == "08:30:00"
    [event] = _events("organisation.settings")
    assert event.changes["papers_lead_days"] == ["14", "10"]

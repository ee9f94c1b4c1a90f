"""Roles that approve payments, manage safeguarding or administer need MFA to act."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import member


@pytest.mark.parametrize("role", ["admin", "finance", "safeguarding"])
def test_mfa_roles_without_an_authenticator_are_sent_to_set_one_up(client, world, role):
    user = member(world.org_a, role, f"no-mfa-{role}@a.example", mfa=False)
    client.force_login(user)
    for url in [
        reverse("orgs:dashboard", kwargs={"org_slug": "org-a"}),
        reverse("orgs:staff", kwargs={"org_slug": "org-a"}),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")
    # A POST is refused the same way and changes nothing.
    response = client.post(
        reverse("orgs:invite", kwargs={"org_slug": "org-a"}),
        {"email": "x@a.example", "role": "viewer"},
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_mfa_role_with_an_authenticator_can_act(client, world):
    client.force_login(world.admin_a)
    assert Authenticator.objects.filter(user=world.admin_a).exists()
    assert client.get(reverse("orgs:staff", kwargs={"org_slug": "org-a"})).status_code == 200


def test_roles_without_mfa_requirement_are_not_stopped(client, world):
    client.force_login(world.alice)
    assert not Authenticator.objects.filter(user=world.alice).exists()
    assert client.get(reverse("orgs:dashboard", kwargs={"org_slug": "org-a"})).status_code == 200


def test_mfa_is_per_role_in_each_organisation(client, world):
    # Charlie is a coordinator in B (no MFA needed) and becomes finance officer in A.
    from tests.factories import MembershipFactory

    MembershipFactory(organisation=world.org_a, user=world.charlie, role="finance")
    client.force_login(world.charlie)
    assert client.get(reverse("orgs:dashboard", kwargs={"org_slug": "org-b"})).status_code == 200
    response = client.get(reverse("orgs:dashboard", kwargs={"org_slug": "org-a"}))
    assert response.url == reverse("mfa_activate_totp")


def test_sign_in_with_an_authenticator_asks_for_the_code(client, world):
    response = client.post(
        reverse("account_login"), {"login": "admin@a.example", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    # Not signed in yet: the organisation still sends them to sign in.
    response = client.get(reverse("orgs:dashboard", kwargs={"org_slug": "org-a"}))
    assert response.url.startswith(reverse("account_login"))

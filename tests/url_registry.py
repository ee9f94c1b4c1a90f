"""Every URL pattern in withus, with how to fill its parameters and who may use it.

The walker (tests/test_url_walker.py) fails the build when a URL is neither registered here nor
listed as exempt, so a new page cannot ship without its access rules being tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from withus.orgs.capabilities import Capability
from withus.orgs.models import Invitation, Membership


@dataclass(frozen=True)
class OrgUrl:
    """A page under /o/<org_slug>/. `params` builds its other kwargs from org A's objects."""

    capability: Capability | None = None  # None: any member of the organisation
    params: Callable | None = None  # None: the URL names no object
    method: str = "get"
    ok_status: int = 200

    def kwargs(self, world) -> dict:
        return self.params(world) if self.params else {}


def _membership_of_bob(world):
    return {"membership_id": Membership.of_user.get(user=world.bob, organisation=world.org_a).pk}


def _open_invitation(world):
    from datetime import timedelta

    from django.utils import timezone

    invitation = Invitation.unscoped.create(
        organisation=world.org_a,
        email="walker-invite@a.example",
        role="viewer",
        token_hash=f"walker-{Invitation.unscoped.count()}",
        expires_at=timezone.now() + timedelta(days=3),
    )
    return {"invitation_id": invitation.pk}


ORG_URLS: dict[str, OrgUrl] = {
    "orgs:dashboard": OrgUrl(),
    "orgs:staff": OrgUrl(Capability.ADMIN),
    "orgs:invite": OrgUrl(Capability.ADMIN),
    "orgs:change_role": OrgUrl(Capability.ADMIN, _membership_of_bob),
    "orgs:remove_member": OrgUrl(Capability.ADMIN, _membership_of_bob),
    "orgs:cancel_invitation": OrgUrl(Capability.ADMIN, _open_invitation, "post", 302),
    "orgs:settings": OrgUrl(Capability.ADMIN),
    "audit:events": OrgUrl(Capability.ADMIN),
}

# URLs outside any organisation, with the reason they need no organisation check.
EXEMPT: dict[str, str] = {
    "home": "redirects to the person's own organisation (tests/orgs/test_routing.py)",
    "healthz": "public health check, no data",
    "pages:accessibility": "public page",
    "pages:privacy": "public page",
    "you": "the signed-in person's own account (tested in tests/orgs/test_routing.py)",
    "orgs:choose": "lists only the signed-in person's memberships (tests/orgs/test_routing.py)",
    "orgs:invitation_accept": "reached by secret token (tested in tests/orgs/test_staff.py)",
}
# Whole families of URLs provided by libraries, each about the signed-in person's own account.
EXEMPT_PREFIXES: dict[str, str] = {
    "account_": "django-allauth sign-in, sign-out, password and email pages",
    "mfa_": "django-allauth second sign-in step pages",
    "admin:": "Django admin, for server operators only (is_staff), not organisation users",
    "<unnamed admin/": "Django admin's own redirects",
}

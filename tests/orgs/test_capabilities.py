"""The capability matrix: what each role may do, defined once in withus.orgs.capabilities."""

import pytest

from withus.orgs.capabilities import MFA_REQUIRED_CAPABILITIES, ROLES, Capability, role_has

C = Capability
EXPECTED = {
    "admin": set(Capability),
    "coordinator": {C.MANAGE_PEOPLE, C.VIEW_REPORTS, C.EXPORT},
    "finance": {C.APPROVE_PAYMENTS, C.VIEW_REPORTS, C.EXPORT},
    "safeguarding": {C.MANAGE_PEOPLE, C.VIEW_SENSITIVE, C.MANAGE_SAFEGUARDING, C.VIEW_REPORTS},
    "viewer": {C.VIEW_REPORTS},
}


def test_roles_are_the_five_named_in_the_brief():
    assert set(ROLES) == set(EXPECTED)


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("capability", sorted(Capability))
def test_capability_matrix(role, capability):
    assert role_has(role, capability) is (capability in EXPECTED[role])


@pytest.mark.parametrize(
    ("role", "needs_mfa"),
    [
        ("admin", True),
        ("finance", True),
        ("safeguarding", True),
        ("coordinator", False),
        ("viewer", False),
    ],
)
def test_mfa_required_for_money_safeguarding_and_admin(role, needs_mfa):
    assert ROLES[role].requires_mfa is needs_mfa
    assert {C.APPROVE_PAYMENTS, C.MANAGE_SAFEGUARDING, C.ADMIN} == MFA_REQUIRED_CAPABILITIES


def test_unknown_role_has_nothing():
    assert not role_has("trustee-ish", C.VIEW_REPORTS)


def test_coordinators_cannot_see_sensitive_detail_or_approve_money():
    assert not role_has("coordinator", C.VIEW_SENSITIVE)
    assert not role_has("coordinator", C.APPROVE_PAYMENTS)
    assert not role_has("viewer", C.EXPORT)

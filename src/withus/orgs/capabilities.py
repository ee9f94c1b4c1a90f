"""Capabilities and roles: the one place that says who may do what.

Code checks capabilities, never role names. A role is a named bundle of capabilities; changing
what a role may do is a change to ROLES here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Capability(StrEnum):
    MANAGE_PEOPLE = "can_manage_people"
    VIEW_SENSITIVE = "can_view_sensitive"
    APPROVE_PAYMENTS = "can_approve_payments"
    MANAGE_SAFEGUARDING = "can_manage_safeguarding"
    VIEW_REPORTS = "can_view_reports"
    EXPORT = "can_export"
    ADMIN = "can_admin"


# Holding any of these means the person must have multi-factor authentication set up.
MFA_REQUIRED_CAPABILITIES = frozenset(
    {Capability.APPROVE_PAYMENTS, Capability.MANAGE_SAFEGUARDING, Capability.ADMIN}
)


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    description: str
    capabilities: frozenset[Capability]

    @property
    def requires_mfa(self) -> bool:
        return bool(self.capabilities & MFA_REQUIRED_CAPABILITIES)


ROLES: dict[str, Role] = {
    role.key: role
    for role in (
        Role(
            "admin",
            "Organisation admin",
            "Manages staff, roles and settings, and can do everything a coordinator can.",
            frozenset(Capability),
        ),
        Role(
            "coordinator",
            "Involvement coordinator",
            "Runs involvement day to day: people, projects, events, invitations and feedback.",
            frozenset({Capability.MANAGE_PEOPLE, Capability.VIEW_REPORTS, Capability.EXPORT}),
        ),
        Role(
            "finance",
            "Finance officer",
            "Approves and pays involvement payments and expenses.",
            frozenset({Capability.APPROVE_PAYMENTS, Capability.VIEW_REPORTS, Capability.EXPORT}),
        ),
        Role(
            "safeguarding",
            "Safeguarding lead",
            "Records and sees safeguarding restrictions and risk decisions in full.",
            frozenset(
                {
                    Capability.MANAGE_PEOPLE,
                    Capability.VIEW_SENSITIVE,
                    Capability.MANAGE_SAFEGUARDING,
                    Capability.VIEW_REPORTS,
                }
            ),
        ),
        Role(
            "viewer",
            "Viewer (manager, trustee or funder)",
            "Reads dashboards and reports. Cannot change anything.",
            frozenset({Capability.VIEW_REPORTS}),
        ),
    )
}

ROLE_CHOICES = [(role.key, role.label) for role in ROLES.values()]


def role_has(role_key: str, capability: Capability | str) -> bool:
    role = ROLES.get(role_key)
    return role is not None and Capability(capability) in role.capabilities

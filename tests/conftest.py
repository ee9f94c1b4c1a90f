"""Shared fixtures. The cast follows DESIGN.md: alice (coordinator, org A), bob (viewer, org A),
charlie (coordinator, org B), plus an admin, finance officer and safeguarding lead in org A and
an admin in org B."""

from dataclasses import dataclass

import pytest
from django_scopes import scope, scopes_disabled

from tests.factories import OrganisationFactory, member
from withus.accounts.models import User
from withus.orgs.models import Organisation


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    alice: User
    bob: User
    charlie: User
    admin_a: User
    finance_a: User
    safeguarding_a: User
    admin_b: User

    def staff_of_a(self) -> list[User]:
        return [self.admin_a, self.alice, self.finance_a, self.safeguarding_a, self.bob]


@pytest.fixture
def world(db) -> World:
    with scopes_disabled():
        org_a = OrganisationFactory(name="Org A Women's Centre", slug="org-a")
        org_b = OrganisationFactory(name="Org B Through the Gate", slug="org-b")
        return World(
            org_a=org_a,
            org_b=org_b,
            alice=member(org_a, "coordinator", "alice@a.example"),
            bob=member(org_a, "viewer", "bob@a.example"),
            charlie=member(org_b, "coordinator", "charlie@b.example"),
            admin_a=member(org_a, "admin", "admin@a.example"),
            finance_a=member(org_a, "finance", "finance@a.example"),
            safeguarding_a=member(org_a, "safeguarding", "safeguarding@a.example"),
            admin_b=member(org_b, "admin", "admin@b.example"),
        )


@pytest.fixture
def in_org_a(world):
    with scope(organisation=world.org_a):
        yield world.org_a


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and used authenticator codes live in the cache; no test may inherit another's.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

"""Shared fixtures. The cast follows DESIGN.md: alice (coordinator, org A), bob (viewer, org A),
charlie (coordinator, org B), plus an admin, finance officer and safeguarding lead in org A and
an admin in org B."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django_scopes import scope, scopes_disabled

from tests.factories import OrganisationFactory, member
from withus.accounts.models import User
from withus.orgs.models import Organisation
from withus.people import choices as c
from withus.people import services as people_services


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


@pytest.fixture(autouse=True)
def _ledger_guard_allows_flush(request):
    """Tests that commit (browser, worker) are cleaned up by deleting every row. On SQLite that
    includes approved payments, which the ledger guard rightly refuses; so for those tests only,
    the guard is put back before each test and lifted just before the clean-up. (PostgreSQL
    cleans up with TRUNCATE, which the guard does not block.)"""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps
    from django.db import connection

    guard = importlib.import_module("withus.money.migrations.0002_dated_tables_and_ledger_guard")
    # A committing test's clean-up empties every table, including the dated rates the data
    # migration loaded; put them back for the next one.
    guard.load(apps, None)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in guard.SQLITE:
                cursor.execute(sql)
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in guard.SQLITE_REVERSE:
                cursor.execute(sql)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded papers and receipts go to a fresh folder per test, never the developer's data.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(world):
    """Three participants in org A with sensitive details, and one in org B."""
    with scope(organisation=world.org_a):
        jo = people_services.participant_create(
            organisation=world.org_a,
            data={
                "preferred_name": "Jo Bloggs",
                "legal_name": "Joanna Bloggs",
                "date_of_birth": dt.date(1990, 3, 31),
                "phone": "07700 900123",
                "email": "jo@people.example",
                "area": "Hackney",
                "status": c.Status.ACTIVE,
                "channel_order": ["sms", "email"],
            },
            actor=world.alice,
        )
        sam = people_services.participant_create(
            organisation=world.org_a,
            data={"preferred_name": "Sam Carter", "area": "Newham", "status": c.Status.ACTIVE},
            actor=world.alice,
        )
        lee = people_services.participant_create(
            organisation=world.org_a,
            data={"preferred_name": "Lee In-Prison", "justice_relationship": "in_prison"},
            actor=world.alice,
        )
        people_services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.CONTACT_SMS,
            state="given",
            method="verbal",
            actor=world.alice,
        )
        people_services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.PHOTOS,
            state="given",
            method="written",
            actor=world.alice,
        )
        people_services.bank_details_save(
            participant=jo,
            account_name="Joanna Bloggs",
            sort_code="30-94-57",
            account_number="12345678",
            actor=world.alice,
        )
        people_services.benefits_save(
            participant=jo,
            data={
                "consent_given": True,
                "benefits": ["uc"],
                "other_benefit": "",
                "signposted_on": None,
                "signposted_to": "Citizens Advice Hackney",
                "pw1_noted": False,
            },
            actor=world.safeguarding_a,
        )
        people_services.equality_save(
            participant=jo,
            data={"ethnicity": "mixed", "religion": "buddhist"},
            actor=world.safeguarding_a,
        )
        people_services.restriction_add(
            participant=jo,
            kind=c.RestrictionKind.NO_CONTACT_PERSON,
            other_participant=sam,
            place="",
            meaning="Never at the same forum as Sam",
            actor=world.safeguarding_a,
        )
    with scope(organisation=world.org_b):
        bo = people_services.participant_create(
            organisation=world.org_b, data={"preferred_name": "Bo in Org B"}, actor=world.charlie
        )
    return {"jo": jo, "sam": sam, "lee": lee, "bo": bo}

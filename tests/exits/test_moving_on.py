"""The exit record, the signposting directory and other roles inside the organisation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from tests.portal.helpers import person
from withus.exits import services
from withus.exits.directory import GUIDE_ORGANISATIONS
from withus.exits.models import ExitRecord, SignpostOrganisation
from withus.recruitment.models import Opportunity, RoleDescription

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _url(world, path=""):
    return f"/o/{world.org_a.slug}/moving-on/{path}"


def test_recording_moving_on_sets_status_and_keeps_one_record(alice, world):
    kim = person(world.org_a, "Kim Exit")
    services.directory_seed(organisation=world.org_a)
    with scope(organisation=world.org_a):
        user_voice = SignpostOrganisation.objects.get(name="User Voice")
    data = {
        "left_on": TODAY.isoformat(),
        "reason": "goals",
        "reason_detail": "Ready for work",
        "destination": "paid_work",
        "destination_detail": "A cafe",
        "signposted_to": [str(user_voice.pk)],
    }
    response = alice.post(_url(world, f"people/{kim.pk}/exit/"), data)
    assert response.status_code == 302
    kim.refresh_from_db()
    assert kim.status == "exited"
    with scope(organisation=world.org_a):
        record = ExitRecord.objects.get(participant=kim)
        assert list(record.signposted_to.all()) == [user_voice]
    response = alice.post(
        _url(world, f"people/{kim.pk}/exit/"), {**data, "destination": "volunteering"}
    )
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        assert ExitRecord.objects.filter(participant=kim).count() == 1
        assert ExitRecord.objects.get(participant=kim).destination == "volunteering"
    page = alice.get(_url(world, f"people/{kim.pk}/")).content.decode()
    assert "Volunteering" in page and "User Voice" in page and "A cafe" in page


@pytest.mark.parametrize(
    "change, message",
    [
        ({"reason": ""}, "Choose why they moved on"),
        ({"destination": "space"}, "Select a valid choice"),
        ({"left_on": "31/02/2026"}, "Enter a real date"),
        ({"left_on": (TODAY + dt.timedelta(days=400)).isoformat()}, "within the next year"),
        ({"signposted_to": ["999999999999999999999999"]}, "Select a valid choice"),
    ],
)
def test_bad_exit_input_is_a_message_and_changes_nothing(alice, world, change, message):
    kim = person(world.org_a, "Kim Bad")
    data = {"left_on": TODAY.isoformat(), "reason": "goals", "destination": "paid_work"}
    response = alice.post(_url(world, f"people/{kim.pk}/exit/"), {**data, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    kim.refresh_from_db()
    assert kim.status == "active"
    assert not ExitRecord.unscoped.filter(participant=kim).exists()


def test_directory_is_seeded_from_the_guide_once_and_edits_are_kept(alice, world):
    page = alice.get(_url(world, "directory/")).content.decode()
    assert "Add the organisations the guide lists" in page
    assert alice.post(_url(world, "directory/seed/")).status_code == 302
    assert SignpostOrganisation.unscoped.filter(organisation=world.org_a).count() == len(
        GUIDE_ORGANISATIONS
    )
    assert len(GUIDE_ORGANISATIONS) == 12
    entry = SignpostOrganisation.unscoped.get(organisation=world.org_a, name="Groundswell")
    response = alice.post(
        _url(world, f"directory/{entry.pk}/"),
        {
            "name": "Groundswell",
            "offers": "Peer advocacy in our area",
            "kinds": ["housing"],
            "area": "Leeds",
            "checked_on": TODAY.isoformat(),
            "archived": "on",
        },
    )
    assert response.status_code == 302
    assert services.directory_seed(organisation=world.org_a) == 0
    entry.refresh_from_db()
    assert entry.offers == "Peer advocacy in our area" and entry.archived
    alice.get(_url(world, "directory/"))  # shows, and so clears, the "saved" message
    page = alice.get(_url(world, "directory/")).content.decode()
    assert "Groundswell" not in page and "Revolving Doors Agency" in page
    assert "Groundswell" in alice.get(_url(world, "directory/?hidden=1")).content.decode()
    page = alice.get(_url(world, "directory/?kind=women")).content.decode()
    assert "Key Changes" in page and "Rethink" not in page
    # Another organisation's directory is its own.
    assert not SignpostOrganisation.unscoped.filter(organisation=world.org_b).exists()


GUIDE = Path("/work/shared/source/clinks-service-user-involvement-guide-2016.txt")


@pytest.mark.skipif(not GUIDE.exists(), reason="the guide's text is not on this machine")
def test_guide_descriptions_are_our_own_words():
    guide = " ".join(GUIDE.read_text().split())
    for listed in GUIDE_ORGANISATIONS:
        # No run of eight words copied from the guide.
        words = listed.offers.split()
        for i in range(len(words) - 7):
            assert " ".join(words[i : i + 8]) not in guide, listed.name


def test_duplicate_directory_name_is_an_error(alice, world):
    services.directory_seed(organisation=world.org_a)
    response = alice.post(_url(world, "directory/add/"), {"name": "user voice", "offers": "Again"})
    assert response.status_code == 400
    assert "already has an organisation with that name" in response.content.decode()


def test_other_roles_are_open_opportunities(alice, world):
    kim = person(world.org_a, "Kim Roles")
    role = RoleDescription.unscoped.create(
        organisation=world.org_a, title="Peer mentor", summary="x"
    )
    for title, status, closes in (
        ("Open peer mentor place", "open", None),
        ("Closing later", "open", TODAY + dt.timedelta(days=3)),
        ("Closed place", "closed", None),
        ("Past closing date", "open", TODAY - dt.timedelta(days=1)),
    ):
        Opportunity.unscoped.create(
            organisation=world.org_a, role=role, title=title, status=status, closes_on=closes
        )
    page = alice.get(_url(world, f"people/{kim.pk}/")).content.decode()
    assert "Open peer mentor place" in page and "Closing later" in page
    assert "Closed place" not in page and "Past closing date" not in page


def test_choose_a_person(alice, world):
    kim = person(world.org_a, "Kim Choose")
    response = alice.get(_url(world, f"choose/?person={kim.pk}"))
    assert response.url.endswith(f"/moving-on/people/{kim.pk}/")
    for bad in ("", "abc", "99999999999999999999999"):
        assert alice.get(_url(world, f"choose/?person={bad}")).url.endswith("/moving-on/")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_query_counts_do_not_grow(alice, world):
    from withus.portal.models import TestimonialRequest as Asked

    def add(n, start):
        for i in range(start, start + n):
            who = person(world.org_a, f"Person {i}")
            ExitRecord.unscoped.create(
                organisation=world.org_a,
                participant=who,
                left_on=TODAY,
                reason="goals",
                destination="paid_work",
            )
            Asked.unscoped.create(
                organisation=world.org_a, participant=who, created_at=timezone.now()
            )
            SignpostOrganisation.unscoped.create(
                organisation=world.org_a, name=f"Org {i}", offers="Help", kinds=["training"]
            )

    urls = [_url(world), _url(world, "directory/")]
    add(1, 0)
    one = [_count(alice, u) for u in urls]
    add(19, 1)
    twenty = [_count(alice, u) for u in urls]
    assert one == twenty


def test_person_page_query_count_does_not_grow(alice, world):
    kim = person(world.org_a, "Kim Count")

    def add(n, start):
        for i in range(start, start + n):
            services.letter_save(
                participant=kim,
                addressed_to="",
                body=f"Letter {i}",
                cv_wording="",
                actor=world.alice,
            )

    with scope(organisation=world.org_a):
        add(1, 0)
        one = _count(alice, _url(world, f"people/{kim.pk}/"))
        add(19, 1)
        twenty = _count(alice, _url(world, f"people/{kim.pk}/"))
    assert one == twenty


def test_erasing_a_person_removes_letters_and_free_text(world):
    kim = person(world.org_a, "Kim Erase")
    with scope(organisation=world.org_a):
        services.exit_save(
            participant=kim,
            data={
                "left_on": TODAY,
                "reason": "other",
                "reason_detail": "Private reason",
                "destination": "paid_work",
                "destination_detail": "Named employer",
            },
            actor=world.alice,
        )
        services.letter_save(
            participant=kim, addressed_to="", body="About Kim", cv_wording="", actor=world.alice
        )
        services.erase_participant_details(participant=kim)
        record = ExitRecord.objects.get(participant=kim)
        assert record.reason_detail == "" and record.destination_detail == ""
        assert record.destination == "paid_work"
        assert not kim.testimonial_letters.exists()


# --- review fix: the seeded directory holds organisation contact routes only ---------------

GENERIC_INBOXES = {"info", "admin", "contact", "contact-us", "enquiries", "talk2us"}


def _seeded(world):
    services.directory_seed(organisation=world.org_a)
    return list(SignpostOrganisation.unscoped.filter(organisation=world.org_a))


def test_no_seeded_entry_has_a_premium_rate_mobile_or_personal_contact(world):
    entries = _seeded(world)
    assert len(entries) == len(GUIDE_ORGANISATIONS)
    for entry in entries:
        digits = "".join(ch for ch in entry.phone if ch.isdigit())
        assert not digits.startswith(("084", "087", "09", "07")), entry.name
        if entry.email:
            assert entry.email.split("@")[0] in GENERIC_INBOXES, entry.email
        assert entry.website, entry.name  # every organisation can still be reached
    # The guide's organisation names are kept.
    names = {entry.name for entry in entries}
    assert {"Key Changes", "Rethink", "MEAM – Making Every Adult Matter"} <= names
    rethink = next(e for e in entries if e.name == "Rethink")
    assert rethink.phone == "" and rethink.email == "info@rethink.org"
    key_changes = next(e for e in entries if e.name == "Key Changes")
    assert key_changes.email == "" and key_changes.phone == "0114 245 9508"


def test_migration_clears_withdrawn_details_from_entries_seeded_before(world):
    import importlib

    from django.apps import apps as live_apps

    from withus.exits.directory import WITHDRAWN

    migration = importlib.import_module("withus.exits.migrations.0002_directory_generic_contacts")
    assert migration.WITHDRAWN == WITHDRAWN
    old = SignpostOrganisation.unscoped.create(
        organisation=world.org_a,
        name="Rethink",
        offers="x",
        phone="0845 4560455",
        email="info@rethink.org",
    )
    changed = SignpostOrganisation.unscoped.create(
        organisation=world.org_a, name="Key Changes", offers="x", phone="0114 000 0000"
    )
    personal = SignpostOrganisation.unscoped.create(
        organisation=world.org_b, name="Key Changes", offers="x", email=WITHDRAWN["email"][0]
    )
    migration.clear(live_apps, None)
    for entry in (old, changed, personal):
        entry.refresh_from_db()
    assert old.phone == "" and old.email == "info@rethink.org"
    assert changed.phone == "0114 000 0000"
    assert personal.email == ""

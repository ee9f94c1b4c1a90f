"""Fixes from the second review of issue 9: signposting kept on re-save, the concern form's
people list with a name filter, date bounds on a concern, the directory filtered in the
database, and "today" in the organisation's time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from tests.factories import away_from_server_date
from tests.portal.helpers import person
from withus.exits import forms, selectors, services
from withus.exits.models import ExitRecord, SafeguardingConcern, SignpostOrganisation
from withus.messaging.reminders import local_today

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _url(world, path=""):
    return f"/o/{world.org_a.slug}/moving-on/{path}"


def _entry(world, name, kinds=(), **fields):
    return SignpostOrganisation.unscoped.create(
        organisation=world.org_a, name=name, offers="Help", kinds=list(kinds), **fields
    )


# --- 1. signposting to an entry later hidden from the directory ----------------------------------


def test_re_saving_an_exit_keeps_signposting_to_a_hidden_entry(alice, world):
    kim = person(world.org_a, "Kim Exit")
    old = _entry(world, "Old Org")
    data = {
        "left_on": TODAY.isoformat(),
        "reason": "goals",
        "destination": "volunteering",
        "signposted_to": [str(old.pk)],
    }
    assert alice.post(_url(world, f"people/{kim.pk}/exit/"), data).status_code == 302
    old.archived = True
    old.save()
    page = alice.get(_url(world, f"people/{kim.pk}/exit/")).content.decode()
    assert "Old Org (hidden from the directory)" in page
    # The browser sends the ticked box back, as it was shown.
    response = alice.post(_url(world, f"people/{kim.pk}/exit/"), data)
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        assert list(ExitRecord.objects.get(participant=kim).signposted_to.all()) == [old]
    # Another hidden entry is still not a choice.
    other = _entry(world, "Other Hidden", archived=True)
    response = alice.post(
        _url(world, f"people/{kim.pk}/exit/"), {**data, "signposted_to": [str(other.pk)]}
    )
    assert response.status_code == 400


# --- 2. the concern form's people list ------------------------------------------------------------


def _concern_data(**change):
    return {
        "summary": "Worrying message",
        "details": "Details",
        "raised_on": (TODAY - dt.timedelta(days=3)).isoformat(),
        "raised_by": "Forum facilitator",
        "status": "open",
        "category": "",
        **change,
    }


def test_a_cut_people_list_says_so_and_finds_people_by_name(lead, world, monkeypatch):
    monkeypatch.setattr(forms, "MAX_CHOICES", 3)
    people = [person(world.org_a, f"Person {letter}") for letter in "ABCDE"]
    last = people[-1]
    page = lead.get(_url(world, "safeguarding/add/")).content.decode()
    assert "Find a person by name" in page and 'name="q"' in page
    assert "first 3 by name" in page
    assert "Person C" in page and "Person D" not in page and "Person E" not in page
    # The filter works by GET, without JavaScript.
    page = lead.get(_url(world, "safeguarding/add/?q=person+e")).content.decode()
    assert "Person E" in page and "Person A" not in page and "Show everyone" in page
    # Posting from the filtered page (its address keeps ?q=) links person 301.
    response = lead.post(
        _url(world, "safeguarding/add/?q=person+e"), _concern_data(people=[str(last.pk)])
    )
    assert response.status_code == 302
    concern = SafeguardingConcern.unscoped.get()
    with scope(organisation=world.org_a):
        assert list(concern.people.all()) == [last]
    # Back without a filter: the linked person stays a choice, ticked.
    page = lead.get(_url(world, f"safeguarding/{concern.pk}/edit/")).content.decode()
    assert "Person E" in page
    assert f'value="{last.pk}"' in page and "checked" in page.split(f'value="{last.pk}"')[1][:60]
    # A re-save without the filter keeps them.
    response = lead.post(
        _url(world, f"safeguarding/{concern.pk}/edit/"), _concern_data(people=[str(last.pk)])
    )
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        assert list(concern.people.all()) == [last]
    # Someone ticked under another filter stays a choice when the form comes back with errors.
    response = lead.post(
        _url(world, "safeguarding/add/"), _concern_data(summary="", people=[str(last.pk)])
    )
    assert response.status_code == 400 and "Person E" in response.content.decode()


def test_a_short_people_list_offers_no_filter(lead, world):
    person(world.org_a, "Only One")
    page = lead.get(_url(world, "safeguarding/add/")).content.decode()
    assert "Only One" in page and "Find a person by name" not in page


def test_the_people_filter_copes_with_odd_input(lead, world):
    for query in ("%", "'", "x" * 5000, "\x00"):
        response = lead.get(_url(world, "safeguarding/add/"), {"q": query})
        assert response.status_code == 200


# --- 4. sensible dates on a concern ---------------------------------------------------------------


@pytest.mark.parametrize(
    "change,message",
    [
        ({"raised_on": "0001-01-01"}, "must be in 1990 or later"),
        ({"raised_on": "1989-12-31"}, "must be in 1990 or later"),
        (
            {"review_on": (TODAY - dt.timedelta(days=4)).isoformat()},
            "review date must be on or after the date it was raised",
        ),
    ],
)
def test_concern_dates_have_bounds(lead, world, change, message):
    response = lead.post(_url(world, "safeguarding/add/"), _concern_data(**change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SafeguardingConcern.unscoped.exists()


def test_concern_date_bounds_hold_in_the_service_too(world):
    values = {"raised_on": dt.date(2020, 5, 5), "review_on": dt.date(2020, 5, 4)}
    with pytest.raises(ValidationError) as caught:
        services.check_concern(values, TODAY)
    assert "review_on" in caught.value.message_dict
    services.check_concern({"raised_on": dt.date(1990, 1, 1), "review_on": None}, TODAY)
    services.check_concern(
        {"raised_on": dt.date(2020, 5, 5), "review_on": dt.date(2020, 5, 5)}, TODAY
    )


# --- 5. the directory is filtered in the database, then capped ------------------------------------


def test_directory_filters_before_the_cap_and_says_when_cut(alice, world):
    SignpostOrganisation.unscoped.bulk_create(
        [
            SignpostOrganisation(
                organisation=world.org_a, name=f"A{n:04d}", offers="Help", kinds=["other"]
            )
            for n in range(selectors.DIRECTORY_LIMIT + 1)
        ]
    )
    housing = _entry(world, "Zed Housing", kinds=["housing", "advice"])
    _entry(world, "Zed Hidden Housing", kinds=["housing"], archived=True)
    with scope(organisation=world.org_a):
        assert selectors.directory(kind="housing") == [housing]
        assert selectors.suggestions_for("another_service") == [housing]
        assert selectors.directory_count() == selectors.DIRECTORY_LIMIT + 2
        assert len(selectors.directory()) == selectors.DIRECTORY_LIMIT
    page = " ".join(alice.get(_url(world, "directory/")).content.decode().split())
    assert f"Showing the first 500 of {selectors.DIRECTORY_LIMIT + 2} organisations" in page
    page = alice.get(_url(world, "directory/?kind=housing")).content.decode()
    assert "Zed Housing" in page and "Showing the first" not in page


def test_a_kind_matches_whole_kinds_only(world):
    _entry(world, "Jobs", kinds=["employment"])
    _entry(world, "Volunteers", kinds=["volunteering", "lived_experience"])
    with scope(organisation=world.org_a):
        assert [e.name for e in selectors.directory(kind="employment")] == ["Jobs"]
        assert [e.name for e in selectors.directory(kind="lived_experience")] == ["Volunteers"]
        assert selectors.directory(kind="women") == []
        assert [e.name for e in selectors.suggestions_for("paid_work")] == ["Jobs"]


# --- 6. today where the organisation is -----------------------------------------------------------


def test_new_records_start_on_the_organisations_today(alice, lead, world):
    away_from_server_date(world.org_a)
    today = local_today(world.org_a)
    kim = person(world.org_a, "Kim Exit")
    page = alice.get(_url(world, f"people/{kim.pk}/exit/")).content.decode()
    assert f'value="{today.isoformat()}"' in page
    page = lead.get(_url(world, "safeguarding/add/")).content.decode()
    assert f'value="{today.isoformat()}"' in page
    # A concern raised "today" there is not in the future.
    response = lead.post(
        _url(world, "safeguarding/add/"), _concern_data(raised_on=today.isoformat())
    )
    assert response.status_code == 302


def test_services_default_to_the_organisations_today(world):
    """Outside a request (a command, a job) the server's date is not the organisation's."""
    away_from_server_date(world.org_a)
    today = local_today(world.org_a)
    with scope(organisation=world.org_a):
        concern = services.concern_save(
            organisation=world.org_a,
            concern=None,
            data={
                "summary": "Worry",
                "details": "Details",
                "raised_on": today,
                "raised_by": "Lead",
                "status": "closed",
            },
            actor=world.safeguarding_a,
        )
    assert concern.closed_on == today


def test_the_start_picker_says_when_it_is_cut(client, world, monkeypatch):
    from withus.exits import views_moving_on
    from withus.people.models import Participant

    for name in ("Ann", "Bea", "Cal"):
        Participant.unscoped.create(organisation=world.org_a, preferred_name=name, status="active")
    client.force_login(world.alice)
    page = client.get("/o/org-a/moving-on/").text
    assert "This list shows the first" not in page and ">Cal</option>" in page
    monkeypatch.setattr(views_moving_on, "PICKER_LIMIT", 2)
    page = client.get("/o/org-a/moving-on/").text
    assert "This list shows the first 2 names" in page
    assert ">Bea</option>" in page and ">Cal</option>" not in page

"""Who took part in a self-assessment round: saving the round again keeps the people linked to
it even when they have moved on or left, and a long list of people says it was cut and offers
"Find a person by name"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.assessment.builders import make_round
from withus.assessment import forms
from withus.assessment.models import Assessment
from withus.orgs.models import Membership
from withus.people.models import Participant

pytestmark = pytest.mark.django_db


def _url(world, name, **kw):
    return reverse(f"assessment:{name}", kwargs={"org_slug": world.org_a.slug, **kw})


def _browser_data(html: str) -> dict:
    """What a browser would send back from the page's POST form: ticked boxes, text fields."""
    post = html[html.rindex('<form method="post"', 0, html.index('name="held_on"')) :]
    post = post[: post.index("</form>")]
    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", post):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        value = value.group(1) if value else ""
        if kind and kind.group(1) in ("checkbox", "radio"):
            if " checked" in tag:
                data.setdefault(name.group(1), []).append(value)
        else:
            data[name.group(1)] = value
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', post, re.S):
        data[name] = text.strip()
    return data


def _person(org, name, status="active"):
    with scope(organisation=org):
        return Participant.objects.create(organisation=org, preferred_name=name, status=status)


@pytest.mark.parametrize("finished", [False, True])
def test_saving_a_round_again_keeps_people_who_moved_on_and_staff_who_left(client, world, finished):
    person = _person(world.org_a, "Forum Member")
    assessment = make_round(
        world.org_a,
        actor=world.alice,
        participant_ids=[person.pk],
        levels={"culture": 3, "practice": 3, "structure": 3, "review": 3} if finished else None,
        ladder=(3, 5) if finished else None,
        finish=finished,
    )
    with scope(organisation=world.org_a):
        assessment.staff.set([world.alice.pk, world.bob.pk])
        person.status = "exited"
        person.save()
    with scopes_disabled():
        Membership.of_user.filter(user=world.bob, organisation=world.org_a).delete()
    client.force_login(world.alice)
    page = client.get(_url(world, "edit", pk=assessment.pk)).content.decode()
    assert "Forum Member" in page and str(world.bob) in page
    data = _browser_data(page)
    data["title"] = "Spring review"
    response = client.post(_url(world, "edit", pk=assessment.pk), data)
    errors = re.findall(r"error-summary__list.*?</ul>", response.content.decode(), re.S)
    assert response.status_code == 302, errors
    with scope(organisation=world.org_a):
        assessment.refresh_from_db()
        assert assessment.title == "Spring review"
        assert list(assessment.participants.all()) == [person]
        assert set(assessment.staff.all()) == {world.alice, world.bob}


def test_someone_who_moved_on_cannot_be_added_to_a_round_they_were_not_part_of(client, world):
    gone = _person(world.org_a, "Moved On", status="exited")
    assessment = make_round(world.org_a, actor=world.alice)
    client.force_login(world.alice)
    response = client.post(
        _url(world, "edit", pk=assessment.pk),
        {"held_on": "2026-03-03", "participants": [str(gone.pk)]},
    )
    assert response.status_code == 200
    assert "Choose people from the list" in response.content.decode()
    with scope(organisation=world.org_a):
        assert not assessment.participants.exists()


@pytest.mark.parametrize("bad", ["²", "0", "99999999999999999999", "abc", "-1"])
def test_an_odd_participant_id_is_a_form_error(client, world, bad):
    client.force_login(world.alice)
    response = client.post(_url(world, "start"), {"held_on": "2026-03-03", "participants": [bad]})
    assert response.status_code == 200
    assert "Choose people from the list" in response.content.decode()


def test_a_short_list_of_people_is_not_cut_and_offers_no_filter(client, world):
    _person(world.org_a, "Adaqx")
    client.force_login(world.alice)
    page = client.get(_url(world, "start")).content.decode()
    assert "Adaqx" in page
    assert "Find a person by name" not in page


def test_a_long_list_says_it_was_cut_and_finds_people_by_name(client, world, monkeypatch):
    monkeypatch.setattr(forms, "PEOPLE_SHOWN", 3)
    for name in ("Adaqx", "Benqx", "Casqx", "Deeqx", "Zed Later"):
        _person(world.org_a, name)
    _person(world.org_b, "Zed Other Org")
    client.force_login(world.alice)

    page = client.get(_url(world, "start")).content.decode()
    assert "Find a person by name" in page
    assert "shows the first 3" in page
    assert 'name="q"' in page and 'method="get"' in page
    assert "Adaqx" in page and "Zed Later" not in page

    found = client.get(_url(world, "start") + "?q=zed").content.decode()
    assert "Zed Later" in found and "Adaqx" not in found and "Zed Other Org" not in found
    assert "Show everyone" in found

    # ticking someone found by name starts the round with them
    with scope(organisation=world.org_a):
        zed = Participant.objects.get(preferred_name="Zed Later")
    response = client.post(
        _url(world, "start") + "?q=zed",
        {"held_on": "2026-03-03", "participants": [str(zed.pk)]},
    )
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        assert list(Assessment.objects.get().participants.all()) == [zed]


def test_people_already_in_a_round_stay_listed_and_ticked_whatever_the_filter(
    client, world, monkeypatch
):
    monkeypatch.setattr(forms, "PEOPLE_SHOWN", 2)
    for name in ("Adaqx", "Benqx", "Casqx"):
        _person(world.org_a, name)
    zed = _person(world.org_a, "Zed")
    assessment = make_round(world.org_a, actor=world.alice, participant_ids=[zed.pk])
    client.force_login(world.alice)
    page = client.get(_url(world, "edit", pk=assessment.pk) + "?q=ada").content.decode()
    assert _browser_data(page)["participants"] == [str(zed.pk)]
    assert "Adaqx" in page and "Benqx" not in page


def test_a_filter_that_finds_nobody_is_not_an_error(client, world):
    client.force_login(world.alice)
    long_text = "x" * 500
    response = client.get(_url(world, "start"), {"q": long_text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Show everyone" in page and 'name="held_on"' in page

"""Ids typed into addresses and forms: only plain ASCII digits within range are ids. A Unicode
digit such as "²" passes str.isdigit() but int() refuses it, which was a server error."""

import pytest
from django.urls import reverse
from django_scopes import scope

from withus.forms import MAX_ID, parse_id
from withus.people.models import Participant

SUPERSCRIPT_TWO = "\u00b2"
ODD = [SUPERSCRIPT_TWO, "١٢", "99999999999999999999", "0", "-1", "1.0", " ", "", None]


@pytest.mark.parametrize("value", ODD)
def test_odd_values_are_not_ids(value):
    assert parse_id(value) is None


def test_plain_ids_are_ids():
    assert parse_id(" 42 ") == 42
    assert parse_id(MAX_ID) == MAX_ID
    assert parse_id(MAX_ID + 1) is None


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"org_slug": world.org_a.slug, **kwargs})


def _person(world):
    with scope(organisation=world.org_a):
        return Participant.objects.create(organisation=world.org_a, preferred_name="Dee")


@pytest.mark.parametrize("odd", [SUPERSCRIPT_TWO, "99999999999999999999"])
def test_pages_and_forms_answer_odd_ids_without_a_server_error(client, world, odd):
    person = _person(world)
    client.force_login(world.alice)
    assert client.get(_url(world, "exits:choose") + "?person=" + odd).status_code == 302
    assert (
        client.get(_url(world, "assessment:action_add") + "?assessment=" + odd).status_code == 200
    )
    need = _url(world, "support:person_need_add", pk=person.pk)
    assert (
        client.post(need, {"asked_on": "2026-03-03", "asked_by": odd, "said": "IT"}).status_code
        == 200
    )
    assert (
        client.post(
            need,
            {"asked_on": "2026-03-03", "asked_by": world.alice.pk, "said": "IT", "courses": [odd]},
        ).status_code
        == 200
    )
    completion = _url(world, "support:person_completion_add", pk=person.pk)
    assert (
        client.post(
            completion, {"course": odd, "completed_on": "2026-03-03", "provider": "Us"}
        ).status_code
        == 200
    )
    assert client.get(_url(world, "voice:outcome_add") + "?participant=" + odd).status_code == 200


def test_search_text_drops_control_characters_and_stays_short():
    from withus.forms import search_text

    assert search_text("  Jo\x00 \x1b Bloggs\n") == "Jo Bloggs"
    assert search_text(None) == ""
    assert len(search_text("a" * 500)) == 100

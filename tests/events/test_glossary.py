"""The organisation's glossary: adding, changing and removing words, each audited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.events.builders import make_event
from withus.audit.models import AuditEvent
from withus.events.models import GlossaryTerm


def url(name, org="org-a", **kwargs):
    return reverse(f"events:{name}", kwargs={"org_slug": org, **kwargs})


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


@pytest.fixture
def rotl(world):
    return GlossaryTerm.unscoped.create(
        organisation=world.org_a, term="ROTL", meaning="Release on temporary licence."
    )


def test_the_glossary_lists_the_organisations_words_only(alice, world, rotl):
    GlossaryTerm.unscoped.create(organisation=world.org_b, term="NOMS", meaning="Org B's word")
    page = alice.get(url("glossary")).text
    assert "ROTL" in page
    assert "Release on temporary licence." in page
    assert "NOMS" not in page
    assert url("glossary_edit", term_id=rotl.pk) in page


def test_an_empty_glossary_says_where_to_start(alice):
    assert "The glossary is empty." in alice.get(url("glossary")).text


def test_adding_a_word_is_audited(alice, world):
    response = alice.post(
        url("glossary_add"), {"term": "  Licence   conditions ", "meaning": " Rules you follow. "}
    )
    assert response.status_code == 302
    assert response.url == url("glossary")
    term = GlossaryTerm.unscoped.get(organisation=world.org_a)
    assert (term.term, term.meaning) == ("Licence conditions", "Rules you follow.")
    audit = AuditEvent.unscoped.get(action="glossary.create")
    assert audit.organisation == world.org_a
    assert audit.actor == world.alice
    assert audit.summary == "Added “Licence conditions” to the glossary"


def test_adding_from_a_pack_goes_back_to_the_pack(alice, world):
    event = make_event(world.org_a)
    other = make_event(world.org_b)
    response = alice.post(
        f"{url('glossary_add')}?event={event.pk}", {"term": "MAPPA", "meaning": "Teams."}
    )
    assert response.url == url("pack", pk=event.pk)
    page = alice.get(f"{url('glossary_add')}?event={event.pk}").text
    assert f'href="{url("pack", pk=event.pk)}"' in page
    # Another organisation's event, or nonsense, goes back to the glossary.
    for raw in (other.pk, "x", "9" * 30):
        response = alice.post(
            f"{url('glossary_add')}?event={raw}", {"term": f"T{raw}", "meaning": "M"}
        )
        assert response.url == url("glossary")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"term": "", "meaning": "Something"}, "term", "Enter the word, phrase or abbreviation"),
        ({"term": "ROTL", "meaning": "   "}, "meaning", "Enter what it means"),
        ({"term": "rotl", "meaning": "Again"}, "term", "The glossary already explains “rotl”."),
        ({"term": "x" * 81, "meaning": "Long"}, "term", "at most 80 characters"),
    ],
)
def test_mistakes_show_an_error_and_change_nothing(alice, rotl, data, field, message):
    response = alice.post(url("glossary_add"), data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert message in response.text
    assert f'href="#id_{field}"' in response.text
    assert GlossaryTerm.unscoped.count() == 1
    assert not AuditEvent.unscoped.filter(action="glossary.create").exists()


def test_the_same_word_may_be_in_another_organisations_glossary(client, world, rotl):
    client.force_login(world.charlie)
    response = client.post(url("glossary_add", org="org-b"), {"term": "ROTL", "meaning": "Ours"})
    assert response.status_code == 302
    assert GlossaryTerm.unscoped.filter(term="ROTL").count() == 2


def test_changing_a_word_records_what_changed(alice, world, rotl):
    response = alice.post(
        url("glossary_edit", term_id=rotl.pk),
        {"term": "ROTL", "meaning": "Time out of prison before release."},
    )
    assert response.status_code == 302
    rotl.refresh_from_db()
    assert rotl.meaning == "Time out of prison before release."
    audit = AuditEvent.unscoped.get(action="glossary.update")
    assert audit.changes == {
        "meaning": ["Release on temporary licence.", "Time out of prison before release."]
    }


def test_changing_a_word_to_one_already_there_is_refused(alice, world, rotl):
    mappa = GlossaryTerm.unscoped.create(organisation=world.org_a, term="MAPPA", meaning="M")
    response = alice.post(url("glossary_edit", term_id=mappa.pk), {"term": "Rotl", "meaning": "M"})
    assert response.status_code == 200
    assert "The glossary already explains “Rotl”." in response.text
    mappa.refresh_from_db()
    assert mappa.term == "MAPPA"
    # The page shows the saved word in its heading, not the one typed.
    assert "Remove “MAPPA”" in response.text


def test_a_word_keeps_its_own_name_when_saved_unchanged(alice, rotl):
    response = alice.post(url("glossary_edit", term_id=rotl.pk), {"term": "rotl", "meaning": "R"})
    assert response.status_code == 302
    rotl.refresh_from_db()
    assert rotl.term == "rotl"


def test_removing_a_word_takes_it_out_of_packs_and_is_audited(alice, world, rotl):
    event = make_event(world.org_a)
    event.glossary_terms.add(rotl)
    edit = alice.get(url("glossary_edit", term_id=rotl.pk)).text
    assert "It was picked by hand for the packs of 1 event." in edit
    response = alice.post(url("glossary_delete", term_id=rotl.pk))
    assert response.status_code == 302
    assert response.url == url("glossary")
    assert not GlossaryTerm.unscoped.filter(pk=rotl.pk).exists()
    assert event.glossary_terms.through.objects.count() == 0
    audit = AuditEvent.unscoped.get(action="glossary.delete")
    assert audit.summary == "Removed “ROTL” from the glossary"
    assert audit.object_id == str(rotl.pk)


def test_removing_needs_a_post(alice, rotl):
    assert alice.get(url("glossary_delete", term_id=rotl.pk)).status_code == 405
    assert GlossaryTerm.unscoped.filter(pk=rotl.pk).exists()


def test_another_organisations_word_is_404(client, world, rotl):
    client.force_login(world.admin_b)
    for name in ("glossary_edit", "glossary_delete"):
        response = client.post(
            url(name, org="org-b", term_id=rotl.pk), {"term": "X", "meaning": "Y"}
        )
        assert response.status_code == 404
    rotl.refresh_from_db()
    assert rotl.term == "ROTL"


def test_a_viewer_cannot_change_the_glossary(client, world, rotl):
    client.force_login(world.bob)
    assert client.get(url("glossary")).status_code == 403
    assert client.post(url("glossary_add"), {"term": "X", "meaning": "Y"}).status_code == 403
    assert client.post(url("glossary_delete", term_id=rotl.pk)).status_code == 403


def test_the_list_query_count_does_not_grow_with_words(alice, world, rotl):
    with CaptureQueriesContext(connection) as few:
        alice.get(url("glossary"))
    event = make_event(world.org_a)
    for i in range(30):
        event.glossary_terms.add(
            GlossaryTerm.unscoped.create(organisation=world.org_a, term=f"Word {i}", meaning="M")
        )
    with CaptureQueriesContext(connection) as many:
        page = alice.get(url("glossary")).text
    assert "Word 29" in page
    assert len(many) == len(few)

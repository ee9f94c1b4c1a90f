"""The pack page and its downloads, as a coordinator uses them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.events.builders import invite, make_event
from tests.events.test_pack import docx_of, forum_event, pdf_text
from withus.audit.models import AuditEvent
from withus.events.models import GlossaryTerm
from withus.people.models import Participant

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(name, org="org-a", **kwargs):
    return reverse(f"events:{name}", kwargs={"org_slug": org, **kwargs})


def download_url(event, fmt="standard", ext="pdf"):
    return url("pack_download", pk=event.pk, fmt=fmt, ext=ext)


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


@pytest.fixture
def forum(world):
    return forum_event(world)


def chosen(event) -> list[str]:
    return list(
        GlossaryTerm.unscoped.filter(events=event).order_by("term").values_list("term", flat=True)
    )


def person(world, name, org=None):
    return Participant.unscoped.create(organisation=org or world.org_a, preferred_name=name)


# Downloads -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "ext", "content_type", "filename"),
    [
        ("standard", "pdf", "application/pdf", "pack-womens-forum-2026-03-03.pdf"),
        ("standard", "docx", DOCX_TYPE, "pack-womens-forum-2026-03-03.docx"),
        ("large-print", "pdf", "application/pdf", "pack-womens-forum-2026-03-03-large-print.pdf"),
        ("large-print", "docx", DOCX_TYPE, "pack-womens-forum-2026-03-03-large-print.docx"),
        ("easy-read", "pdf", "application/pdf", "pack-womens-forum-2026-03-03-easy-read.pdf"),
        ("easy-read", "docx", DOCX_TYPE, "pack-womens-forum-2026-03-03-easy-read.docx"),
    ],
)
def test_every_format_downloads(alice, forum, fmt, ext, content_type, filename):
    response = alice.get(download_url(forum, fmt, ext))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF" if ext == "pdf" else b"PK")


@pytest.mark.parametrize(
    "tail", ["huge.pdf", "standard.txt", "standard.PDF", "easy_read.pdf", "large-print.docx.exe"]
)
def test_unknown_formats_and_file_types_are_404(alice, forum, tail):
    assert alice.get(f"{url('pack', pk=forum.pk)}{tail}").status_code == 404


def test_the_pack_greets_an_invited_person_by_name(alice, world, forum, tmp_path):
    jo = invite(forum, person(world, "Jo Bloggs"), reply="accepted")
    response = alice.get(download_url(forum, "standard", "docx"), {"invitation": jo.pk})
    paragraphs = [p.text for p in docx_of(response.content).paragraphs]
    assert "Dear Jo," in paragraphs
    pdf = alice.get(download_url(forum, "easy-read", "pdf"), {"invitation": jo.pk})
    text = pdf_text(pdf.content, tmp_path)
    if text is not None:
        assert "Hello Jo." in text


def test_someone_elses_invitation_is_ignored(alice, world, forum):
    other_event = make_event(world.org_a, title="Another meeting")
    theirs = invite(other_event, person(world, "Sam Carter"))
    org_b_event = make_event(world.org_b, title="Org B forum")
    org_b = invite(org_b_event, person(world, "Bo Baker", world.org_b))
    for raw in (theirs.pk, org_b.pk, "abc", "", "1" * 40, "-1"):
        response = alice.get(download_url(forum, "standard", "docx"), {"invitation": raw})
        assert response.status_code == 200
        paragraphs = [p.text for p in docx_of(response.content).paragraphs]
        assert "Hello," in paragraphs
        assert not any(p.startswith("Dear") for p in paragraphs)


def test_another_organisations_event_is_404(client, world, forum):
    client.force_login(world.charlie)
    for fmt, ext in (("standard", "pdf"), ("easy-read", "docx")):
        assert (
            client.get(download_url(forum, fmt, ext).replace("org-a", "org-b")).status_code == 404
        )
    assert client.get(url("pack", org="org-b", pk=forum.pk)).status_code == 404


def test_a_viewer_cannot_download_packs(client, world, forum):
    client.force_login(world.bob)
    assert client.get(download_url(forum)).status_code == 403


# The pack page ---------------------------------------------------------------------------------


def test_the_page_links_every_format_and_lists_the_words_found(alice, world, forum):
    page = alice.get(url("pack", pk=forum.pk)).text
    for fmt in ("standard", "large-print", "easy-read"):
        for ext in ("pdf", "docx"):
            assert f'href="{download_url(forum, fmt, ext)}"' in page
    assert f'href="{url("sign_in_sheet", pk=forum.pk)}"' in page
    assert "Found in the papers" in page
    for found in ("ROTL", "MAPPA", "Licence conditions"):
        assert found in page
    # The words not in the papers are offered as tick boxes, with the hand-picked one ticked.
    crc = GlossaryTerm.unscoped.get(term="CRC")
    probation = GlossaryTerm.unscoped.get(term="Probation")
    assert re.search(rf'value="{crc.pk}"[^>]* checked', page)
    assert re.search(rf'value="{probation.pk}"[^>]*>', page)
    assert not re.search(rf'value="{probation.pk}"[^>]* checked', page)
    rotl = GlossaryTerm.unscoped.get(term="ROTL")
    assert f'value="{rotl.pk}"' not in page  # already in, no need to tick


def test_the_page_lists_each_persons_pack_in_their_format(alice, world, forum):
    jo = invite(forum, person(world, "Jo Bloggs"), reply="accepted", pack_format="large_print")
    sam = invite(forum, person(world, "Sam Carter"), pack_format="easy_read")
    gone = invite(forum, person(world, "Lee Gone"), reply="declined")
    page = alice.get(url("pack", pk=forum.pk)).text
    assert f"{download_url(forum, 'large-print', 'pdf')}?invitation={jo.pk}" in page
    assert f"{download_url(forum, 'easy-read', 'docx')}?invitation={sam.pk}" in page
    assert f"?invitation={gone.pk}" not in page
    assert page.index("Jo Bloggs") < page.index("Sam Carter")


def test_the_page_says_what_is_missing(alice, world):
    event = make_event(world.org_a, title="Bare event")
    page = alice.get(url("pack", pk=event.pk)).text
    assert "Before you send it" in page
    assert "There is no agenda yet." in page
    assert "Nobody is named as the contact for special requests." in page
    assert "Your glossary is empty." in page


def test_ticking_extra_words_adds_them_to_the_pack_and_is_audited(alice, world, forum):
    crc = GlossaryTerm.unscoped.get(term="CRC")
    probation = GlossaryTerm.unscoped.get(term="Probation")
    response = alice.post(url("pack", pk=forum.pk), {"terms": [probation.pk]})
    assert response.status_code == 302
    assert response.url == url("pack", pk=forum.pk)
    assert chosen(forum) == ["Probation"]
    audit = AuditEvent.unscoped.get(action="event.glossary")
    assert audit.changes == {"glossary_terms": ["CRC", "Probation"]}
    assert audit.actor == world.alice
    docx = docx_of(alice.get(download_url(forum, "standard", "docx")).content)
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Probation\nThe service that supervises people on licence." in text
    assert "\nCRC\n" not in text
    assert crc.term not in chosen(forum)


def test_words_picked_by_hand_that_the_papers_now_use_stay_picked(alice, world, forum):
    rotl = GlossaryTerm.unscoped.get(term="ROTL")
    forum.glossary_terms.add(rotl)  # picked by hand, and also in the agenda
    alice.post(url("pack", pk=forum.pk), {})
    assert chosen(forum) == ["ROTL"]


def test_another_organisations_word_cannot_be_ticked(alice, world, forum):
    theirs = GlossaryTerm.unscoped.create(organisation=world.org_b, term="NOMS", meaning="…")
    response = alice.post(url("pack", pk=forum.pk), {"terms": [theirs.pk]})
    assert response.status_code == 200
    assert "Choose words from the glossary" in response.text
    assert "govuk-error-summary" in response.text
    assert chosen(forum) == ["CRC"]
    assert not AuditEvent.unscoped.filter(action="event.glossary").exists()


def test_the_page_query_count_does_not_grow_with_people(alice, world, forum):
    invite(forum, person(world, "Person 0"), reply="accepted")
    with CaptureQueriesContext(connection) as few:
        assert alice.get(url("pack", pk=forum.pk)).status_code == 200
    for i in range(1, 12):
        invite(forum, person(world, f"Person {i}"), reply="accepted", pack_format="easy_read")
        GlossaryTerm.unscoped.create(organisation=world.org_a, term=f"Word {i}", meaning="…")
    with CaptureQueriesContext(connection) as many:
        page = alice.get(url("pack", pk=forum.pk)).text
    assert "Person 11" in page
    assert len(many) == len(few)


def test_the_download_query_count_does_not_grow_with_the_agenda(alice, world, forum):
    from tests.events.builders import add_agenda

    with CaptureQueriesContext(connection) as few:
        alice.get(download_url(forum, "standard", "docx"))
    add_agenda(forum, *[(f"Item {i}", 10) for i in range(10)])
    with CaptureQueriesContext(connection) as many:
        alice.get(download_url(forum, "standard", "docx"))
    assert len(many) == len(few)

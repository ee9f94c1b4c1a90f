"""The pre-meeting pack as data and as documents: what it says in each format, and the PDF and
Word files people are given."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django_scopes import scope
from docx import Document
from docx.shared import Pt

from tests.events.builders import add_agenda, invite, make_event, make_venue
from withus.events import pack as packs
from withus.events import pack_icons, pack_render
from withus.events.models import EventDocument, GlossaryTerm
from withus.people.models import Participant

BRIEFING = (
    "We want to hear what helped you most when you came out. We will talk about licence "
    "conditions and how MAPPA works.\nYour views will shape our new support service."
)


def forum_event(world, **fields):
    """The women's forum on Tuesday 3 March 2026, 10am to 12:30pm, with everything filled in."""
    org = world.org_a
    world.alice.full_name = "Alice Coordinator"
    world.alice.save()
    venue = make_venue(
        org,
        name="Community Hall",
        address="1 High Street\nHackney, London",
        postcode="E8 1AA",
        directions="Take the 38 bus to Hackney Central. Use the side door on Mare Street.",
        step_free=True,
        hearing_loop=False,
        accessible_toilet=None,  # not checked: not mentioned
        last_bus_or_train=dt.time(23, 30),
    )
    defaults = {
        "title": "Women's forum",
        "venue": venue,
        "briefing": BRIEFING,
        "ground_rules": "- Listen to each other\n- What is said here stays here",
        "travel_arrangements": "We can book a taxi if you cannot use the bus.",
        "expenses_arrangements": "We pay £20 for your time and your bus fare on the day.",
        "contact": world.alice,
        "photos_planned": True,
        "refreshments": "Lunch, tea and coffee",
        "quiet_space": True,
    }
    defaults.update(fields)
    event = make_event(
        org, day=dt.date(2026, 3, 3), start=dt.time(10, 0), end=dt.time(12, 30), **defaults
    )
    add_agenda(
        event,
        ("Welcome and ground rules", 15),
        ("Talking about ROTL", 45),
        ("Break", 15, True),
        ("Your ideas for the new service", 60),
    )
    for title in ("Minutes of the last forum", "Draft leaflet"):
        EventDocument.unscoped.create(
            organisation=org,
            event=event,
            title=title,
            file="events/none",
            filename="x.pdf",
            content_type="application/pdf",
        )
    terms = {
        name: GlossaryTerm.unscoped.create(organisation=org, term=name, meaning=meaning)
        for name, meaning in (
            ("ROTL", "Release on temporary licence: time out of prison before release."),
            ("MAPPA", "How police, probation and prisons work together to manage risk."),
            ("Licence conditions", "Rules you must follow after you leave prison."),
            ("CRC", "Community Rehabilitation Company."),
            ("Probation", "The service that supervises people on licence."),
        )
    }
    event.glossary_terms.add(terms["CRC"])
    return event


@pytest.fixture
def forum(world):
    return forum_event(world)


def load(event):
    return packs.pack_events().get(pk=event.pk)


def make_pack(world, event, fmt=packs.STANDARD, **kwargs):
    with scope(organisation=world.org_a):
        return packs.pack_for(load(event), fmt, **kwargs)


def docx_of(content: bytes):
    return Document(io.BytesIO(content))


def pdf_text(content: bytes, tmp_path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    path = tmp_path / "pack.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


# What the pack says ------------------------------------------------------------------------------


def test_standard_pack_has_everything_the_guide_asks_for(world, forum):
    pack = make_pack(world, forum)
    assert pack.organisation == "Org A Women's Centre"
    assert pack.title == "Women's forum"
    assert pack.kind == "Forum meeting"
    assert pack.when == "Tuesday 3 March 2026, 10am to 12:30pm"
    assert pack.greeting == "Hello,"
    assert [s.key for s in pack.sections] == [
        "when",
        "where",
        "about",
        "agenda",
        "provided",
        "dress",
        "travel",
        "expenses",
        "photos",
        "rules",
        "papers",
        "glossary",
        "contact",
    ]
    assert pack.section("about").lines == [
        "We want to hear what helped you most when you came out. We will talk about licence "
        "conditions and how MAPPA works.",
        "Your views will shape our new support service.",
    ]
    where = pack.section("where").lines
    assert where[0] == "Community Hall, 1 High Street, Hackney, London, E8 1AA"
    assert "Take the 38 bus to Hackney Central. Use the side door on Mare Street." in where
    assert "There is step-free access." in where
    assert "There is no hearing loop." in where
    assert not any("toilet" in line for line in where)  # not checked, so not claimed
    assert "The last bus or train home is at about 11:30pm." in where
    assert pack.section("dress").lines == [packs.NO_DRESS_CODE]
    assert pack.section("travel").lines == ["We can book a taxi if you cannot use the bus."]
    assert pack.section("expenses").lines == [
        "We pay £20 for your time and your bus fare on the day."
    ]
    assert "Food and drink: Lunch, tea and coffee." in pack.section("provided").lines
    assert pack.section("papers").lines == ["Minutes of the last forum", "Draft leaflet"]
    contact = " ".join(pack.section("contact").lines)
    assert "Alice Coordinator (alice@a.example)" in contact
    assert packs.SPECIAL_REQUESTS in contact
    assert pack.closing.heading == "Taking part is your choice"
    assert pack.filename("pdf") == "pack-womens-forum-2026-03-03.pdf"


def test_agenda_times_run_on_from_the_start_and_breaks_are_marked(world, forum):
    pack = make_pack(world, forum)
    (block, finish) = pack.section("agenda").blocks
    assert [(line.starts, line.title, line.is_break) for line in block.items] == [
        ("10am", "Welcome and ground rules", False),
        ("10:15am", "Talking about ROTL", False),
        ("11am", "Break", True),
        ("11:15am", "Your ideas for the new service", False),
    ]
    assert finish.text == "We aim to finish by 12:30pm."


def test_times_are_in_the_organisations_time_zone_across_the_clock_change(world):
    # Clocks go forward on Sunday 29 March 2026: 6pm that evening is 17:00 UTC.
    event = make_event(world.org_a, day=dt.date(2026, 3, 29), start=dt.time(18), end=dt.time(20))
    assert event.starts_at.astimezone(dt.UTC).hour == 17
    add_agenda(event, ("Welcome", 30), ("Talk", 90))
    pack = make_pack(world, event)
    assert pack.when == "Sunday 29 March 2026, 6pm to 8pm"
    assert [line.starts for line in pack.section("agenda").blocks[0].items] == ["6pm", "6:30pm"]


def test_glossary_has_the_words_in_the_papers_and_those_picked_by_hand(world, forum):
    pack = make_pack(world, forum)
    terms = pack.section("glossary").blocks[1].items
    assert [t.term for t in terms] == ["CRC", "Licence conditions", "MAPPA", "ROTL"]
    assert terms[3].meaning.startswith("Release on temporary licence")
    with scope(organisation=world.org_a):
        glossary = packs.glossary_for(load(forum))
    assert sorted(t.term for t in glossary.found) == ["Licence conditions", "MAPPA", "ROTL"]
    assert [t.term for t in glossary.chosen] == ["CRC"]


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("ROTL", "We talk about rotl today.", True),
        ("ROTL", "Two ROTLs and a visit.", True),
        ("ROTL", "CONTROTLED is not a word.", False),
        ("CRC", "The CRC's contract ended.", True),
        ("Licence conditions", "Your licence\nconditions matter.", True),
        ("Licence conditions", "Licence and conditions", False),
        ("Probation", "probationary period", False),
        ("C++", "We use C++ here.", True),
        ("MAPPA", "", False),
    ],
)
def test_terms_match_whole_words_in_any_case(term, text, found):
    assert bool(packs.term_pattern(term).search(text)) is found


def test_glossary_looks_in_agenda_notes_ground_rules_and_paper_titles(world):
    event = make_event(world.org_a, ground_rules="No phones, please, during the OASys talk.")
    items = add_agenda(event, ("Welcome", 10))
    items[0].notes = "Sam explains MAPPA"
    items[0].save()
    EventDocument.unscoped.create(
        organisation=world.org_a, event=event, title="ROTL leaflet", file="x", filename="x"
    )
    for name in ("OASys", "MAPPA", "ROTL", "NOMS"):
        GlossaryTerm.unscoped.create(organisation=world.org_a, term=name, meaning="…")
    GlossaryTerm.unscoped.create(organisation=world.org_b, term="Welcome", meaning="Org B's")
    with scope(organisation=world.org_a):
        found = packs.glossary_for(load(event)).found
    assert sorted(t.term for t in found) == ["MAPPA", "OASys", "ROTL"]


def test_photos_planned_explains_how_to_opt_in_or_out(world, forum):
    photos = " ".join(make_pack(world, forum).section("photos").lines)
    assert "We plan to take photos at this meeting." in photos
    assert "Nobody is photographed or filmed without saying yes first." in photos
    assert "Tell Alice Coordinator" in photos
    assert "opt in or out" in photos
    forum.photos_planned = False
    forum.filming_planned = True
    forum.save()
    assert "We plan to take film at this meeting." in make_pack(world, forum).text
    forum.filming_planned = False
    forum.save()
    assert make_pack(world, forum).section("photos").lines == [
        "No photos or filming are planned at this meeting."
    ]


def test_empty_details_still_make_a_kind_pack(world):
    event = make_event(world.org_a, title="Quick chat", kind="workshop")
    pack = make_pack(world, event)
    assert [s.key for s in pack.sections] == [
        "when",
        "where",
        "dress",
        "travel",
        "expenses",
        "photos",
        "contact",
    ]
    assert pack.section("where").lines == [
        "We will tell you where the workshop is as soon as we know."
    ]
    assert pack.section("dress").lines == [
        "There is no dress code: wear what you feel comfortable in."
    ]
    assert pack.section("travel").lines == [
        "If you need help getting to the workshop, talk to Org A Women's Centre."
    ]
    assert pack.section("contact").lines[0] == "Contact Org A Women's Centre with any questions."
    with scope(organisation=world.org_a):
        gaps = packs.pack_gaps(load(event))
    assert len(gaps) == 6


def test_online_meetings_say_how_to_join(world):
    event = make_event(world.org_a, online_link="https://meet.example/forum", contact=world.alice)
    world.alice.full_name = "Alice Coordinator"
    world.alice.save()
    where = make_pack(world, event).section("where").lines
    assert where[0] == "This meeting is online."
    assert "https://meet.example/forum" in where
    assert any(line.startswith("How to join:") for line in where)
    easy = make_pack(world, event, packs.EASY_READ).section("where")
    assert easy.icon == "online"
    assert easy.lines[:2] == ["The meeting is online.", "Use this link to join:"]
    assert "Ask Alice if you want help to join." in easy.lines


def test_a_cancelled_event_says_so_first(world, forum):
    forum.status = "cancelled"
    forum.save()
    pack = make_pack(world, forum)
    assert pack.cancelled
    assert (
        pack.intro[0]
        == "This meeting has been cancelled. We are sorry for any trouble this causes."
    )
    assert "This meeting has been cancelled." in pack_render.to_html(pack)


def test_invitation_personalises_the_greeting(world, forum):
    jo = Participant.unscoped.create(organisation=world.org_a, preferred_name="Jo Bloggs")
    invitation = invite(forum, jo)
    assert make_pack(world, forum, invitation=invitation).greeting == "Dear Jo,"
    assert make_pack(world, forum, packs.EASY_READ, invitation=invitation).greeting == "Hello Jo."


def test_easy_read_is_simpler_with_a_picture_for_every_section(world, forum):
    pack = make_pack(world, forum, packs.EASY_READ)
    assert pack.greeting == "Hello."
    headings = [s.heading for s in pack.sections]
    assert headings == [
        "What it is about",
        "When",
        "Where",
        "What we will do",
        "Help on the day",
        "What to wear",
        "Getting there",
        "Money",
        "Photos",
        "Our rules",
        "Papers",
        "Words to know",
        "Who to ask",
    ]
    assert all(s.icon in pack_icons.ICONS for s in (*pack.sections, pack.closing))
    assert pack.section("when").lines == [
        "The meeting is on Tuesday 3 March 2026.",
        "It starts at 10am.",
        "It ends at 12:30pm.",
    ]
    do = pack.section("agenda")
    assert not any(block.kind == "agenda" for block in do.blocks)  # no timetable
    assert do.lines == [
        "The meeting starts at 10am.",
        "We will talk about:",
        "Welcome and ground rules",
        "Talking about ROTL",
        "Your ideas for the new service",
        "There is a break at 11am.",
        "The meeting ends at 12:30pm.",
    ]
    # Typed text is split into one sentence a line.
    assert pack.section("about").lines[1:3] == [
        "We want to hear what helped you most when you came out.",
        "We will talk about licence conditions and how MAPPA works.",
    ]
    assert pack.section("where").lines[4:8] == [
        "E8 1AA",
        "How to get there:",
        "Take the 38 bus to Hackney Central.",
        "Use the side door on Mare Street.",
    ]
    assert pack.section("dress").lines == ["Wear what you feel comfortable in."]
    assert "We only take photos of people who say yes." in pack.section("photos").lines
    assert pack.section("contact").lines == [
        "Ask Alice Coordinator if you have a question.",
        "Email: alice@a.example",
        "Tell Alice if you need help to come.",
        "Tell Alice if there is food you cannot eat.",
    ]
    assert pack.closing.heading == "It is your choice"
    assert pack.filename("docx") == "pack-womens-forum-2026-03-03-easy-read.docx"
    # Short lines: nothing we wrote ourselves runs past about 15 words.
    ours = [
        line
        for s in pack.sections
        if s.key not in ("about", "where", "travel", "expenses", "rules", "glossary", "provided")
        for line in s.lines
    ]
    assert max(len(line.split()) for line in ours) <= 15


def test_unknown_formats_are_refused(world, forum):
    with pytest.raises(ValueError):
        make_pack(world, forum, "huge-print")


# PDF -------------------------------------------------------------------------------------------


def test_standard_pdf_reads_as_the_pack(world, forum, tmp_path):
    pack = make_pack(world, forum)
    html = pack_render.to_html(pack)
    assert "font-size: 12pt" in html
    assert "<svg" not in html  # pictures are for Easy Read
    assert '<table class="agenda short">' in html
    content = pack_render.to_pdf(pack)
    assert content.startswith(b"%PDF")
    text = pdf_text(content, tmp_path)
    if text is not None:
        for expected in (
            "Org A Women's Centre",
            "Women's forum",
            "Tuesday 3 March 2026, 10am to 12:30pm",
            "What the meeting is about",
            "10:15am",
            "Talking about ROTL",
            "Release on temporary licence",
            "Alice Coordinator",
            "Taking part is your choice",
            "Page 1 of",
        ):
            assert expected in text, expected


def test_large_print_pdf_is_18pt_without_italics(world, forum):
    html = pack_render.to_html(make_pack(world, forum, packs.LARGE_PRINT))
    assert "body { font-size: 18pt" in html
    assert "text-align: left" in html
    assert "italic" not in html
    assert pack_render.to_pdf(make_pack(world, forum, packs.LARGE_PRINT)).startswith(b"%PDF")


def test_easy_read_pdf_has_a_picture_beside_each_section(world, forum, tmp_path):
    pack = make_pack(world, forum, packs.EASY_READ)
    html = pack_render.to_html(pack)
    assert "body { font-size: 16pt" in html
    assert html.count("<svg") == len(pack.sections) + 1  # and the closing note
    assert 'aria-hidden="true"' in html
    text = pdf_text(pack_render.to_pdf(pack), tmp_path)
    if text is not None:
        assert "The meeting starts at 10am." in text
        assert "Who to ask" in text


def test_typed_text_is_escaped_in_the_pdf(world, forum):
    forum.briefing = "<b>bold</b> & <script>alert(1)</script>"
    forum.save()
    html = pack_render.to_html(make_pack(world, forum))
    assert "<script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;" in html


# Word ------------------------------------------------------------------------------------------


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_standard_docx_has_headings_an_agenda_table_and_12pt_arial(world, forum):
    document = docx_of(pack_render.to_docx(make_pack(world, forum)))
    assert _headings(document, 1) == ["Women's forum"]
    assert _headings(document, 2)[:4] == ["When", "Where", "What the meeting is about", "Agenda"]
    assert _headings(document, 2)[-1] == "Taking part is your choice"
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size) == ("Arial", Pt(12))
    (agenda,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in agenda.rows]
    assert rows[0] == ["Time", "What"]
    assert rows[3] == ["11am", "Break"]
    assert rows[2] == ["10:15am", "Talking about ROTL"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tuesday 3 March 2026, 10am to 12:30pm" in text
    assert "ROTL\nRelease on temporary licence" in text
    assert "Hello," in text
    props = document.core_properties
    assert props.title == "Women's forum – pre-meeting pack (standard print)"
    assert props.author == "Org A Women's Centre"


def test_large_print_docx_is_at_least_18pt_and_never_italic(world, forum):
    document = docx_of(pack_render.to_docx(make_pack(world, forum, packs.LARGE_PRINT)))
    for name in ("Normal", "List Bullet", "Heading 1", "Heading 2"):
        font = document.styles[name].font
        assert font.size >= Pt(18), name
        assert font.italic is False, name
    assert document.styles["Heading 2"].font.bold is True
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert not run.italic
            assert run.font.size is None or run.font.size >= Pt(18)


def test_easy_read_docx_puts_a_picture_beside_each_section(world, forum):
    pack = make_pack(world, forum, packs.EASY_READ)
    document = docx_of(pack_render.to_docx(pack))
    assert document.styles["Normal"].font.size >= Pt(16)
    assert len(document.tables) == len(pack.sections) + 1
    assert len(document.inline_shapes) == len(pack.sections) + 1
    first = document.tables[1]  # "When"
    picture, words = first.rows[0].cells
    assert picture._tc.xpath(".//pic:pic")
    assert [p.text for p in words.paragraphs] == [
        "When",
        "The meeting is on Tuesday 3 March 2026.",
        "It starts at 10am.",
        "It ends at 12:30pm.",
    ]
    assert words.paragraphs[0].style.name == "Heading 2"
    descriptions = document.element.body.xpath(".//wp:docPr/@descr")
    assert "Picture: calendar" in descriptions


def test_icons_draw_as_svg_and_png():
    for name in pack_icons.ICONS:
        assert str(pack_icons.svg(name)).startswith("<svg")
        assert pack_icons.png(name).startswith(b"\x89PNG")
    assert pack_icons.svg("nothing") == ""

"""The welcome pack: assembled from what exists, in standard, large print and Easy Read."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from withus.events.models import GlossaryTerm
from withus.money.models import RateCard
from withus.people.models import Participant
from withus.policies import render, services, welcome
from withus.policies.models import PolicyDocument
from withus.projects.models import Project
from withus.recruitment.models import Candidate, Opportunity, RoleDescription, TermsOfReference

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def joining(world, people):
    """Jo joining the women's forum, with a role, terms of reference, a rate and a glossary."""
    org = world.org_a
    org.phone = "020 7946 0000"
    org.save()
    with scope(organisation=org):
        project = Project.objects.create(
            organisation=org,
            name="Women's forum",
            status="active",
            what="How the centre runs its groups.",
            aims="Women shape the centre's groups.",
            partners="Probation service\nLocal women's aid",
            starts_on=dt.date(2027, 1, 5),
            ends_on=dt.date(2027, 12, 14),
            lead=world.alice,
        )
        role = RoleDescription.objects.create(
            organisation=org,
            project=project,
            title="Forum member",
            summary="Share your views at the forum.",
            tasks="- come to monthly meetings",
            frequency="Once a month",
        )
        TermsOfReference.objects.create(
            organisation=org,
            project=project,
            group_name="Women's forum",
            purpose="Women shape the centre.",
            meeting_frequency="monthly",
            code_of_conduct="- be kind to each other",
        )
        card = RateCard.objects.create(
            organisation=org,
            name="Forum member",
            responsibility="attending",
            basis="session",
            amount=Decimal("37.50"),
            expected_hours=Decimal("2.5"),
            valid_from=dt.date(2026, 4, 1),
        )
        opportunity = Opportunity.objects.create(
            organisation=org, role=role, project=project, title="Join the forum", rate_card=card
        )
        jo = Participant.objects.get(preferred_name="Jo Bloggs")
        sam = Participant.objects.get(preferred_name="Sam Carter")
        Candidate.objects.create(
            organisation=org,
            opportunity=opportunity,
            participant=jo,
            channel="key_worker",
            stage="active",
        )
        Candidate.objects.create(
            organisation=org,
            opportunity=opportunity,
            participant=sam,
            channel="key_worker",
            stage="active",
        )
        GlossaryTerm.objects.create(organisation=org, term="forum", meaning="A group that meets.")
        GlossaryTerm.objects.create(organisation=org, term="MAPPA", meaning="Not used here.")
    return {"project": project, "jo": jo, "sam": sam}


def _pack(world, joining, fmt="standard"):
    with scope(organisation=world.org_a):
        src = welcome.gather(participant=joining["jo"], project=joining["project"], today=TODAY)
        return welcome.welcome_pack(src, fmt)


def test_standard_pack_is_assembled_from_what_exists(world, joining):
    pack = _pack(world, joining)
    text = pack.text
    assert pack.greeting == "Dear Jo,"
    assert pack.title == "Welcome to Women's forum"
    for expected in (
        "Probation service",  # partners
        "Women shape the centre's groups.",  # aims
        "It runs from Tuesday 5 January 2027 to Tuesday 14 December 2027.",  # timescale
        "Your role: Forum member",  # role description
        "come to monthly meetings",
        "It meets monthly.",  # terms of reference
        "be kind to each other",  # the terms of reference's code of conduct
        "1 other person with lived experience is taking part.",  # Sam, as a number only
        "Project lead:",
        "Our office: Org A Women's Centre, 020 7946 0000",
        "within 7 days of your claim",  # the organisation's expenses target
        "Forum member (attending and taking part): £37.50 per session",  # the role's rate
        "within 2 working days",  # the concerns targets
        "call 999",  # safeguarding starter
        "forum: A group that meets.",  # a glossary term the pack uses
    ):
        assert expected in text, expected
    assert "Sam" not in text  # other participants are never named
    assert "MAPPA" not in text  # terms the pack does not use are left out
    assert pack.filename("pdf") == "welcome-womens-forum-jo.pdf"


def test_approved_safeguarding_statement_and_code_are_used(world, joining):
    with scope(organisation=world.org_a):
        document = services.document_create(
            organisation=world.org_a, kind=PolicyDocument.Kind.SAFEGUARDING, actor=world.alice
        )
        version = services.version_save(
            document=document,
            title="Safeguarding",
            texts={"commitment": "Our own safeguarding words.", "tell": "Ring Priya."},
            co_author_ids=[],
            change_note="",
            actor=world.alice,
        )
        assert "Our own safeguarding words." not in _pack(world, joining).text  # still a draft
        services.version_approve(version=version, actor=world.admin_a)
    text = _pack(world, joining).section("safeguarding").lines
    assert text == ["Our own safeguarding words.", "Ring Priya."]


def test_payment_choice_is_respected(world, joining):
    with scope(organisation=world.org_a):
        Participant.objects.filter(pk=joining["jo"].pk).update(payment_choice="declines")
        joining["jo"].refresh_from_db()
    assert "You have told us you do not want to be paid." in _pack(world, joining).text
    assert "You told us you do not want to be paid." in _pack(world, joining, "easy-read").text


def test_easy_read_says_it_simply_with_pictures(world, joining):
    pack = _pack(world, joining, "easy-read")
    assert pack.greeting == "Hello Jo."
    assert all(section.icon for section in pack.sections)
    assert "We pay you back within 7 days." in pack.text
    assert "£37.50 per session for attending and taking part" in pack.text
    longest = max(len(line) for s in pack.sections for line in s.lines if s.key != "conduct")
    assert longest < 120


def test_large_print_says_the_same_as_standard(world, joining):
    standard, large = _pack(world, joining), _pack(world, joining, "large-print")
    assert [s.lines for s in standard.sections] == [s.lines for s in large.sections]
    assert large.large


def test_a_project_with_nothing_filled_in_still_makes_a_pack(world, people):
    with scope(organisation=world.org_a):
        project = Project.objects.create(organisation=world.org_a, name="Bare")
        lee = Participant.objects.get(preferred_name="Lee In-Prison")
        src = welcome.gather(participant=lee, project=project, today=TODAY)
        for fmt in ("standard", "large-print", "easy-read"):
            pack = welcome.welcome_pack(src, fmt)
            assert render.to_pdf(pack).startswith(b"%PDF")
    assert "You are one of the first people with lived experience to join." in _text(src)


def _text(src):
    return welcome.welcome_pack(src).text


@pytest.mark.parametrize("fmt", ["standard", "large-print", "easy-read"])
def test_files_in_every_format(world, joining, fmt):
    pack = _pack(world, joining, fmt)
    assert render.to_pdf(pack).startswith(b"%PDF")
    from docx import Document

    word = Document(io.BytesIO(render.to_docx(pack)))
    assert word.core_properties.title.startswith("Welcome to Women's forum")
    body = "\n".join(p.text for p in word.paragraphs)
    for table in word.tables:
        body += "\n".join(cell.text for row in table.rows for cell in row.cells)
    assert "Dear Jo," in body or "Hello Jo." in body


def _url(name, **kwargs):
    return reverse(f"policies:{name}", kwargs={"org_slug": "org-a", **kwargs})


def test_welcome_page_shows_the_pack_and_downloads(client, world, joining):
    client.force_login(world.alice)
    page = client.get(
        _url("welcome"),
        {"participant": joining["jo"].pk, "project": joining["project"].pk},
    )
    assert page.status_code == 200
    assert "Welcome to Women&#x27;s forum" in page.text
    kwargs = {"project_id": joining["project"].pk, "participant_id": joining["jo"].pk}
    response = client.get(_url("welcome_download", fmt="easy-read", ext="pdf", **kwargs))
    assert response["Content-Type"] == "application/pdf"
    assert "welcome-womens-forum-jo-easy-read.pdf" in response["Content-Disposition"]


def test_welcome_page_bad_input_is_a_form_error(client, world, joining):
    client.force_login(world.alice)
    page = client.get(_url("welcome"), {"participant": "abc", "project": "99999999999999999999"})
    assert page.status_code == 400 and "govuk-error-summary" in page.text
    with scopes_disabled():
        other = Participant.objects.filter(organisation=world.org_b).first()
    kwargs = {"project_id": joining["project"].pk, "participant_id": other.pk}
    assert (
        client.get(_url("welcome_download", fmt="standard", ext="pdf", **kwargs)).status_code == 404
    )
    kwargs = {"project_id": 2**70, "participant_id": joining["jo"].pk}
    assert (
        client.get(_url("welcome_download", fmt="standard", ext="pdf", **kwargs)).status_code == 404
    )
    kwargs = {"project_id": joining["project"].pk, "participant_id": joining["jo"].pk}
    assert client.get(_url("welcome_download", fmt="tiny", ext="pdf", **kwargs)).status_code == 404


def test_terms_the_projects_events_explain_are_in_standard_but_not_easy_read(world, joining):
    from tests.events.builders import make_event

    with scope(organisation=world.org_a):
        event = make_event(world.org_a, title="Forum meeting")
        event.project = joining["project"]
        event.save()
        event.glossary_terms.add(GlossaryTerm.objects.get(term="MAPPA"))
    assert "MAPPA: Not used here." in _pack(world, joining).text
    assert "MAPPA" not in _pack(world, joining, "easy-read").text

"""Strategy and policy documents: starting, versions, approval, data-filled sections, files."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from withus.money.models import RateCard
from withus.people.models import Participant
from withus.policies import data, render, services
from withus.policies.models import PolicyDocument, PolicyVersion
from withus.projects.models import LadderRung, Project

K = PolicyDocument.Kind
TODAY = dt.date(2026, 11, 27)


def url(name, **kwargs):
    return reverse(f"policies:{name}", kwargs={"org_slug": "org-a", **kwargs})


def _start(world, kind=K.STRATEGY):
    with scope(organisation=world.org_a):
        return services.document_create(organisation=world.org_a, kind=kind, actor=world.alice)


def _project(world, **fields):
    with scope(organisation=world.org_a):
        rung, _ = LadderRung.objects.get_or_create(
            organisation=world.org_a,
            position=5,
            defaults={"name": "Co-designing", "group": "doing with"},
        )
        defaults = {
            "name": "Women's forum",
            "methods": ["consultation", "co_production"],
            "rung": rung,
            "status": Project.Status.ACTIVE,
            "aims": "Women shape the centre's groups.",
            "starts_on": dt.date(2026, 1, 6),
            "ends_on": dt.date(2026, 12, 15),
        }
        return Project.objects.create(organisation=world.org_a, **{**defaults, **fields})


def _section(version, key):
    return next(s for s in version.sections if s["key"] == key)


def _data_text(section) -> str:
    return "\n".join(str(item) for block in section["data"] for item in block["items"])


# Starting and versions ----------------------------------------------------------------------


def test_every_kind_starts_from_its_starter_wording(world):
    for kind in K.values:
        document = _start(world, kind)
        with scope(organisation=world.org_a):
            version = document.versions.get()
        assert version.number == 1 and version.status == PolicyVersion.Status.DRAFT
        assert all(s["text"] for s in version.sections), kind
        assert document.title == K(kind).label


def test_starting_twice_returns_the_same_document(world):
    assert _start(world).pk == _start(world).pk
    with scopes_disabled():
        assert PolicyDocument.objects.count() == 1


def test_each_save_is_a_new_version_and_old_ones_are_kept(world, people):
    document = _start(world)
    with scope(organisation=world.org_a):
        jo = Participant.objects.get(preferred_name="Jo Bloggs")
        version = services.version_save(
            document=document,
            title="Our strategy",
            texts={"background": "Written with the forum.\n- point one"},
            co_author_ids=[jo.pk],
            change_note="Rewritten",
            actor=world.alice,
        )
        assert version.number == 2
        assert [v.number for v in document.versions.all()] == [2, 1]
        assert _section(version, "background")["text"] == "Written with the forum.\n- point one"
        assert "Background" in _section(document.versions.get(number=1), "background")["heading"]
        assert list(version.co_authors.all()) == [jo]
        document.refresh_from_db()
        assert document.title == "Our strategy"


def test_co_authors_from_another_organisation_are_ignored(world, people):
    document = _start(world)
    with scopes_disabled():
        other = Participant.objects.filter(organisation=world.org_b).first()
    with scope(organisation=world.org_a):
        version = services.version_save(
            document=document,
            title="x",
            texts={},
            co_author_ids=[other.pk],
            change_note="",
            actor=world.alice,
        )
        assert not version.co_authors.exists()


def test_approval_records_who_and_when_and_only_the_latest_draft(world):
    document = _start(world)
    with scope(organisation=world.org_a):
        first = document.versions.get()
        services.version_approve(version=first, actor=world.admin_a)
        first.refresh_from_db()
        assert first.is_approved and first.approved_by == world.admin_a
        assert first.approved_at is not None
        with pytest.raises(services.NotAllowed):
            services.version_approve(version=first, actor=world.admin_a)
        second = services.version_save(
            document=document, title="S", texts={}, co_author_ids=[], change_note="", actor=None
        )
        assert second.status == PolicyVersion.Status.DRAFT
        third = services.version_save(
            document=document, title="S", texts={}, co_author_ids=[], change_note="", actor=None
        )
        with pytest.raises(services.NotAllowed):
            services.version_approve(version=second, actor=world.admin_a)
        services.version_approve(version=third, actor=world.admin_a)
        first.refresh_from_db()
        assert first.is_approved  # an approved version never changes


# Data-filled sections -----------------------------------------------------------------------


def test_strategy_review_is_filled_from_projects_methods_rungs_people_and_spend(world, people):
    _project(world)
    with scope(organisation=world.org_a):
        blocks = data.review_blocks(world.org_a, today=TODAY)
    text = "\n".join(str(i) for b in blocks for i in b["items"])
    assert "Women's forum (running)" in text
    assert "forums and councils" in text.lower()
    assert "Co-designing: 1" in text
    # Two people are active in the fixture: a small count is never published.
    assert "taking part with us on Friday 27 November 2026: fewer than 5" in text
    assert "Payments to people for their time: £0.00" in text
    assert "Figures as at Friday 27 November 2026." in text


def test_review_shows_counts_at_or_above_the_threshold(world):
    with scope(organisation=world.org_a):
        for i in range(6):
            Participant.objects.create(
                organisation=world.org_a, preferred_name=f"P{i}", status="active"
            )
        blocks = data.review_blocks(world.org_a, today=TODAY)
    text = "\n".join(str(i) for b in blocks for i in b["items"])
    assert "taking part with us on Friday 27 November 2026: 6" in text
    assert "We have no involvement projects recorded yet." in text


def test_planned_activities_list_running_and_planned_projects(world):
    _project(world)
    _project(world, name="Old work", status=Project.Status.FINISHED, rung=None)
    with scope(organisation=world.org_a):
        blocks = data.planned_blocks(world.org_a, today=TODAY)
    text = "\n".join(str(i) for b in blocks for i in b["items"])
    assert "Aims: Women shape the centre's groups." in text
    assert "Old work" not in text
    assert "Tuesday 6 January 2026 to Tuesday 15 December 2026" in text


def test_payment_policy_is_drawn_from_rate_cards_and_settings(world):
    with scope(organisation=world.org_a):
        RateCard.objects.create(
            organisation=world.org_a,
            name="Forum chair",
            responsibility=RateCard.Responsibility.CHAIRING,
            basis=RateCard.Basis.SESSION,
            amount=Decimal("45.00"),
            expected_hours=Decimal("3"),
            valid_from=dt.date(2026, 4, 1),
        )
        RateCard.objects.create(
            organisation=world.org_a,
            name="Expired",
            responsibility=RateCard.Responsibility.ATTENDING,
            basis=RateCard.Basis.HOURLY,
            amount=Decimal("10.00"),
            valid_from=dt.date(2025, 4, 1),
            valid_to=dt.date(2026, 3, 31),
        )
    document = _start(world, K.REWARD)
    with scope(organisation=world.org_a):
        version = document.versions.get()
    rates = _data_text(_section(version, "rates"))
    assert "Forum chair (chairing): £45.00 per session, for about 3 hours" in rates
    assert "Expired" not in rates
    expenses = _data_text(_section(version, "expenses"))
    assert f"within {world.org_a.expense_target_days} days" in expenses


def test_complaints_process_states_the_concerns_targets(world):
    document = _start(world, K.COMPLAINTS)
    with scope(organisation=world.org_a):
        text = _data_text(_section(document.versions.get(), "timescales"))
    assert "within 2 working days" in text and "within 20 working days" in text


def test_an_old_version_keeps_the_figures_it_was_saved_with(world):
    document = _start(world)
    _project(world, name="Later project")
    with scope(organisation=world.org_a):
        old = document.versions.get(number=1)
        new = services.version_save(
            document=document, title="S", texts={}, co_author_ids=[], change_note="", actor=None
        )
    assert "Later project" not in _data_text(_section(old, "review"))
    assert "Later project" in _data_text(_section(new, "review"))


# Files -----------------------------------------------------------------------------------------


def test_pdf_and_docx_of_an_approved_strategy(world, people):
    document = _start(world)
    with scope(organisation=world.org_a):
        jo = Participant.objects.get(preferred_name="Jo Bloggs")
        version = services.version_save(
            document=document,
            title="Our strategy",
            texts={"background": "Hello"},
            co_author_ids=[jo.pk],
            change_note="",
            actor=world.alice,
        )
        services.version_approve(version=version, actor=world.admin_a)
        version = PolicyVersion.objects.get(pk=version.pk)
        doc = render.version_document(version, "large-print")
    assert doc.kind_line == "Involvement strategy, version 2"
    closing = "\n".join(doc.closing.lines)
    assert "Written with Jo Bloggs" in closing
    assert "approved on" in closing and "Clinks (2016)" in closing
    pdf = render.to_pdf(doc)
    assert pdf.startswith(b"%PDF")
    from docx import Document

    word = Document(io.BytesIO(render.to_docx(doc)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Review of our current involvement" in headings
    assert word.core_properties.subject == "Involvement strategy, version 2 (large print)"
    assert doc.filename("pdf") == "our-strategy-v2-large-print.pdf"


# Pages -----------------------------------------------------------------------------------------


def test_start_change_approve_and_download(alice, admin, world, people):
    response = alice.post(url("start"), {"kind": K.STRATEGY})
    assert response.status_code == 302
    with scopes_disabled():
        document = PolicyDocument.objects.get(organisation=world.org_a)
        jo = Participant.objects.get(preferred_name="Jo Bloggs")
    page = alice.get(url("edit", pk=document.pk))
    assert "Background and requirements" in page.text
    form = {
        "title": "Our strategy",
        "section_background": "Our own words",
        "co_authors": [str(jo.pk)],
        "change_note": "First go",
    }
    assert alice.post(url("edit", pk=document.pk), form).status_code == 302
    detail = alice.get(url("detail", pk=document.pk))
    assert "Version 2" in detail.text and "Jo Bloggs" in detail.text
    assert "Approve version" not in detail.text  # a coordinator cannot approve
    assert admin.post(url("approve", pk=document.pk, number=2)).status_code == 302
    with scopes_disabled():
        version = PolicyVersion.objects.get(document=document, number=2)
    assert version.approved_by == world.admin_a
    pdf = alice.get(url("version_download", pk=document.pk, number=2, fmt="standard", ext="pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "no-store"


def test_bad_input_is_a_form_error_not_a_500(alice, world):
    document = _start(world)
    page = alice.post(url("edit", pk=document.pk), {"title": "", "co_authors": ["x"]})
    assert page.status_code == 200
    assert "Enter a title for the document" in page.text
    page = alice.post(
        url("edit", pk=document.pk), {"title": "T", "section_background": "x" * 20001}
    )
    assert page.status_code == 200 and "govuk-error-summary" in page.text
    assert alice.post(url("start"), {"kind": "nonsense"}).status_code == 400
    assert alice.get(url("version", pk=document.pk, number=99)).status_code == 404
    big = url("version_download", pk=document.pk, number=2**70, fmt="standard", ext="pdf")
    assert alice.get(big).status_code == 404
    bad_fmt = url("version_download", pk=document.pk, number=1, fmt="easy-read", ext="pdf")
    assert alice.get(bad_fmt).status_code == 404


def test_approving_an_older_version_says_why_not(admin, world):
    document = _start(world)
    with scope(organisation=world.org_a):
        services.version_save(
            document=document, title="S", texts={}, co_author_ids=[], change_note="", actor=None
        )
    response = admin.post(url("approve", pk=document.pk, number=1), follow=True)
    assert "Only the latest version can be approved." in response.text


def test_document_list_query_count_is_bounded(bob, world):
    _start(world)
    with CaptureQueriesContext(connection) as one:
        assert bob.get(url("index")).status_code == 200
    for kind in K.values:
        _start(world, kind)
    with CaptureQueriesContext(connection) as many:
        page = bob.get(url("index"))
    assert page.text.count("Version 1") == 7
    assert len(many) == len(one)


def test_document_page_query_count_is_bounded(bob, world):
    document = _start(world)
    with CaptureQueriesContext(connection) as one:
        assert bob.get(url("detail", pk=document.pk)).status_code == 200
    with scope(organisation=world.org_a):
        for _ in range(20):
            services.version_save(
                document=document, title="S", texts={}, co_author_ids=[], change_note="", actor=None
            )
    with CaptureQueriesContext(connection) as many:
        page = bob.get(url("detail", pk=document.pk))
    assert "Version 21" in page.text
    assert len(many) == len(one)


# Rules -----------------------------------------------------------------------------------------


def _facts(**overrides):
    from withus.policies.rules import DocumentFacts

    values = {
        "latest_is_draft": False,
        "approved_on": dt.date(2026, 6, 1),
        "co_authors": 2,
        "empty_sections": (),
    }
    return DocumentFacts(**{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "codes"),
    [
        ({}, []),
        ({"approved_on": None, "latest_is_draft": True}, ["policy.never_approved"]),
        ({"latest_is_draft": True}, ["policy.draft_waiting"]),
        ({"approved_on": dt.date(2025, 11, 27)}, []),  # exactly a year: not yet due
        ({"approved_on": dt.date(2025, 11, 26)}, ["policy.review_due"]),
        ({"co_authors": 0}, ["policy.no_co_authors"]),
        ({"empty_sections": ("Communication",)}, ["policy.empty_sections"]),
    ],
)
def test_document_findings(overrides, codes):
    from withus.policies.rules import document_findings

    assert [f.code for f in document_findings(_facts(**overrides), today=TODAY)] == codes


def test_document_page_shows_its_findings(bob, world):
    document = _start(world)
    page = bob.get(url("detail", pk=document.pk))
    assert "No version has been approved yet." in page.text
    assert "Nobody with lived experience is named" in page.text

"""Role descriptions and terms of reference: writing them, and the documents people are given."""

import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope
from docx import Document
from docx.shared import Pt

from withus.audit.models import AuditEvent
from withus.projects.models import Project
from withus.recruitment import documents, services_roles
from withus.recruitment.models import RoleDescription, TermsOfReference

PEER_RESEARCHER = {
    "title": "Peer researcher",
    "summary": "Help us find out what women leaving prison need in their first month out.",
    "skills": "- Listening without judging\n- Keeping things private",
    "abilities_interests": "",
    "tasks": "- Come to four training sessions\n- Talk to 5 to 10 women",
    "who_else": "Our involvement coordinator and three other peer researchers.",
    "frequency": "One day a week",
    "duration": "Six months",
    "payment_policy": "£15 an hour, and travel paid on the day.",
    "support_offered": "",
    "accessibility": "Step-free building with a hearing loop.",
}
FORUM = {
    "group_name": "Women's forum",
    "purpose": "Gives women a say in how our services are run.",
    "membership": "Any woman who has used our services.",
    "meeting_frequency": "First Thursday of the month",
    "decision_making": "",
    "confidentiality": "What members say about themselves stays in the room.",
    "code_of_conduct": "- Listen to each other\n- One person speaks at a time",
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(name, org="org-a", **kwargs):
    return reverse(f"recruitment:{name}", kwargs={"org_slug": org, **kwargs})


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


@pytest.fixture
def project(world):
    world.alice.full_name = "Alice Coordinator"
    world.alice.save()
    return Project.unscoped.create(
        organisation=world.org_a, name="Women's forum 2027", lead=world.alice
    )


@pytest.fixture
def role(world, project):
    with scope(organisation=world.org_a):
        return services_roles.role_create(
            organisation=world.org_a,
            data={**PEER_RESEARCHER, "project": project},
            actor=world.alice,
        )


@pytest.fixture
def terms(world, project):
    with scope(organisation=world.org_a):
        return services_roles.terms_create(
            organisation=world.org_a, data={**FORUM, "project": project}, actor=world.alice
        )


def _post_data(data, project=None):
    return {**data, "project": project.pk if project else ""}


def _docx(content: bytes):
    return Document(io.BytesIO(content))


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _pdf_text(content: bytes, tmp_path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


# Writing and changing ------------------------------------------------------------------------


def test_a_coordinator_writes_a_role_description_and_it_is_audited(alice, world, project):
    response = alice.post(url("role_add"), _post_data(PEER_RESEARCHER, project))
    role = RoleDescription.unscoped.get()
    assert response.status_code == 302
    assert response.url == url("role_detail", pk=role.pk)
    assert role.organisation == world.org_a
    assert role.project == project
    assert role.tasks == PEER_RESEARCHER["tasks"]
    event = AuditEvent.unscoped.get(action="role.create")
    assert event.actor == world.alice
    assert event.organisation == world.org_a
    assert event.object_id == str(role.pk)
    assert "Peer researcher" in event.summary
    page = alice.get(response.url).text
    assert "The role description for Peer researcher has been saved." in page


def test_a_role_description_with_mistakes_shows_the_error_summary_and_saves_nothing(alice):
    response = alice.post(url("role_add"), {**PEER_RESEARCHER, "title": "", "summary": " "})
    assert response.status_code == 200
    page = response.text
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert '<a href="#id_title">Enter a name for the role</a>' in page
    assert '<a href="#id_summary">Say what the role is about</a>' in page
    assert "<title>Error: Write a role description" in page
    # What was typed is kept, so nothing has to be typed again.
    assert "Listening without judging" in page
    assert not RoleDescription.unscoped.exists()
    assert not AuditEvent.unscoped.filter(action__startswith="role.").exists()


def test_the_form_explains_what_makes_a_good_role_description(alice):
    page = alice.get(url("role_add")).text
    assert "What makes a good role description" in page
    assert "(Clinks, 2016)" in page
    assert "Start a line with a dash (-) to make a list." in page  # a hint in plain English
    page = alice.get(url("terms_add")).text
    assert "What good terms of reference cover" in page
    assert "(Clinks, 2016)" in page


def test_a_project_in_the_address_is_chosen_and_only_own_projects_are_offered(
    alice, world, project
):
    other = Project.unscoped.create(organisation=world.org_b, name="Org B secret project")
    page = alice.get(url("role_add"), {"project": project.pk}).text
    assert f'<option value="{project.pk}" selected>' in page
    assert "Back to Women&#x27;s forum 2027" in page
    assert "Org B secret project" not in page
    # Another organisation's project, or nonsense, in the address is ignored.
    for value in (other.pk, "nonsense", "-1"):
        response = alice.get(url("role_add"), {"project": value})
        assert response.status_code == 200
        assert '<option value="" selected>Not part of a project</option>' in response.text
    # And cannot be posted either.
    response = alice.post(url("role_add"), _post_data(PEER_RESEARCHER, other))
    assert "Choose a project from the list" in response.text
    assert not RoleDescription.unscoped.exists()


def test_changing_a_role_description_records_what_changed(alice, world, role):
    data = _post_data({**PEER_RESEARCHER, "title": "Lead peer researcher"}, role.project)
    response = alice.post(url("role_edit", pk=role.pk), data)
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.title == "Lead peer researcher"
    event = AuditEvent.unscoped.get(action="role.update")
    assert event.changes == {"title": ["Peer researcher", "Lead peer researcher"]}
    # Saving again without changes writes nothing to the trail.
    alice.post(url("role_edit", pk=role.pk), data)
    assert AuditEvent.unscoped.filter(action="role.update").count() == 1


def test_changing_a_role_description_with_mistakes_changes_nothing(alice, role):
    data = _post_data({**PEER_RESEARCHER, "title": "x" * 151}, role.project)
    response = alice.post(url("role_edit", pk=role.pk), data)
    assert response.status_code == 200
    assert "The name of the role must be 150 characters or fewer" in response.text
    # The caption and back link still show the saved title, not what was typed.
    assert "Back to Peer researcher" in response.text
    role.refresh_from_db()
    assert role.title == "Peer researcher"
    assert not AuditEvent.unscoped.filter(action="role.update").exists()


def test_a_coordinator_writes_and_changes_terms_of_reference(alice, world, project):
    bad = alice.post(url("terms_add"), _post_data({**FORUM, "purpose": ""}, project))
    assert "Say what the group is for" in bad.text
    assert not TermsOfReference.unscoped.exists()
    response = alice.post(url("terms_add"), _post_data(FORUM, project))
    terms = TermsOfReference.unscoped.get()
    assert response.url == url("terms_detail", pk=terms.pk)
    assert AuditEvent.unscoped.filter(action="terms.create", object_id=str(terms.pk)).exists()
    response = alice.post(
        url("terms_edit", pk=terms.pk), _post_data({**FORUM, "decision_making": "By vote"})
    )
    assert response.status_code == 302
    terms.refresh_from_db()
    assert terms.decision_making == "By vote"
    assert terms.project is None
    event = AuditEvent.unscoped.get(action="terms.update")
    assert event.changes["decision_making"] == ["", "By vote"]
    assert event.changes["project_id"] == [str(project.pk), None]


def test_the_service_refuses_another_organisations_project(world, project):
    other = Project.unscoped.create(organisation=world.org_b, name="Elsewhere")
    with scope(organisation=world.org_a), pytest.raises(Exception, match="Choose a project"):
        services_roles.role_create(
            organisation=world.org_a, data={**PEER_RESEARCHER, "project": other}, actor=None
        )
    assert not RoleDescription.unscoped.exists()


# Pages ---------------------------------------------------------------------------------------


def test_detail_pages_link_to_standard_and_large_print_downloads(alice, role, terms):
    page = alice.get(url("role_detail", pk=role.pk)).text
    for link in (url("role_pdf", pk=role.pk), url("role_docx", pk=role.pk)):
        assert f'href="{link}"' in page
        assert f'href="{link}?large=1"' in page
    assert "The named contact is Alice Coordinator." in page
    assert "Not filled in" in page  # abilities and support were left empty
    page = alice.get(url("terms_detail", pk=terms.pk)).text
    assert f'href="{url("terms_pdf", pk=terms.pk)}?large=1"' in page
    assert f'href="{url("terms_docx", pk=terms.pk)}"' in page


def test_the_list_shows_role_descriptions_and_terms_of_reference(alice, role, terms):
    page = alice.get(url("roles")).text
    assert url("role_detail", pk=role.pk) in page
    assert url("terms_detail", pk=terms.pk) in page
    assert "Women&#x27;s forum 2027" in page


def test_the_list_query_count_does_not_grow_with_rows(alice, world, project, role, terms):
    with CaptureQueriesContext(connection) as few:
        assert alice.get(url("roles")).status_code == 200
    second = Project.unscoped.create(organisation=world.org_a, name="Second project")
    for i in range(20):
        for model, name in ((RoleDescription, "title"), (TermsOfReference, "group_name")):
            model.unscoped.create(
                organisation=world.org_a,
                project=second if i % 2 else project,
                **{name: f"Extra {i}"},
                **({"summary": "S"} if model is RoleDescription else {"purpose": "P"}),
            )
    with CaptureQueriesContext(connection) as many:
        page = alice.get(url("roles")).text
    assert page.count("Extra 19") == 2
    assert len(many) == len(few)


# Documents -----------------------------------------------------------------------------------


def test_role_pdf_is_a_downloadable_a4_document_with_the_role_in_it(alice, role, tmp_path):
    response = alice.get(url("role_pdf", pk=role.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="role-peer-researcher.pdf"'
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    if text is not None:
        for expected in (
            "Org A Women's Centre",
            "Peer researcher",
            "What the role is about",
            "What you would do",
            "Payment and expenses",
            "You can change your mind at any time",
            "Alice Coordinator",
            "Page 1 of",
        ):
            assert expected in text
        # Empty sections are left out.
        assert "Abilities or interests that help" not in text
        assert "Support and training offered" not in text
    large = alice.get(url("role_pdf", pk=role.pk), {"large": "1"})
    assert large["Content-Disposition"].endswith('filename="role-peer-researcher-large-print.pdf"')
    assert large.content.startswith(b"%PDF")


def test_role_docx_has_real_headings_properties_and_standard_print(alice, role):
    response = alice.get(url("role_docx", pk=role.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="role-peer-researcher.docx"'
    document = _docx(response.content)
    assert _headings(document, 1) == ["Peer researcher"]
    assert _headings(document, 2) == [
        "What the role is about",
        "Skills needed",
        "What you would do",
        "Who else is involved",
        "How often",
        "How long for",
        "Payment and expenses",
        "Accessibility",
        documents.CLOSING_HEADING,
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("Org A Women's Centre\nRole description, updated ")
    assert "Your named contact is Alice Coordinator (alice@a.example)." in text
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[:2] == ["Listening without judging", "Keeping things private"]
    properties = document.core_properties
    assert properties.title == "Peer researcher – role description"
    assert properties.author == "Org A Women's Centre"
    assert properties.language == "en-GB"
    normal = document.styles["Normal"].font
    assert normal.size == Pt(12)
    assert normal.name == "Arial"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_large_print_docx_is_at_least_18pt(alice, role):
    response = alice.get(url("role_docx", pk=role.pk), {"large": "1"})
    assert response["Content-Disposition"].endswith(
        'filename="role-peer-researcher-large-print.docx"'
    )
    document = _docx(response.content)
    for style in ("Normal", "List Bullet", "Heading 1", "Heading 2"):
        assert document.styles[style].font.size >= Pt(18), style
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.size is None or run.font.size >= Pt(18)
    assert "You can ask for this document in another format." in [
        p.text for p in document.paragraphs
    ]


def test_terms_documents(alice, terms, tmp_path):
    response = alice.get(url("terms_docx", pk=terms.pk))
    assert response["Content-Disposition"] == (
        'attachment; filename="terms-of-reference-womens-forum.docx"'
    )
    document = _docx(response.content)
    assert _headings(document, 1) == ["Women's forum"]
    assert _headings(document, 2) == [
        "What the group is for",
        "Who can be a member",
        "How often it meets",
        "Confidentiality",
        "Code of conduct",
        documents.CLOSING_HEADING,
    ]
    assert document.core_properties.title == "Women's forum – terms of reference"
    pdf = alice.get(url("terms_pdf", pk=terms.pk), {"large": "1"})
    assert pdf["Content-Disposition"] == (
        'attachment; filename="terms-of-reference-womens-forum-large-print.pdf"'
    )
    text = _pdf_text(pdf.content, tmp_path)
    if text is not None:
        assert "Women's forum" in text
        assert "How decisions are made" not in text


def test_no_named_contact_without_a_project_lead(world):
    with scope(organisation=world.org_a):
        role = services_roles.role_create(
            organisation=world.org_a, data={"title": "Panel member", "summary": "S"}, actor=None
        )
    handout = documents.role_handout(role)
    assert [s.heading for s in handout.sections] == ["What the role is about"]
    assert not any("named contact" in b.text for b in handout.closing.blocks)
    assert _headings(_docx(documents.to_docx(handout)), 2) == [
        "What the role is about",
        documents.CLOSING_HEADING,
    ]


def test_odd_text_still_makes_documents(world):
    with scope(organisation=world.org_a):
        role = services_roles.role_create(
            organisation=world.org_a,
            data={"title": "★★★", "summary": "Bell\x07 and <b>tags</b>\r\n- one\n-5 degrees"},
            actor=None,
        )
    handout = documents.role_handout(role)
    assert handout.filename("pdf") == f"role-{role.pk}.pdf"
    assert documents.to_pdf(handout).startswith(b"%PDF")
    paragraphs = [p.text for p in _docx(documents.to_docx(handout)).paragraphs]
    assert "Bell and <b>tags</b>" in paragraphs
    assert "-5 degrees" in paragraphs
    assert "<b>tags</b>" not in documents.to_html(handout)  # escaped in the PDF's HTML


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        ("", ()),
        ("One line", (("p", ("One line",)),)),
        ("First\n\nSecond", (("p", ("First",)), ("p", ("Second",)))),
        ("- a\n* b\n• c", (("ul", ("a", "b", "c")),)),
        ("Intro\n- a\n- b\nAfter", (("p", ("Intro",)), ("ul", ("a", "b")), ("p", ("After",)))),
        ("-5 degrees\n-\n  ", (("p", ("-5 degrees",)),)),
    ],
)
def test_text_becomes_paragraphs_and_lists(text, blocks):
    assert tuple((b.kind, b.items) for b in documents.blocks_from(text)) == blocks


# Who may see what ----------------------------------------------------------------------------

ROLE_PAGES = ["role_detail", "role_edit", "role_pdf", "role_docx"]
TERMS_PAGES = ["terms_detail", "terms_edit", "terms_pdf", "terms_docx"]


def test_another_organisation_gets_404_for_every_role_and_terms_page(client, world, role, terms):
    client.force_login(world.charlie)
    for name in ROLE_PAGES:
        assert client.get(url(name, org="org-b", pk=role.pk)).status_code == 404, name
    for name in TERMS_PAGES:
        assert client.get(url(name, org="org-b", pk=terms.pk)).status_code == 404, name
    response = client.post(url("role_edit", org="org-b", pk=role.pk), _post_data(PEER_RESEARCHER))
    assert response.status_code == 404
    page = client.get(url("roles", org="org-b")).text
    assert "Peer researcher" not in page
    assert "Women&#x27;s forum" not in page


def test_a_viewer_gets_403(client, world, role, terms):
    client.force_login(world.bob)
    for name in ["roles", "role_add", "terms_add"]:
        assert client.get(url(name)).status_code == 403, name
    for name in ROLE_PAGES:
        assert client.get(url(name, pk=role.pk)).status_code == 403, name
    for name in TERMS_PAGES:
        assert client.get(url(name, pk=terms.pk)).status_code == 403, name
    response = client.post(url("role_add"), _post_data(PEER_RESEARCHER))
    assert response.status_code == 403
    assert RoleDescription.unscoped.count() == 1


def test_odd_project_numbers_in_the_address_are_ignored(client, world):
    client.force_login(world.alice)
    for value in ["²", "abc", "-1", "99999999"]:
        response = client.get(
            reverse("recruitment:role_add", kwargs={"org_slug": "org-a"}), {"project": value}
        )
        assert response.status_code == 200

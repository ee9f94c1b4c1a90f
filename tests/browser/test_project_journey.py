"""Issue 4's journey in a real browser: plan a project, write a role, recruit through a pipeline."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_accessible
from tests.browser.test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


def plan_project(page, base):
    page.get_by_role("link", name="Projects", exact=True).click()
    assert_accessible(page, "projects-list")
    page.get_by_role("link", name="Set up a project").click()
    page.get_by_label("Name").fill("Women's forum 2027")
    page.get_by_label("Giving views (surveys, focus groups)", exact=False).check()
    page.get_by_label("Forums and councils", exact=False).check()
    page.get_by_label("What do you want to involve people in?").fill("The centre's groups")
    page.get_by_label("Why do you want to involve them?").fill("Attendance has fallen")
    page.get_by_label("Who do you want to involve?").fill("Women using the centre")
    page.get_by_label("When will it happen?").fill("Monthly, Tuesday mornings")
    page.get_by_label("Where will it happen?").fill("Ground-floor meeting room")
    page.get_by_label("How will you do it?").fill("A monthly forum with a peer chair")
    page.get_by_label("Level of participation it aims for").select_option(label="6. Co-producing")
    assert_accessible(page, "project-add")
    page.get_by_role("button", name="Set up project").click()
    assert page.get_by_role("heading", name="Women's forum 2027").is_visible()
    assert page.get_by_text("Design a poster").first.is_visible()

    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("Outcome", exact=True).fill("Women attend regularly")
    page.get_by_role("radio", name="Recorded by hand").check()
    page.get_by_label("Target number").fill("12")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Add a task").click()
    page.get_by_label("Task", exact=True).fill("Chair the first meeting")
    page.get_by_label("Someone with lived experience").check()
    page.get_by_label("To do").check()
    page.get_by_role("button", name="Save").click()

    for category, what, quantity, cost in [
        ("payments", "Forum members' time", "24", "37.50"),
        ("expenses", "Bus fares", "24", "8"),
    ]:
        page.get_by_role("link", name="Add a budget line").click()
        page.get_by_label("Category").select_option(category)
        page.get_by_label("Description").fill(what)
        page.get_by_label("Quantity").fill(quantity)
        page.get_by_label("Cost of each (£)").fill(cost)
        page.get_by_role("button", name="Save").click()
    assert page.get_by_text("£1,092.00").is_visible()
    page.get_by_role("button", name="Add the common risks to consider").click()
    assert page.get_by_text("Professional boundaries become unclear").first.is_visible()
    assert_accessible(page, "project-detail")


def test_coordinator_plans_a_project(page, live_server, demo):
    sign_in(page, live_server.url, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")
    plan_project(page, live_server.url)


def _download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    return open(info.value.path(), "rb").read()


def test_coordinator_plans_recruits_and_moves_people_through_the_pipeline(page, live_server, demo):
    import io

    from docx import Document

    sign_in(page, live_server.url, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")
    plan_project(page, live_server.url)

    # A role description for the project, downloaded as PDF and DOCX.
    page.get_by_role("link", name="Recruitment", exact=True).click()
    assert_accessible(page, "recruitment")
    page.get_by_role("link", name="Role descriptions").click()
    page.get_by_role("button", name="Write a role description").click()
    page.get_by_role("button", name="Save role description").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "role-errors")
    page.get_by_label("Name of the role").fill("Forum chair")
    page.get_by_label("Project it is for").select_option(label="Women's forum 2027")
    page.get_by_label("What the role is about").fill("Chair the monthly women's forum.")
    page.get_by_label("Skills needed").fill("- Listening\n- Keeping to time")
    page.get_by_label("How often").fill("Once a month")
    page.get_by_label("Payment and expenses").fill("£37.50 a meeting plus exact travel costs.")
    page.get_by_role("button", name="Save role description").click()
    assert page.get_by_role("heading", name="Forum chair").is_visible()
    assert_accessible(page, "role-detail")
    pdf = _download(page, "Download as PDF in standard print")
    assert pdf.startswith(b"%PDF")
    document = Document(
        io.BytesIO(_download(page, "Download as a Word document (DOCX) in large print"))
    )
    assert any(
        p.text == "Forum chair" and p.style.name.startswith("Heading") for p in document.paragraphs
    )

    # Open an opportunity and record three enquiries by different channels.
    page.get_by_role("link", name="Open an opportunity for this role").click()
    page.get_by_role("button", name="Open the opportunity").click()
    assert page.get_by_role("heading", name="Forum chair").first.is_visible()
    opportunity_url = page.url
    for name, channel in [
        ("Ruth Enquirer", "Key worker"),
        ("Sade Enquirer", "Poster"),
        ("Tina Enquirer", "Word of mouth"),
    ]:
        page.get_by_role("link", name="Add someone who is interested").click()
        page.get_by_label("Their preferred name").fill(name)
        page.get_by_label("Phone number").fill("07700 900" + str(100 + len(name)))
        page.get_by_label(channel, exact=True).check()
        page.get_by_role("button", name="Add to the pipeline").click()
        page.wait_for_url(opportunity_url)
    assert_accessible(page, "opportunity-three-enquiries")

    # Move them through the pipeline: one to active, one on to terms, one withdraws.
    def move(person, stage_label, reason=""):
        page.get_by_role("link", name=f"Move on with {person}").click()
        page.get_by_label(stage_label).check()
        if reason:
            page.get_by_label("Reason").fill(reason)
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(opportunity_url)

    for person, stages in [
        ("Ruth Enquirer", ["Information session", "Terms agreed", "Active"]),
        ("Sade Enquirer", ["Information session", "Terms agreed"]),
    ]:
        for stage in stages:
            move(person, stage)
    move("Tina Enquirer", "Withdrew", reason="Started a new job")
    assert_accessible(page, "opportunity-pipeline")
    page.get_by_role("link", name="Find people who might be a good fit").click()
    assert_accessible(page, "matches")

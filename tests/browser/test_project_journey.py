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

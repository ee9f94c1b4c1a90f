"""Training and support in a real browser: from a person's page record what they said they
need, a course completed, a mentor and a supervision note; a form with errors; the overview,
catalogue (adding the starter courses) and staff pages; the notes from a coordinator's own
supervision. Every page passes axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scope

from tests.browser.conftest import assert_accessible
from tests.factories import OrganisationFactory, member
from withus.people.models import Participant
from withus.support.models import (
    Completion,
    StaffSupervisionNote,
    SupervisionNote,
    SupportArrangement,
    TrainingNeed,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


@pytest.fixture
def setup(transactional_db):
    org = OrganisationFactory(name="Support Test Centre", slug="support-test")
    alice = member(org, "coordinator", "alice@support.example")
    alice.full_name = "Alice Coordinator"
    alice.save()
    with scope(organisation=org):
        dee = Participant.objects.create(organisation=org, preferred_name="Dee", status="active")
        StaffSupervisionNote.objects.create(
            organisation=org,
            staff=alice,
            met_on=dt.date(2026, 3, 3),
            went_well="The forum set its own agenda.",
            training_agreed="Group facilitation for staff.",
            written_by=member(org, "admin", "admin@support.example"),
        )
    return {"org": org, "dee": dee, "alice": alice}


def test_training_and_support_journey(page, live_server, setup):  # noqa: F811
    base = live_server.url
    dee = setup["dee"]
    support = f"{base}/o/support-test/support"

    page.goto(base + "/")
    page.get_by_label("Email").fill("alice@support.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/o/support-test/")

    page.goto(f"{support}/")
    assert page.get_by_role("heading", name="Training and support").is_visible()
    assert_accessible(page, "support-home")
    page.goto(f"{support}/courses/")
    assert page.get_by_text("Confidence and assertiveness").is_visible()
    assert_accessible(page, "support-courses-starters")
    page.get_by_role("button", name="Add the starter courses").click()
    page.wait_for_url("**/support/courses/")
    assert page.get_by_text("The starter courses are in your catalogue").is_visible()
    assert_accessible(page, "support-courses")

    page.goto(f"{support}/people/{dee.pk}/")
    assert_accessible(page, "support-person-empty")

    # What Dee said she needs: a form with a mistake first.
    page.get_by_role("link", name="Record what they said they need").click()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "support-need-errors")
    page.get_by_label("What they said they need").fill("Help to speak up at the forum")
    page.get_by_label("Confidence and assertiveness").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/support/people/{dee.pk}/")

    page.get_by_role("link", name="Record training completed").click()
    page.get_by_label("Course").select_option(label="Confidence and assertiveness")
    page.get_by_label("Who ran it").fill("Our centre")
    page.get_by_label("They received a certificate").check()
    assert_accessible(page, "support-completion-form")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/support/people/{dee.pk}/")

    page.get_by_role("link", name="Arrange support").click()
    page.get_by_label("Mentoring").check()
    page.get_by_label("Who gives it").fill("Jo")
    assert_accessible(page, "support-arrangement-form")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/support/people/{dee.pk}/")
    assert page.get_by_text("Help to speak up at the forum").is_visible()
    assert page.get_by_text("Jo, every month").is_visible()
    assert_accessible(page, "support-person-filled")

    page.get_by_role("link", name="Add a supervision note").click()
    page.get_by_role("link", name="Add a supervision note").click()
    page.get_by_label("Their involvement role").fill("Forum member")
    page.get_by_label("Notes").fill("Spoke up about the waiting room. Wants more practice.")
    assert_accessible(page, "support-note-form")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/support/people/{dee.pk}/supervision/")
    assert page.get_by_text("Spoke up about the waiting room").is_visible()
    assert_accessible(page, "support-notes")

    page.goto(f"{support}/staff/")
    assert_accessible(page, "support-staff")
    page.get_by_role("link", name="Alice Coordinator").click()
    assert_accessible(page, "support-staff-person")
    # Alice reads the notes from her own supervision (she cannot change them).
    page.get_by_role("link", name="Read supervision notes").click()
    page.wait_for_url(f"**/support/staff/{setup['alice'].pk}/supervision/")
    assert page.get_by_text("The forum set its own agenda.").is_visible()
    assert page.get_by_role("link", name="Add a supervision note").count() == 0
    assert_accessible(page, "support-staff-notes")

    with scope(organisation=setup["org"]):
        assert TrainingNeed.objects.get().courses.get().key == "confidence"
        assert Completion.objects.get().certificate
        assert SupportArrangement.objects.get().kind == "mentor"
        assert SupervisionNote.objects.get().role == "Forum member"

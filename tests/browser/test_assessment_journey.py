"""Issue 9's self-assessment journey in a real browser: a coordinator completes a
self-assessment twice, with people with lived experience taking part, and sees the change."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import assert_accessible
from tests.browser.test_staff_journeys import sign_in
from withus.pages.templatetags.withus_format import nice_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PIECES = ["Culture", "Practice", "Structure", "Review"]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)
    # The demo's own two rounds (idempotent: harmless once seed_demo calls it too).
    from django_scopes import scope

    from withus.accounts.models import User
    from withus.demo.assessment import seed_assessment
    from withus.orgs.models import Organisation

    org = Organisation.objects.get(slug="eastfield")
    with scope(organisation=org):
        seed_assessment(org, actor=User.objects.get(email="alice@eastfield.example"))


def _iso(day: dt.date) -> str:
    return day.isoformat()


def complete_round(page, base, *, held_on, levels, now, target, check=False):
    page.goto(base + "/o/eastfield/self-assessment/")
    page.get_by_role("link", name="Start a self-assessment").click()
    page.get_by_label("Date of the assessment").fill(held_on)
    page.get_by_role("group", name="Staff who took part").get_by_role("checkbox").first.check()
    people = page.get_by_role("group", name="People with lived experience who took part")
    people.get_by_role("checkbox").first.check()
    people.get_by_role("checkbox").nth(1).check()
    if check:
        assert_accessible(page, "assessment-start")
    page.get_by_role("button", name="Start").click()

    for piece in PIECES:
        assert page.get_by_role("heading", name=piece).is_visible()
        radios = page.locator(f'input[type="radio"][value="{levels[piece]}"]')
        for i in range(radios.count()):
            radios.nth(i).check()
        page.get_by_label("Evidence for statement 1").fill(f"{piece}: what we saw this time")
        if check and piece == "Culture":
            assert_accessible(page, "assessment-rate")
        page.get_by_role("button", name="Save and continue").click()

    assert page.get_by_role("heading", name="Ladder of participation").is_visible()
    page.get_by_role("group", name="Where is the organisation now?").get_by_label(
        f"{now}.", exact=False
    ).first.check()
    page.get_by_role("group", name="Where does it want to be?").get_by_label(
        f"{target}.", exact=False
    ).first.check()
    if check:
        assert_accessible(page, "assessment-ladder")
    page.get_by_role("button", name="Save and continue").click()

    assert page.get_by_role("heading", name="Projects on the ladder").is_visible()
    selects = page.locator("select")
    for i in range(selects.count()):
        selects.nth(i).select_option(index=now)
    if check:
        assert_accessible(page, "assessment-projects")
    page.get_by_role("button", name="Save and continue").click()

    assert page.get_by_role("heading", name="Self-assessment,", exact=False).is_visible()
    if check:
        assert_accessible(page, "assessment-detail")
    page.get_by_role("button", name="Finish the self-assessment").click()
    assert page.get_by_role("heading", name="Self-assessment", exact=True).is_visible()


def test_coordinator_completes_a_self_assessment_twice_and_sees_the_change(page, live_server, demo):
    today = timezone.localdate()
    # After the demo's rounds (the latest is 90 days ago), so these two are the last two.
    first_day, second_day, due = (
        today - dt.timedelta(days=30),
        today - dt.timedelta(days=2),
        today + dt.timedelta(days=30),
    )
    sign_in(page, live_server.url, "alice@eastfield.example")
    page.wait_for_url("**/o/eastfield/")
    # The menu's "Improve" page is the way in to self-assessment, the adviser and the documents.
    page.get_by_role("link", name="Improve", exact=True).click()
    assert page.get_by_role("heading", name="Improve how you involve people").is_visible()
    assert page.get_by_text("Last finished:").is_visible()
    assert_accessible(page, "improve")
    page.get_by_role("link", name="Self-assessment", exact=True).click()
    assert page.get_by_role("heading", name="Change over time").is_visible()
    assert_accessible(page, "assessment-index")

    first = {"Culture": 1, "Practice": 1, "Structure": 0, "Review": 0}
    complete_round(
        page, live_server.url, held_on=_iso(first_day), levels=first, now=3, target=6, check=True
    )
    second = {"Culture": 2, "Practice": 3, "Structure": 1, "Review": 2}
    complete_round(page, live_server.url, held_on=_iso(second_day), levels=second, now=4, target=6)

    # The change chart: a real image, with the same numbers in a table next to it.
    chart = page.get_by_role("img", name="Bar chart. The jigsaw", exact=False)
    assert chart.is_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    alt = chart.get_attribute("alt")
    assert f"{first_day:%d %b %Y}: Culture 33" in alt
    assert f"{second_day:%d %b %Y}: Culture 67, Practice 100" in alt
    ladder = page.get_by_role("img", name="Bar chart. Ladder of participation", exact=False)
    assert ladder.evaluate("img => img.complete && img.naturalWidth > 0")
    table = page.get_by_role("table").filter(has_text="The same numbers as the charts")
    rows = table.locator("tbody tr")
    assert nice_date(first_day) in rows.nth(rows.count() - 2).inner_text()
    latest = rows.last.inner_text()
    assert nice_date(second_day) in latest
    assert "67%" in latest and "100%" in latest  # culture 2 of 3; practice fully
    assert "up 34" in latest and "up 67" in latest
    assert_accessible(page, "assessment-change")

    # An action for the weakest piece, owned by a member of staff, due in a month.
    page.get_by_role("link", name=nice_date(second_day)).first.click()
    assert page.get_by_text("Structure is the weakest piece of the jigsaw").is_visible()
    page.get_by_role(
        "link", name="Plan an action for: We have a written involvement strategy", exact=False
    ).click()
    page.get_by_label("Action", exact=True).fill("Draft the strategy with forum members")
    page.get_by_label("Member of staff who owns it").select_option(index=1)
    page.get_by_label("Due by").fill(_iso(due))
    page.get_by_label("To do").check()
    assert_accessible(page, "assessment-action")
    page.get_by_role("button", name="Save action").click()
    cell = page.get_by_role("cell", name="Draft the strategy with forum members Structure")
    assert cell.is_visible()
    # The round is finished: a record whose ratings are read-only, while its actions are tasks.
    assert page.locator("#finished-read-only").is_visible()
    assert page.get_by_role("link", name="Rate the culture statements").count() == 0
    detail_url = page.url
    page.goto(detail_url.split("?")[0].rstrip("/") + "/rate/culture/")
    assert page.locator("#finished-read-only").is_visible()
    assert page.get_by_role("button", name="Save and continue").count() == 0
    assert page.locator("input[type=radio]:not([disabled])").count() == 0
    assert_accessible(page, "assessment-rate-finished")
    page.goto(detail_url)
    page.get_by_role("link", name="Back to self-assessment").click()
    page.get_by_role("link", name="The whole action plan").click()
    assert page.get_by_text(nice_date(due)).first.is_visible()
    assert page.get_by_text("Draft the strategy with forum members").first.is_visible()
    assert_accessible(page, "assessment-action-plan")

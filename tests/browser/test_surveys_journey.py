"""Surveys in the browser: a participant answers event feedback through their personal link on a
phone (a mistake first, then a good answer, then the link again), and a coordinator reads the
results, with the small numbers hidden. axe-core on every page."""

import pytest
from django.test import Client
from django_scopes import scope
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.events.builders import make_event
from tests.factories import OrganisationFactory, member
from tests.surveys.builders import respond
from withus.people.models import Participant
from withus.surveys import services
from withus.surveys.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_by_link_then_read_the_results(phone_page, page, live_server):
    org = OrganisationFactory(name="Org A Women's Centre", slug="org-a")
    alice = member(org, "coordinator", "alice@a.example")
    jo = Participant.unscoped.create(organisation=org, preferred_name="Jo", status="active")
    event = make_event(org, title="Women's forum")
    with scope(organisation=org):
        survey, _ = services.event_feedback(event=event, actor=alice)
        tokens = []
        services.invites_send(
            survey=survey,
            participants=[jo],
            link_for=lambda token: tokens.append(token) or token,
            actor=alice,
        )

    link = live_server.url + f"/s/{tokens[0]}/"
    phone_page.goto(link)
    assert_accessible(phone_page, "survey-public-answer")
    phone_page.get_by_role("button", name="Send my answers").click()
    expect(phone_page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(phone_page, "survey-public-error")
    phone_page.get_by_label("4", exact=True).first.check()
    phone_page.get_by_label("Yes").check()
    phone_page.get_by_role("button", name="Send my answers").click()
    expect(phone_page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(phone_page, "survey-public-done")
    phone_page.goto(link)
    expect(phone_page.get_by_text("You have already answered, thank you")).to_be_visible()
    with scope(organisation=org):
        assert Response.objects.filter(survey=survey).count() == 1

    for i in range(6):
        respond(survey, {1: 4 + (i % 2), 2: 1, 3: 3, 4: f"More biscuits {i}"})
    client = Client()
    client.force_login(alice)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    base = live_server.url + "/o/org-a/surveys/"
    page.goto(base)
    expect(page.get_by_role("link", name=survey.title, exact=True)).to_be_visible()
    assert_accessible(page, "survey-list")
    page.goto(base + f"{survey.pk}/")
    assert_accessible(page, "survey-detail")
    page.goto(base + f"{survey.pk}/results/")
    expect(page.get_by_role("heading", name="Answers to each question")).to_be_visible()
    # 7 answers in all; the few who chose some options are shown as "fewer than 5".
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    assert_accessible(page, "survey-results")
    page.goto(base + f"{survey.pk}/send/")
    assert_accessible(page, "survey-send")
    page.goto(base + "add/")
    assert_accessible(page, "survey-add")

"""Fixes from review: no raw hidden counts, day-only times for anonymous answers, attendees
first, and tampered ids are a form error."""

import re
import zoneinfo

import pytest
from django.urls import reverse
from django_scopes import scope

from tests.events.builders import invite, make_event
from tests.surveys.builders import make_survey, respond
from withus.audit.models import AuditEvent
from withus.messaging.models import Message
from withus.people.models import Participant
from withus.surveys import selectors
from withus.surveys.models import Response, SurveyInvite

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"text": "How was it?", "kind": "scale"},
    {"text": "Listened to?", "kind": "yes_no"},
    {"text": "What helped?", "kind": "multiple", "options": ["Tea", "Bus fare"]},
]


def url(world, name, **kw):
    return reverse(f"surveys:{name}", kwargs={"org_slug": world.org_a.slug, **kw})


def test_results_never_print_a_hidden_count(client, world):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open")
    for _ in range(3):
        respond(survey, {1: 4, 2: 1, 3: ["Tea"]})
    client.force_login(world.bob)
    page = client.get(url(world, "results", pk=survey.pk)).content.decode()
    assert "fewer than 5" in page
    text = re.sub(r"<[^>]+>", " ", page)
    text = re.sub(r"\s+", " ", text)
    assert "Answered by 3" not in text
    assert "answered: 3" not in text
    assert "3: fewer" not in text
    assert " 3 people" not in text and " 3 answered" not in text


def test_secondary_hidden_count_is_not_printed(client, world):
    # 2 say "no" (primary), so the 9 "yes" is hidden too; its value must not appear.
    survey = make_survey(world.org_a, questions=[{"text": "Listened to?", "kind": "yes_no"}])
    survey.status = "open"
    survey.save()
    for i in range(11):
        respond(survey, {1: 0 if i < 2 else 1})
    client.force_login(world.bob)
    page = client.get(url(world, "results", pk=survey.pk)).content.decode()
    assert "hidden" in page
    assert ">9<" not in page.replace(" ", "")


def _answer_by_link(client, world, people, survey):
    client.force_login(world.alice)
    r = client.post(
        reverse("surveys:send", kwargs={"org_slug": world.org_a.slug, "pk": survey.pk}),
        {"participants": [people["jo"].pk]},
    )
    assert r.status_code == 302
    with scope(organisation=world.org_a):
        message = Message.objects.get(participant=people["jo"], related_id=str(survey.pk))
        q = survey.questions.order_by("position").first()
    client.logout()
    link = re.search(r"/s/([A-Za-z0-9_\-]+)/", message.body).group(0)
    with scope(organisation=world.org_a):
        before = AuditEvent.objects.count()
        messages_before = Message.objects.count()
    r = client.post(link, {f"q{q.pk}": "4"})
    assert r.status_code == 200
    return before, messages_before


def _is_midnight_locally(value, tz_name):
    local = value.astimezone(zoneinfo.ZoneInfo(tz_name))
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def test_anonymous_answer_times_are_kept_to_the_day_only(client, world, people):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open", anonymous=True)
    audit_before, messages_before = _answer_by_link(client, world, people, survey)
    with scope(organisation=world.org_a):
        response = Response.objects.get(survey=survey)
        invite_row = SurveyInvite.objects.get(survey=survey)
    tz = world.org_a.timezone
    assert response.participant is None
    assert invite_row.answered_at is not None
    assert _is_midnight_locally(invite_row.answered_at, tz)
    assert _is_midnight_locally(response.submitted_at, tz)
    assert invite_row.answered_at == response.submitted_at
    # Nothing else written at the moment of answering pins the time to the person.
    with scope(organisation=world.org_a):
        assert AuditEvent.objects.count() == audit_before
        assert Message.objects.count() == messages_before


def test_named_answer_times_stay_exact(client, world, people):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open", anonymous=False)
    _answer_by_link(client, world, people, survey)
    with scope(organisation=world.org_a):
        invite_row = SurveyInvite.objects.get(survey=survey)
    # Not anonymous: the exact time is useful and gives nothing away.
    assert invite_row.answered_at is not None


def test_attendees_of_the_event_come_first(world):
    event = make_event(world.org_a)
    with scope(organisation=world.org_a):
        names = ["Aaron", "Bea", "Zed", "Yusuf"]
        made = {
            n: Participant.objects.create(organisation=world.org_a, preferred_name=n) for n in names
        }
    invite(event, made["Zed"], attendance="attended")
    invite(event, made["Yusuf"], attendance="late")
    invite(event, made["Bea"], attendance="no_show")
    survey = make_survey(world.org_a, event=event)
    with scope(organisation=world.org_a):
        order = [p.preferred_name for p in selectors.participants_to_invite(survey)]
    ours = [n for n in order if n in names]
    assert ours[:2] == ["Yusuf", "Zed"]
    assert ours[2:] == ["Aaron", "Bea"]


def test_without_an_event_everyone_in_name_order(world):
    survey = make_survey(world.org_a)
    with scope(organisation=world.org_a):
        order = [p.preferred_name for p in selectors.participants_to_invite(survey)]
    assert order == sorted(order, key=str.casefold) or order == sorted(order)


@pytest.mark.parametrize("bad", ["99999999999999999999999", "-1", "abc"])
def test_send_with_a_huge_id_is_a_form_error(client, world, people, bad):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open")
    client.force_login(world.alice)
    r = client.post(url(world, "send", pk=survey.pk), {"participants": [bad]})
    assert r.status_code == 200
    assert "govuk-error-summary" in r.content.decode()


def test_paper_entry_with_a_huge_person_id_is_a_form_error(client, world):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open", anonymous=False)
    client.force_login(world.alice)
    with scope(organisation=world.org_a):
        q = survey.questions.order_by("position").first()
    r = client.post(
        url(world, "enter_paper", pk=survey.pk),
        {"participant": "99999999999999999999999", f"q{q.pk}": "3"},
    )
    assert r.status_code == 200
    assert "govuk-error-summary" in r.content.decode()


def test_new_survey_with_huge_project_or_event_id_is_a_form_error(client, world):
    client.force_login(world.alice)
    for name in ("project", "event"):
        r = client.post(
            url(world, "add"),
            {"title": "Huge", "audience": "participants", name: "99999999999999999999999"},
        )
        assert r.status_code == 200, name

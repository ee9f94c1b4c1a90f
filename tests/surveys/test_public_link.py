"""Sending personal links and answering through them, without signing in."""

import re

import pytest
from django.urls import reverse
from django_scopes import scope

from tests.events.builders import invite, make_event
from tests.surveys.builders import make_survey
from withus.messaging.models import Message
from withus.surveys import services
from withus.surveys.analysis import respondent_key_for
from withus.surveys.models import Answer, Response, SurveyInvite

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"text": "How was it?", "kind": "scale", "required": True},
    {"text": "Listened to?", "kind": "yes_no"},
    {"text": "What helped?", "kind": "multiple", "options": ["Tea", "Bus fare"]},
    {"text": "Anything else?", "kind": "text"},
]


def send_url(world, survey):
    return reverse("surveys:send", kwargs={"org_slug": world.org_a.slug, "pk": survey.pk})


def _link(message: Message) -> str:
    match = re.search(r"/s/([A-Za-z0-9_\-]+)/", message.body)
    assert match, message.body
    return match.group(0)


def _sent_link(client, world, people, survey, who="jo"):
    client.force_login(world.alice)
    r = client.post(send_url(world, survey), {"participants": [people[who].pk]})
    assert r.status_code == 302
    with scope(organisation=world.org_a):
        message = Message.objects.get(participant=people[who], related_id=str(survey.pk))
    client.logout()
    return _link(message)


def test_send_creates_a_message_and_a_hashed_token(client, world, people):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open")
    client.force_login(world.alice)
    r = client.post(send_url(world, survey), {"participants": [people["jo"].pk, people["sam"].pk]})
    assert r.status_code == 302
    with scope(organisation=world.org_a):
        invites = {i.participant_id: i for i in SurveyInvite.objects.filter(survey=survey)}
        jo_message = Message.objects.get(participant=people["jo"])
        sam_message = Message.objects.get(participant=people["sam"])
    assert set(invites) == {people["jo"].pk, people["sam"].pk}
    assert jo_message.status != Message.Status.NOT_SENT
    assert sam_message.status == Message.Status.NOT_SENT  # Sam has not agreed to be contacted
    link = _link(jo_message)
    token = link.split("/")[2]
    assert invites[people["jo"].pk].token_hash == services.hash_token(token)
    assert token not in invites[people["jo"].pk].token_hash
    # Sending again makes no second invite or message.
    client.post(send_url(world, survey), {"participants": [people["jo"].pk]})
    with scope(organisation=world.org_a):
        assert SurveyInvite.objects.filter(survey=survey).count() == 2
        assert Message.objects.filter(participant=people["jo"]).count() == 1


def test_event_feedback_send_ticks_the_people_who_came(client, world, people):
    event = make_event(world.org_a, title="Forum")
    invite(event, people["jo"], attendance="attended")
    invite(event, people["sam"], attendance="no_show")
    with scope(organisation=world.org_a):
        survey, _ = services.event_feedback(event=event, actor=world.alice)
    client.force_login(world.alice)
    r = client.get(send_url(world, survey))
    form = r.context["form"]
    assert list(form.initial["participants"]) == [people["jo"].pk]
    other = people["bo"]
    r = client.post(send_url(world, survey), {"participants": [other.pk]})
    assert r.status_code == 200 and b"There is a problem" in r.content  # not in this org


def test_cannot_send_for_a_draft(client, world, people):
    survey = make_survey(world.org_a, questions=QUESTIONS)
    client.force_login(world.alice)
    r = client.post(send_url(world, survey), {"participants": [people["jo"].pk]})
    assert r.status_code == 200 and b"Open the survey" in r.content


def test_answering_through_the_link(client, world, people):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open", anonymous=True)
    link = _sent_link(client, world, people, survey)
    page = client.get(link)
    assert page.status_code == 200
    assert b"How was it?" in page.content and b"Sign out" not in page.content
    assert page["Referrer-Policy"] == "same-origin"
    # Missing a required answer: explained, nothing saved.
    r = client.post(link, {"q_none": "1"})
    assert r.status_code == 200 and b"There is a problem" in r.content
    with scope(organisation=world.org_a):
        questions = list(survey.questions.all())
    data = {
        f"q{questions[0].pk}": "4",
        f"q{questions[1].pk}": "yes",
        f"q{questions[2].pk}": ["Tea", "Bus fare"],
        f"q{questions[3].pk}": "More buses",
    }
    r = client.post(link, data)
    assert r.status_code == 200 and b"Thank you" in r.content
    with scope(organisation=world.org_a):
        response = Response.objects.get(survey=survey)
        answers = {a.question_id: a for a in Answer.objects.filter(response=response)}
        invite_row = SurveyInvite.objects.get(survey=survey)
    assert response.participant is None  # anonymous
    assert response.respondent_key == "" and response.source == "link"
    assert answers[questions[0].pk].number == 4 and answers[questions[1].pk].number == 1
    assert answers[questions[2].pk].choices == ["Tea", "Bus fare"]
    assert answers[questions[3].pk].text == "More buses"
    assert invite_row.answered_at is not None
    # Second use.
    again = client.get(link)
    assert b"You have already answered, thank you" in again.content
    client.post(link, data)
    with scope(organisation=world.org_a):
        assert Response.objects.filter(survey=survey).count() == 1


def test_before_survey_keeps_the_respondent_key_even_when_anonymous(client, world, people):
    survey = make_survey(
        world.org_a,
        kind="before",
        anonymous=True,
        status="open",
        questions=[{"text": "Confident?", "kind": "scale", "pair_key": "c"}],
    )
    link = _sent_link(client, world, people, survey)
    with scope(organisation=world.org_a):
        q = survey.questions.get()
    client.post(link, {f"q{q.pk}": "2"})
    with scope(organisation=world.org_a):
        response = Response.objects.get(survey=survey)
    assert response.participant is None
    assert response.respondent_key == respondent_key_for(people["jo"], survey)


def test_named_survey_keeps_the_person(client, world, people):
    survey = make_survey(world.org_a, questions=QUESTIONS[:1], status="open", anonymous=False)
    link = _sent_link(client, world, people, survey)
    with scope(organisation=world.org_a):
        q = survey.questions.get()
    client.post(link, {f"q{q.pk}": "5"})
    with scope(organisation=world.org_a):
        assert Response.objects.get(survey=survey).participant == people["jo"]


def test_closed_survey_says_so_kindly(client, world, people):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open")
    link = _sent_link(client, world, people, survey)
    survey.status = "closed"
    survey.save()
    r = client.get(link)
    assert r.status_code == 200 and b"This survey has closed" in r.content
    r = client.post(link, {})
    assert b"This survey has closed" in r.content
    with scope(organisation=world.org_a):
        assert not Response.objects.filter(survey=survey).exists()


def test_unknown_token_is_404(client, world):
    assert client.get("/s/not-a-real-token/").status_code == 404
    assert client.post("/s/not-a-real-token/").status_code == 404


def test_other_organisations_link_only_reaches_its_own_survey(client, world, people):
    ours = make_survey(world.org_a, questions=QUESTIONS[:1], status="open")
    theirs = make_survey(world.org_b, questions=QUESTIONS[:1], status="open", title="Org B one")
    link = _sent_link(client, world, people, ours)
    page = client.get(link)
    assert b"Org B one" not in page.content
    with scope(organisation=world.org_b):
        q = theirs.questions.get()
    # Posting org B's question ids to org A's link records nothing against org B.
    client.post(link, {f"q{q.pk}": "3"})
    with scope(organisation=world.org_b):
        assert not Response.objects.filter(survey=theirs).exists()


def test_link_is_csrf_protected(world, people, client):
    from django.test import Client

    survey = make_survey(world.org_a, questions=QUESTIONS[:1], status="open")
    link = _sent_link(client, world, people, survey)
    strict = Client(enforce_csrf_checks=True)
    with scope(organisation=world.org_a):
        q = survey.questions.get()
    assert strict.post(link, {f"q{q.pk}": "3"}).status_code == 403
    # The refused post recorded nothing and did not use up the link.
    with scope(organisation=world.org_a):
        assert not Response.objects.filter(survey=survey).exists()
        assert SurveyInvite.objects.get(survey=survey).answered_at is None


def test_past_its_closing_date_the_link_says_closed(client, world, people):
    import datetime as dt

    survey = make_survey(world.org_a, questions=QUESTIONS, status="open")
    link = _sent_link(client, world, people, survey)
    survey.closes_on = dt.date.today() - dt.timedelta(days=2)
    survey.save()
    assert b"This survey has closed" in client.get(link).content

"""The survey builder: making surveys, questions only while a draft, pairs, event feedback."""

import pytest
from django.urls import reverse
from django_scopes import scope

from tests.events.builders import make_event
from tests.surveys.builders import make_survey
from withus.surveys.models import Question, Survey

pytestmark = pytest.mark.django_db


def url(world, name, **kw):
    return reverse(f"surveys:{name}", kwargs={"org_slug": world.org_a.slug, **kw})


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def test_make_a_survey_and_add_questions(alice, world):
    response = alice.post(
        url(world, "add"),
        {
            "title": "Forum check-in",
            "intro": "Two minutes",
            "audience": "participants",
            "kind": "general",
            "anonymous": "on",
        },
    )
    with scope(organisation=world.org_a):
        survey = Survey.objects.get(title="Forum check-in")
    assert response.status_code == 302
    assert survey.created_by == world.alice and survey.status == "draft" and survey.anonymous
    r = alice.post(
        url(world, "question_add", pk=survey.pk),
        {
            "text": "Which day suits you?",
            "kind": "single",
            "options_text": "Monday\n\nTuesday\n",
            "scale_low": "x",
            "scale_high": "y",
        },
    )
    assert r.status_code == 302
    alice.post(
        url(world, "question_add", pk=survey.pk),
        {
            "text": "How was it?",
            "kind": "scale",
            "scale_low": "Bad",
            "scale_high": "Good",
            "required": "on",
        },
    )
    with scope(organisation=world.org_a):
        first, second = Question.objects.filter(survey=survey)
    assert first.options == ["Monday", "Tuesday"] and first.position == 1
    assert second.kind == "scale" and second.required and second.position == 2
    assert second.pair_key == ""  # only a before survey's questions get pair keys
    # Reorder.
    alice.post(
        url(world, "question_move", pk=survey.pk, question_id=second.pk), {"direction": "up"}
    )
    with scope(organisation=world.org_a):
        assert list(Question.objects.filter(survey=survey).values_list("text", flat=True)) == [
            "How was it?",
            "Which day suits you?",
        ]
    # Edit, preview, delete.
    alice.post(
        url(world, "question_edit", pk=survey.pk, question_id=first.pk),
        {
            "text": "Which day is best?",
            "kind": "single",
            "options_text": "Mon\nTue\nWed",
            "scale_low": "a",
            "scale_high": "b",
        },
    )
    preview = alice.get(url(world, "preview", pk=survey.pk))
    assert b"Which day is best?" in preview.content and b"Wed" in preview.content
    alice.post(url(world, "question_delete", pk=survey.pk, question_id=first.pk))
    with scope(organisation=world.org_a):
        assert Question.objects.filter(survey=survey).count() == 1


def test_bad_input_is_explained_on_the_form(alice, world):
    r = alice.post(url(world, "add"), {"title": "", "audience": "x", "kind": "general"})
    assert r.status_code == 200 and b"There is a problem" in r.content
    survey = make_survey(world.org_a)
    r = alice.post(
        url(world, "question_add", pk=survey.pk),
        {
            "text": "Pick",
            "kind": "single",
            "options_text": "Only one",
            "scale_low": "a",
            "scale_high": "b",
        },
    )
    assert r.status_code == 200 and b"at least two options" in r.content


def test_an_after_survey_cannot_be_made_from_the_form(alice, world):
    r = alice.post(
        url(world, "add"),
        {"title": "Sneaky", "audience": "participants", "kind": "after"},
    )
    assert r.status_code == 200
    with scope(organisation=world.org_a):
        assert not Survey.objects.filter(title="Sneaky").exists()


def test_questions_only_change_while_a_draft(alice, world):
    survey = make_survey(world.org_a, questions=[{"text": "Q1", "kind": "yes_no"}])
    with scope(organisation=world.org_a):
        q = Question.objects.get(survey=survey)
    assert alice.post(url(world, "open", pk=survey.pk)).status_code == 302
    survey.refresh_from_db()
    assert survey.status == "open"
    r = alice.get(url(world, "question_add", pk=survey.pk), follow=True)
    assert b"cannot be changed once a survey has been opened" in r.content
    alice.post(
        url(world, "question_edit", pk=survey.pk, question_id=q.pk),
        {"text": "Changed", "kind": "yes_no", "scale_low": "a", "scale_high": "b"},
    )
    alice.post(url(world, "question_delete", pk=survey.pk, question_id=q.pk))
    alice.post(url(world, "question_move", pk=survey.pk, question_id=q.pk), {"direction": "up"})
    q.refresh_from_db()
    assert q.text == "Q1"
    page = alice.get(url(world, "survey", pk=survey.pk))
    assert b"cannot be changed once a survey has been opened" in page.content
    alice.post(url(world, "close", pk=survey.pk))
    survey.refresh_from_db()
    assert survey.status == "closed"


def test_a_survey_without_questions_cannot_open(alice, world):
    survey = make_survey(world.org_a)
    r = alice.post(url(world, "open", pk=survey.pk), follow=True)
    assert b"Add at least one question" in r.content
    survey.refresh_from_db()
    assert survey.status == "draft"


def test_before_survey_questions_get_pair_keys_and_make_after_copies_them(alice, world):
    before = make_survey(world.org_a, kind="before", title="Start")
    for text in ("Confident?", "Know your rights?"):
        alice.post(
            url(world, "question_add", pk=before.pk),
            {"text": text, "kind": "scale", "scale_low": "No", "scale_high": "Yes"},
        )
    r = alice.post(url(world, "make_after", pk=before.pk))
    with scope(organisation=world.org_a):
        after = Survey.objects.get(before=before)
        before_keys = list(Question.objects.filter(survey=before).values_list("pair_key", "text"))
        after_keys = list(Question.objects.filter(survey=after).values_list("pair_key", "text"))
    assert r.url == url(world, "survey", pk=after.pk)
    assert after.kind == "after" and after.status == "draft"
    assert all(k for k, _ in before_keys) and before_keys == after_keys
    # A second click goes to the same after survey.
    alice.post(url(world, "make_after", pk=before.pk))
    with scope(organisation=world.org_a):
        assert Survey.objects.filter(before=before).count() == 1


def test_event_feedback_in_one_click_is_idempotent(alice, world):
    event = make_event(world.org_a, title="Forum")
    r = alice.post(url(world, "event_feedback", pk=event.pk))
    with scope(organisation=world.org_a):
        survey = Survey.objects.get(event=event)
        texts = list(Question.objects.filter(survey=survey).values_list("kind", flat=True))
    assert r.status_code == 302 and r.url == url(world, "survey", pk=survey.pk)
    assert survey.kind == "event_feedback" and survey.status == "open" and survey.anonymous
    assert texts == ["scale", "yes_no", "scale", "text", "text"]
    again = alice.post(url(world, "event_feedback", pk=event.pk))
    assert again.url == r.url
    with scope(organisation=world.org_a):
        assert Survey.objects.filter(event=event).count() == 1


def test_other_organisations_surveys_and_events_are_404(alice, world):
    theirs = make_survey(world.org_b, questions=[{"text": "Q", "kind": "text"}])
    their_event = make_event(world.org_b)
    assert alice.get(url(world, "survey", pk=theirs.pk)).status_code == 404
    assert alice.get(url(world, "results", pk=theirs.pk)).status_code == 404
    assert alice.post(url(world, "event_feedback", pk=their_event.pk)).status_code == 404


def test_list_query_count_does_not_grow(alice, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_survey(world.org_a, title="One", questions=[{"text": "Q", "kind": "text"}])
    with CaptureQueriesContext(connection) as one:
        assert alice.get(url(world, "list")).status_code == 200
    event = make_event(world.org_a)
    for i in range(22):
        make_survey(
            world.org_a, title=f"S{i}", event=event, questions=[{"text": "Q", "kind": "text"}]
        )
    with CaptureQueriesContext(connection) as many:
        r = alice.get(url(world, "list"))
    assert b"S21" in r.content
    assert len(many) == len(one)


def test_once_open_only_the_wording_can_change(alice, world):
    survey = make_survey(
        world.org_a, questions=[{"text": "Q", "kind": "text"}], status="open", anonymous=True
    )
    alice.post(
        url(world, "edit", pk=survey.pk),
        {"title": "New title", "intro": "New intro", "audience": "staff", "kind": "before"},
    )
    survey.refresh_from_db()
    assert survey.title == "New title" and survey.intro == "New intro"
    assert survey.anonymous and survey.audience == "participants" and survey.kind == "general"

"""Paper entry, the results page, the spreadsheet, and free text into "you said, we did"."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from tests.surveys.builders import make_survey, respond
from withus.people.models import Participant
from withus.surveys.models import Response
from withus.voice.models import Contribution

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"text": "How was it?", "kind": "scale"},
    {"text": "Listened to?", "kind": "yes_no"},
    {"text": "=Which day?", "kind": "single", "options": ["=Monday", "Tuesday"]},
    {"text": "Anything else?", "kind": "text"},
]


def url(world, name, **kw):
    return reverse(f"surveys:{name}", kwargs={"org_slug": world.org_a.slug, **kw})


def test_paper_entry_records_who_typed_it(client, world, people):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open", anonymous=False)
    client.force_login(world.alice)
    page = client.get(url(world, "enter_paper", pk=survey.pk))
    assert b"Whose answers are these?" in page.content
    with scope(organisation=world.org_a):
        q = list(survey.questions.all())
    r = client.post(
        url(world, "enter_paper", pk=survey.pk),
        {"participant": people["sam"].pk, f"q{q[0].pk}": "3", f"q{q[3].pk}": "Hot food"},
    )
    assert r.status_code == 302
    with scope(organisation=world.org_a):
        response = Response.objects.get(survey=survey)
        assert response.answers.count() == 2
    assert response.source == "paper" and response.entered_by == world.alice
    assert response.participant == people["sam"]
    # Nothing answered: explained, nothing saved.
    r = client.post(url(world, "enter_paper", pk=survey.pk), {})
    assert r.status_code == 200 and b"Answer at least one question" in r.content


def test_paper_entry_for_an_anonymous_survey_asks_for_no_name(client, world):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open", anonymous=True)
    client.force_login(world.alice)
    page = client.get(url(world, "enter_paper", pk=survey.pk))
    assert b"Whose answers are these?" not in page.content


def test_paper_entry_refused_for_a_draft(client, world):
    survey = make_survey(world.org_a, questions=QUESTIONS)
    client.force_login(world.alice)
    r = client.get(url(world, "enter_paper", pk=survey.pk), follow=True)
    assert b"Open the survey before typing in answers" in r.content


def _filled(world, n=7):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open")
    for i in range(n):
        respond(survey, {1: 4, 2: 1 if i else 0, 3: ["=Monday"], 4: f"=cmd|{i}"})
    return survey


def test_results_suppress_small_counts_and_text_is_for_coordinators(client, world):
    survey = _filled(world)
    client.force_login(world.alice)
    page = client.get(url(world, "results", pk=survey.pk)).content.decode()
    assert "fewer than 5" in page  # the one "No"
    assert "hidden" in page  # "Yes" would give it away
    assert "4.0 out of 5" in page
    assert "=cmd|3" in page and "Add to you said, we did" in page
    client.force_login(world.bob)  # a viewer: aggregates only
    page = client.get(url(world, "results", pk=survey.pk)).content.decode()
    assert "4.0 out of 5" in page and "=cmd|3" not in page
    assert "Add to you said, we did" not in page


def test_results_hide_averages_when_few_answered(client, world):
    survey = _filled(world, n=3)
    client.force_login(world.alice)
    page = client.get(url(world, "results", pk=survey.pk)).content.decode()
    assert "out of 5" not in page and "fewer than 5" in page
    # The real count (3) is never printed beside "fewer than 5".
    assert "Answered by 3" not in page and "3: fewer" not in page
    assert "People who answered: 3" not in page and "answered: 3" not in page
    assert "People who answered: fewer than 5" in page


def test_paired_change_shows_on_the_after_results(client, world):
    from withus.surveys.services import make_after

    before = make_survey(
        world.org_a,
        kind="before",
        questions=[{"text": "Confident?", "kind": "scale", "pair_key": "c"}],
    )
    with scope(organisation=world.org_a):
        after = make_after(before=before, actor=world.alice)
    for i in range(5):
        person = Participant.unscoped.create(organisation=world.org_a, preferred_name=f"P{i}")
        respond(before, {1: 2}, participant=person)
        respond(after, {1: 4}, participant=person)
    client.force_login(world.bob)
    page = client.get(url(world, "results", pk=after.pk)).content.decode()
    assert "What changed between before and after" in page
    assert "+2.0" in page and "100%" in page


def test_results_xlsx_is_aggregates_only_and_neutralised(client, world):
    survey = _filled(world)
    client.force_login(world.alice)
    r = client.get(url(world, "results_xlsx", pk=survey.pk))
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(r.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "'=Which day?" in cells and "'=Monday" in cells
    assert "fewer than 5" in cells
    assert not any(str(c).startswith(("=", "'=cmd")) for c in cells)  # no free text
    client.force_login(world.bob)  # viewers cannot export
    assert client.get(url(world, "results_xlsx", pk=survey.pk)).status_code == 403


def test_free_text_becomes_a_contribution(client, world, people):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open", anonymous=False)
    respond(survey, {4: "Meet somewhere nearer the bus"}, participant=people["jo"])
    client.force_login(world.alice)
    page = client.get(url(world, "results", pk=survey.pk))
    summary = [s for s in page.context["summaries"] if s.question.kind == "text"][0]
    answer_id = summary.text_answers[0][0]
    r = client.post(url(world, "answer_to_contribution", pk=survey.pk, answer_id=answer_id))
    assert r.status_code == 302
    client.post(url(world, "answer_to_contribution", pk=survey.pk, answer_id=answer_id))
    with scope(organisation=world.org_a):
        contribution = Contribution.objects.get(survey=survey)  # a second click adds nothing
        assert contribution.text == "Meet somewhere nearer the bus"
        assert contribution.source == "survey"
        assert list(contribution.contributors.all()) == [people["jo"]]
    # Another organisation's answer id is 404.
    theirs = make_survey(world.org_b, questions=QUESTIONS, status="open")
    their_response = respond(theirs, {4: "Theirs"})
    with scope(organisation=world.org_b):
        their_answer = their_response.answers.get()
    r = client.post(url(world, "answer_to_contribution", pk=theirs.pk, answer_id=their_answer.pk))
    assert r.status_code == 404


def test_results_query_count_does_not_grow_with_answers(client, world):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open")
    respond(survey, {1: 3, 2: 1, 3: ["Tuesday"], 4: "a"})
    client.force_login(world.alice)
    with CaptureQueriesContext(connection) as one:
        client.get(url(world, "results", pk=survey.pk))
    for i in range(25):
        respond(survey, {1: 3, 2: 1, 3: ["Tuesday"], 4: f"b{i}"})
    with CaptureQueriesContext(connection) as many:
        client.get(url(world, "results", pk=survey.pk))
    assert len(many) == len(one)


def test_free_text_from_an_anonymous_survey_stays_anonymous(client, world):
    survey = make_survey(world.org_a, questions=QUESTIONS, status="open", anonymous=True)
    response = respond(survey, {4: "Shorter meetings please"})
    with scope(organisation=world.org_a):
        answer = response.answers.get()
    client.force_login(world.alice)
    client.post(url(world, "answer_to_contribution", pk=survey.pk, answer_id=answer.pk))
    with scope(organisation=world.org_a):
        contribution = Contribution.objects.get(survey=survey)
        assert contribution.anonymous and not contribution.contributors.exists()

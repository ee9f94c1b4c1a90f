"""Staff answer a staff survey while signed in: once, from their dashboard, anonymously when the
survey says so."""

import datetime as dt
import zoneinfo

from django.urls import reverse
from django_scopes import scope

from tests.surveys.builders import make_survey
from withus.surveys.models import Answer, Response, StaffAnswered

LONDON = zoneinfo.ZoneInfo("Europe/London")
QUESTIONS = [
    {"text": "How confident are you involving people?", "kind": "scale"},
    {"text": "Anything else?", "kind": "text"},
]


def _staff_survey(org, **fields):
    fields.setdefault("status", "open")
    return make_survey(
        org, title="Staff involvement survey", audience="staff", questions=QUESTIONS, **fields
    )


def _url(org, survey):
    return reverse("surveys:staff_answer", kwargs={"org_slug": org.slug, "pk": survey.pk})


def _post(client, org, survey, **data):
    with scope(organisation=org):
        ids = [q.pk for q in survey.questions.order_by("position")]
    return client.post(
        _url(org, survey), {f"q{ids[0]}": "4", f"q{ids[1]}": "More training", **data}
    )


def test_a_viewer_answers_once_from_the_dashboard_and_stays_anonymous(client, world):
    survey = _staff_survey(world.org_a, anonymous=True)
    client.force_login(world.bob)  # a viewer: no survey pages, but staff surveys are for everyone
    dashboard = client.get(reverse("orgs:dashboard", kwargs={"org_slug": world.org_a.slug}))
    assert _url(world.org_a, survey) in dashboard.content.decode()

    response = _post(client, world.org_a, survey)
    assert "Thank you" in response.content.decode()
    with scope(organisation=world.org_a):
        saved = Response.objects.get(survey=survey)
        assert saved.source == "staff"
        assert saved.entered_by is None and saved.participant is None
        # Kept to the day only, so it cannot be matched to the moment bob answered.
        assert saved.submitted_at.astimezone(LONDON).time() == dt.time(0)
        assert Answer.objects.filter(response=saved).count() == 2
        assert StaffAnswered.objects.filter(survey=survey, user=world.bob).count() == 1

    again = _post(client, world.org_a, survey)
    assert "You have already answered" in again.content.decode()
    with scope(organisation=world.org_a):
        assert Response.objects.filter(survey=survey).count() == 1
    dashboard = client.get(reverse("orgs:dashboard", kwargs={"org_slug": world.org_a.slug}))
    assert _url(world.org_a, survey) not in dashboard.content.decode()


def test_a_named_staff_survey_keeps_who_answered(client, world):
    survey = _staff_survey(world.org_a, anonymous=False)
    client.force_login(world.alice)
    _post(client, world.org_a, survey)
    with scope(organisation=world.org_a):
        assert Response.objects.get(survey=survey).entered_by == world.alice


def test_participant_surveys_drafts_and_other_organisations_are_not_found(client, world):
    participants = make_survey(
        world.org_a, title="For participants", status="open", questions=QUESTIONS
    )
    draft = _staff_survey(world.org_a, status="draft")
    other = _staff_survey(world.org_b)
    client.force_login(world.alice)
    assert client.get(_url(world.org_a, participants)).status_code == 404
    assert client.get(_url(world.org_a, draft)).status_code == 404
    assert client.get(_url(world.org_a, other)).status_code == 404


def test_a_closed_survey_says_so_and_records_nothing(client, world):
    survey = _staff_survey(world.org_a, status="closed")
    client.force_login(world.alice)
    response = _post(client, world.org_a, survey)
    assert "This survey is closed" in response.content.decode()
    with scope(organisation=world.org_a):
        assert not Response.objects.filter(survey=survey).exists()


def test_an_empty_answer_is_a_form_error(client, world):
    survey = _staff_survey(world.org_a)
    client.force_login(world.alice)
    response = client.post(_url(world.org_a, survey), {})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    with scope(organisation=world.org_a):
        assert not StaffAnswered.objects.filter(survey=survey).exists()


def test_who_answered_an_anonymous_survey_is_not_kept_in_answer_order(client, world):
    """Rows appended in answer order would pair the n-th answerer with the n-th response."""
    survey = _staff_survey(world.org_a, anonymous=True)
    staff = sorted([world.bob, world.alice, world.admin_a], key=lambda u: u.pk, reverse=True)
    for user in staff:  # highest user id answers first
        client.force_login(user)
        assert "Thank you" in _post(client, world.org_a, survey).content.decode()
    with scope(organisation=world.org_a):
        in_row_order = list(
            StaffAnswered.objects.filter(survey=survey).order_by("pk").values_list("user_id")
        )
        assert [u for (u,) in in_row_order] == sorted(u.pk for u in staff)
        assert Response.objects.filter(survey=survey).count() == 3


def test_a_named_staff_survey_keeps_who_answered_on_the_response(client, world):
    survey = _staff_survey(world.org_a, anonymous=False)
    client.force_login(world.bob)
    _post(client, world.org_a, survey)
    with scope(organisation=world.org_a):
        assert Response.objects.get(survey=survey).entered_by == world.bob

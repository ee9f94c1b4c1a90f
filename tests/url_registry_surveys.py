"""URL registry entries for the surveys area (merged into tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE
REPORTS = Capability.VIEW_REPORTS
RESULTS = (PEOPLE, REPORTS)


def _survey(world, title, status="draft", kind="general"):
    from withus.surveys.models import Question, Survey

    survey = Survey.unscoped.filter(organisation=world.org_a, title=title).first()
    if survey is None:
        survey = Survey.unscoped.create(
            organisation=world.org_a, title=title, status=status, kind=kind, anonymous=False
        )
        Question.unscoped.create(
            organisation=world.org_a, survey=survey, text="How was it?", kind="scale", position=1
        )
        Question.unscoped.create(
            organisation=world.org_a, survey=survey, text="Tell us more", kind="text", position=2
        )
    return survey


def _staff_kw(world) -> dict:
    from withus.surveys.models import Survey

    survey = _survey(world, "Walker staff survey", status="open")
    Survey.unscoped.filter(pk=survey.pk).update(audience="staff")
    return {"pk": survey.pk}


def draft_kw(world) -> dict:
    return {"pk": _survey(world, "Walker draft").pk}


def open_kw(world) -> dict:
    return {"pk": _survey(world, "Walker open", status="open").pk}


def _before_kw(world) -> dict:
    return {"pk": _survey(world, "Walker before", kind="before").pk}


def _question_kw(world) -> dict:
    from withus.surveys.models import Question

    survey = _survey(world, "Walker draft")
    return {"pk": survey.pk, "question_id": Question.unscoped.filter(survey=survey).first().pk}


def _answer_kw(world) -> dict:
    from withus.surveys.models import Answer, Question, Response

    survey = _survey(world, "Walker open", status="open")
    question = Question.unscoped.get(survey=survey, kind="text")
    response = Response.unscoped.create(organisation=world.org_a, survey=survey, source="paper")
    answer = Answer.unscoped.create(
        organisation=world.org_a, response=response, question=question, text="More tea"
    )
    return {"pk": survey.pk, "answer_id": answer.pk}


def _event_kw(world) -> dict:
    from tests.url_registry_events import event_kw

    return event_kw(world)


URLS: dict[str, OrgUrl] = {
    "surveys:list": OrgUrl(RESULTS),
    "surveys:add": OrgUrl(PEOPLE),
    # Any member of staff may answer a staff survey.
    "surveys:staff_answer": OrgUrl(None, _staff_kw),
    "surveys:survey": OrgUrl(PEOPLE, draft_kw),
    "surveys:edit": OrgUrl(PEOPLE, draft_kw),
    "surveys:preview": OrgUrl(PEOPLE, draft_kw),
    "surveys:open": OrgUrl(PEOPLE, draft_kw, "post", 302),
    "surveys:close": OrgUrl(PEOPLE, open_kw, "post", 302),
    "surveys:make_after": OrgUrl(PEOPLE, _before_kw, "post", 302),
    "surveys:question_add": OrgUrl(PEOPLE, draft_kw),
    "surveys:question_edit": OrgUrl(PEOPLE, _question_kw),
    "surveys:question_delete": OrgUrl(PEOPLE, _question_kw),
    "surveys:question_move": OrgUrl(PEOPLE, _question_kw, "post", 302),
    "surveys:send": OrgUrl(PEOPLE, open_kw),
    "surveys:enter_paper": OrgUrl(PEOPLE, open_kw),
    "surveys:results": OrgUrl(RESULTS, open_kw),
    "surveys:results_xlsx": OrgUrl(Capability.EXPORT, open_kw),
    "surveys:answer_to_contribution": OrgUrl(PEOPLE, _answer_kw, "post", 302),
    "surveys:event_feedback": OrgUrl(PEOPLE, _event_kw, "post", 302),
}

# URLs outside any organisation (for example a personal survey link), with the reason.
EXEMPT: dict[str, str] = {
    "survey_link:answer": "reached by a secret personal link without signing in; valid, repeat, "
    "closed, unknown-token (404) and other organisations' surveys are tested in "
    "tests/surveys/test_public_link.py",
}

"""Survey builders for tests: rows made directly, inside org scope or not."""

from __future__ import annotations

from withus.surveys.analysis import pair_root, respondent_key_for
from withus.surveys.models import Answer, Question, Response, Survey


def make_survey(org, *, title="Survey", questions=(), **fields) -> Survey:
    survey = Survey.unscoped.create(organisation=org, title=title, **fields)
    for position, spec in enumerate(questions, start=1):
        Question.unscoped.create(organisation=org, survey=survey, position=position, **spec)
    return survey


def question(survey, position) -> Question:
    return Question.unscoped.get(survey=survey, position=position)


def respond(survey, answers: dict, *, participant=None, source="paper", when=None) -> Response:
    """answers: {position: number | [choices] | "text"}."""
    root = pair_root(survey)
    fields = {}
    if when is not None:
        fields["submitted_at"] = when
    response = Response.unscoped.create(
        organisation=survey.organisation,
        survey=survey,
        participant=None if survey.anonymous else participant,
        respondent_key=respondent_key_for(participant, root) if root and participant else "",
        source=source,
        **fields,
    )
    for position, value in answers.items():
        q = question(survey, position)
        kwargs = {}
        if isinstance(value, list):
            kwargs["choices"] = value
        elif isinstance(value, str):
            kwargs["text"] = value
        else:
            kwargs["number"] = value
        Answer.unscoped.create(
            organisation=survey.organisation, response=response, question=q, **kwargs
        )
    return response

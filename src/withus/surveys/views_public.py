"""/s/<token>/: a person answers a survey through their personal link, without signing in.

Only a hash of the token is stored; an unknown token answers 404. The page is plain and large
for a cheap phone, with no organisation menus."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django_scopes import scope

from withus.surveys import services
from withus.surveys.forms import AnswerForm
from withus.surveys.models import Question, Response


def _page(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    # The address is the key: never pass it on to another site or keep it in a cache. (Not
    # "no-referrer": the browser would then send "Origin: null" and the CSRF check would fail.)
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def answer(request, token):
    invite = services.invite_for_token(token)
    if invite is None:
        raise Http404("No survey at this address.")
    organisation = invite.organisation
    with scope(organisation=organisation):
        survey = invite.survey
        context = {"survey": survey, "organisation_name": organisation.name}
        if invite.answered_at is not None:
            return _page(request, "surveys/public/done.html", {**context, "repeat": True})
        if not services.is_open(survey):
            return _page(request, "surveys/public/closed.html", context)
        questions = list(Question.objects.filter(survey=survey).order_by("position", "id"))
        form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
        if request.method == "POST" and form.is_valid():
            try:
                services.response_record(
                    survey=survey,
                    answers=form.answers(),
                    source=Response.Source.LINK,
                    invite=invite,
                )
            except ValidationError:
                return _page(request, "surveys/public/done.html", {**context, "repeat": True})
            return _page(request, "surveys/public/done.html", {**context, "repeat": False})
        return _page(request, "surveys/public/answer.html", {**context, "form": form})

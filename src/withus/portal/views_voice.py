"""Portal "Your say": the suggestion box, the person's own contributions and what happened,
the "You said, we did" board, and surveys to answer. Everything is read through the signed-in
participant (request.participant) inside their organisation's scope."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from withus.portal import services_voice
from withus.portal.forms_voice import SuggestionForm
from withus.portal.selectors_voice import (
    allowed_quotes,
    answered,
    my_contributions,
    open_surveys_for,
    surveys_for,
)
from withus.portal.session import portal_required
from withus.surveys.forms import AnswerForm
from withus.surveys.models import Question, Survey
from withus.surveys.services import is_open
from withus.voice import selectors as voice_selectors

BOARD_LATEST = 3
BOARD_PAGE = 30
MINE_PAGE = 50
# Anonymous suggestions one portal session may leave in a day. Counted only in the session
# (see services_voice): it goes when they sign out, and staff never see it.
ANONYMOUS_PER_SESSION = 5
ANONYMOUS_KEY = "portal_anonymous_suggestions"


def _anonymous_left_today(request) -> int:
    day, count = request.session.get(ANONYMOUS_KEY, ("", 0))
    return count if day == timezone.localdate().isoformat() else 0


def _age_words(day, today) -> str:
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 63:
        return f"{days // 7} weeks ago"
    months = days // 30
    return f"{months} months ago" if months < 24 else f"{days // 365} years ago"


# --- pages -------------------------------------------------------------------------------------


@portal_required
def voice(request):
    participant = request.participant
    return render(
        request,
        "portal/voice/home.html",
        {
            "items": voice_selectors.board_items(limit=BOARD_LATEST),
            "survey_count": open_surveys_for(participant).count(),
            "organisation": participant.organisation,
        },
    )


@portal_required
def suggest(request):
    participant = request.participant
    allowed = allowed_quotes(participant)
    form = SuggestionForm(
        request.POST if request.method == "POST" else None, allowed_quotes=allowed
    )
    if request.method == "POST" and form.is_valid():
        left = _anonymous_left_today(request)
        try:
            if not form.named and left >= ANONYMOUS_PER_SESSION:
                raise services_voice.TooManyToday
            services_voice.suggestion_leave(
                participant=participant,
                text=form.cleaned_data["text"],
                named=form.named,
                quote=form.cleaned_data["quote"],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            if not form.named:
                request.session[ANONYMOUS_KEY] = (timezone.localdate().isoformat(), left + 1)
            kind = "named" if form.named else "anonymous"
            return redirect(reverse("portal:voice_thanks") + f"?sent={kind}")
    return render(
        request,
        "portal/voice/suggest.html",
        {"form": form, "organisation": participant.organisation},
    )


@portal_required
def thanks(request):
    kind = request.GET.get("sent")
    return render(
        request,
        "portal/voice/thanks.html",
        {
            "named": kind == "named",
            "anonymous": kind == "anonymous",
            "organisation": request.participant.organisation,
        },
    )


@portal_required
def mine(request):
    participant = request.participant
    today = timezone.localdate()
    rows = []
    for contribution in my_contributions(participant)[:MINE_PAGE]:
        actions = list(contribution.actions.all())
        action = actions[0] if actions else None
        rows.append(
            {
                "contribution": contribution,
                "action": action,
                "age": _age_words(contribution.received_on, today),
            }
        )
    return render(
        request,
        "portal/voice/mine.html",
        {"rows": rows, "organisation": participant.organisation},
    )


@portal_required
def board(request):
    return render(
        request,
        "portal/voice/board.html",
        {
            "items": voice_selectors.board_items(limit=BOARD_PAGE),
            "organisation": request.participant.organisation,
        },
    )


@portal_required
def surveys(request):
    participant = request.participant
    return render(
        request,
        "portal/voice/surveys.html",
        {
            "surveys": list(open_surveys_for(participant)[:50]),
            "organisation": participant.organisation,
        },
    )


@portal_required
def survey(request, pk):
    participant = request.participant
    survey = get_object_or_404(surveys_for(participant), pk=pk)
    context = {"survey": survey, "organisation": participant.organisation}
    if Survey.objects.filter(pk=survey.pk).filter(answered(participant)).exists():
        return render(request, "portal/voice/survey_done.html", {**context, "repeat": True})
    if not is_open(survey):
        return render(request, "portal/voice/survey_closed.html", context)
    questions = list(Question.objects.filter(survey=survey).order_by("position", "id"))
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services_voice.survey_answer(
                participant=participant, survey=survey, answers=form.answers()
            )
        except ValidationError:
            return render(request, "portal/voice/survey_done.html", {**context, "repeat": True})
        return render(request, "portal/voice/survey_done.html", {**context, "repeat": False})
    return render(request, "portal/voice/survey.html", {**context, "form": form})

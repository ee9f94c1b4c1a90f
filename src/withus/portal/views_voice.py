"""Portal "Your say": the suggestion box, the person's own contributions and what happened,
the "You said, we did" board, and surveys to answer. Everything is read through the signed-in
participant (request.participant) inside their organisation's scope."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from withus.events.models import EventInvitation
from withus.people.choices import ConsentPurpose
from withus.people.selectors import consent_given, current_consents
from withus.portal import services_voice
from withus.portal.forms_voice import SuggestionForm
from withus.portal.session import portal_required
from withus.surveys.forms import AnswerForm
from withus.surveys.models import Question, Response, Survey, SurveyInvite
from withus.surveys.services import is_open
from withus.voice import selectors as voice_selectors
from withus.voice.models import Action, Contribution

BOARD_LATEST = 3
BOARD_PAGE = 30
MINE_PAGE = 50

# --- reads -------------------------------------------------------------------------------------


def surveys_for(participant):
    """Participant surveys this person may answer: the ones they were sent a link to, and the
    ones open to everyone (no personal links were sent). An event's feedback form open to
    everyone is only for the people who came to the event."""
    sent_links = SurveyInvite.objects.filter(survey=OuterRef("pk"), message__isnull=False)
    mine = SurveyInvite.objects.filter(survey=OuterRef("pk"), participant=participant)
    came = EventInvitation.objects.filter(
        event=OuterRef("event_id"),
        participant=participant,
        attendance__in=[EventInvitation.Attendance.ATTENDED, EventInvitation.Attendance.LATE],
    )
    return (
        Survey.objects.filter(audience=Survey.Audience.PARTICIPANTS)
        .exclude(status=Survey.Status.DRAFT)
        .annotate(invited=Exists(mine), links_sent=Exists(sent_links), came=Exists(came))
        .filter(Q(invited=True) | (Q(links_sent=False) & (Q(event__isnull=True) | Q(came=True))))
    )


def _answered(participant):
    return Q(
        Exists(
            SurveyInvite.objects.filter(
                survey=OuterRef("pk"), participant=participant, answered_at__isnull=False
            )
        )
    ) | Q(Exists(Response.objects.filter(survey=OuterRef("pk"), participant=participant)))


def open_surveys_for(participant):
    today = timezone.localdate()
    return (
        surveys_for(participant)
        .filter(status=Survey.Status.OPEN)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .exclude(_answered(participant))
        .order_by("closes_on", "-created_at", "-id")
    )


def my_contributions(participant):
    return (
        Contribution.objects.filter(contributors=participant)
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.order_by("-decided_on", "-id"))
        )
        .order_by("-received_on", "-id")
    )


def _allowed_quotes(participant) -> list[str]:
    consents = current_consents(participant)
    allowed = []
    if consent_given(consents, ConsentPurpose.ANONYMOUS_QUOTES):
        allowed.append("anonymous")
    if consent_given(consents, ConsentPurpose.NAMED_QUOTES):
        allowed.append("named")
    return allowed


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
    allowed = _allowed_quotes(participant)
    form = SuggestionForm(
        request.POST if request.method == "POST" else None, allowed_quotes=allowed
    )
    if request.method == "POST" and form.is_valid():
        try:
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
    if Survey.objects.filter(pk=survey.pk).filter(_answered(participant)).exists():
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

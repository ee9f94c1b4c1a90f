"""Writes for surveys: building, opening and closing, before/after pairs, feedback forms for
events, personal links, and recording answers. Keyword-only, audited."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
import zoneinfo
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.audit.services import log_action
from withus.surveys.analysis import pair_root, respondent_key_for
from withus.surveys.models import (
    Answer,
    Question,
    Response,
    StaffAnswered,
    Survey,
    SurveyInvite,
)

S = Survey.Status
Q = Question.Kind

LOCKED = (
    "The questions cannot be changed once a survey has been opened. Answers already given "
    "would no longer match their questions. Make a new survey instead."
)

EVENT_FEEDBACK_QUESTIONS = [
    {
        "text": "How was it overall?",
        "kind": Q.SCALE,
        "scale_low": "Very bad",
        "scale_high": "Very good",
        "required": True,
    },
    {"text": "Did you feel listened to?", "kind": Q.YES_NO, "required": True},
    {
        "text": "Was the place where we met OK for you?",
        "kind": Q.SCALE,
        "scale_low": "Not OK",
        "scale_high": "Very good",
    },
    {"text": "What should we change next time?", "kind": Q.TEXT},
    {"text": "Anything else you want to tell us?", "kind": Q.TEXT},
]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _log(*, target, actor, action: str, summary: str, request=None, changes=None) -> None:
    log_action(
        organisation=target.organisation,
        actor=actor,
        action=action,
        target=target,
        summary=summary,
        changes=changes,
        request=request,
    )


def _new_pair_key() -> str:
    return uuid.uuid4().hex[:16]


# --- surveys -------------------------------------------------------------------------------------

SURVEY_FIELDS = ("title", "intro", "audience", "kind", "anonymous", "project", "event", "closes_on")


def survey_create(*, organisation, data: dict, actor, request=None) -> Survey:
    fields = {k: data[k] for k in SURVEY_FIELDS if k in data}
    if fields.get("kind") == Survey.Kind.AFTER:
        raise ValidationError({"kind": "Make an after survey from its before survey."})
    survey = Survey.objects.create(organisation=organisation, created_by=actor, **fields)
    _log(
        target=survey,
        actor=actor,
        action="survey.create",
        summary=f"Survey {survey.title} made",
        request=request,
    )
    return survey


def survey_update(*, survey: Survey, data: dict, actor, request=None) -> Survey:
    fields = [k for k in SURVEY_FIELDS if k in data and k != "kind"]
    if survey.status != S.DRAFT:
        # Who is asked and whether answers carry names cannot change under people's answers.
        fields = [k for k in fields if k in ("title", "intro", "closes_on")]
    for name in fields:
        setattr(survey, name, data[name])
    survey.save(update_fields=fields)
    _log(
        target=survey,
        actor=actor,
        action="survey.update",
        summary=f"Survey {survey.title} changed",
        request=request,
    )
    return survey


def survey_open(*, survey: Survey, actor, request=None) -> Survey:
    if survey.status == S.OPEN:
        return survey
    if not Question.objects.filter(survey=survey).exists():
        raise ValidationError("Add at least one question before opening the survey.")
    survey.status = S.OPEN
    survey.save(update_fields=["status"])
    _log(
        target=survey,
        actor=actor,
        action="survey.open",
        summary=f"Survey {survey.title} opened",
        request=request,
    )
    return survey


def survey_close(*, survey: Survey, actor, request=None) -> Survey:
    if survey.status == S.CLOSED:
        return survey
    if survey.status == S.DRAFT:
        raise ValidationError("This survey has not been opened yet.")
    survey.status = S.CLOSED
    survey.save(update_fields=["status"])
    _log(
        target=survey,
        actor=actor,
        action="survey.close",
        summary=f"Survey {survey.title} closed",
        request=request,
    )
    return survey


def is_open(survey: Survey, *, today=None) -> bool:
    """Open for answers: opened, not closed, and not past its closing date."""
    if survey.status != S.OPEN:
        return False
    if survey.closes_on is None:
        return True
    today = today or timezone.localdate()
    return today <= survey.closes_on


# --- questions -----------------------------------------------------------------------------------

QUESTION_FIELDS = ("text", "hint", "kind", "options", "scale_low", "scale_high", "required")


def _check_draft(survey: Survey) -> None:
    if survey.status != S.DRAFT:
        raise ValidationError(LOCKED)


def question_save(
    *, survey: Survey, question: Question | None = None, data: dict, actor, request=None
) -> Question:
    _check_draft(survey)
    fields = {k: data[k] for k in QUESTION_FIELDS if k in data}
    if fields.get("kind") not in (Q.SINGLE, Q.MULTIPLE):
        fields["options"] = []
    if question is None:
        last = Question.objects.filter(survey=survey).order_by("-position").first()
        question = Question(
            organisation=survey.organisation,
            survey=survey,
            position=(last.position + 1) if last else 1,
            pair_key=_new_pair_key() if survey.kind == Survey.Kind.BEFORE else "",
        )
        action = "survey.question_add"
    else:
        action = "survey.question_change"
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    _log(
        target=survey,
        actor=actor,
        action=action,
        summary=f"Question: {question.text}",
        request=request,
    )
    return question


def question_delete(*, question: Question, actor, request=None) -> None:
    survey = question.survey
    _check_draft(survey)
    text = question.text
    question.delete()
    _renumber(survey)
    _log(
        target=survey,
        actor=actor,
        action="survey.question_delete",
        summary=f"Question removed: {text}",
        request=request,
    )


def _renumber(survey: Survey) -> None:
    for position, q in enumerate(
        Question.objects.filter(survey=survey).order_by("position", "id"), start=1
    ):
        if q.position != position:
            q.position = position
            q.save(update_fields=["position"])


def question_move(*, question: Question, direction: str, actor, request=None) -> None:
    survey = question.survey
    _check_draft(survey)
    _renumber(survey)
    questions = list(Question.objects.filter(survey=survey).order_by("position", "id"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return
    a, b = questions[index], questions[other]
    a.position, b.position = b.position, a.position
    a.save(update_fields=["position"])
    b.save(update_fields=["position"])
    _log(
        target=survey,
        actor=actor,
        action="survey.question_move",
        summary=f"Question moved {direction}: {a.text}",
        request=request,
    )


# --- pairs and event feedback --------------------------------------------------------------------


@transaction.atomic
def make_after(*, before: Survey, actor, request=None) -> Survey:
    """Copy a BEFORE survey as its AFTER survey with the same pair keys (or return the one made)."""
    if before.kind != Survey.Kind.BEFORE:
        raise ValidationError("Only a before survey can have an after survey.")
    existing = Survey.objects.filter(before=before).first()
    if existing is not None:
        return existing
    after = Survey.objects.create(
        organisation=before.organisation,
        title=f"{before.title} (after)",
        intro=before.intro,
        audience=before.audience,
        kind=Survey.Kind.AFTER,
        anonymous=before.anonymous,
        project=before.project,
        before=before,
        created_by=actor,
    )
    for q in Question.objects.filter(survey=before).order_by("position", "id"):
        if not q.pair_key:  # a question added before pair keys were given: key it now
            q.pair_key = _new_pair_key()
            q.save(update_fields=["pair_key"])
        Question.objects.create(
            organisation=before.organisation,
            survey=after,
            **{f: getattr(q, f) for f in (*QUESTION_FIELDS, "position", "pair_key")},
        )
    _log(
        target=after,
        actor=actor,
        action="survey.make_after",
        summary=f"After survey made from {before.title}",
        request=request,
    )
    return after


@transaction.atomic
def event_feedback(*, event, actor, request=None) -> tuple[Survey, bool]:
    """The event's feedback form, made and opened from the standard questions if it has none.
    Returns (survey, made_now)."""
    existing = (
        Survey.objects.filter(event=event, kind=Survey.Kind.EVENT_FEEDBACK).order_by("id").first()
    )
    if existing is not None:
        return existing, False
    survey = Survey.objects.create(
        organisation=event.organisation,
        title=f"Feedback: {event.title}",
        intro=(
            "Thank you for coming. Tell us what worked and what we should change. It takes "
            "about two minutes."
        ),
        audience=Survey.Audience.PARTICIPANTS,
        kind=Survey.Kind.EVENT_FEEDBACK,
        anonymous=True,
        project=event.project,
        event=event,
        created_by=actor,
    )
    for position, spec in enumerate(EVENT_FEEDBACK_QUESTIONS, start=1):
        Question.objects.create(
            organisation=event.organisation, survey=survey, position=position, **spec
        )
    survey.status = S.OPEN
    survey.save(update_fields=["status"])
    _log(
        target=survey,
        actor=actor,
        action="survey.event_feedback",
        summary=f"Feedback form made for {event.title}",
        request=request,
    )
    return survey, True


# --- personal links ------------------------------------------------------------------------------


def invites_send(
    *, survey: Survey, participants: Iterable, link_for: Callable[[str], str], actor, request=None
) -> list:
    """Give each person a personal link and send it. Returns the messages (NOT_SENT with a reason
    when consent, channel or status stops one). Someone already invited is not given a new link."""
    from withus.messaging.services import message_participant  # noqa: PLC0415

    if not is_open(survey):
        raise ValidationError("Open the survey before sending links.")
    messages = []
    for participant in participants:
        invite = SurveyInvite.objects.filter(survey=survey, participant=participant).first()
        if invite is not None and (invite.message_id or invite.answered_at is not None):
            # Already sent a link, or already answered in the portal: nothing more to send.
            if invite.message_id:
                messages.append(invite.message)
            continue
        token = secrets.token_urlsafe(32)
        with transaction.atomic():
            if invite is None:
                try:
                    with transaction.atomic():
                        invite = SurveyInvite.objects.create(
                            organisation=survey.organisation,
                            survey=survey,
                            participant=participant,
                            token_hash=hash_token(token),
                        )
                except IntegrityError:  # invited at the same moment by someone else
                    continue
            else:  # an invite whose message never got made: give it a fresh token
                invite.token_hash = hash_token(token)
                invite.save(update_fields=["token_hash"])
            message = message_participant(
                participant=participant,
                template="survey_invitation",
                context={"survey": survey.title, "link": link_for(token)},
                related=survey,
                dedupe_key=f"survey-invite-{survey.pk}-{participant.pk}",
                actor=actor,
            )
            invite.message = message
            invite.save(update_fields=["message"])
        messages.append(message)
    _log(
        target=survey,
        actor=actor,
        action="survey.invites_send",
        summary=f"Personal links sent for {survey.title}: {len(messages)}",
        request=request,
    )
    return messages


def invite_for_token(token: str) -> SurveyInvite | None:
    """The invite for a token, across organisations (the caller enters its scope)."""
    if not token or len(token) > 200:
        return None
    return (
        SurveyInvite.unscoped.select_related("survey", "participant", "organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


# --- answers -------------------------------------------------------------------------------------


def _answer_fields(question: Question, value) -> dict | None:
    """Answer columns for a cleaned form value, or None when it was left blank."""
    if value in (None, "", []):
        return None
    if question.kind == Q.SCALE:
        return {"number": int(value)}
    if question.kind == Q.YES_NO:
        return {"number": 1 if value == "yes" else 0}
    if question.kind == Q.SINGLE:
        return {"choices": [value]}
    if question.kind == Q.MULTIPLE:
        return {"choices": list(value)}
    return {"text": str(value).strip()} if str(value).strip() else None


def answered_when(survey: Survey):
    """The time to store with an answer (Response.submitted_at and SurveyInvite.answered_at).

    Anonymity decision: for an anonymous survey the personal link's invite names the person and
    the response does not. If both kept the exact time, anyone with database access could match
    the anonymous answers to a person by the timestamps. So for an anonymous survey both are kept
    to the day only: midnight at the start of the day in the organisation's time zone. Nothing
    else written when someone answers records the moment (no audit row for an answer through a
    link, no message); the row ids still show order, which we accept. A named survey keeps the
    exact time: there is nothing to hide and it helps staff.
    """
    if not survey.anonymous:
        return timezone.now()
    return start_of_today(survey.organisation)


def start_of_today(organisation) -> datetime.datetime:
    """Midnight at the start of today in the organisation's time zone: the only time kept with
    anything anonymous (an answer, a suggestion), so it cannot be matched by the moment."""
    tz = zoneinfo.ZoneInfo(organisation.timezone)
    day = timezone.now().astimezone(tz).date()
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)


@transaction.atomic
def response_record(
    *,
    survey: Survey,
    answers: dict[int, object],
    source: str,
    participant=None,
    entered_by=None,
    invite: SurveyInvite | None = None,
    request=None,
) -> Response:
    """Record one person's answers ({question id: cleaned value}). For an anonymous survey the
    response keeps no participant; a before/after survey keeps the respondent key either way."""
    if invite is not None:
        # Lock the invite so a double submit cannot answer twice.
        invite = SurveyInvite.objects.select_for_update().get(pk=invite.pk)
        if invite.answered_at is not None:
            raise ValidationError("You have already answered, thank you.")
        participant = invite.participant
    root = pair_root(survey)
    when = answered_when(survey)
    response = Response.objects.create(
        organisation=survey.organisation,
        survey=survey,
        participant=None if survey.anonymous else participant,
        respondent_key=respondent_key_for(participant, root) if root and participant else "",
        source=source,
        entered_by=entered_by,
        submitted_at=when,
    )
    questions = {q.pk: q for q in Question.objects.filter(survey=survey)}
    rows = []
    for question_id, value in answers.items():
        question = questions.get(question_id)
        fields = _answer_fields(question, value) if question else None
        if fields:
            rows.append(
                Answer(
                    organisation=survey.organisation,
                    response=response,
                    question=question,
                    **fields,
                )
            )
    Answer.objects.bulk_create(rows)
    if invite is not None:
        invite.answered_at = when
        invite.save(update_fields=["answered_at"])
    if entered_by is not None:
        _log(
            target=survey,
            actor=entered_by,
            action="survey.paper_entry",
            summary=f"Paper answers typed in for {survey.title}",
            request=request,
        )
    return response


def _reorder_staff_answered(survey: Survey) -> None:
    """Write the survey's "who answered" rows again in user order. Appended in answer order, the
    n-th row would pair with the n-th anonymous response; rewritten, row order says nothing."""
    rows = sorted(StaffAnswered.objects.filter(survey=survey).values_list("user_id", "answered_on"))
    StaffAnswered.objects.filter(survey=survey).delete()
    StaffAnswered.objects.bulk_create(
        StaffAnswered(organisation=survey.organisation, survey=survey, user_id=u, answered_on=d)
        for u, d in rows
    )


@transaction.atomic
def staff_response_record(*, survey: Survey, user, answers: dict[int, object]) -> Response:
    """A member of staff answers a staff survey while signed in, once.

    A named staff survey keeps who answered on the response (entered_by); an anonymous one
    keeps only that they answered (StaffAnswered), never which answers are theirs."""
    if survey.audience != Survey.Audience.STAFF:
        raise ValidationError("This survey is for the people we work with, not for staff.")
    if not is_open(survey):
        raise ValidationError("This survey is closed.")
    when = answered_when(survey)
    # One answer at a time per survey, so the rewrite below never races another answer.
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    try:
        with transaction.atomic():
            StaffAnswered.objects.create(
                organisation=survey.organisation,
                survey=survey,
                user=user,
                answered_on=timezone.localdate(when),
            )
    except IntegrityError:
        raise ValidationError("You have already answered, thank you.") from None
    if survey.anonymous:
        _reorder_staff_answered(survey)
    response = response_record(survey=survey, answers=answers, source=Response.Source.STAFF)
    if not survey.anonymous:
        response.entered_by = user
        response.save(update_fields=["entered_by"])
    return response


# --- free text into "you said, we did" -----------------------------------------------------------


def contribution_from_answer(*, answer: Answer, actor, request=None):
    """Turn a free-text answer into a voice contribution (a "you said")."""
    response = answer.response
    survey = response.survey
    from withus.voice.models import Contribution  # noqa: PLC0415

    already = Contribution.objects.filter(survey=survey, text=answer.text).first()
    if already is not None:  # a second click, or the same words twice: one "you said" is enough
        return already
    received_on = timezone.localtime(response.submitted_at).date()
    try:
        from withus.voice.services import contribution_create  # noqa: PLC0415
    except ImportError:
        contribution_create = None
    anonymous = survey.anonymous or response.participant_id is None
    if contribution_create is not None:
        kwargs = {"anonymous": True} if anonymous else {"contributors": [response.participant]}
        return contribution_create(
            organisation=survey.organisation,
            text=answer.text,
            source="survey",
            received_on=received_on,
            survey=survey,
            project=survey.project,
            event=survey.event,
            actor=actor,
            request=request,
            **kwargs,
        )
    # The voice service is not in this build yet: make the contribution directly.
    contribution = Contribution.objects.create(
        organisation=survey.organisation,
        text=answer.text,
        source=Contribution.Source.SURVEY,
        received_on=received_on,
        survey=survey,
        project=survey.project,
        event=survey.event,
        anonymous=anonymous,
    )
    if not anonymous and hasattr(contribution, "contributors"):
        contribution.contributors.add(response.participant)
    _log(
        target=survey,
        actor=actor,
        action="survey.to_contribution",
        summary="A survey answer added to you said, we did",
        request=request,
    )
    return contribution

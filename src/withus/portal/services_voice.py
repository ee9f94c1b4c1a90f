"""Portal writes for "Your say": a suggestion (anonymous or named) and answering a survey.

Anonymity (the same rule as docs/decisions/0020 for anonymous survey answers): an anonymous
suggestion keeps no contributor, keeps only the day it was left (created_at is midnight in the
organisation's time zone) and writes no audit row, because an audit row would keep the exact
moment and could be matched with the person's sign-in. A named suggestion goes through
voice.services.contribution_create (audited) and is audited again as left in the portal.
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.audit.services import log_action
from withus.people.models import Participant
from withus.surveys import services as survey_services
from withus.surveys.models import Response, Survey, SurveyInvite
from withus.voice import services as voice_services
from withus.voice.models import Contribution


def _start_of_today(organisation) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(organisation.timezone)
    day = timezone.now().astimezone(tz).date()
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


@transaction.atomic
def suggestion_leave(
    *, participant: Participant, text: str, named: bool, quote: str = "no"
) -> Contribution:
    """Leave a suggestion. Anonymous: nothing links it to the person. Named: they are the
    contributor (source PORTAL) and will hear back; quoting needs their consent (voice.rules)."""
    organisation = participant.organisation
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write your idea or what we could do better."})
    start = _start_of_today(organisation)
    if not named:
        contribution = Contribution.unscoped.create(
            organisation=organisation,
            text=text,
            source=Contribution.Source.SUGGESTION_BOX,
            received_on=start.date(),
            anonymous=True,
            quote=Contribution.Quote.NO,
            created_at=start,
        )
        return contribution
    contribution = voice_services.contribution_create(
        organisation=organisation,
        text=text,
        source=Contribution.Source.PORTAL,
        received_on=start.date(),
        contributors=[participant],
        anonymous=False,
        quote=quote,
        actor=None,
    )
    log_action(
        action="portal.suggestion",
        summary=f"{participant.preferred_name} left a suggestion with their name in the portal",
        organisation=organisation,
        target=contribution,
    )
    return contribution


@transaction.atomic
def survey_answer(
    *, participant: Participant, survey: Survey, answers: dict[int, object]
) -> Response:
    """Answer a survey in the portal, once, the way a personal link does: through the person's
    invite (made now, without a message, when the survey is open to everyone). An anonymous
    survey's response keeps no participant and only the day (surveys.services.answered_when);
    a before/after survey keeps the respondent key. No audit row, as for a link (ADR 0020)."""
    if not survey_services.is_open(survey):
        raise ValidationError("This survey is closed.")
    invite = SurveyInvite.objects.filter(survey=survey, participant=participant).first()
    if invite is None:
        try:
            with transaction.atomic():
                invite = SurveyInvite.objects.create(
                    organisation=survey.organisation,
                    survey=survey,
                    participant=participant,
                    token_hash=survey_services.hash_token(secrets.token_urlsafe(32)),
                    created_at=_start_of_today(survey.organisation)
                    if survey.anonymous
                    else timezone.now(),
                )
        except IntegrityError:  # made at the same moment by a double submit
            invite = SurveyInvite.objects.get(survey=survey, participant=participant)
    if (
        not survey.anonymous
        and Response.objects.filter(survey=survey, participant=participant).exists()
    ):
        raise ValidationError("You have already answered, thank you.")
    return survey_services.response_record(
        survey=survey, answers=answers, source=Response.Source.PORTAL, invite=invite
    )

"""Portal writes for "Your say": a suggestion (anonymous or named) and answering a survey.

Anonymity (the same rule as docs/decisions/0020 for anonymous survey answers): an anonymous
suggestion keeps no contributor, keeps only the day it was left (created_at is midnight in the
organisation's time zone) and writes no audit row, because an audit row would keep the exact
moment and could be matched with the person's sign-in. A named suggestion goes through
voice.services.contribution_create (audited) and is audited again as left in the portal.

Flooding the anonymous box: we cannot count per person without keeping a link (even a per-day
counter under a hash of the person says "this person left 3 today"). So there are two limits,
neither stored with the suggestion: the view counts anonymous suggestions in the person's own
portal session (gone when they sign out or the session ends, never shown to staff), and here
each organisation takes at most ANONYMOUS_PER_DAY anonymous suggestions a day, counted from the
suggestions themselves. Past either limit the person can still leave it with their name.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from withus.audit.services import log_action
from withus.events.models import EventInvitation
from withus.people import choices as c
from withus.people.models import Participant
from withus.surveys import services as survey_services
from withus.surveys.models import Response, Survey, SurveyInvite
from withus.voice import services as voice_services
from withus.voice.models import Contribution

ANONYMOUS_PER_DAY = 100  # anonymous suggestions an organisation takes in the portal in a day
TOO_MANY_TODAY = (
    "We have had a lot of ideas without names today. Thank you. Please try again tomorrow, "
    "or send it with your name."
)


class TooManyToday(ValidationError):
    """The anonymous suggestion box is full for today (per person or per organisation)."""

    def __init__(self):
        super().__init__({"who": TOO_MANY_TODAY})


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
    start = survey_services.start_of_today(organisation)
    if not named:
        if (
            Contribution.unscoped.filter(
                organisation=organisation,
                source=Contribution.Source.SUGGESTION_BOX,
                anonymous=True,
                received_on=start.date(),
            ).count()
            >= ANONYMOUS_PER_DAY
        ):
            raise TooManyToday
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


def _eligible(survey: Survey):
    """Everyone who may answer a survey open to everyone: people who can sign in to the portal
    (for an event's feedback form, the people who came)."""
    people = Participant.objects.exclude(status=c.Status.EXITED).filter(erased_at=None)
    if survey.event_id:
        came = EventInvitation.objects.filter(
            event_id=survey.event_id,
            attendance__in=[EventInvitation.Attendance.ATTENDED, EventInvitation.Attendance.LATE],
        ).values("participant_id")
        people = people.filter(pk__in=came)
    return people


def _invite_everyone(survey: Survey) -> None:
    """Make a link-less invite for every eligible person who has none, together, in the order
    of their record (not of answering), all dated to the day. For an anonymous survey this is
    what stops an invite made as someone answers from lining up with their response: the Nth
    invite is not the Nth response, and answering only marks an invite that already existed,
    as answering through a personal link does. Someone new after the first answer gets theirs
    the next time anyone answers."""
    have = SurveyInvite.objects.filter(survey=survey).values("participant_id")
    day = survey_services.start_of_today(survey.organisation)
    SurveyInvite.objects.bulk_create(
        [
            SurveyInvite(
                organisation=survey.organisation,
                survey=survey,
                participant_id=pk,
                token_hash=survey_services.hash_token(secrets.token_urlsafe(32)),
                created_at=day,
            )
            for pk in _eligible(survey)
            .exclude(pk__in=have)
            .order_by("pk")
            .values_list("pk", flat=True)
        ],
        ignore_conflicts=True,  # made at the same moment by someone else answering
    )


@transaction.atomic
def survey_answer(
    *, participant: Participant, survey: Survey, answers: dict[int, object]
) -> Response:
    """Answer a survey in the portal, once, the way a personal link does: through the person's
    invite. A survey open to everyone has no invite for them yet: for an anonymous survey every
    eligible person is given one now (_invite_everyone); for a named one just they are. An
    anonymous survey's response keeps no participant and only the day
    (surveys.services.answered_when); a before/after survey keeps the respondent key. No audit
    row, as for a link (ADR 0020)."""
    if not survey_services.is_open(survey):
        raise ValidationError("This survey is closed.")
    invite = SurveyInvite.objects.filter(survey=survey, participant=participant).first()
    if invite is None and survey.anonymous:
        _invite_everyone(survey)
        invite = SurveyInvite.objects.filter(survey=survey, participant=participant).first()
    if invite is None:
        try:
            with transaction.atomic():
                invite = SurveyInvite.objects.create(
                    organisation=survey.organisation,
                    survey=survey,
                    participant=participant,
                    token_hash=survey_services.hash_token(secrets.token_urlsafe(32)),
                    created_at=survey_services.answered_when(survey),
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

"""Reads for the portal's "Your say": the surveys a participant may answer, their own named
contributions, and which kinds of quote they have agreed to. Call inside the organisation's
scope, always for the signed-in participant."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from withus.events.models import EventInvitation
from withus.people.choices import ConsentPurpose
from withus.people.selectors import consent_given, current_consents
from withus.surveys.models import Response, Survey, SurveyInvite
from withus.voice.models import Action, Contribution


def surveys_for(participant):
    """Participant surveys this person may answer: the ones they were sent a link to, and the
    ones open to everyone (no personal links were sent). An event's feedback form open to
    everyone is only for the people who came to the event."""
    sent_links = SurveyInvite.objects.filter(survey=OuterRef("pk"), message__isnull=False)
    # A link-less invite made for everyone when someone answers an anonymous survey
    # (services_voice) is not a link sent: it counts only once they have answered.
    mine = SurveyInvite.objects.filter(survey=OuterRef("pk"), participant=participant).filter(
        Q(message__isnull=False) | Q(answered_at__isnull=False)
    )
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


def answered(participant):
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
        .exclude(answered(participant))
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


def allowed_quotes(participant) -> list[str]:
    consents = current_consents(participant)
    allowed = []
    if consent_given(consents, ConsentPurpose.ANONYMOUS_QUOTES):
        allowed.append("anonymous")
    if consent_given(consents, ConsentPurpose.NAMED_QUOTES):
        allowed.append("named")
    return allowed

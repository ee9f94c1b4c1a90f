"""Reads for surveys, each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from withus.events.models import EventInvitation
from withus.people.models import Participant
from withus.surveys.models import Question, StaffAnswered, Survey


def survey_list():
    return Survey.objects.select_related("project", "event", "before").annotate(
        response_total=Count("responses", distinct=True),
        question_total=Count("questions", distinct=True),
    )


def survey_with_questions(survey_id) -> tuple[Survey, list[Question]]:
    from django.shortcuts import get_object_or_404  # noqa: PLC0415

    survey = get_object_or_404(
        Survey.objects.select_related("project", "event", "before", "organisation"),
        pk=survey_id,
    )
    questions = list(Question.objects.filter(survey=survey).order_by("position", "id"))
    return survey, questions


def participants_to_invite(survey: Survey):
    """Who staff can send a link to: everyone not exited. For an event's feedback form, the people
    who came (attended or came late) first, then everyone else; each group in name order."""
    people = Participant.objects.exclude(status="exited")
    if not survey.event_id:
        return people.order_by("preferred_name", "id")
    came = EventInvitation.objects.filter(
        event_id=survey.event_id,
        participant_id=OuterRef("pk"),
        attendance__in=[EventInvitation.Attendance.ATTENDED, EventInvitation.Attendance.LATE],
    )
    return people.annotate(came=Exists(came)).order_by("-came", "preferred_name", "id")


def attended_ids(survey: Survey) -> set[int]:
    if not survey.event_id:
        return set()
    return set(
        EventInvitation.objects.filter(
            event_id=survey.event_id,
            attendance__in=[
                EventInvitation.Attendance.ATTENDED,
                EventInvitation.Attendance.LATE,
            ],
        ).values_list("participant_id", flat=True)
    )


def invite_counts(survey: Survey) -> dict:
    return survey.invites.aggregate(
        # Portal answers make an invite with no message: those were never sent a link.
        sent=Count("id", filter=Q(message__isnull=False)),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
    )


def staff_surveys_to_answer(user, *, today) -> list[Survey]:
    """Open staff surveys this member of staff has not answered yet (for their dashboard)."""
    answered = StaffAnswered.objects.filter(survey=OuterRef("pk"), user=user)
    return list(
        Survey.objects.filter(audience=Survey.Audience.STAFF, status=Survey.Status.OPEN)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .exclude(Exists(answered))
        .order_by("closes_on", "id")[:10]
    )

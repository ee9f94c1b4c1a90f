"""What the portal home shows: only the signed-in participant's own records (inside their
organisation's scope): the next meeting, things to do, and who to talk to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.events.pack import when_words
from withus.money.models import ExpenseClaim
from withus.people.models import Participant

# Claims for a meeting are asked for within this long of it (the organisation pays quickly only
# if people claim quickly; older meetings can still be claimed from the Money page).
CLAIM_PROMPT_DAYS = 30
# Papers are worth a reminder in the fortnight before the meeting.
PAPERS_PROMPT_DAYS = 14


@dataclass(frozen=True)
class HomeEvent:
    title: str
    when: str
    where: str
    url: str


@dataclass(frozen=True)
class ToDo:
    text: str
    url: str


def _upcoming(participant: Participant, reply: str):
    return (
        EventInvitation.objects.filter(
            participant=participant,
            reply=reply,
            event__starts_at__gte=timezone.now(),
            event__status=Event.Status.PLANNED,
        )
        .select_related("event__venue", "event__organisation")
        .order_by("event__starts_at", "event__pk")
    )


def _url(invitation: EventInvitation) -> str:
    return reverse("portal:event", kwargs={"pk": invitation.pk})


def _home_event(invitation: EventInvitation) -> HomeEvent:
    event = invitation.event
    if event.venue is not None:
        where = ", ".join(x for x in [event.venue.name, event.venue.postcode] if x)
    elif event.online_link:
        where = "Online"
    else:
        where = "We will tell you where"
    return HomeEvent(event.title, when_words(event), where, _url(invitation))


def _claims_to_make(participant: Participant, now: dt.datetime) -> list[ToDo]:
    claimed = ExpenseClaim.objects.filter(participant=participant, event=OuterRef("event"))
    came = (
        EventInvitation.objects.filter(
            participant=participant,
            attendance__in=[EventInvitation.Attendance.ATTENDED, EventInvitation.Attendance.LATE],
            event__ends_at__lte=now,
            event__ends_at__gte=now - dt.timedelta(days=CLAIM_PROMPT_DAYS),
        )
        .exclude(Exists(claimed))
        .select_related("event")
        .order_by("-event__starts_at", "-pk")[:5]
    )
    new_claim = reverse("portal:claim_new")
    return [
        ToDo(
            f"Claim back what you spent getting to {i.event.title}, if you paid for travel or "
            "other costs.",
            f"{new_claim}?event={i.event_id}",
        )
        for i in came
    ]


def _surveys(participant: Participant) -> list[ToDo]:
    from withus.portal.selectors_voice import open_surveys_for

    return [
        ToDo(
            f"Answer the survey: {survey.title}.",
            reverse("portal:survey", kwargs={"pk": survey.pk}),
        )
        for survey in open_surveys_for(participant)[:5]
    ]


def home(participant: Participant) -> dict:
    now = timezone.now()
    going = list(_upcoming(participant, EventInvitation.Reply.ACCEPTED)[:20])
    waiting = list(_upcoming(participant, EventInvitation.Reply.INVITED)[:20])
    to_do = [
        ToDo(f"Tell us if you can come to {i.event.title} on {when_words(i.event)}.", _url(i))
        for i in waiting
    ]
    to_do += [
        ToDo(f"Read the papers for {i.event.title}.", _url(i))
        for i in going
        if i.event.papers_sent_at is not None
        and i.event.starts_at <= now + dt.timedelta(days=PAPERS_PROMPT_DAYS)
    ]
    to_do += _claims_to_make(participant, now)
    to_do += _surveys(participant)
    return {
        "next_event": _home_event(going[0]) if going else None,
        "to_do": to_do,
        "contact": participant.named_contact,
    }

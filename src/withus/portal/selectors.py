"""What the portal home shows: only the signed-in participant's own records (inside their
organisation's scope)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.events.pack import when_words
from withus.people.models import Participant


@dataclass(frozen=True)
class HomeEvent:
    title: str
    when: str
    where: str


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


def _home_event(invitation: EventInvitation) -> HomeEvent:
    event = invitation.event
    if event.venue is not None:
        where = ", ".join(x for x in [event.venue.name, event.venue.postcode] if x)
    elif event.online_link:
        where = "Online"
    else:
        where = "We will tell you where"
    return HomeEvent(event.title, when_words(event), where)


def home(participant: Participant) -> dict:
    next_invitation = _upcoming(participant, EventInvitation.Reply.ACCEPTED).first()
    waiting = [_home_event(i) for i in _upcoming(participant, EventInvitation.Reply.INVITED)[:20]]
    return {
        "next_event": _home_event(next_invitation) if next_invitation else None,
        "to_reply": waiting,
        "contact": participant.named_contact,
    }

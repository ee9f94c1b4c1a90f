"""The demo participant who signs in to the portal: one active person at each small demo
organisation, with a known phone number, a named contact, and meetings to reply to and go to.

Sign in as them at /p/sign-in/ with the phone number (the code is in the Messages outbox) or with
a printed access code from `manage.py demo_portal_code`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.people import choices as c
from withus.people.models import Participant

PHONES = {"eastfield": "07700 900000", "northgate": "07700 900001"}


def portal_person(organisation) -> Participant | None:
    """The demo portal participant: the active person (with a phone) invited most often."""
    phone = PHONES.get(organisation.slug)
    if phone:
        known = Participant.objects.filter(organisation=organisation, phone=phone).first()
        if known is not None:
            return known
    return (
        Participant.objects.filter(
            organisation=organisation, status=c.Status.ACTIVE, erased_at=None
        )
        .exclude(phone="")
        .annotate(invited=Count("event_invitations"))
        .order_by("-invited", "pk")
        .first()
    )


def seed_portal(organisation, *, contact) -> Participant | None:
    """Make the demo portal participant ready (safe to run again)."""
    phone = PHONES.get(organisation.slug)
    person = portal_person(organisation)
    if person is None or phone is None:
        return None
    # The number signs in exactly one person here, so nobody meets the "choose" page by chance.
    Participant.unscoped.filter(phone=phone).exclude(pk=person.pk).update(phone="")
    Participant.objects.filter(pk=person.pk).update(
        phone=phone, named_contact=contact, status=c.Status.ACTIVE
    )
    upcoming = Event.objects.filter(
        organisation=organisation,
        status=Event.Status.PLANNED,
        starts_at__gte=timezone.now() + dt.timedelta(days=1),
    ).order_by("starts_at", "pk")
    mine = EventInvitation.objects.filter(participant=person)
    wanted = [EventInvitation.Reply.ACCEPTED, EventInvitation.Reply.INVITED]
    for reply in wanted:
        if mine.filter(reply=reply, event__in=upcoming).exists():
            continue
        event = upcoming.exclude(Q(invitations__participant=person)).first()
        if event is None:
            break
        EventInvitation.objects.create(
            organisation=organisation,
            event=event,
            participant=person,
            reply=reply,
            replied_at=timezone.now() if reply == EventInvitation.Reply.ACCEPTED else None,
        )
    person.refresh_from_db()
    return person

"""Writes for concerns and complaints: raise (from the portal), acknowledge, respond, close.
Every one is audited; the audit summary never holds the words the person wrote."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from withus.audit.services import log_action
from withus.concerns.models import (
    ACKNOWLEDGE_WITHIN_WORKING_DAYS,
    RESPOND_WITHIN_WORKING_DAYS,
    Concern,
    add_working_days,
)
from withus.orgs.capabilities import ROLES, Capability
from withus.orgs.models import Membership

K = Concern.Kind
S = Concern.Status


# Each new one emails several members of staff: a day's limit per person stops a flood (by
# mistake or on purpose) without getting in the way of anyone with something to say.
RAISE_LIMIT_PER_DAY = 10
RAISE_LIMIT_SECONDS = 24 * 60 * 60


class NotAllowed(Exception):
    """The action does not fit the concern's status (for example closing it twice)."""


class TooMany(Exception):
    """This person has sent too many today."""


def _count_raise(participant) -> None:
    key = f"withus:concern-raise:{participant.organisation_id}:{participant.pk}"
    cache.add(key, 0, RAISE_LIMIT_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RAISE_LIMIT_SECONDS)
        count = 1
    if count > RAISE_LIMIT_PER_DAY:
        raise TooMany


def capability_for(kind: str, *, about_staff: bool = False) -> Capability:
    """Who may see and answer a concern of this kind: safeguarding items only the safeguarding
    capability; one about a member of staff only admins (so a coordinator complained about
    does not read it); everything else anyone who manages people."""
    if kind == K.WORRIED:
        return Capability.MANAGE_SAFEGUARDING
    return Capability.ADMIN if about_staff else Capability.MANAGE_PEOPLE


def may_see(membership, concern: Concern) -> bool:
    return membership.has(capability_for(concern.kind, about_staff=concern.about_staff))


def recipients(*, organisation, kind: str, about_staff: bool = False) -> list:
    """The members of staff told that something new is waiting."""
    capability = capability_for(kind, about_staff=about_staff)
    roles = [key for key, role in ROLES.items() if capability in role.capabilities]
    memberships = (
        Membership.of_user.filter(organisation=organisation, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    return [m.user for m in memberships if m.user.email]


def _enqueue_notice(concern_id: int) -> None:
    from withus.concerns.tasks import notify_staff

    notify_staff.enqueue(concern_id)


def concern_raise(
    *,
    participant,
    kind: str,
    about: str,
    wanted: str = "",
    reply_by: str = Concern.Reply.USUAL,
    anonymous: bool = False,
    about_staff: bool = False,
    request=None,
) -> Concern:
    """A participant raises a concern in the portal. Anonymous: the row does not name them (only
    complaints and concerns; someone worried about a person at risk must be reachable), keeps
    the day only (midnight, local time), and no audit row is written: an audit row holds the
    exact time and sits in sequence between the person's own portal actions, so it would say
    who sent it. Staff actions on it afterwards are audited as usual. About a member of staff
    (complaints and concerns): only admins see it and are told (capability_for).
    Raises TooMany past RAISE_LIMIT_PER_DAY."""
    organisation = participant.organisation
    if kind not in K.values:
        raise ValueError(f"Unknown kind {kind!r}")
    if reply_by not in Concern.Reply.values:
        raise ValueError(f"Unknown reply {reply_by!r}")
    _count_raise(participant)
    anonymous = anonymous and kind != K.WORRIED
    tz = zoneinfo.ZoneInfo(organisation.timezone)
    created = timezone.now()
    today = timezone.localdate(created, tz)
    if anonymous:
        created = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
    concern = Concern.unscoped.create(
        organisation=organisation,
        participant=None if anonymous else participant,
        kind=kind,
        about_staff=about_staff and kind != K.WORRIED,
        about=about.strip(),
        wanted=wanted.strip(),
        reply_by=Concern.Reply.NONE if anonymous else reply_by,
        created_at=created,
        acknowledge_by=add_working_days(today, ACKNOWLEDGE_WITHIN_WORKING_DAYS),
        respond_by=add_working_days(today, RESPOND_WITHIN_WORKING_DAYS),
        staff_told=not anonymous,
    )
    if anonymous:
        return concern  # staff hear of it with the next day's batch (tell_staff_of_anonymous)
    log_action(
        action="concern.raise",
        summary=f"{concern.get_kind_display()} raised in the portal by the participant",
        actor=None,
        organisation=organisation,
        target=concern,
        changes={"kind": [None, kind], "status": [None, S.NEW]},
        request=request,
    )
    transaction.on_commit(functools.partial(_enqueue_notice, concern.pk))
    return concern


def tell_staff_of_anonymous(*, now: dt.datetime | None = None) -> int:
    """Tell staff about anonymous complaints and concerns sent before today, all at once (the
    daily jobs call this), so no email's time points at who sent one. Returns how many."""
    from withus.concerns.tasks import notify_staff

    now = now or timezone.now()
    told = 0
    waiting = Concern.unscoped.filter(staff_told=False).select_related("organisation")
    for concern in waiting.order_by("organisation_id", "pk"):
        tz = zoneinfo.ZoneInfo(concern.organisation.timezone)
        start_of_today = dt.datetime.combine(timezone.localdate(now, tz), dt.time.min, tzinfo=tz)
        if concern.created_at >= start_of_today:
            continue
        Concern.unscoped.filter(pk=concern.pk).update(staff_told=True)
        notify_staff.enqueue(concern.pk)
        told += 1
    return told


def concern_acknowledge(*, concern: Concern, actor, request=None) -> Concern:
    if concern.status != S.NEW:
        raise NotAllowed("This has already been acknowledged.")
    concern.acknowledged_at = timezone.now()
    concern.acknowledged_by = actor
    concern.status = S.ACKNOWLEDGED
    concern.save(update_fields=["acknowledged_at", "acknowledged_by", "status"])
    log_action(
        action="concern.acknowledge",
        summary=f"Acknowledged {concern}",
        actor=actor,
        organisation=concern.organisation,
        target=concern,
        changes={"status": [S.NEW, S.ACKNOWLEDGED]},
        request=request,
    )
    return concern


def concern_respond(
    *, concern: Concern, response: str, sent_by: str, send_message: bool, actor, request=None
) -> Concern:
    """Record the response. With send_message (and a named person), it goes to them through
    withus by their usual way of being contacted; otherwise staff record how they gave it."""
    from withus.messaging.services import message_participant

    if concern.status == S.CLOSED:
        raise NotAllowed("This is closed. It cannot be answered again.")
    if sent_by not in Concern.SentBy.values:
        raise ValueError(f"Unknown way of sending {sent_by!r}")
    before = concern.status
    now = timezone.now()
    if concern.acknowledged_at is None:  # answering it acknowledges it too
        concern.acknowledged_at = now
        concern.acknowledged_by = actor
    concern.response = response.strip()
    concern.responded_at = now
    concern.responded_by = actor
    concern.status = S.RESPONDED
    message = None
    if send_message and concern.participant_id is not None:
        concern.response_sent_by = Concern.SentBy.MESSAGE
        message = message_participant(
            participant=concern.participant,
            template="general",
            context={"message": concern.response},
            related=concern,
            essential=True,  # they asked us something: the answer is owed to them
            actor=actor,
        )
    else:
        concern.response_sent_by = sent_by
    concern.save()
    sent = ""
    if message is not None:
        sent = f" (message {message.get_status_display().lower()})"
    log_action(
        action="concern.respond",
        summary=f"Responded to {concern}: {concern.get_response_sent_by_display()}{sent}",
        actor=actor,
        organisation=concern.organisation,
        target=concern,
        changes={
            "status": [before, S.RESPONDED],
            "response_sent_by": [None, concern.response_sent_by],
        },
        request=request,
    )
    return concern


def concern_close(*, concern: Concern, actor, request=None) -> Concern:
    if concern.status == S.CLOSED:
        raise NotAllowed("This is already closed.")
    before = concern.status
    concern.closed_at = timezone.now()
    concern.closed_by = actor
    concern.status = S.CLOSED
    concern.save(update_fields=["closed_at", "closed_by", "status"])
    log_action(
        action="concern.close",
        summary=f"Closed {concern}",
        actor=actor,
        organisation=concern.organisation,
        target=concern,
        changes={"status": [before, S.CLOSED]},
        request=request,
    )
    return concern

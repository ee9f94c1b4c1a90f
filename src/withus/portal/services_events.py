"""Writes from the portal's Meetings and Opportunities pages: a participant replying to an
invitation themselves, and saying they are interested in an opportunity.

Both reuse the owning apps' services (events.services.invitation_reply / invitation_update,
recruitment.services_pipeline.candidate_add) with actor=None, which those services record as
"the person themselves". Only what the portal adds lives here:

- a reply to a cancelled or past meeting is refused with a plain message;
- a "yes" that a blocking safeguarding check would stop is NOT recorded as a yes. A
  coordinator could not do it either (only the safeguarding lead can, with a reason), so the
  person's wish goes to the coordinator as a request instead: it is audited, and the blocking
  finding already shows on the event's checks. The person is told only that someone needs to
  check something first, and who will be in touch — never why;
- a "yes" from someone taking a break is not recorded: they are told to come back from
  their break first (a "no" still works);
- pressing "I'm interested" twice adds them once.
"""

from __future__ import annotations

import enum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from withus.audit.services import log_action
from withus.events import services as event_services
from withus.events.checks import check_event
from withus.events.models import EventInvitation
from withus.people.choices import Status
from withus.portal import notify
from withus.recruitment.models import Candidate, Channel, Opportunity

R = EventInvitation.Reply
ARRANGEMENTS = ("requests", "companion_name", "pack_format")


class Outcome(enum.StrEnum):
    GOING = "going"
    WAITING = "waiting"
    NOT_GOING = "not_going"
    NEEDS_CHECK = "needs_check"
    ON_BREAK = "on_break"


class CannotReply(ValidationError):
    """The meeting is cancelled or over, or the invitation can no longer be answered here."""


def can_reply(invitation: EventInvitation, *, now=None) -> str:
    """Why the person cannot reply (plain words), or "" when they can."""
    event = invitation.event
    now = now or timezone.now()
    if event.is_cancelled:
        return "This meeting has been cancelled, so you cannot reply to it."
    if event.starts_at <= now:
        return "This meeting has already started or finished, so you cannot reply now."
    if invitation.reply == R.WITHDRAWN:
        return "You are no longer invited to this meeting."
    return ""


def _blocked(invitation: EventInvitation) -> bool:
    """Would a blocking safeguarding check stop this person coming (as the staff checks see
    it)? Someone the safeguarding lead has already allowed is not blocked."""
    person = invitation.participant
    adding = [person] if invitation.reply in (R.DECLINED, R.WITHDRAWN) else []
    return (
        person.pk
        in check_event(invitation.event, can_see_safeguarding=False, adding=adding).blocked
    )


def _update(invitation: EventInvitation, arrangements: dict) -> None:
    data = {k: v for k, v in arrangements.items() if k in ARRANGEMENTS}
    if not data:
        return
    fresh = EventInvitation.objects.select_related("participant", "event").get(pk=invitation.pk)
    event_services.invitation_update(invitation=fresh, data=data, actor=None)


def reply(
    *, invitation: EventInvitation, coming: bool, arrangements: dict | None = None, request=None
) -> Outcome:
    """Record the participant's own reply. `arrangements` (requests, companion_name,
    pack_format) are saved only with a yes. Raises CannotReply for a cancelled or past meeting.
    Someone on a break cannot say yes here (nothing is recorded): they come back first."""
    why = can_reply(invitation)
    if why:
        raise CannotReply(why)
    arrangements = arrangements or {}
    person = invitation.participant
    event = invitation.event
    if not coming:
        if invitation.reply != R.DECLINED:
            event_services.invitation_reply(
                invitation=invitation, reply=R.DECLINED, actor=None, request=request
            )
        return Outcome.NOT_GOING

    if person.status == Status.PAUSED:
        return Outcome.ON_BREAK

    if invitation.reply in (R.ACCEPTED, R.WAITING):
        # Already said yes: only their arrangements change (a place on the waiting list is kept).
        _update(invitation, arrangements)
        return Outcome.GOING if invitation.reply == R.ACCEPTED else Outcome.WAITING

    if _blocked(invitation):
        log_action(
            organisation=event.organisation,
            actor=None,
            action="event.portal_reply_request",
            target=event,
            summary=f"{person.preferred_name} said yes to {event.title} in the portal, but a "
            "safeguarding check stops them coming. Their reply was not recorded: the "
            "safeguarding lead needs to decide.",
            request=request,
        )
        notify.enqueue(
            organisation=event.organisation,
            kind="needs_check",
            path=reverse(
                "events:detail", kwargs={"org_slug": event.organisation.slug, "pk": event.pk}
            ),
        )
        return Outcome.NEEDS_CHECK

    try:
        done = event_services.invitation_reply(
            invitation=invitation, reply=R.ACCEPTED, actor=None, request=request
        )
    except ValidationError as error:
        # The service's own safeguarding re-check (someone coming back after saying no).
        messages = getattr(error, "message_dict", {}).get("reply", [])
        if any("safeguarding" in m for m in messages):
            return Outcome.NEEDS_CHECK
        raise
    _update(done, arrangements)
    return Outcome.GOING if done.reply == R.ACCEPTED else Outcome.WAITING


# --- opportunities ------------------------------------------------------------------------------


def portal_channel() -> str:
    return Channel.PORTAL


def interested(*, opportunity: Opportunity, participant, request=None) -> tuple[Candidate, bool]:
    """Put the participant into the opportunity's recruitment pipeline (at "enquiry"), once.
    Returns (candidate, added): added is False when they had already said so."""
    from withus.recruitment.services_pipeline import candidate_add

    existing = Candidate.objects.filter(opportunity=opportunity, participant=participant).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            candidate = candidate_add(
                opportunity=opportunity,
                channel=portal_channel(),
                participant=participant,
                actor=None,
                request=request,
            )
    except (IntegrityError, ValidationError):
        # A second press at the same moment: the first one counted.
        existing = Candidate.objects.filter(
            opportunity=opportunity, participant=participant
        ).first()
        if existing is None:
            raise
        return existing, False
    notify.enqueue(
        organisation=opportunity.organisation,
        kind="interested",
        path=reverse(
            "recruitment:opportunity_detail",
            kwargs={"org_slug": opportunity.organisation.slug, "pk": opportunity.pk},
        ),
        contact=participant.named_contact,
    )
    return candidate, True

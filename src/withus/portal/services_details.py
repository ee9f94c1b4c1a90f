"""Changes a participant makes to their own record in the portal ("About you").

Each one goes through the people services that staff use (so the same rules and audit rows
apply) with actor=None, and adds a portal audit row saying it was done in the portal.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.audit.services import log_action
from withus.events import services as event_services
from withus.events.models import EventInvitation
from withus.people import choices as c
from withus.people import services as people_services
from withus.people import subject_access as sar
from withus.people.models import Availability, Participant
from withus.people.selectors import current_consents

# Consents a participant can give or withdraw themselves. Sharing with a partner needs the
# partner's name, which staff agree with them: in the portal it can only be withdrawn.
PORTAL_GIVE = [p for p in c.ConsentPurpose.values if p != c.ConsentPurpose.SHARING]
# Yes; no to something they had said yes to (withdrawn); no to something never agreed (refused).
PORTAL_STATES = (c.ConsentState.GIVEN, c.ConsentState.WITHDRAWN, c.ConsentState.REFUSED)

# The longest break someone can ask for in one go (they can come back any time before).
LONGEST_BREAK = dt.timedelta(days=366 * 2)


def _log(participant: Participant, action: str, summary: str, request=None, changes=None):
    log_action(
        organisation=participant.organisation,
        actor=None,
        action=action,
        target=participant,
        summary=summary,
        changes=changes,
        request=request,
    )


@transaction.atomic
def contact_update(
    *,
    participant: Participant,
    phone: str,
    email: str,
    address: str,
    postcode: str,
    channel_order: list[str],
    best_times: str,
    request=None,
) -> Participant:
    """Contact details and how they like to be contacted. Adding a way of contact to their
    list is also their agreement to be contacted that way (recorded as a consent decision,
    from the portal), since messages only go through channels they have agreed to. A way
    already in the list records nothing, so saving never re-gives a consent they withdrew."""
    before = {"phone": participant.phone, "email": participant.email}
    before_channels = set(participant.channel_order)
    people_services.participant_update(
        participant=participant,
        data={
            "phone": phone.strip(),
            "email": email.strip().lower(),
            "address": address.strip(),
            "postcode": postcode.strip().upper(),
            "channel_order": list(channel_order),
            "best_times": best_times.strip(),
        },
        actor=None,
        request=request,
    )
    consents = current_consents(participant)
    for channel in channel_order:
        if channel in before_channels:
            continue
        purpose = c.CHANNEL_CONSENT[c.Channel(channel)]
        event = consents.get(purpose)
        if event is None or event.state != c.ConsentState.GIVEN:
            people_services.consent_record(
                participant=participant,
                purpose=purpose,
                state=c.ConsentState.GIVEN,
                method=c.ConsentMethod.PORTAL,
                actor=None,
                request=request,
            )
    changed = [k for k in ("phone", "email") if before[k] != getattr(participant, k)]
    _log(
        participant,
        "portal.details.contact",
        f"{participant.preferred_name} changed their contact details in the portal"
        + (f" (new {' and '.join(changed)} for signing in)" if changed else ""),
        request,
    )
    return participant


@transaction.atomic
def contact_saved_message(*, old_phone: str, old_email: str, participant: Participant) -> str:
    """What to tell someone who saved their contact details: where their next sign-in code
    goes when they changed their phone number or email."""
    new = [
        words
        for words, old, now in (
            ("phone number", old_phone, participant.phone),
            ("email", old_email, participant.email),
        )
        if old != now
    ]
    note = "We have saved your contact details."
    if new:
        note += f" Next time you sign in, we will send your code to your new {' and '.join(new)}."
    return note


@transaction.atomic
def access_needs_set(
    *, participant: Participant, needs: list[str], notes: str, request=None
) -> Participant:
    people_services.participant_set_access_needs(
        participant=participant, needs=needs, notes=notes.strip(), actor=None, request=request
    )
    _log(
        participant,
        "portal.details.access",
        f"{participant.preferred_name} changed their access needs in the portal",
        request,
    )
    return participant


def _availability_words(pairs) -> str:
    return ", ".join(f"{c.Day(d).label} {c.Period(p).label.lower()}" for d, p in sorted(pairs))


@transaction.atomic
def availability_set(
    *, participant: Participant, availability: list[tuple[int, str]], request=None
) -> Participant:
    wanted = {(int(d), str(p)) for d, p in availability}
    current = set(Availability.objects.filter(participant=participant).values_list("day", "period"))
    if wanted != current:
        # The same replacement the staff involvement form makes (people.services).
        people_services.participant_set_availability(participant, wanted)
    _log(
        participant,
        "portal.details.availability",
        f"{participant.preferred_name} changed when they are free in the portal",
        request,
        {"availability": [_availability_words(current), _availability_words(wanted)]}
        if wanted != current
        else None,
    )
    return participant


_CONSENT_CHANNEL = {purpose: channel for channel, purpose in c.CHANNEL_CONSENT.items()}

_VERBS = {
    c.ConsentState.GIVEN: "gave",
    c.ConsentState.WITHDRAWN: "withdrew",
    c.ConsentState.REFUSED: "refused",
}


def consent_change(*, participant: Participant, purpose: str, state: str, request=None):
    """Give or withdraw one consent. It counts at once: the events photo check, the sign-in
    sheet, messaging and quotes all read the newest decision."""
    if purpose not in c.ConsentPurpose.values:
        raise ValidationError("Choose something from the list.")
    if state not in PORTAL_STATES:
        raise ValidationError("Choose yes or no.")
    if purpose == c.ConsentPurpose.SHARING and state == c.ConsentState.GIVEN:
        raise ValidationError(
            "To agree to sharing, talk to your contact, so you both know who it is shared with."
        )
    with transaction.atomic():
        event = people_services.consent_record(
            participant=participant,
            purpose=purpose,
            state=state,
            method=c.ConsentMethod.PORTAL,
            actor=None,
            request=request,
        )
        changes = None
        channel = _CONSENT_CHANNEL.get(purpose)
        if state != c.ConsentState.GIVEN and channel in participant.channel_order:
            # Saying no to a way of contact takes it out of their list, so the contact form
            # does not offer it back (saving that form would count as saying yes again).
            before = list(participant.channel_order)
            participant.channel_order = [ch for ch in before if ch != channel]
            participant.save(update_fields=["channel_order"])
            changes = {"channel_order": [before, list(participant.channel_order)]}
        _log(
            participant,
            "portal.consent",
            f"{participant.preferred_name} {_VERBS[state]} consent in the portal: "
            f"{c.ConsentPurpose(purpose).label}",
            request,
            changes,
        )
    return event


def places_held(*, participant: Participant, before: dt.date | None = None):
    """Their places (and waiting-list places) at meetings still to come; with `before`, only
    meetings that start before that day."""
    invitations = EventInvitation.objects.filter(
        participant=participant,
        reply__in=(EventInvitation.Reply.ACCEPTED, EventInvitation.Reply.WAITING),
        event__starts_at__gte=timezone.now(),
    )
    if before is not None:
        start_of_day = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
        invitations = invitations.filter(event__starts_at__lt=start_of_day)
    return invitations.select_related("event").order_by("event__starts_at", "pk")


def _give_up_places(invitations, request=None) -> list:
    """Say no for them through the events service, which gives each place to the first person
    on the waiting list. Returns the meetings."""
    given_up = []
    for invitation in invitations:
        if invitation.event.is_cancelled:
            continue
        event_services.invitation_reply(
            invitation=invitation,
            reply=EventInvitation.Reply.DECLINED,
            actor=None,
            request=request,
        )
        given_up.append(invitation.event)
    return given_up


def pause(*, participant: Participant, until: dt.date, reason: str = "", request=None):
    """A break until `until`: their places at meetings before then go to other people.
    Returns those meetings."""
    today = timezone.localdate()
    if until <= today:
        raise ValidationError({"until": "The date must be in the future."})
    if until > today + LONGEST_BREAK:
        raise ValidationError({"until": "Choose a date in the next 2 years."})
    with transaction.atomic():
        people_services.participant_change_status(
            participant=participant,
            to_status=c.Status.PAUSED,
            check_back_on=until,
            reason=reason or "Asked for a break in the portal",
            actor=None,
            request=request,
        )
        given_up = _give_up_places(places_held(participant=participant, before=until), request)
        _log(
            participant,
            "portal.details.pause",
            f"{participant.preferred_name} asked for a break in the portal",
            request,
        )
    return given_up


def rejoin(*, participant: Participant, request=None):
    """Back from a break (only someone on a break comes back this way)."""
    if participant.status != c.Status.PAUSED:
        return None
    with transaction.atomic():
        change = people_services.participant_change_status(
            participant=participant,
            to_status=c.Status.ACTIVE,
            reason="Came back in the portal",
            actor=None,
            request=request,
        )
        _log(
            participant,
            "portal.details.rejoin",
            f"{participant.preferred_name} came back from a break in the portal",
            request,
        )
    return change


def leave(*, participant: Participant, reason: str = "", request=None):
    """They stop taking part: their places at meetings still to come go to other people."""
    with transaction.atomic():
        _give_up_places(places_held(participant=participant), request)
        change = people_services.participant_change_status(
            participant=participant,
            to_status=c.Status.EXITED,
            reason=reason or "Left in the portal",
            actor=None,
            request=request,
        )
        _log(
            participant,
            "portal.details.leave",
            f"{participant.preferred_name} left in the portal",
            request,
        )
    return change


# Download my data ---------------------------------------------------------------------------

# Activity about safeguarding (restrictions recorded, ended or looked at) is staff-only.
_STAFF_ONLY_WORDS = ("restriction", "safeguarding")


def _mentions_staff_only(text: str) -> bool:
    text = (text or "").lower()
    return any(word in text for word in _STAFF_ONLY_WORDS)


def my_data(*, participant: Participant, audit: bool = True, request=None) -> dict:
    """What the staff subject-access export holds about this person, without safeguarding
    restrictions (staff-only) and without anything naming other participants. Audited (a
    member of staff viewing as the person is audited by the portal session instead)."""
    data = sar.build(participant)
    data.pop("safeguarding_restrictions", None)
    # Staff check supervision notes and unsigned letter drafts for other people's details before
    # they are sent, so the self-service copy leaves them out (a full request to staff has them).
    data["training_and_support"].pop("supervision_notes", None)
    data["testimonial_letters"] = [
        letter for letter in data["testimonial_letters"] if letter.get("signed_at")
    ]
    data["activity_log"] = [
        row for row in data["activity_log"] if not _mentions_staff_only(row["what"])
    ]
    for change in data["status_history"]:
        if _mentions_staff_only(change["reason"]):
            change["reason"] = ""
    data["about_this_export"]["note"] = (
        "Everything we hold about you. Other people's details are left out."
    )
    if audit:
        _log(
            participant,
            "portal.details.data",
            f"{participant.preferred_name} looked at their data in the portal",
            request,
        )
    return data

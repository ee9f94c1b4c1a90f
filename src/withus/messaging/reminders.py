"""The reminders the daily schedule sends: what is due today, and sending it.

Three kinds, each for one organisation at a time and inside its scope:

- **papers due** (to staff): a planned event whose papers have not gone out and are due within
  `PAPERS_DUE_WITHIN` days, or are late while the event is still to come. It goes to the event's
  named contact, or else the project's lead, or else the organisation's admins.
- **event reminders** (to participants): everyone coming to a planned event that starts within
  `EVENT_REMINDER_WITHIN` days, through their own channel. `message_participant` applies their
  consent, breaks and the organisation's quiet hours.
- **consent reviews** (to staff): current consent decisions (the latest per person and purpose,
  given) to review within `CONSENT_REVIEW_WITHIN` days or already past, for people who are active
  or enquiring, in one email a day to each person's named contact (or else to each admin).

The counts they return are of messages that went or are on their way (`was_sent_or_queued`):
a reminder a rule stops is recorded, as "not sent" with the reason, but not counted.

Every message carries a dedupe key, so running the schedule twice, or a worker retrying, never
sends the same reminder twice: keys already in the Message table are skipped before anything is
written. Each function reads with a fixed number of queries however many rows there are; the
only per-row work is the sending itself (`message_participant` / `message_staff`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from withus.events.models import Event, EventInvitation
from withus.events.timing import aware, local
from withus.messaging.models import Message
from withus.orgs.capabilities import Capability
from withus.orgs.models import Membership, Organisation
from withus.people import choices as c
from withus.people.models import ConsentEvent

PAPERS_DUE_WITHIN = 3  # days
EVENT_REMINDER_WITHIN = 2  # days
CONSENT_REVIEW_WITHIN = 14  # days


def local_today(organisation: Organisation, now: dt.datetime | None = None) -> dt.date:
    """Today's date where the organisation is."""
    return local(now or timezone.now(), organisation.timezone).date()


def _naive_local(moment: dt.datetime, tz_name: str) -> dt.datetime:
    # The formatting filters convert aware values to the active time zone; a naive local value
    # is shown as it is, in the organisation's time zone.
    return local(moment, tz_name).replace(tzinfo=None)


@dataclass
class _Staff:
    """Who in the organisation can be sent a reminder: active members, and which are admins."""

    members: dict[int, object]
    admins: list

    @classmethod
    def load(cls, organisation: Organisation) -> _Staff:
        memberships = list(
            Membership.objects.filter(organisation=organisation, user__is_active=True)
            .select_related("user")
            .order_by("user__full_name", "user__email", "pk")
        )
        return cls(
            members={m.user_id: m.user for m in memberships},
            admins=[m.user for m in memberships if m.has(Capability.ADMIN)],
        )

    def first_member(self, *user_ids: int | None) -> list:
        """The first of these people who is still a member, else the admins."""
        for user_id in user_ids:
            if user_id is not None and user_id in self.members:
                return [self.members[user_id]]
        return list(self.admins)


def _name(user) -> str:
    return user.full_name or user.email


def _already_recorded(keys: list[str]) -> set[str]:
    """The dedupe keys among these that already have a message (one query)."""
    if not keys:
        return set()
    return set(Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))


# --- papers due (to staff) ---------------------------------------------------------------------


def papers_due_events(organisation: Organisation, now: dt.datetime):
    today = local_today(organisation, now)
    return (
        Event.objects.filter(
            status=Event.Status.PLANNED,
            papers_sent_at__isnull=True,
            starts_at__gt=now,
            papers_due_on__lte=today + dt.timedelta(days=PAPERS_DUE_WITHIN),
        )
        .select_related("project")
        .order_by("papers_due_on", "starts_at", "pk")
    )


def send_papers_due_reminders(organisation: Organisation, *, now: dt.datetime | None = None) -> int:
    """Tell staff about papers due soon or late. Returns how many new reminders went out (or
    are on their way)."""
    from withus.messaging.services import message_staff, was_sent_or_queued
    from withus.pages.templatetags.withus_format import nice_date, nice_datetime

    now = now or timezone.now()
    with scope(organisation=organisation):
        staff = _Staff.load(organisation)
        due = []
        for event in papers_due_events(organisation, now):
            lead_id = event.project.lead_id if event.project else None
            for user in staff.first_member(event.contact_id, lead_id):
                key = f"papers-due:{event.pk}:{event.papers_due_on:%Y-%m-%d}:{user.pk}"
                due.append((key, event, user))
        done = _already_recorded([key for key, _, _ in due])
        sent = 0
        for key, event, user in due:
            if key in done:
                continue
            message = message_staff(
                organisation=organisation,
                user=user,
                template="staff_papers_due",
                context={
                    "name": _name(user),
                    "event": event.title,
                    "when": nice_datetime(_naive_local(event.starts_at, organisation.timezone)),
                    "papers_due": nice_date(event.papers_due_on),
                    "link": _link(organisation, "events:papers", pk=event.pk),
                },
                related=event,
                dedupe_key=key,
            )
            sent += was_sent_or_queued(message)
    return sent


# --- event reminders (to participants) ---------------------------------------------------------


def event_reminder_invitations(organisation: Organisation, now: dt.datetime):
    today = local_today(organisation, now)
    until = aware(
        today + dt.timedelta(days=EVENT_REMINDER_WITHIN + 1), dt.time(0, 0), organisation.timezone
    )
    return (
        EventInvitation.objects.filter(
            reply=EventInvitation.Reply.ACCEPTED,
            event__status=Event.Status.PLANNED,
            event__starts_at__gt=now,
            event__starts_at__lt=until,
            participant__erased_at__isnull=True,
        )
        .select_related(
            "participant", "participant__named_contact", "event", "event__venue", "event__contact"
        )
        .order_by("event__starts_at", "pk")
    )


def send_event_reminders(organisation: Organisation, *, now: dt.datetime | None = None) -> int:
    """Remind everyone coming to an event in the next two days, through their own channel.

    Returns how many new reminders went out or are on their way (queued, to print, to phone).
    A reminder a rule stops (no consent, taking a break) is recorded, as "not sent" with the
    reason, so staff see it and it is not tried again, but it is not counted; one held by quiet
    hours goes when they end, and is counted.
    """
    from withus.events.services import message_context
    from withus.messaging.services import message_participant, was_sent_or_queued

    now = now or timezone.now()
    with scope(organisation=organisation):
        due = []
        for invitation in event_reminder_invitations(organisation, now):
            # Already loaded: no query per row for the organisation.
            invitation.event.organisation = organisation
            invitation.participant.organisation = organisation
            start_day = local(invitation.event.starts_at, organisation.timezone).date()
            due.append((f"event-reminder:{invitation.pk}:{start_day:%Y-%m-%d}", invitation))
        done = _already_recorded([key for key, _ in due])
        sent = 0
        for key, invitation in due:
            if key in done:
                continue
            message = message_participant(
                participant=invitation.participant,
                template="event_reminder",
                context=message_context(invitation),
                related=invitation.event,
                dedupe_key=key,
            )
            sent += was_sent_or_queued(message)
    return sent


# --- consent reviews (to staff) ----------------------------------------------------------------


def consent_reviews_due(organisation: Organisation, now: dt.datetime):
    """Current decisions (the newest per person and purpose) that are 'given' and due a review."""
    today = local_today(organisation, now)
    newer = ConsentEvent.objects.filter(
        participant=OuterRef("participant"), purpose=OuterRef("purpose")
    ).filter(
        Q(recorded_at__gt=OuterRef("recorded_at"))
        | Q(recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk"))
    )
    return (
        ConsentEvent.objects.filter(
            state=c.ConsentState.GIVEN,
            review_on__isnull=False,
            review_on__lte=today + dt.timedelta(days=CONSENT_REVIEW_WITHIN),
            participant__status__in=[c.Status.ACTIVE, c.Status.ENQUIRY],
            participant__erased_at__isnull=True,
        )
        .filter(~Exists(newer))
        .select_related("participant")
        .order_by("review_on", "participant__preferred_name", "purpose", "pk")
    )


def send_consent_review_reminders(
    organisation: Organisation, *, now: dt.datetime | None = None
) -> int:
    """One email a day to each member of staff with consent reviews due for their people: the
    person's named contact, or else each admin. Returns how many new emails went out (or are
    on their way)."""
    from withus.messaging.services import message_staff, was_sent_or_queued
    from withus.pages.templatetags.withus_format import nice_date

    now = now or timezone.now()
    today = local_today(organisation, now)
    with scope(organisation=organisation):
        staff = _Staff.load(organisation)
        by_user: dict[int, list[ConsentEvent]] = defaultdict(list)
        users = {}
        for decision in consent_reviews_due(organisation, now):
            for user in staff.first_member(decision.participant.named_contact_id):
                by_user[user.pk].append(decision)
                users[user.pk] = user
        keys = {user_id: f"consent-review:{user_id}:{today:%Y-%m-%d}" for user_id in by_user}
        done = _already_recorded(list(keys.values()))
        sent = 0
        for user_id, decisions in by_user.items():
            if keys[user_id] in done:
                continue
            user = users[user_id]
            people = list(dict.fromkeys(d.participant for d in decisions))  # in review order
            if len(people) == 1:
                link = _link(organisation, "people:consent", pk=people[0].pk)
            else:
                link = _link(organisation, "people:list")
            message = message_staff(
                organisation=organisation,
                user=user,
                template="staff_consent_review",
                context={
                    "name": _name(user),
                    "participant": _people_phrase(decisions),
                    "review_on": nice_date(decisions[0].review_on),  # the earliest
                    "link": link,
                },
                related=people[0] if len(people) == 1 else None,
                dedupe_key=keys[user_id],
            )
            sent += was_sent_or_queued(message)
    return sent


def _people_phrase(decisions: list[ConsentEvent], most: int = 4) -> str:
    """'Jo Bloggs (Photos), Sam Carter (Film, Contact by email) and 3 others'."""
    purposes: dict = defaultdict(list)
    for decision in decisions:
        purposes[decision.participant].append(c.ConsentPurpose(decision.purpose).label)
    parts = [
        f"{person.preferred_name} ({', '.join(labels)})" for person, labels in purposes.items()
    ]
    if len(parts) > most:
        rest = len(parts) - (most - 1)
        parts = [*parts[: most - 1], f"{rest} others"]
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _link(organisation: Organisation, name: str, **kwargs) -> str:
    path = reverse(name, kwargs={"org_slug": organisation.slug, **kwargs})
    return settings.WITHUS_BASE_URL.rstrip("/") + path


# --- all of them -------------------------------------------------------------------------------


def send_daily_reminders(organisation: Organisation, *, now: dt.datetime | None = None) -> dict:
    """Every daily reminder for one organisation. Returns how many of each went out or are on
    their way (not those a rule stopped)."""
    now = now or timezone.now()
    return {
        "papers_due": send_papers_due_reminders(organisation, now=now),
        "event_reminders": send_event_reminders(organisation, now=now),
        "consent_reviews": send_consent_review_reminders(organisation, now=now),
    }

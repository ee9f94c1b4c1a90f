"""Writing messages: the one way withus sends anything to a participant or a member of staff.

    message_participant(participant=..., template="event_reminder", context={...})
    message_staff(organisation=..., user=..., template="staff_papers_due", context={...})

Both record a Message whatever happens, so staff can always see what was sent, what is
waiting, and what a rule stopped (status NOT_SENT, with the reason in plain words). Emails and
texts are sent by the deliver_message task after the surrounding transaction commits; letters
wait on the letters page to be printed, phone calls on the call list. The rules are asked again
when an email or text is sent and when letters and calls are listed, printed or recorded
(`recheck_waiting`): what a rule now stops becomes NOT_SENT with the reason. The events code
calls `withdraw_pending` when an event is cancelled or someone is no longer coming, and counts
people told with `was_sent_or_queued`.

Safe to call from anywhere: they enter the organisation's scope themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scope

from withus.audit.services import log_action
from withus.checks import Finding, Severity
from withus.messaging import channels, rules
from withus.messaging.models import Channel, Message, MessageAttachment, MessageTemplate
from withus.messaging.rendering import Rendered, TemplateText, render, template_for
from withus.messaging.templates_default import DEFAULTS
from withus.people import choices as c
from withus.people.models import ConsentEvent, Participant
from withus.people.selectors import current_consents, how_to_reach

logger = logging.getLogger(__name__)

S = Message.Status
# Emails and texts whose task was lost (a crash between commit and enqueue) are picked up again
# by deliver_due_messages once they have waited this long.
LOST_AFTER = dt.timedelta(minutes=5)
DUE_BATCH = 5000
# Messages still waiting to go: to the worker (emails, texts), the printer or the phone.
WAITING = (S.QUEUED, S.TO_PRINT, S.TO_CALL)
# Messages that went, or are on their way: everything except what a rule stopped or what failed.
SENT_OR_QUEUED = frozenset(
    {S.QUEUED, S.SENDING, S.SENT, S.TO_PRINT, S.PRINTED, S.TO_CALL, S.CALLED}
)
# Messages about a person's place at an event: not sent once they are no longer coming.
EVENT_TEMPLATES = frozenset(
    {"event_invitation", "event_confirmation", "event_reminder", "event_papers", "waiting_list"}
)
# The one message still sent about a cancelled event: that it is cancelled.
EVENT_CANCELLED_TEMPLATE = "event_cancelled"


def was_sent_or_queued(message: Message | None) -> bool:
    """Whether this message went (or is on its way: queued, to print, to phone), as opposed to
    one a rule stopped (NOT_SENT) or that failed. What to count as "told"."""
    return message is not None and message.status in SENT_OR_QUEUED


# Facts and plans --------------------------------------------------------------------------


def person_facts(participant: Participant, consents=None) -> rules.Person:
    consents = current_consents(participant) if consents is None else consents
    return rules.Person(
        name=participant.preferred_name,
        status=participant.status,
        in_prison=participant.in_prison,
        erased=participant.erased_at is not None,
        consented=frozenset(
            purpose for purpose, event in consents.items() if event.state == c.ConsentState.GIVEN
        ),
        phone=participant.phone,
        email=participant.email,
        address=participant.address,
        postcode=participant.postcode,
        key_worker_name=participant.key_worker_name,
        key_worker_contact=participant.key_worker_contact,
    )


@dataclass(frozen=True)
class Plan:
    """How a message to this person would go right now, and anything that stops it."""

    route: rules.Route | None
    findings: list[Finding] = field(default_factory=list)
    held_until: dt.datetime | None = None

    @property
    def blocked(self) -> bool:
        return any(f.blocking for f in self.findings)

    @property
    def reason(self) -> str:
        return next((f.message for f in self.findings if f.blocking), "")

    @property
    def channel_label(self) -> str:
        if self.route is None:
            return ""
        label = Channel(self.route.channel).label
        if self.route.via_key_worker:
            return f"{label} through their key worker"
        return label


def plan_for(
    participant: Participant, *, essential: bool = False, now: dt.datetime | None = None
) -> Plan:
    organisation = participant.organisation
    with scope(organisation=organisation):
        consents = current_consents(participant)
        facts = person_facts(participant, consents)
        order = [reach.channel for reach in how_to_reach(participant, consents)]
    routed = rules.route_for(facts, order)
    status = rules.status_findings(facts, essential=essential)
    if isinstance(routed, Finding):
        return Plan(None, [*status, routed])
    findings = rules.send_findings(facts, routed, essential=essential)
    held = None
    if routed.channel in rules.QUIET_CHANNELS:
        held = rules.quiet_until(
            now or timezone.now(),
            start=organisation.quiet_hours_start,
            end=organisation.quiet_hours_end,
            tz_name=organisation.timezone,
        )
    findings = [*findings, *rules.quiet_hours_finding(routed.channel, held, organisation.timezone)]
    return Plan(routed, findings, held)


# Creating messages ------------------------------------------------------------------------


def _template(organisation, key: str) -> TemplateText:
    try:
        return template_for(organisation, key)
    except KeyError:
        raise ValueError(f"There is no message template called {key!r}.") from None


def _existing(organisation, dedupe_key: str) -> Message | None:
    if not dedupe_key:
        return None
    return Message.unscoped.filter(organisation=organisation, dedupe_key=dedupe_key).first()


def _related(related) -> dict:
    if related is None:
        return {}
    return {
        "related_type": ContentType.objects.get_for_model(related),
        "related_id": related.pk,
    }


def _enqueue(message_id: int) -> None:
    from withus.messaging.tasks import deliver_message

    try:
        deliver_message.enqueue(message_id)
    except Exception:  # the queue being down must not lose the message: it stays QUEUED
        logger.exception("Could not queue message %s; deliver_due_messages will retry", message_id)


def _save(fields: dict, attachments) -> tuple[Message, bool]:
    """Create the message (and its files), or return the one already made with its key."""
    try:
        with transaction.atomic():
            message = Message.unscoped.create(**fields)
            for filename, content, content_type in attachments:
                MessageAttachment.unscoped.create(
                    organisation=message.organisation,
                    message=message,
                    filename=str(filename)[:200],
                    content_type=str(content_type)[:100],
                    content=bytes(content),
                    size=len(content),
                )
    except IntegrityError:
        existing = _existing(fields["organisation"], fields.get("dedupe_key", ""))
        if existing is None:
            raise
        return existing, False
    return message, True


def _after_create(message: Message) -> None:
    if message.status == S.QUEUED and message.send_after is None:
        transaction.on_commit(functools.partial(_enqueue, message.pk))


def _key_worker_wording(rendered: Rendered, name: str, key_worker: str, channel: str) -> Rendered:
    if channel == Channel.EMAIL:
        return Rendered(
            f"For {name}: {rendered.subject}"[:200],
            f"This message is for {name}, who asked us to contact them through you. "
            f"Please pass it on to them.\n\n---\n\n{rendered.body}",
        )
    who = key_worker.strip() or "their key worker"
    return Rendered(
        rendered.subject,
        f"Call {who} and ask them to pass this on to {name}:\n\n{rendered.body}",
    )


def message_participant(
    *,
    participant: Participant,
    template: str,
    context: dict,
    related=None,
    essential: bool = False,
    dedupe_key: str = "",
    actor=None,
    attachments: list[tuple[str, bytes, str]] = (),
) -> Message | None:
    """Send (or queue, or put on the letters or call list) a message to a participant.

    Always returns the Message: NOT_SENT with a plain reason when a rule stops it. With a
    dedupe_key, a second call returns the first message instead of making another.
    """
    organisation = participant.organisation
    text = _template(organisation, template)
    with scope(organisation=organisation):
        existing = _existing(organisation, dedupe_key)
        if existing is not None:
            return existing
        now = timezone.now()
        plan = plan_for(participant, essential=essential, now=now)
        full_context = {
            "name": participant.preferred_name,
            "organisation": organisation.name,
            "contact": _contact_for(participant),
        }
        full_context = _merge(full_context, context)
        route = plan.route
        channel = route.channel if route else ""
        rendered = render(text, full_context, channel or Channel.EMAIL)
        if route is not None and route.via_key_worker and channel != Channel.POST:
            rendered = _key_worker_wording(
                rendered, participant.preferred_name, participant.key_worker_name, channel
            )
        fields = {
            "organisation": organisation,
            "participant": participant,
            "channel": channel,
            "to_address": route.to_address if route else "",
            "via_key_worker": bool(route and route.via_key_worker),
            "template": template,
            "subject": rendered.subject,
            "body": rendered.body,
            "essential": essential,
            "dedupe_key": dedupe_key,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            "created_at": now,
            **_related(related),
        }
        if plan.blocked:
            fields.update(status=S.NOT_SENT, status_reason=plan.reason[:300])
        elif channel == Channel.POST:
            fields.update(status=S.TO_PRINT)
        elif channel == Channel.PHONE:
            fields.update(status=S.TO_CALL, send_after=plan.held_until)
        else:
            fields.update(status=S.QUEUED, send_after=plan.held_until)
        keep = (
            [a for a in attachments if channel == Channel.EMAIL or "calendar" not in a[2]]
            if channel in (Channel.EMAIL, Channel.POST) and not plan.blocked
            else []
        )
        message, created = _save(fields, keep)
        if not created:
            return message
        _after_create(message)
        if fields["created_by"] is not None:
            log_action(
                action="message.create",
                summary=(
                    f"{Channel(channel).label if channel else 'Message'} to "
                    f"{participant.preferred_name} ({text.label}): {message.get_status_display()}"
                ),
                actor=actor,
                organisation=organisation,
                target=message,
                changes={"channel": [None, channel], "template": [None, template]},
            )
    return message


def _merge(defaults: dict, context: dict | None) -> dict:
    """The caller's details over ours; an empty one of theirs never hides one of ours, and
    None counts as empty."""
    merged = dict(defaults)
    for key, value in (context or {}).items():
        value = "" if value is None else value
        if value != "" or key not in merged:
            merged[key] = value
    return merged


def _contact_for(participant: Participant) -> str:
    contact = participant.named_contact
    if contact is not None:
        return contact.full_name or contact.email
    return participant.organisation.name


def message_staff(
    *,
    organisation,
    user,
    template: str,
    context: dict,
    related=None,
    dedupe_key: str = "",
) -> Message | None:
    """Email a member of staff (reminders about papers, consent reviews). Staff are not held by
    participant quiet hours or consent. Always returns the Message (NOT_SENT without an email
    address or membership)."""
    from withus.orgs.models import Membership

    text = _template(organisation, template)
    with scope(organisation=organisation):
        existing = _existing(organisation, dedupe_key)
        if existing is not None:
            return existing
        full_context = {
            "name": getattr(user, "full_name", "") or user.email,
            "organisation": organisation.name,
        }
        full_context = _merge(full_context, context)
        rendered = render(text, full_context, Channel.EMAIL)
        fields = {
            "organisation": organisation,
            "staff": user,
            "channel": Channel.EMAIL,
            "to_address": user.email or "",
            "template": template,
            "subject": rendered.subject,
            "body": rendered.body,
            "dedupe_key": dedupe_key,
            "status": S.QUEUED,
            **_related(related),
        }
        if not user.email:
            fields.update(status=S.NOT_SENT, status_reason="They have no email address.")
        elif not Membership.of_user.filter(user=user, organisation=organisation).exists():
            fields.update(
                status=S.NOT_SENT,
                status_reason=f"They are no longer a member of {organisation.name}."[:300],
            )
        message, created = _save(fields, [])
        if created:
            _after_create(message)
    return message


# Delivering -------------------------------------------------------------------------------


def _current_address(facts: rules.Person, message: Message) -> str:
    if message.via_key_worker and message.channel == Channel.EMAIL:
        return facts.key_worker_contact.strip()
    return {Channel.EMAIL: facts.email.strip(), Channel.SMS: facts.phone.strip()}.get(
        message.channel, message.to_address
    )


def _finish(message: Message, from_status: str, **fields) -> bool:
    return bool(Message.unscoped.filter(pk=message.pk, status=from_status).update(**fields))


@dataclass
class _EventFacts:
    """The events some messages are about (their `related` object), and the replies of the
    people they are to: enough to tell whether a message about an event should still go."""

    event_type_id: int | None = None
    events: dict = field(default_factory=dict)  # event id -> Event (id, title, status)
    replies: dict = field(default_factory=dict)  # (event id, participant id) -> reply

    @classmethod
    def load(cls, organisation, messages: list[Message]) -> _EventFacts:
        """Two queries at most, however many messages (none when no message is about
        anything)."""
        if not any(m.related_type_id and m.related_id for m in messages):
            return cls()
        from withus.events.models import Event, EventInvitation

        event_type_id = ContentType.objects.get_for_model(Event).pk
        about = [m for m in messages if m.related_type_id == event_type_id and m.related_id]
        if not about:
            return cls(event_type_id)
        events = {
            event.pk: event
            for event in Event.unscoped.filter(
                organisation=organisation, pk__in={m.related_id for m in about}
            ).only("pk", "title", "status")
        }
        people = {m.participant_id for m in about if m.participant_id}
        replies = {}
        if events and people:
            replies = {
                (event_id, person_id): reply
                for event_id, person_id, reply in EventInvitation.unscoped.filter(
                    organisation=organisation, event_id__in=list(events), participant_id__in=people
                ).values_list("event_id", "participant_id", "reply")
            }
        return cls(event_type_id, events, replies)

    def findings(self, message: Message, name: str) -> list[Finding]:
        """What stops this message because its event was cancelled or the person is no longer
        coming (empty: nothing)."""
        from withus.events.models import Event, EventInvitation

        if self.event_type_id is None or message.related_type_id != self.event_type_id:
            return []
        event = self.events.get(message.related_id)
        if event is None:
            return []
        if event.status == Event.Status.CANCELLED and message.template != EVENT_CANCELLED_TEMPLATE:
            return [
                _stopping(
                    "event_cancelled",
                    f"{event.title} was cancelled, so this was not sent.",
                )
            ]
        if not message.participant_id or message.template not in EVENT_TEMPLATES:
            return []
        reply = self.replies.get((event.pk, message.participant_id))
        if reply == EventInvitation.Reply.DECLINED:
            return [
                _stopping(
                    "invitation_declined",
                    f"{name} said they are not coming to {event.title}, so this was not sent.",
                )
            ]
        if reply == EventInvitation.Reply.WITHDRAWN:
            return [
                _stopping(
                    "invitation_withdrawn",
                    f"{name}'s invitation to {event.title} was withdrawn, so this was not sent.",
                )
            ]
        return []


def _stopping(code: str, message: str) -> Finding:
    return Finding(f"messaging.{code}", Severity.BLOCKING, message)


def _stopped(message: Message, facts: rules.Person, events: _EventFacts) -> list[Finding]:
    """Everything that now stops a message written earlier to a participant: their status,
    erasure, prison, consent for its channel, and its event (empty: it may still go)."""
    route = rules.Route(message.channel, message.to_address, message.via_key_worker)
    return rules.send_findings(facts, route, essential=message.essential) or events.findings(
        message, facts.name
    )


def _consents_by_person(organisation, person_ids: Iterable[int]) -> dict[int, dict]:
    """Each person's latest consent decision per purpose, for many people in one query."""
    latest: dict[int, dict] = defaultdict(dict)
    decisions = (
        ConsentEvent.unscoped.filter(organisation=organisation, participant_id__in=set(person_ids))
        .order_by("-recorded_at", "-id")
        .only("participant_id", "purpose", "state")
    )
    for decision in decisions:
        latest[decision.participant_id].setdefault(decision.purpose, decision)
    return latest


def recheck_waiting(*, organisation, channel: str, message_ids: Iterable[int] | None = None) -> int:
    """Ask the rules again about letters waiting to be printed (channel POST) or calls waiting
    to be made (channel PHONE), as delivery does for emails and texts: they can wait for days,
    and in that time a person may take a break, move on, go to prison, withdraw consent or be
    erased, and an event may be cancelled or they may say they are not coming. Each one a rule
    now stops becomes NOT_SENT with the reason, so it is never printed or phoned.

    Call it before listing, printing or recording them. A fixed number of queries however many
    are waiting (plus one update for each different reason). Returns how many were stopped."""
    waiting_status = {Channel.POST: S.TO_PRINT, Channel.PHONE: S.TO_CALL}[channel]
    with scope(organisation=organisation):
        waiting = Message.unscoped.filter(
            organisation=organisation, channel=channel, status=waiting_status
        )
        if message_ids is not None:
            waiting = waiting.filter(pk__in=list(message_ids))
        waiting = list(
            waiting.select_related("participant").only(
                "pk",
                "channel",
                "to_address",
                "via_key_worker",
                "essential",
                "template",
                "participant_id",
                "related_type_id",
                "related_id",
                *(f"participant__{name}" for name in _FACT_FIELDS),
            )
        )
        if not waiting:
            return 0
        consents = _consents_by_person(organisation, {m.participant_id for m in waiting})
        events = _EventFacts.load(organisation, waiting)
        stopped: dict[str, list[int]] = defaultdict(list)
        for message in waiting:
            if message.participant is None:
                findings = events.findings(message, "")
            else:
                facts = person_facts(message.participant, consents.get(message.participant_id, {}))
                findings = _stopped(message, facts, events)
            if findings:
                stopped[findings[0].message[:300]].append(message.pk)
        count = 0
        for reason, ids in stopped.items():
            count += Message.unscoped.filter(pk__in=ids, status=waiting_status).update(
                status=S.NOT_SENT, status_reason=reason
            )
    return count


# What person_facts reads from a participant.
_FACT_FIELDS = (
    "preferred_name",
    "status",
    "justice_relationship",
    "erased_at",
    "phone",
    "email",
    "address",
    "postcode",
    "key_worker_name",
    "key_worker_contact",
)


def withdraw_pending(
    *,
    participant: Participant | None = None,
    related=None,
    templates: Iterable[str] | None = None,
    reason: str,
) -> int:
    """Stop messages that are still waiting (to be sent, printed or phoned) and should no longer
    go: to this participant, about this `related` object (an event), of these templates, or any
    mix of them. For example, when an event is cancelled (related=event, every template but
    "event_cancelled") or someone says they are not coming (participant and related=event).

    Each becomes NOT_SENT with `reason` in plain words. Messages already sent, or being sent
    right now, are left as they are. Returns how many were stopped."""
    if participant is None and related is None:
        raise ValueError("Say whose messages, or what they are about, to withdraw.")
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Give the reason the messages are not being sent.")
    organisation = participant.organisation if participant is not None else related.organisation
    with scope(organisation=organisation):
        waiting = Message.unscoped.filter(organisation=organisation, status__in=WAITING)
        if participant is not None:
            waiting = waiting.filter(participant=participant)
        if related is not None:
            waiting = waiting.filter(**_related(related))
        if templates is not None:
            templates = [templates] if isinstance(templates, str) else list(templates)
            waiting = waiting.filter(template__in=templates)
        return waiting.update(status=S.NOT_SENT, status_reason=reason[:300])


def deliver(message_id: int, *, now: dt.datetime | None = None) -> str:
    """Send one queued email or text. Safe to run twice: the message is claimed with a
    conditional update (QUEUED → SENDING) before anything is sent, so only one run sends it."""
    message = (
        Message.unscoped.select_related("organisation", "participant").filter(pk=message_id).first()
    )
    if message is None:
        return "skipped: no such message"
    if message.status != S.QUEUED:
        return f"skipped: {message.status}"
    if message.channel not in (Channel.EMAIL, Channel.SMS):
        return "skipped: done by staff"
    now = now or timezone.now()
    if message.send_after and message.send_after > now:
        return "skipped: held until later"
    organisation = message.organisation
    with scope(organisation=organisation):
        events = _EventFacts.load(organisation, [message])
        if message.participant_id:
            participant = Participant.unscoped.get(pk=message.participant_id)
            facts = person_facts(participant)
            findings = _stopped(message, facts, events)
            if not findings and _current_address(facts, message) != message.to_address:
                findings = [
                    Finding(
                        "messaging.details_changed",
                        Severity.BLOCKING,
                        "Their contact details changed after this was written, so it was not "
                        "sent to the old ones.",
                    )
                ]
        else:
            findings = events.findings(message, "")
        if findings:
            _finish(message, S.QUEUED, status=S.NOT_SENT, status_reason=findings[0].message[:300])
            return "not sent: " + findings[0].code
        if message.participant_id:
            held = rules.quiet_until(
                now,
                start=organisation.quiet_hours_start,
                end=organisation.quiet_hours_end,
                tz_name=organisation.timezone,
            )
            if held is not None:
                _finish(message, S.QUEUED, send_after=held)
                return "held: quiet hours"
        if not _finish(message, S.QUEUED, status=S.SENDING):
            return "skipped: already being sent"
        result = channels.send(message)
        _finish(
            message,
            S.SENDING,
            status=S.SENT if result.ok else S.FAILED,
            sent_at=timezone.now() if result.ok else None,
            provider=result.provider[:20],
            provider_reference=result.reference[:100],
            status_reason="" if result.ok else result.reason[:300],
        )
    return "sent" if result.ok else "failed"


def deliver_due_messages(now: dt.datetime | None = None) -> int:
    """Queue delivery for emails and texts that are due: held ones whose quiet hours are over,
    and any whose delivery task was lost. Returns how many were queued."""
    now = now or timezone.now()
    ids = list(
        Message.unscoped.filter(status=S.QUEUED, channel__in=[Channel.EMAIL, Channel.SMS])
        .filter(
            Q(send_after__lte=now) | Q(send_after__isnull=True, created_at__lte=now - LOST_AFTER)
        )
        .order_by("send_after", "id")
        .values_list("id", flat=True)[:DUE_BATCH]
    )
    for message_id in ids:
        transaction.on_commit(functools.partial(_enqueue, message_id))
    return len(ids)


# Letters and calls ------------------------------------------------------------------------


def letters_mark_printed(*, organisation, message_ids, actor, request=None) -> int:
    """Record that these letters were printed. Any that a rule now stops are not: they become
    NOT_SENT with the reason (see recheck_waiting). Returns how many were marked printed."""
    message_ids = list(message_ids)
    recheck_waiting(organisation=organisation, channel=Channel.POST, message_ids=message_ids)
    with scope(organisation=organisation):
        ids = list(
            Message.objects.filter(
                pk__in=list(message_ids), status=S.TO_PRINT, channel=Channel.POST
            ).values_list("pk", flat=True)
        )
        count = Message.objects.filter(pk__in=ids, status=S.TO_PRINT).update(
            status=S.PRINTED, sent_at=timezone.now()
        )
    if count:
        log_action(
            action="message.printed",
            summary=f"Marked {count} letter{'s' if count != 1 else ''} as printed",
            actor=actor,
            organisation=organisation,
            request=request,
        )
    return count


def call_record(*, message: Message, outcome: str, actor, request=None) -> Message:
    """Record one try at a phone call. No answer leaves it on the call list.

    The rules are asked again first: a call that a rule now stops (the person took a break,
    withdrew consent, the event was cancelled …) is taken off the list as NOT_SENT with the
    reason, and no try is recorded."""
    outcome = Message.CallOutcome(outcome)
    if recheck_waiting(
        organisation=message.organisation, channel=Channel.PHONE, message_ids=[message.pk]
    ):
        message.refresh_from_db()
        return message
    now = timezone.now()
    fields = {
        "call_outcome": outcome,
        "call_attempts": message.call_attempts + 1,
        "last_attempt_at": now,
    }
    if outcome != Message.CallOutcome.NO_ANSWER:
        fields.update(status=S.CALLED, sent_at=now, status_reason=outcome.label)
    Message.objects.filter(pk=message.pk, status=S.TO_CALL).update(**fields)
    message.refresh_from_db()
    who = message.participant.preferred_name if message.participant else message.to_address
    log_action(
        action="message.call",
        summary=f"Phone call to {who}: {outcome.label.lower()}",
        actor=actor,
        organisation=message.organisation,
        target=message,
        request=request,
    )
    return message


# Templates --------------------------------------------------------------------------------


def template_save(
    *, organisation, key: str, subject: str, body: str, sms_body: str, actor, request=None
) -> MessageTemplate:
    if key not in DEFAULTS:
        raise ValueError(f"There is no message template called {key!r}.")
    with scope(organisation=organisation):
        row, _ = MessageTemplate.objects.update_or_create(
            organisation=organisation,
            key=key,
            defaults={
                "subject": subject.strip(),
                "body": body.strip(),
                "sms_body": sms_body.strip(),
                "updated_by": actor,
            },
        )
    log_action(
        action="message_template.save",
        summary=f"Changed the wording of '{DEFAULTS[key].label}'",
        actor=actor,
        organisation=organisation,
        target=row,
        request=request,
    )
    return row


def template_reset(*, organisation, key: str, actor, request=None) -> None:
    with scope(organisation=organisation):
        deleted, _ = MessageTemplate.objects.filter(organisation=organisation, key=key).delete()
    if deleted:
        log_action(
            action="message_template.reset",
            summary=f"Went back to the standard wording of '{DEFAULTS[key].label}'",
            actor=actor,
            organisation=organisation,
            request=request,
        )


# Data rights ------------------------------------------------------------------------------


def erase_messages_for(participant: Participant) -> int:
    """For erasure: keep that messages were sent (counts), remove what they said and where.
    Messages still waiting (to be sent, printed or phoned) will never go: they become NOT_SENT."""
    with scope(organisation=participant.organisation):
        MessageAttachment.objects.filter(message__participant=participant).delete()
        count = Message.objects.filter(participant=participant).update(
            subject="", body="", to_address="", status_reason=""
        )
        Message.objects.filter(participant=participant, status__in=WAITING).update(
            status=S.NOT_SENT,
            status_reason="This person's details were erased, so it was not sent.",
        )
    return count

"""Reads of messages, with the joins each page needs (query counts stay bounded)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from withus.messaging.models import Channel, Message, MessageAttachment, MessageTemplate
from withus.people import choices as c
from withus.people.models import AccessNeed, Participant

S = Message.Status


def _files() -> Prefetch:
    # The names and sizes only: the files themselves stay in the database until downloaded.
    return Prefetch("attachments", queryset=MessageAttachment.objects.defer("content"))


def _listed(messages: QuerySet[Message]) -> QuerySet[Message]:
    return messages.select_related("participant", "staff").defer(
        "participant__motivations", "participant__put_offs", "participant__access_notes"
    )


def outbox(*, channel: str = "", status: str = "") -> QuerySet[Message]:
    messages = Message.objects.all()
    if channel:
        messages = messages.filter(channel=channel)
    if status:
        messages = messages.filter(status=status)
    return _listed(messages).order_by("-created_at", "-id")


def message_detail(message_id: int) -> Message:
    return (
        Message.objects.select_related("participant", "staff", "created_by", "related_type")
        .prefetch_related(_files())
        .get(pk=message_id)
    )


def attachment(message_id: int, attachment_id: int) -> MessageAttachment:
    return MessageAttachment.objects.get(pk=attachment_id, message_id=message_id)


def message_with_key(dedupe_key: str) -> Message | None:
    """The message already recorded with this dedupe key, if any."""
    if not dedupe_key:
        return None
    return Message.objects.filter(dedupe_key=dedupe_key).first()


def letters_to_print(ids: list[int] | None = None) -> QuerySet[Message]:
    """Letters waiting to be printed. Run services.recheck_waiting first, so that letters a rule
    now stops are not among them."""
    letters = Message.objects.filter(channel=Channel.POST, status=S.TO_PRINT)
    if ids is not None:
        letters = letters.filter(pk__in=ids)
    return (
        _listed(letters)
        .annotate(
            large_print=Exists(
                AccessNeed.objects.filter(
                    participant=OuterRef("participant"), need=c.AccessNeed.LARGE_PRINT
                )
            )
        )
        .prefetch_related(_files())
        .order_by("created_at", "id")
    )


def call_list() -> QuerySet[Message]:
    """Calls waiting to be made. Run services.recheck_waiting first, so that calls a rule now
    stops are not among them."""
    return _listed(Message.objects.filter(channel=Channel.PHONE, status=S.TO_CALL)).order_by(
        "send_after", "created_at", "id"
    )


def participant_messages(participant: Participant) -> QuerySet[Message]:
    return _listed(Message.objects.filter(participant=participant)).order_by("-created_at", "-id")


def recent_for(participant: Participant, count: int = 5) -> list[Message]:
    return list(
        Message.objects.filter(participant=participant)
        .only("id", "channel", "status", "subject", "template", "created_at", "via_key_worker")
        .order_by("-created_at", "-id")[:count]
    )


def custom_template_keys() -> set[str]:
    return set(MessageTemplate.objects.values_list("key", flat=True))


def counts_waiting() -> dict[str, int]:
    """Letters to print and calls to make, for the outbox heading (one query)."""
    rows = (
        Message.objects.filter(status__in=[S.TO_PRINT, S.TO_CALL]).values_list("status").order_by()
    )
    counts = dict(rows.annotate(n=Count("id")))
    return {"letters": counts.get(S.TO_PRINT, 0), "calls": counts.get(S.TO_CALL, 0)}

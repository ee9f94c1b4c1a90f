"""Every message withus sends or asks staff to send, and the templates it is written from.

A Message is the record of one message to one person through one channel: what it said, why,
and what happened to it. The development/test "outbox" is simply this table with the provider
set to "outbox": nothing leaves the machine, but every message that would have been sent is here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    POST = "post", "Letter"
    PHONE = "phone", "Phone call"


class Message(ScopedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        TO_PRINT = "to_print", "Letter to print"
        PRINTED = "printed", "Letter printed"
        TO_CALL = "to_call", "To phone"
        CALLED = "called", "Phoned"
        FAILED = "failed", "Failed"
        NOT_SENT = "not_sent", "Not sent (a rule stopped it)"

    participant = models.ForeignKey(
        "people.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="For reminders to a member of staff.",
    )

    class CallOutcome(models.TextChoices):
        REACHED = "reached", "Spoke to them"
        NO_ANSWER = "no_answer", "No answer"
        VOICEMAIL = "voicemail", "Left a voicemail"

    # Blank when no channel could be used (the message is NOT_SENT and says why).
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    to_address = models.TextField(
        blank=True, help_text="The email, number or postal address it went to."
    )
    via_key_worker = models.BooleanField(default=False)
    template = models.CharField(max_length=40, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    status_reason = models.CharField(max_length=300, blank=True)
    provider = models.CharField(max_length=20, blank=True)  # "outbox", "smtp", "notify", …
    provider_reference = models.CharField(max_length=100, blank=True)
    essential = models.BooleanField(
        default=False, help_text="Needed even when the person is taking a break (money owed)."
    )
    send_after = models.DateTimeField(
        null=True, blank=True, help_text="Held until then (quiet hours)."
    )
    related_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    # Makes sending idempotent: the same reminder for the same thing is recorded only once.
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Phone calls: how the last try went, and how many tries so far.
    call_outcome = models.CharField(max_length=10, choices=CallOutcome.choices, blank=True)
    call_attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["organisation", "participant", "-created_at"]),
            models.Index(fields=["organisation", "channel", "status"]),
            models.Index(fields=["related_type", "related_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="unique_message_dedupe_key",
            ),
        ]


class MessageAttachment(ScopedModel):
    """A file sent with an email (a calendar file, meeting papers) or put in with a letter.
    Kept with the message so that delivery, which happens later in a worker, can attach it."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField(default=0)

    class Meta(ScopedModel.Meta):
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class MessageTemplate(ScopedModel):
    """An organisation's own wording for one kind of message. Defaults live in
    `messaging/templates_default.py`; a row here replaces the default for that organisation."""

    key = models.CharField(max_length=40)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    sms_body = models.TextField("Text message version", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_template_key"),
        ]


class ScheduleRun(models.Model):
    """One run of a scheduled job for one day. Not organisation-owned: the job covers them all.

    The unique (job, day) row is what stops a daily job running twice when the scheduler is
    started twice or restarted.
    """

    job = models.CharField(max_length=60)
    day = models.DateField()
    started_at = models.DateTimeField(default=now)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-day", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="one_run_per_job_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"

"""Sending one message through its channel: email through Django's mailers, text messages
through GOV.UK Notify or the local outbox. Letters and phone calls are done by people (the
letters and call list pages), so they never come here.

Each sender returns a SendResult and never raises: delivery records what happened on the message.

Settings (config/settings.py, messaging block):
- WITHUS_SMS_BACKEND: "outbox" (default outside production) records that a text would have been
  sent; nothing leaves the machine. "notify" (default in production) sends through GOV.UK Notify.
- NOTIFY_API_KEY, NOTIFY_SMS_TEMPLATE_ID: the Notify key and the id of a Notify text message
  template whose whole content is ((body)). Without them, texts fail with a plain reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from notifications_python_client.notifications import NotificationsAPIClient

from withus.messaging.models import Channel, Message

logger = logging.getLogger(__name__)

NOT_SET_UP = "Text messages are not set up"


@dataclass(frozen=True)
class SendResult:
    ok: bool
    provider: str
    reference: str = ""
    reason: str = ""


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Email ------------------------------------------------------------------------------------


def send_email(message: Message) -> SendResult:
    message_id = make_msgid(domain=_mail_domain())
    email = EmailMessage(
        subject=message.subject or "A message from " + message.organisation.name,
        body=message.body,
        to=[message.to_address],
        headers={"Message-ID": message_id},
    )
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    try:
        email.send()
    except Exception as error:  # SMTP refusals, timeouts, bad addresses: record, never raise
        logger.warning("Email %s could not be sent: %s", message.pk, error)
        return SendResult(False, "email", reason=_short(f"The email could not be sent: {error}"))
    return SendResult(True, "email", reference=message_id[:100])


def _mail_domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    domain = sender.rsplit("@", 1)[-1].strip(" >") if "@" in sender else ""
    return domain or "withus.localhost"


# Text messages ----------------------------------------------------------------------------


class OutboxSms:
    """Records that the text would have been sent. Development and tests only."""

    name = "outbox"

    def send(self, message: Message) -> SendResult:
        return SendResult(True, self.name, reference=f"outbox-{message.pk}")


class NotifySms:
    """GOV.UK Notify. The Notify template's content is ((body)); we fill in the whole text."""

    name = "notify"

    def __init__(self, api_key: str, template_id: str, sender_id: str = ""):
        self.api_key = api_key
        self.template_id = template_id
        self.sender_id = sender_id

    def send(self, message: Message) -> SendResult:
        try:
            client = NotificationsAPIClient(self.api_key)
            extra = {"sms_sender_id": self.sender_id} if self.sender_id else {}
            response = client.send_sms_notification(
                phone_number=message.to_address,
                template_id=self.template_id,
                personalisation={"body": message.body},
                reference=f"withus-{message.pk}",
                **extra,
            )
        except Exception as error:  # HTTPError from Notify, network errors: record them
            logger.warning("Notify refused text %s: %s", message.pk, error)
            return SendResult(
                False, self.name, reason=_short(f"GOV.UK Notify did not send it: {error}")
            )
        reference = str((response or {}).get("id", ""))
        if not reference:
            return SendResult(False, self.name, reason="GOV.UK Notify gave no reference.")
        return SendResult(True, self.name, reference=reference[:100])


class NotConfiguredSms:
    name = "none"

    def send(self, message: Message) -> SendResult:
        return SendResult(False, self.name, reason=NOT_SET_UP)


def sms_backend():
    backend = getattr(settings, "WITHUS_SMS_BACKEND", "outbox")
    if backend == "notify":
        key = getattr(settings, "NOTIFY_API_KEY", "")
        template = getattr(settings, "NOTIFY_SMS_TEMPLATE_ID", "")
        if not key or not template:
            return NotConfiguredSms()
        return NotifySms(key, template, getattr(settings, "NOTIFY_SMS_SENDER_ID", ""))
    if getattr(settings, "PRODUCTION", False):
        # The outbox only records texts; in production that would tell staff a text went
        # when it did not.
        return NotConfiguredSms()
    return OutboxSms()


def send_sms(message: Message) -> SendResult:
    return sms_backend().send(message)


def send(message: Message) -> SendResult:
    if message.channel == Channel.EMAIL:
        return send_email(message)
    if message.channel == Channel.SMS:
        return send_sms(message)
    return SendResult(False, "", reason="Letters and phone calls are done by staff.")


def outbox_in_use() -> bool:
    """True when nothing really leaves the machine (development and tests)."""
    return not getattr(settings, "PRODUCTION", False)

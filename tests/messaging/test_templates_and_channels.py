"""Template filling is safe, the default wording is short enough, and the SMS backends behave."""

import re

import pytest
from django.test import override_settings

from tests.messaging.conftest import make_person
from withus.messaging import channels
from withus.messaging.models import Message, MessageTemplate
from withus.messaging.rendering import SMS_LIMIT, fill, render, template_for, unknown_placeholders
from withus.messaging.services import deliver, message_participant
from withus.messaging.templates_default import DEFAULTS, PLACEHOLDERS, SAMPLE_CONTEXT
from withus.people import choices as c

S = Message.Status


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("Hello {name}", {"name": "Sam"}, "Hello Sam"),
        ("Hello {name}", {}, "Hello {name}"),  # missing stays visible
        ("Hello {name}", {"name": ""}, "Hello "),  # given as empty: nothing
        ("Hello {name}", {"name": None}, "Hello "),
        ("{name.__class__}", {"name": "Sam"}, "{name.__class__}"),  # no attribute access
        ("{name[0]}", {"name": "Sam"}, "{name[0]}"),
        ("{{name}}", {"name": "Sam"}, "{Sam}"),
        ("{NAME}", {"NAME": "Sam"}, "{NAME}"),
        ("{name}", {"name": "{event}", "event": "X"}, "{event}"),  # values are not re-read
        ("{name}", {"name": "{% debug %}"}, "{% debug %}"),
        ("{name}", {"name": "a\x00b\r\nc"}, "ab\nc"),
        ("£{amount}", {"amount": 20}, "£20"),
    ],
)
def test_fill(text, context, expected):
    assert fill(text, context) == expected


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_every_default_uses_only_known_placeholders_and_fills_completely(key):
    template = DEFAULTS[key]
    assert not unknown_placeholders(template.subject, template.body, template.sms_body)
    for text in (template.subject, template.body, template.sms_body):
        assert "{" not in fill(text, SAMPLE_CONTEXT)


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_text_message_versions_fit_in_300_characters(key):
    text = fill(DEFAULTS[key].sms_body, SAMPLE_CONTEXT)
    assert len(text) <= SMS_LIMIT, (key, len(text))


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_default_sentences_are_short(key):
    for line in DEFAULTS[key].body.split("\n"):
        for sentence in line.split(". "):
            assert len(sentence.split()) <= 20, sentence


def test_placeholder_help_covers_every_placeholder():
    used = {
        key
        for t in DEFAULTS.values()
        for text in (t.subject, t.body, t.sms_body)
        for key in re.findall(r"\{([a-z_]+)\}", text)
    }
    assert used <= set(PLACEHOLDERS)


def test_empty_details_leave_no_gaps():
    text = DEFAULTS["event_cancelled"]
    context = {**SAMPLE_CONTEXT, "reason": ""}
    sms = render(text_for("event_cancelled"), context, "sms").body
    assert "  " not in sms and "cancelled. Please do not travel." in sms
    body = render(text_for("event_cancelled"), context, "email").body
    assert "\n\n\n" not in body and "is cancelled.\n\nPlease do not travel" in body
    assert text.key == "event_cancelled"


def text_for(key):
    return template_for(None, key)


def test_organisation_wording_replaces_the_default(world, db):
    MessageTemplate.unscoped.create(
        organisation=world.org_a, key="event_reminder", subject="", body="Yo {name}", sms_body=""
    )
    mine = template_for(world.org_a, "event_reminder")
    assert mine.custom and mine.body == "Yo {name}"
    assert mine.subject == DEFAULTS["event_reminder"].subject  # blank subject: the default
    assert render(mine, {"name": "Sam"}, "sms").body == "Yo Sam"  # no text version: the body
    other = template_for(world.org_b, "event_reminder")
    assert not other.custom


# SMS backends -----------------------------------------------------------------------------


class FakeNotify:
    sent: list = []
    fail_with: Exception | None = None

    def __init__(self, api_key):
        self.api_key = api_key

    def send_sms_notification(self, **kwargs):
        if FakeNotify.fail_with:
            raise FakeNotify.fail_with
        FakeNotify.sent.append((self.api_key, kwargs))
        return {"id": "notify-ref-123", "reference": kwargs.get("reference")}


@pytest.fixture
def fake_notify(monkeypatch):
    FakeNotify.sent = []
    FakeNotify.fail_with = None
    monkeypatch.setattr(channels, "NotificationsAPIClient", FakeNotify)
    return FakeNotify


@pytest.fixture
def texter(world, clock):
    return make_person(
        world,
        preferred_name="Tex",
        phone="07700 900321",
        channel_order=["sms"],
        consents=[c.ConsentPurpose.CONTACT_SMS],
    )


def _text(person):
    return message_participant(
        participant=person, template="general", context={"message": "See you Tuesday."}
    )


@override_settings(
    WITHUS_SMS_BACKEND="notify", NOTIFY_API_KEY="key-1", NOTIFY_SMS_TEMPLATE_ID="tmpl-1"
)
def test_notify_adapter_sends_the_whole_text_as_body(texter, fake_notify):
    message = _text(texter)
    assert deliver(message.pk) == "sent"
    message.refresh_from_db()
    assert (message.status, message.provider, message.provider_reference) == (
        S.SENT,
        "notify",
        "notify-ref-123",
    )
    [(key, sent)] = fake_notify.sent
    assert key == "key-1"
    assert sent["phone_number"] == "07700 900321"
    assert sent["template_id"] == "tmpl-1"
    assert sent["personalisation"] == {"body": message.body}
    assert sent["reference"] == f"withus-{message.pk}"


@override_settings(
    WITHUS_SMS_BACKEND="notify", NOTIFY_API_KEY="key-1", NOTIFY_SMS_TEMPLATE_ID="tmpl-1"
)
def test_notify_refusal_is_recorded_as_failed(texter, fake_notify):
    fake_notify.fail_with = RuntimeError("400 ValidationError: phone_number Not a UK mobile number")
    message = _text(texter)
    assert deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == S.FAILED
    assert "Not a UK mobile number" in message.status_reason
    assert message.sent_at is None


@override_settings(WITHUS_SMS_BACKEND="notify", NOTIFY_API_KEY="", NOTIFY_SMS_TEMPLATE_ID="")
def test_notify_not_configured_fails_the_text_plainly(texter, fake_notify):
    message = _text(texter)
    deliver(message.pk)
    message.refresh_from_db()
    assert message.status == S.FAILED
    assert message.status_reason == "Text messages are not set up"
    assert fake_notify.sent == []


@override_settings(WITHUS_SMS_BACKEND="outbox", PRODUCTION=True)
def test_outbox_never_pretends_to_send_in_production(texter):
    message = _text(texter)
    deliver(message.pk)
    message.refresh_from_db()
    assert message.status == S.FAILED
    assert message.status_reason == "Text messages are not set up"


def test_email_failure_is_recorded(world, clock, monkeypatch):
    person = make_person(
        world, email="x@people.example", channel_order=["email"], consents=["contact_email"]
    )
    message = _text(person)

    def refuse(self, *args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == S.FAILED
    assert message.status_reason == "The email could not be sent: Connection refused"

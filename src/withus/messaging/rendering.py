"""Filling in message templates safely.

Placeholders are `{name}`: lower-case letters and underscores only, nothing else. They are
replaced by a regular expression in one pass, never by a template engine or str.format, so
wording an organisation types (or a value such as a person's name) can never reach attributes,
run code or expand further placeholders. A placeholder with no value stays visible as written,
so a missing detail shows up in the preview instead of silently disappearing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from withus.messaging.models import Channel, MessageTemplate
from withus.messaging.templates_default import DEFAULTS, PLACEHOLDERS

PLACEHOLDER = re.compile(r"\{([a-z_]{1,40})\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t]{2,}")
_BLANKS = re.compile(r"\n{3,}")
SMS_LIMIT = 300


def clean(value: object) -> str:
    text = "" if value is None else str(value)
    return _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def fill(text: str, context: dict) -> str:
    """Replace each {key} given in `context` (an empty value leaves nothing: say, no reason
    given); keys not given stay visible."""

    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key in context:
            return clean(context[key])
        return match.group(0)

    return PLACEHOLDER.sub(replace, clean(text))


def tidy(text: str) -> str:
    """Spaces left by empty details, and the blank lines they leave, are taken out."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def placeholders_in(text: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(text or "")))


def unknown_placeholders(*texts: str) -> list[str]:
    return [key for text in texts for key in placeholders_in(text) if key not in PLACEHOLDERS]


@dataclass(frozen=True)
class TemplateText:
    key: str
    label: str
    subject: str
    body: str
    sms_body: str
    custom: bool  # the organisation's own wording


def template_for(organisation, key: str) -> TemplateText:
    """The organisation's wording for `key`, or the default. Unknown keys raise KeyError."""
    default = DEFAULTS[key]
    row = (
        MessageTemplate.unscoped.filter(organisation=organisation, key=key).first()
        if organisation is not None
        else None
    )
    if row is None:
        return TemplateText(
            key, default.label, default.subject, default.body, default.sms_body, False
        )
    return TemplateText(
        key,
        default.label,
        row.subject or default.subject,
        row.body,
        row.sms_body or row.body,
        True,
    )


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def render(template: TemplateText, context: dict, channel: str) -> Rendered:
    """Subject and words for one channel: texts use the short version, the rest the full one."""
    subject = tidy(fill(template.subject, context).replace("\n", " "))[:200]
    if channel == Channel.SMS:
        return Rendered(subject, tidy(fill(template.sms_body or template.body, context)))
    return Rendered(subject, tidy(fill(template.body, context)))

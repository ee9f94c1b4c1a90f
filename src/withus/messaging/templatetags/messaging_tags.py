"""Small helpers for showing messages: status colours, and a person's latest messages."""

from django import template

from withus.messaging import selectors
from withus.messaging.models import Message
from withus.messaging.templates_default import DEFAULTS

register = template.Library()

S = Message.Status
_TAGS = {
    S.QUEUED: "govuk-tag--blue",
    S.SENDING: "govuk-tag--blue",
    S.SENT: "govuk-tag--green",
    S.TO_PRINT: "govuk-tag--yellow",
    S.PRINTED: "govuk-tag--green",
    S.TO_CALL: "govuk-tag--yellow",
    S.CALLED: "govuk-tag--green",
    S.FAILED: "govuk-tag--red",
    S.NOT_SENT: "govuk-tag--orange",
}


@register.filter
def status_class(status: str) -> str:
    return _TAGS.get(status, "govuk-tag--grey")


@register.filter
def template_label(key: str) -> str:
    default = DEFAULTS.get(key)
    return default.label if default else key


@register.inclusion_tag("messaging/_recent.html", takes_context=True)
def recent_messages(context, participant):
    return {
        "participant": participant,
        "organisation": context.get("organisation"),
        "recent": selectors.recent_for(participant, 5),
    }

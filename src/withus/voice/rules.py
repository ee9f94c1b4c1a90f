"""Pure checks for voice. Each returns a Finding or None."""

from __future__ import annotations

from collections.abc import Iterable

from withus.checks import Finding, Severity
from withus.people.choices import ConsentPurpose


def quote_permission(
    *, contributors: Iterable, anonymous: bool, quote: str, consents_by_person=None
) -> Finding | None:
    """Quoting needs every contributor's current consent for that kind of quote.

    `consents_by_person` maps participant pk to `current_consents(...)`; read when missing.
    An anonymous contribution (nobody named) may be quoted without a name, never with one.
    """
    from withus.people.selectors import consent_given, current_consents  # noqa: PLC0415

    if quote == "no":
        return None
    if anonymous:
        if quote == "named":
            return Finding(
                "voice.quote_named_anonymous",
                Severity.BLOCKING,
                "Nobody is named, so this cannot be quoted with a name.",
                "Choose 'May be quoted without a name' or 'Do not quote'.",
            )
        return None
    people = list(contributors)
    if not people:
        return Finding(
            "voice.quote_nobody",
            Severity.BLOCKING,
            "Pick who said it before choosing to quote it.",
        )
    purpose = ConsentPurpose.NAMED_QUOTES if quote == "named" else ConsentPurpose.ANONYMOUS_QUOTES
    missing = []
    for person in people:
        consents = (consents_by_person or {}).get(person.pk)
        if consents is None:
            consents = current_consents(person)
        if not consent_given(consents, purpose):
            missing.append(person.preferred_name)
    if missing:
        kind = "with their name" if quote == "named" else "without their name"
        return Finding(
            "voice.quote_no_consent",
            Severity.BLOCKING,
            f"You cannot quote this {kind}: {', '.join(missing)} has not agreed to be quoted "
            f"{kind}.",
            "Ask them first and record their consent, or choose 'Do not quote'.",
        )
    return None

"""Who the participant should talk to: the name shown on portal pages ("Ask Sam Smith")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from withus.accounts.models import User
    from withus.people.models import Participant


def contact_name(
    participant: Participant, *, contact: User | None = None, default: str | None = None
) -> str:
    """The name of `contact` (e.g. a meeting's contact) or else the person's named contact:
    their full name, or their email if the name is blank. With nobody named, `default`, or the
    organisation's name when no default is given (pass default="" to say "the team" yourself)."""
    user = contact or participant.named_contact
    if user is not None:
        return user.full_name or user.email
    return participant.organisation.name if default is None else default

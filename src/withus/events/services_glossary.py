"""Writes for the organisation's glossary and the extra terms an event's pack explains.

Every change is audited. A term is unique in an organisation whatever its case ("ROTL" and
"rotl" are the same word), so the pack never explains one word twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from withus.audit.services import diff_fields, log_action
from withus.events.models import Event, GlossaryTerm

FIELDS = ["term", "meaning"]


def _tidy(data: dict) -> dict:
    return {
        "term": " ".join((data.get("term") or "").split()),
        "meaning": (data.get("meaning") or "").strip(),
    }


def _check_unique(organisation, term: str, *, exclude: int | None = None) -> None:
    same = GlossaryTerm.unscoped.filter(organisation=organisation, term__iexact=term)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError({"term": f"The glossary already explains “{term}”."})


def glossary_term_create(*, organisation, data: dict, actor, request=None) -> GlossaryTerm:
    data = _tidy(data)
    _check_unique(organisation, data["term"])
    try:
        with transaction.atomic():
            term = GlossaryTerm.unscoped.create(organisation=organisation, **data)
    except IntegrityError as error:  # two people adding the same word at once
        raise ValidationError({"term": f"The glossary already explains “{data['term']}”."}) from (
            error
        )
    log_action(
        organisation=organisation,
        actor=actor,
        action="glossary.create",
        target=term,
        summary=f"Added “{term.term}” to the glossary",
        request=request,
    )
    return term


def glossary_term_update(*, term: GlossaryTerm, data: dict, actor, request=None) -> GlossaryTerm:
    data = _tidy(data)
    _check_unique(term.organisation_id, data["term"], exclude=term.pk)
    # From the database: a bound ModelForm may already have written the new values on `term`.
    before = GlossaryTerm.unscoped.filter(pk=term.pk).values(*FIELDS).first() or {}
    for field, value in data.items():
        setattr(term, field, value)
    try:
        with transaction.atomic():
            term.save(update_fields=FIELDS)
    except IntegrityError as error:
        raise ValidationError({"term": f"The glossary already explains “{data['term']}”."}) from (
            error
        )
    changes = diff_fields(term, before, FIELDS)
    if changes:
        log_action(
            organisation=term.organisation,
            actor=actor,
            action="glossary.update",
            target=term,
            summary=f"Changed “{term.term}” in the glossary",
            changes=changes,
            request=request,
        )
    return term


def glossary_term_delete(*, term: GlossaryTerm, actor, request=None) -> None:
    label = term.term
    organisation = term.organisation
    log_action(
        organisation=organisation,
        actor=actor,
        action="glossary.delete",
        target=term,
        summary=f"Removed “{label}” from the glossary",
        request=request,
    )
    term.delete()


def event_glossary_set(
    *, event: Event, terms: Iterable[GlossaryTerm], actor, request=None
) -> list[GlossaryTerm]:
    """The extra terms to explain in the event's pack (terms in the papers are added anyway)."""
    chosen = sorted(
        {t for t in terms if t.organisation_id == event.organisation_id},
        key=lambda t: t.term.casefold(),
    )
    before = sorted(t.term for t in event.glossary_terms.all())
    event.glossary_terms.set(chosen)
    after = sorted(t.term for t in chosen)
    if before != after:
        log_action(
            organisation=event.organisation,
            actor=actor,
            action="event.glossary",
            target=event,
            summary=f"Chose the glossary terms for the pack of {event.title}",
            changes={"glossary_terms": [", ".join(before), ", ".join(after)]},
            request=request,
        )
    return chosen

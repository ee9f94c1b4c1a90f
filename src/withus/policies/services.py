"""Writes for strategy and policy documents: start one from the starter wording, save a new
version, approve a version. Each is audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from withus.audit.services import log_action
from withus.documents import clean
from withus.messaging.reminders import local_today
from withus.people.models import Participant
from withus.policies import data, starters
from withus.policies.models import PolicyDocument, PolicyVersion

MAX_SECTION_CHARS = 20_000


class NotAllowed(Exception):
    pass


def _sections(document: PolicyDocument, texts: Mapping[str, str]) -> list[dict]:
    """The kind's sections in order, with the typed text and freshly filled data."""
    today = local_today(document.organisation)
    out = []
    for spec in starters.specs_for(document.kind):
        text = clean(texts.get(spec.key, "")).strip()
        if len(text) > MAX_SECTION_CHARS:
            raise ValidationError(
                {spec.key: f"Keep this section under {MAX_SECTION_CHARS:,} characters."}
            )
        out.append(
            {
                "key": spec.key,
                "heading": spec.heading,
                "text": text,
                "data": data.fill(spec.data, document.organisation, today=today),
            }
        )
    return out


def _names(people: list[Participant]) -> list[dict]:
    """What a version keeps of its co-authors: their names when it was saved."""
    return [{"id": p.pk, "name": " ".join(clean(p.preferred_name).split())} for p in people]


def _co_authors(organisation, ids: Iterable[int]) -> list[Participant]:
    return list(
        Participant.objects.filter(
            organisation=organisation, pk__in=list(ids), erased_at__isnull=True
        )
    )


@transaction.atomic
def document_create(*, organisation, kind: str, actor, request=None) -> PolicyDocument:
    """Start the organisation's document of `kind` from the starter wording (version 1, a
    draft). If it already exists, that document is returned unchanged."""
    if kind not in PolicyDocument.Kind.values:
        raise ValidationError({"kind": "Choose a kind of document."})
    existing = PolicyDocument.objects.filter(organisation=organisation, kind=kind).first()
    if existing is not None:
        return existing
    document = PolicyDocument.objects.create(
        organisation=organisation,
        kind=kind,
        title=PolicyDocument.Kind(kind).label,
        created_by=actor,
    )
    texts = {s["key"]: s["text"] for s in starters.starter_sections(kind)}
    PolicyVersion.objects.create(
        organisation=organisation,
        document=document,
        number=1,
        title=document.title,
        sections=_sections(document, texts),
        change_note="Started from withus's starter wording.",
        created_by=actor,
    )
    log_action(
        organisation=organisation,
        actor=actor,
        action="policy.create",
        target=document,
        summary=f"Started {document.title} from the starter wording",
        request=request,
    )
    return document


@transaction.atomic
def version_save(
    *,
    document: PolicyDocument,
    title: str,
    texts: Mapping[str, str],
    co_author_ids: Iterable[int],
    change_note: str,
    actor,
    request=None,
) -> PolicyVersion:
    """A new draft version (the next number) with the typed text, the co-authors, and the data
    sections filled in again from today's records."""
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    title = " ".join(clean(title).split())[:150]
    if not title:
        raise ValidationError({"title": "Enter a title for the document."})
    sections = _sections(document, texts)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    if title != document.title:
        document.title = title
        document.save(update_fields=["title"])
    co_authors = _co_authors(document.organisation, co_author_ids)
    version = PolicyVersion.objects.create(
        organisation=document.organisation,
        document=document,
        number=number,
        title=title,
        co_author_names=_names(co_authors),
        sections=sections,
        change_note=" ".join(clean(change_note).split())[:300],
        created_by=actor,
    )
    version.co_authors.set(co_authors)
    log_action(
        organisation=document.organisation,
        actor=actor,
        action="policy.version",
        target=version,
        summary=f"Saved version {number} of {document.title}",
        request=request,
    )
    return version


@transaction.atomic
def version_approve(*, version: PolicyVersion, actor, request=None) -> PolicyVersion:
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_approved:
        raise NotAllowed("This version has already been approved.")
    latest = version.document.versions.aggregate(n=Max("number"))["n"]
    if version.number != latest:
        raise NotAllowed("Only the latest version can be approved.")
    version.status = PolicyVersion.Status.APPROVED
    version.approved_at = timezone.now()
    version.approved_by = actor
    version.save(update_fields=["status", "approved_at", "approved_by"])
    log_action(
        organisation=version.organisation,
        actor=actor,
        action="policy.approve",
        target=version,
        summary=f"Approved version {version.number} of {version.document.title}",
        request=request,
    )
    return version


def erase_co_author(*, participant: Participant) -> int:
    """Take an erased person's name out of the versions they co-authored (for
    people.services.participant_erase). Their link stays, so the count of co-authors does not
    change; versions no longer name them. Returns how many versions changed."""
    changed = 0
    versions = PolicyVersion.unscoped.filter(
        organisation=participant.organisation, co_authors=participant
    )
    for version in versions:
        names = [
            entry
            for entry in version.co_author_names or []
            if not (isinstance(entry, dict) and entry.get("id") == participant.pk)
        ]
        if names != version.co_author_names:
            version.co_author_names = names
            version.save(update_fields=["co_author_names"])
            changed += 1
    return changed

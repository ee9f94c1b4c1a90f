"""Reads for strategy and policy documents, each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from withus.events.timing import local
from withus.policies.models import PolicyDocument, PolicyVersion
from withus.policies.rules import DocumentFacts


def document_list():
    """Every document with its latest version number and its latest approved version number."""
    latest = PolicyVersion.objects.filter(document=OuterRef("pk")).order_by("-number")
    approved = latest.filter(status=PolicyVersion.Status.APPROVED)
    return PolicyDocument.objects.annotate(
        latest_number=Max("versions__number"),
        latest_status=Subquery(latest.values("status")[:1]),
        approved_number=Coalesce(Subquery(approved.values("number")[:1]), 0),
        approved_at=Subquery(approved.values("approved_at")[:1]),
    ).order_by("kind")


def document_detail(pk: int) -> PolicyDocument:
    return PolicyDocument.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=PolicyVersion.objects.select_related("created_by", "approved_by")
            .prefetch_related("co_authors")
            .order_by("-number"),
        )
    ).get(pk=pk)


def version_for_print(document: PolicyDocument, number: int) -> PolicyVersion:
    return (
        PolicyVersion.objects.select_related("document", "organisation", "approved_by")
        .prefetch_related("co_authors")
        .get(document=document, number=number)
    )


def approved_versions(organisation) -> dict[str, PolicyVersion]:
    """The latest approved version of each kind of document: {kind: version}."""
    versions = (
        PolicyVersion.objects.filter(
            organisation=organisation, status=PolicyVersion.Status.APPROVED
        )
        .select_related("document")
        .order_by("document__kind", "-number")
    )
    out: dict[str, PolicyVersion] = {}
    for version in versions:
        out.setdefault(version.document.kind, version)
    return out


def section_text(version: PolicyVersion | None, key: str) -> str:
    if version is None:
        return ""
    for section in version.sections or []:
        if isinstance(section, dict) and section.get("key") == key:
            return section.get("text") or ""
    return ""


def document_facts(versions: list[PolicyVersion], *, timezone: str) -> DocumentFacts:
    """What the document's checks look at, from its versions newest first (as document_detail
    prefetches them, so no queries): is the latest a draft, when the latest approved one was
    approved (a date in `timezone`), how many co-authors the latest names, and the headings of
    its sections with no typed text that withus does not fill in either."""
    latest = versions[0] if versions else None
    approved = next((v for v in versions if v.is_approved), None)
    return DocumentFacts(
        latest_is_draft=latest is not None and not latest.is_approved,
        approved_on=local(approved.approved_at, timezone).date() if approved else None,
        co_authors=len(latest.co_authors.all()) if latest else 0,
        empty_sections=tuple(
            s.get("heading", "")
            for s in (latest.sections if latest else [])
            if isinstance(s, dict) and not (s.get("text") or "").strip() and not s.get("data")
        ),
    )

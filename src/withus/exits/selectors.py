"""Reads for moving on and the safeguarding log: bounded, with their joins."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from withus.exits.directory import KINDS_FOR_DESTINATION
from withus.exits.models import (
    ExitRecord,
    LetterVersion,
    SafeguardingConcern,
    SafeguardingDecision,
    SignpostOrganisation,
)
from withus.people.models import Participant
from withus.portal.models import TestimonialRequest
from withus.recruitment.models import Opportunity

LIST_LIMIT = 200


def participant(pk: int) -> Participant:
    return Participant.objects.get(pk=pk, erased_at__isnull=True)


def recent_exits(limit: int = LIST_LIMIT) -> QuerySet[ExitRecord]:
    return ExitRecord.objects.select_related("participant").order_by("-left_on", "-pk")[:limit]


def open_requests(limit: int = LIST_LIMIT) -> QuerySet[TestimonialRequest]:
    """Portal requests for a testimonial or reference that nobody has marked done."""
    return (
        TestimonialRequest.objects.filter(done_at__isnull=True, participant__erased_at__isnull=True)
        .select_related("participant")
        .order_by("created_at", "pk")[:limit]
    )


def requests_for(person: Participant) -> list[TestimonialRequest]:
    return list(
        TestimonialRequest.objects.filter(participant=person)
        .select_related("done_by")
        .order_by("-created_at", "-pk")[:20]
    )


def exit_for(person: Participant) -> ExitRecord | None:
    return ExitRecord.objects.filter(participant=person).prefetch_related("signposted_to").first()


def letters_for(person: Participant) -> list[LetterVersion]:
    return list(
        LetterVersion.objects.filter(participant=person)
        .select_related("created_by", "signed_by")
        .order_by("-number")[:100]
    )


def open_opportunities(today: dt.date, limit: int = 50) -> QuerySet[Opportunity]:
    """Other roles inside the organisation (guide 5.6): recruitment opportunities still open."""
    return (
        Opportunity.objects.filter(status=Opportunity.Status.OPEN)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .select_related("role", "project", "rate_card")
        .order_by("closes_on", "-created_at", "-pk")[:limit]
    )


DIRECTORY_LIMIT = 500


def _has_kind(kind: str) -> Q:
    """Entries whose kinds (a JSON list) hold `kind`, in the database on SQLite and PostgreSQL."""
    if connection.features.supports_json_field_contains:
        return Q(kinds__contains=[kind])
    # SQLite has no JSON containment: match the quoted value in the stored list. Kinds are
    # fixed slugs (SignpostOrganisation.Offer), so the quotes mark a whole item.
    return Q(kinds__icontains=f'"{kind}"')


def _directory_rows(*, kind: str = "", include_archived: bool = False):
    entries = SignpostOrganisation.objects.all()
    if not include_archived:
        entries = entries.filter(archived=False)
    if kind:
        entries = entries.filter(_has_kind(kind))
    return entries


def directory(
    *, kind: str = "", include_archived: bool = False, limit: int | None = None
) -> list[SignpostOrganisation]:
    """Directory entries by name: filtered in the database, then capped (DIRECTORY_LIMIT)."""
    rows = _directory_rows(kind=kind, include_archived=include_archived)
    return list(rows.order_by("name", "pk")[: limit or DIRECTORY_LIMIT])


def directory_count(*, kind: str = "", include_archived: bool = False) -> int:
    """How many entries directory() would list without its cap."""
    return _directory_rows(kind=kind, include_archived=include_archived).count()


def suggestions_for(destination: str, limit: int = 8) -> list[SignpostOrganisation]:
    wanted = KINDS_FOR_DESTINATION.get(destination, ())
    if not wanted:
        return []
    any_kind = Q()
    for kind in wanted:
        any_kind |= _has_kind(kind)
    rows = SignpostOrganisation.objects.filter(any_kind, archived=False)
    return list(rows.order_by("name", "pk")[:limit])


def concern_list(*, status: str = "") -> QuerySet[SafeguardingConcern]:
    """Concerns, most recently raised first, for the list page to page through (Paginator)."""
    concerns = SafeguardingConcern.objects.annotate(decision_count=Count("decisions"))
    if status:
        concerns = concerns.filter(status=status)
    return concerns.prefetch_related(
        Prefetch("people", queryset=Participant.objects.only("pk", "preferred_name"))
    ).order_by("-raised_on", "-pk")


def concern_detail(pk: int) -> SafeguardingConcern:
    return (
        SafeguardingConcern.objects.select_related("recorded_by")
        .prefetch_related(
            "people",
            Prefetch(
                "decisions",
                queryset=SafeguardingDecision.objects.select_related("recorded_by").order_by(
                    "decided_on", "pk"
                ),
            ),
        )
        .get(pk=pk)
    )

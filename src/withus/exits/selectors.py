"""Reads for moving on and the safeguarding log: bounded, with their joins."""

from __future__ import annotations

import datetime as dt

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


def directory(*, kind: str = "", include_archived: bool = False) -> list[SignpostOrganisation]:
    entries = SignpostOrganisation.objects.all()
    if not include_archived:
        entries = entries.filter(archived=False)
    entries = list(entries.order_by("name", "pk")[:500])
    if kind:
        # kinds is a JSON list; filtering in Python keeps this the same on SQLite and PostgreSQL.
        entries = [e for e in entries if kind in e.kinds]
    return entries


def suggestions_for(destination: str, limit: int = 8) -> list[SignpostOrganisation]:
    wanted = set(KINDS_FOR_DESTINATION.get(destination, ()))
    if not wanted:
        return []
    return [e for e in directory() if wanted & set(e.kinds)][:limit]


def concern_list(*, status: str = "", offset: int = 0) -> QuerySet[SafeguardingConcern]:
    """One page of concerns (LIST_LIMIT of them), most recently raised first."""
    concerns = SafeguardingConcern.objects.annotate(decision_count=Count("decisions"))
    if status:
        concerns = concerns.filter(status=status)
    return concerns.prefetch_related(
        Prefetch("people", queryset=Participant.objects.only("pk", "preferred_name"))
    ).order_by("-raised_on", "-pk")[offset : offset + LIST_LIMIT]


def concern_count(*, status: str = "") -> int:
    """How many concerns concern_list would show without its limit."""
    concerns = SafeguardingConcern.objects.all()
    if status:
        concerns = concerns.filter(status=status)
    return concerns.count()


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

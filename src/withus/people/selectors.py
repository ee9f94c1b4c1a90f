"""Reads of participant records, with the joins each page needs (query counts stay bounded)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from withus.people import choices as c
from withus.people.models import (
    AccessNeed,
    Availability,
    ConsentEvent,
    Interest,
    Participant,
    Restriction,
    StatusChange,
)


def _latest_consent(purpose: str) -> Subquery:
    return Subquery(
        ConsentEvent.objects.filter(participant=OuterRef("pk"), purpose=purpose)
        .order_by("-recorded_at", "-id")
        .values("state")[:1]
    )


def active_restrictions() -> QuerySet[Restriction]:
    return Restriction.objects.filter(ended_at__isnull=True)


def _restriction_flag() -> Exists:
    """True when the person has an active restriction, or is named in someone else's."""
    return Exists(
        active_restrictions().filter(
            Q(participant=OuterRef("pk")) | Q(other_participant=OuterRef("pk"))
        )
    )


@dataclass(frozen=True)
class ParticipantFilters:
    q: str = ""
    status: str = ""
    interest: str = ""
    skill: int | None = None
    access_need: str = ""
    area: str = ""
    named_contact: int | None = None
    day: int | None = None
    sort: str = "name"
    search_legal_name: bool = False  # only for people who may see legal names


SORTS = {
    "name": ["preferred_name", "id"],
    "status": ["status", "preferred_name", "id"],
    "newest": ["-created_at", "-id"],
    "updated": ["-updated_at", "-id"],
}


def participant_list(filters: ParticipantFilters) -> QuerySet[Participant]:
    people = Participant.objects.filter(erased_at__isnull=True)
    if filters.q:
        term = filters.q.strip()
        match = (
            Q(preferred_name__icontains=term)
            | Q(email__icontains=term)
            | Q(phone__icontains=term.replace(" ", ""))
        )
        if filters.search_legal_name:
            match |= Q(legal_name__icontains=term)
        people = people.filter(match)
    if filters.status:
        people = people.filter(status=filters.status)
    # Filters on many-valued relations use EXISTS, so no row repeats and no DISTINCT is needed
    # (DISTINCT would make the paginator's count evaluate every annotation for every row).
    if filters.interest:
        people = people.filter(
            Exists(Interest.objects.filter(participant=OuterRef("pk"), method=filters.interest))
        )
    if filters.skill:
        people = people.filter(
            Exists(
                Participant.skills.through.objects.filter(
                    participant_id=OuterRef("pk"), skill_id=filters.skill
                )
            )
        )
    if filters.access_need:
        people = people.filter(
            Exists(AccessNeed.objects.filter(participant=OuterRef("pk"), need=filters.access_need))
        )
    if filters.area:
        people = people.filter(area__iexact=filters.area.strip())
    if filters.named_contact:
        people = people.filter(named_contact_id=filters.named_contact)
    if filters.day is not None:
        people = people.filter(
            Exists(Availability.objects.filter(participant=OuterRef("pk"), day=filters.day))
        )
    return (
        people.select_related("named_contact")
        .annotate(
            photo_consent=_latest_consent(c.ConsentPurpose.PHOTOS),
            has_restriction=_restriction_flag(),
        )
        .order_by(*SORTS.get(filters.sort, SORTS["name"]))
    )


def status_counts() -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, for the dashboard."""
    counts = dict(
        Participant.objects.filter(erased_at__isnull=True)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(value, label, counts.get(value, 0)) for value, label in c.Status.choices]


def participant_detail(pk: int) -> Participant:
    return (
        Participant.objects.select_related("named_contact")
        .prefetch_related(
            "interests",
            "access_needs",
            "availability",
            "skills",
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("changed_by")),
        )
        .annotate(has_restriction=_restriction_flag())
        .get(pk=pk, erased_at__isnull=True)
    )


def current_consents(participant: Participant) -> dict[str, ConsentEvent]:
    """The latest decision for each purpose; purposes never asked about are absent."""
    latest: dict[str, ConsentEvent] = {}
    for event in ConsentEvent.objects.filter(participant=participant).select_related(
        "recorded_by"
    ):  # newest first (model ordering)
        latest.setdefault(event.purpose, event)
    return latest


def consent_given(consents: dict[str, ConsentEvent], purpose: str) -> bool:
    event = consents.get(purpose)
    return event is not None and event.state == c.ConsentState.GIVEN


@dataclass(frozen=True)
class Reach:
    """How to reach a person, at a glance."""

    channel: str
    label: str
    detail: str


def how_to_reach(participant: Participant, consents: dict[str, ConsentEvent]) -> list[Reach]:
    """The person's channels in their order, keeping only those they agreed to and we can use."""
    if participant.in_prison:
        return [
            Reach(
                "staff",
                "Through staff or by post only",
                "People in prison cannot be contacted directly.",
            )
        ]
    details = {
        c.Channel.SMS: participant.phone,
        c.Channel.PHONE: participant.phone,
        c.Channel.EMAIL: participant.email,
        c.Channel.POST: participant.address,
        c.Channel.KEY_WORKER: " ".join(
            part for part in [participant.key_worker_name, participant.key_worker_contact] if part
        ),
    }
    reaches = []
    for channel in participant.channel_order:
        if channel not in details:
            continue
        if not consent_given(consents, c.CHANNEL_CONSENT[c.Channel(channel)]):
            continue
        if details[channel]:
            reaches.append(Reach(channel, c.Channel(channel).label, details[channel]))
    return reaches


def restrictions_for(participant: Participant) -> QuerySet[Restriction]:
    """Restrictions on the person and those naming them, for the safeguarding lead only."""
    return (
        Restriction.objects.filter(Q(participant=participant) | Q(other_participant=participant))
        .select_related("participant", "other_participant", "recorded_by")
        .order_by("ended_at", "-recorded_at")
    )


def retention_due(organisation, today: dt.date | None = None) -> QuerySet[Participant]:
    """People who moved on longer ago than the organisation keeps records for."""
    today = today or timezone.localdate()
    cutoff = today - relativedelta(months=organisation.retention_months)
    last_exit = Subquery(
        StatusChange.objects.filter(participant=OuterRef("pk"), to_status=c.Status.EXITED)
        .order_by("-changed_at", "-id")
        .values("changed_at")[:1]
    )
    return (
        Participant.objects.filter(status=c.Status.EXITED, erased_at__isnull=True)
        .annotate(exited_at=last_exit)
        .filter(exited_at__date__lt=cutoff)
        .order_by("exited_at")
    )

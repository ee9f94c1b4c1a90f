"""Reads for the staff inbox. Safeguarding items ("worried about something") are only ever
listed to members holding the safeguarding capability."""

from __future__ import annotations

from django.db.models import QuerySet

from withus.audit.models import AuditEvent
from withus.concerns.models import Concern
from withus.orgs.capabilities import Capability

STAFF_KINDS = (Concern.Kind.COMPLAINT, Concern.Kind.CONCERN)
OPEN = (Concern.Status.NEW, Concern.Status.ACKNOWLEDGED, Concern.Status.RESPONDED)


def visible_to(membership) -> QuerySet[Concern]:
    """Safeguarding items need MANAGE_SAFEGUARDING; ones about a member of staff need ADMIN
    (services.capability_for)."""
    concerns = Concern.objects.all()
    if not membership.has(Capability.MANAGE_SAFEGUARDING):
        concerns = concerns.exclude(kind=Concern.Kind.WORRIED)
    if not membership.has(Capability.ADMIN):
        concerns = concerns.exclude(about_staff=True, kind__in=STAFF_KINDS)
    return concerns


def inbox(membership, *, show: str = "open") -> QuerySet[Concern]:
    concerns = visible_to(membership).select_related("participant")
    if show == "open":
        concerns = concerns.filter(status__in=OPEN)
    elif show == "closed":
        concerns = concerns.filter(status=Concern.Status.CLOSED)
    return concerns.order_by("-created_at", "-pk")


def new_count(membership) -> int:
    return visible_to(membership).filter(status=Concern.Status.NEW).count()


def history(concern: Concern) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=Concern._meta.label, object_id=str(concern.pk)
    ).order_by("created_at", "pk")


def for_participant(participant) -> QuerySet[Concern]:
    """The person's own concerns (anonymous ones do not name them, so they are not here)."""
    return Concern.objects.filter(participant=participant).order_by("-created_at", "-pk")

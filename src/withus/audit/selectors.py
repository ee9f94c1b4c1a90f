from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from withus.audit.models import AuditEvent


def audit_events(
    *,
    actor_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    action: str = "",
) -> QuerySet[AuditEvent]:
    """The current organisation's audit events, newest first, filtered. Scoped by django-scopes."""
    events = AuditEvent.objects.all().select_related("actor")
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if action:
        events = events.filter(action__startswith=action)
    if date_from:
        events = events.filter(created_at__date__gte=date_from)
    if date_to:
        events = events.filter(created_at__date__lte=date_to)
    return events

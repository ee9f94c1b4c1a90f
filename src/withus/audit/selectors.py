from __future__ import annotations

import datetime as dt
import zoneinfo

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
    timezone_name: str = "Europe/London",
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
    # Whole days in the organisation's time zone, as a range on the indexed timestamp.
    tz = zoneinfo.ZoneInfo(timezone_name)
    if date_from:
        events = events.filter(created_at__gte=dt.datetime.combine(date_from, dt.time(), tz))
    if date_to:
        next_day = date_to + dt.timedelta(days=1)
        events = events.filter(created_at__lt=dt.datetime.combine(next_day, dt.time(), tz))
    return events

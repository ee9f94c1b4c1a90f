"""Reads of events, with the joins and counts each page needs (query counts stay bounded)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from withus.events.models import AgendaItem, Event, EventDocument, EventInvitation, Venue

R = EventInvitation.Reply


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        n_invited=Count("invitations", filter=~Q(invitations__reply=R.WITHDRAWN)),
        n_coming=Count("invitations", filter=Q(invitations__reply=R.ACCEPTED)),
        n_waiting=Count("invitations", filter=Q(invitations__reply=R.WAITING)),
        n_attended=Count(
            "invitations",
            filter=Q(invitations__attendance__in=["attended", "late"]),
        ),
    )


def event_list(*, when: str = "upcoming", project_id: int | None = None, now=None):
    """Upcoming events soonest first, or past events latest first."""
    now = now or timezone.now()
    events = Event.objects.select_related("venue", "project")
    if project_id:
        events = events.filter(project_id=project_id)
    if when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at", "id")
    return _with_counts(events)


def event_detail(pk: int) -> Event:
    return (
        Event.objects.select_related(
            "venue",
            "project",
            "project__lead",
            "opportunity",
            "contact",
            "organisation",
            "rate_card",
        )
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "id")),
            Prefetch("documents", queryset=EventDocument.objects.select_related("uploaded_by")),
        )
        .get(pk=pk)
    )


def invitations_for(event: Event) -> list[EventInvitation]:
    order = {R.ACCEPTED: 0, R.INVITED: 1, R.WAITING: 2, R.DECLINED: 3, R.WITHDRAWN: 4}
    rows = list(
        EventInvitation.objects.filter(event=event).select_related(
            "participant", "buddy", "reply_recorded_by"
        )
    )
    rows.sort(
        key=lambda i: (
            order.get(i.reply, 9),
            i.waiting_since or dt.datetime.max.replace(tzinfo=dt.UTC),
            i.participant.preferred_name.casefold(),
        )
    )
    return rows


def venue_list(*, include_archived: bool = False) -> QuerySet[Venue]:
    venues = Venue.objects.annotate(n_events=Count("events"))
    if not include_archived:
        venues = venues.filter(archived=False)
    return venues.order_by("name", "id")


def coming_up(*, limit: int = 5, now=None) -> dict:
    """For the dashboard: the next few events, and events whose papers are due or late."""
    now = now or timezone.now()
    upcoming = Event.objects.filter(ends_at__gte=now, status=Event.Status.PLANNED)
    soon = timezone.localdate(now) + dt.timedelta(days=7)
    return {
        "events": list(
            _with_counts(upcoming.select_related("venue")).order_by("starts_at")[:limit]
        ),
        "papers_due": list(
            upcoming.filter(papers_sent_at__isnull=True, papers_due_on__lte=soon).order_by(
                "papers_due_on", "id"
            )[:limit]
        ),
    }

"""The events calendar (a month as a table of weeks, or as a list by day), calendar files, and
each member's private calendar feed. Views stay thin: the files come from events/ics.py and the
feed's rules from events/feeds.py."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from withus.events import feeds, ics
from withus.events.models import Event
from withus.events.timing import aware, local
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
# Months people can page to; outside this range dates stop making sense (and overflow).
_FIRST_YEAR, _LAST_YEAR = 1970, 2999
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


# ---------------------------------------------------------------------------------------------
# Calendar files


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@capability_required(Capability.MANAGE_PEOPLE)
def event_ics(request, org_slug, pk):
    event = get_object_or_404(
        Event.objects.select_related("organisation", "venue", "contact"), pk=pk
    )
    return _ics_response(ics.event_ics(event), f"{slugify(event.title) or 'event'}.ics")


# ---------------------------------------------------------------------------------------------
# The month


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    events: list[Event] = field(default_factory=list)


def _month_from(value: str | None, today: dt.date) -> tuple[dt.date, bool]:
    """The first day of the month asked for (?month=2026-11), or this month. The flag says
    whether the value was given but could not be read."""
    if not value:
        return today.replace(day=1), False
    match = _MONTH.match(value.strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if _FIRST_YEAR <= year <= _LAST_YEAR and 1 <= month <= 12:
            return dt.date(year, month, 1), False
    return today.replace(day=1), True


def _shift(first: dt.date, months: int) -> dt.date | None:
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    return dt.date(year, month + 1, 1)


def _events_between(start: dt.date, end: dt.date, tz_name: str) -> list[Event]:
    """Events starting on local days start ≤ day < end, in one query."""
    return list(
        Event.objects.filter(
            starts_at__gte=aware(start, dt.time(0, 0), tz_name),
            starts_at__lt=aware(end, dt.time(0, 0), tz_name),
        )
        .select_related("venue")
        .order_by("starts_at", "id")
    )


def _month_param(first: dt.date) -> str:
    return f"{first:%Y-%m}"


@capability_required(Capability.MANAGE_PEOPLE)
def calendar_month(request, org_slug):
    tz_name = request.organisation.timezone
    today = local(timezone.now(), tz_name).date()
    first, unreadable = _month_from(request.GET.get("month"), today)
    as_list = request.GET.get("view") == "list"
    weeks_dates = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    next_first = _shift(first, 1)
    month_end = next_first or dt.date(_LAST_YEAR, 12, 31)
    if as_list:
        start, end = first, month_end
    else:
        start, end = weeks_dates[0][0], weeks_dates[-1][-1] + dt.timedelta(days=1)
    events = _events_between(start, end, tz_name)
    by_day: dict[dt.date, list[Event]] = {}
    for event in events:
        event.local_start = local(event.starts_at, tz_name)
        event.local_end = local(event.ends_at, tz_name)
        by_day.setdefault(event.local_start.date(), []).append(event)
    weeks = [
        [
            Day(
                date=day,
                in_month=day.month == first.month,
                is_today=day == today,
                events=by_day.get(day, []),
            )
            for day in week
        ]
        for week in weeks_dates
    ]
    days = [
        Day(date=day, in_month=True, is_today=day == today, events=by_day[day])
        for day in sorted(by_day)
        if first <= day < month_end
    ]
    previous_first = _shift(first, -1)
    view_query = "&view=list" if as_list else ""
    return render(
        request,
        "events/calendar/month.html",
        {
            "first": first,
            "weeks": weeks,
            "days": days,
            "day_names": DAY_NAMES,
            "as_list": as_list,
            "unreadable": unreadable,
            "event_count": sum(len(day.events) for day in days),
            "previous_first": previous_first,
            "next_first": next_first,
            "previous_query": (
                f"?month={_month_param(previous_first)}{view_query}" if previous_first else ""
            ),
            "next_query": f"?month={_month_param(next_first)}{view_query}" if next_first else "",
            "this_month_query": f"?month={_month_param(today.replace(day=1))}{view_query}",
            "is_this_month": first == today.replace(day=1),
            "grid_query": f"?month={_month_param(first)}",
            "list_query": f"?month={_month_param(first)}&view=list",
        },
    )


# ---------------------------------------------------------------------------------------------
# The private feed


def _feed_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token}))


def calendar_feed_settings(request, org_slug):
    """Any member may open this page; only members who see events may have a feed."""
    membership = request.membership
    allowed = feeds.can_have_feed(membership)
    address = ""
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            if feeds.feed_stop(membership=membership, request=request):
                messages.success(
                    request, "Your calendar feed has stopped. Its address no longer works."
                )
            return redirect("events:calendar_feed_settings", org_slug=org_slug)
        if not allowed:
            raise PermissionDenied("This role does not see events, so it cannot have a feed.")
        _, token = feeds.feed_create(membership=membership, request=request)
        # Shown on this response only (not redirected, not kept in the session).
        address = _feed_url(request, token)
    feed = feeds.feed_of(membership)
    response = render(
        request,
        "events/calendar/feed_settings.html",
        {
            "feed": feed,
            "allowed": allowed,
            "address": address,
            "webcal_address": re.sub(r"^https?://", "webcal://", address) if address else "",
            "past_days": feeds.FEED_PAST.days,
        },
    )
    if address:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def calendar_feed(request, token):
    """/calendar/<token>.ics: no sign-in; the secret address is the key."""
    feed = feeds.feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar feed.")
    organisation = feed.organisation
    events = feeds.feed_events(feed)

    def url_for(event: Event) -> str:
        return request.build_absolute_uri(
            reverse("events:detail", kwargs={"org_slug": organisation.slug, "pk": event.pk})
        )

    content = ics.calendar_ics(
        events, name=f"{organisation.name} events", include_briefing=False, url_for=url_for
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response

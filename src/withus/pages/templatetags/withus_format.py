"""Plain-English dates and times, the way people say them: "Tuesday 3 March 2026, 10am"."""

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def nice_time(value) -> str:
    """10:00 → '10am', 14:30 → '2:30pm', 12:00 → 'midday', 00:00 → 'midnight'."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).time() if timezone.is_aware(value) else value.time()
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def nice_date(value) -> str:
    """'Tuesday 3 March 2026'."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value:%A} {value.day} {value:%B %Y}"


@register.filter
def nice_datetime(value) -> str:
    """'Tuesday 3 March 2026, 10am'."""
    if value in (None, ""):
        return ""
    return f"{nice_date(value)}, {nice_time(value)}"


@register.filter
def pounds(value) -> str:
    """Decimal('1092.5') → '£1,092.50'."""
    if value in (None, ""):
        return ""
    return f"£{value:,.2f}"

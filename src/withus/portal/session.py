"""The participant's portal session, kept apart from staff sign-in (django.contrib.auth is never
used for participants). The session holds {"ids": {org_id: participant_id}, "org": org_id,
"until": iso time}."""

from __future__ import annotations

import datetime as dt
import functools

from django.shortcuts import redirect
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from withus.people import choices as c
from withus.people.models import Participant

KEY = "withus_portal"
PENDING = "withus_portal_pending"
REMEMBER = dt.timedelta(days=30)
AT_MOST = dt.timedelta(hours=12)


def sign_in(request, people: list[Participant], *, remember: bool) -> None:
    """Start a fresh session for these people (one per organisation). Any staff sign-in in this
    browser ends: the two never share a session."""
    request.session.flush()  # new key, nothing carried over (a staff sign-in included)
    life = REMEMBER if remember else AT_MOST
    request.session[KEY] = {
        "ids": {str(p.organisation_id): p.pk for p in people},
        "org": str(people[0].organisation_id) if len(people) == 1 else "",
        "until": (timezone.now() + life).isoformat(),
    }
    request.session.set_expiry(int(REMEMBER.total_seconds()) if remember else 0)


def sign_out(request) -> None:
    request.session.flush()


def data(request) -> dict | None:
    value = request.session.get(KEY)
    if not isinstance(value, dict) or not value.get("ids"):
        return None
    try:
        until = dt.datetime.fromisoformat(value["until"])
    except (KeyError, TypeError, ValueError):
        return None
    if until <= timezone.now():
        return None
    return value


def portal_required(view):
    """Loads request.participant (the one chosen) and enters their organisation's scope and
    time zone. No portal session → the sign-in page; more than one organisation and none
    chosen → the choose page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        value = data(request)
        if value is None:
            if request.session.get(KEY):
                request.session.flush()
            return redirect("portal:sign_in")
        if not value.get("org"):
            return redirect("portal:choose")
        with scopes_disabled():
            participant = (
                Participant.unscoped.filter(
                    pk=value["ids"].get(value["org"]), organisation_id=value["org"]
                )
                .exclude(status=c.Status.EXITED)
                .filter(erased_at=None)
                .select_related("organisation", "named_contact")
                .first()
            )
        if participant is None:
            request.session.flush()
            return redirect("portal:sign_in")
        request.participant = participant
        organisation = participant.organisation
        with scope(organisation=organisation), timezone.override(organisation.timezone):
            return view(request, *args, **kwargs)

    return wrapper

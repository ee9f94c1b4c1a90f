"""The participant's portal session, kept apart from staff sign-in (django.contrib.auth is never
used for participants). The session holds {"ids": {org_id: participant_id}, "org": org_id,
"until": iso time}."""

from __future__ import annotations

import datetime as dt
import functools

from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django_scopes import scope, scopes_disabled

from withus.audit.services import log_action
from withus.people import choices as c
from withus.people.models import Participant

KEY = "withus_portal"
PENDING = "withus_portal_pending"
VIEW_AS = "withus_portal_view_as"  # {"participant": id, "org": id, "user": id, "until": iso}
VIEW_AS_FOR = dt.timedelta(minutes=30)
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


def start_viewing_as(request, participant: Participant) -> None:
    """A member of staff sees this person's pages read-only (the caller checks the capability
    and writes the audit row). Kept under its own key: it never becomes a portal session."""
    request.session[VIEW_AS] = {
        "participant": participant.pk,
        "org": participant.organisation_id,
        "user": request.user.pk,
        "until": (timezone.now() + VIEW_AS_FOR).isoformat(),
    }


def stop_viewing_as(request) -> None:
    request.session.pop(VIEW_AS, None)


def staff_may_see(request, capability) -> bool:
    """True for the participant themselves; in a staff "view as", only when the member holds
    `capability` (e.g. VIEW_SENSITIVE for benefits and bank details, MANAGE_SAFEGUARDING for
    worries about safety). Viewing as someone never widens what a member may see."""
    if not getattr(request, "portal_read_only", False):
        return True
    membership = getattr(request, "portal_viewer_membership", None)
    return membership is not None and membership.has(capability)


def _viewed_as(request) -> Participant | None:
    """The person a signed-in member of staff is viewing as, while the view is fresh and the
    member still holds MANAGE_PEOPLE in that organisation."""
    from withus.orgs.capabilities import Capability
    from withus.orgs.models import Membership

    value = request.session.get(VIEW_AS)
    user = getattr(request, "user", None)
    if not isinstance(value, dict) or user is None or not user.is_authenticated:
        return None
    try:
        fresh = dt.datetime.fromisoformat(value["until"]) > timezone.now()
    except (KeyError, TypeError, ValueError):
        fresh = False
    if not fresh or value.get("user") != user.pk:
        request.session.pop(VIEW_AS, None)
        return None
    with scopes_disabled():
        membership = Membership.of_user.filter(user=user, organisation_id=value["org"]).first()
        if membership is None or not membership.has(Capability.MANAGE_PEOPLE):
            request.session.pop(VIEW_AS, None)
            return None
        request.portal_viewer_membership = membership
        return (
            Participant.unscoped.filter(pk=value["participant"], organisation_id=value["org"])
            .filter(erased_at=None)
            .select_related("organisation", "named_contact")
            .first()
        )


def _signed_in_participant(request, value: dict) -> Participant | None:
    with scopes_disabled():
        return (
            Participant.unscoped.filter(
                pk=value["ids"].get(value["org"]), organisation_id=value["org"]
            )
            .exclude(status=c.Status.EXITED)
            .filter(erased_at=None)
            .select_related("organisation", "named_contact")
            .first()
        )


def portal_required(view):
    """Loads request.participant (the one chosen) and enters their organisation's scope and
    time zone. No portal session → the sign-in page; more than one organisation and none
    chosen → the choose page.

    A member of staff "viewing as" a participant gets request.portal_read_only = True: pages
    show, but anything other than GET or HEAD is refused, and each page seen is audited."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.portal_read_only = False
        value = data(request)
        participant = None
        if value is None:
            if request.session.get(KEY):
                request.session.pop(KEY, None)
            participant = _viewed_as(request)
            if participant is None:
                return redirect("portal:sign_in")
            if request.method not in ("GET", "HEAD"):
                return HttpResponseForbidden(
                    "Staff view is read-only: you cannot change anything for this person."
                )
            request.portal_read_only = True
            log_action(
                action="portal.view_as.page",
                summary=f"Viewed {request.path} as the participant (read-only)",
                actor=request.user,
                organisation=participant.organisation,
                target=participant,
            )
        else:
            if not value.get("org"):
                return redirect("portal:choose")
            participant = _signed_in_participant(request, value)
            if participant is None:
                request.session.flush()
                return redirect("portal:sign_in")
        request.participant = participant
        organisation = participant.organisation
        with scope(organisation=organisation), timezone.override(organisation.timezone):
            response = view(request, *args, **kwargs)
        # Shared and second-hand phones: nothing of theirs may come back from the cache after
        # signing out (the Back button included).
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


def forget_on_staff_sign_in(sender, request, user, **kwargs) -> None:
    """A member of staff signing in on a browser a participant used must not inherit their
    portal session."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(KEY, None)
        request.session.pop(PENDING, None)

"""Private calendar feeds: a secret web address per member of staff that calendar apps subscribe
to. Only a SHA-256 hash of the secret is stored (as for staff invitations), so the database
never holds a working address; the person sees the address once, when it is made.

A feed answers only while its owner is still a member of the organisation with a role that
sees events, and it shows titles, times and places, never who is coming.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from withus.audit.services import log_action
from withus.events.models import CalendarFeed, Event
from withus.orgs.capabilities import Capability
from withus.orgs.models import Membership
from withus.orgs.services import hash_token

# The capability a member needs for a feed (the same one the calendar pages need).
FEED_CAPABILITY = Capability.MANAGE_PEOPLE
# Events from this long ago onwards are in the feed.
FEED_PAST = dt.timedelta(days=30)
# However busy an organisation is, a feed stays a sensible size.
FEED_MAX_EVENTS = 2000
# A token_urlsafe(32) token is 43 characters; anything much longer is not one of ours.
_MAX_TOKEN_LENGTH = 100


def feed_of(membership: Membership) -> CalendarFeed | None:
    return CalendarFeed.unscoped.filter(
        organisation_id=membership.organisation_id, user_id=membership.user_id
    ).first()


def can_have_feed(membership: Membership) -> bool:
    return membership.has(FEED_CAPABILITY)


@transaction.atomic
def feed_create(*, membership: Membership, request=None) -> tuple[CalendarFeed, str]:
    """Make the member's feed, or replace its address (the old one stops working at once).

    Returns the feed and the secret token. Show the token once; it cannot be got back later.
    """
    if not can_have_feed(membership):
        raise PermissionDenied("This role does not see events, so it cannot have a feed.")
    token = secrets.token_urlsafe(32)
    # update_or_create locks the row, and copes with two requests making the first feed at once.
    feed, created = CalendarFeed.unscoped.update_or_create(
        organisation_id=membership.organisation_id,
        user_id=membership.user_id,
        defaults={"token_hash": hash_token(token), "created_at": timezone.now()},
    )
    replacing = not created
    log_action(
        organisation=membership.organisation,
        actor=membership.user,
        action="calendar_feed.replace" if replacing else "calendar_feed.create",
        target=feed,
        summary=(
            f"{'Made a new address for' if replacing else 'Started'} "
            f"{membership.user.email}'s private calendar feed"
        ),
        request=request,
    )
    return feed, token


@transaction.atomic
def feed_stop(*, membership: Membership, request=None) -> bool:
    """Delete the member's feed, so its address stops working. False if there was none."""
    feed = feed_of(membership)
    if feed is None:
        return False
    log_action(
        organisation=membership.organisation,
        actor=membership.user,
        action="calendar_feed.stop",
        target=feed,
        summary=f"Stopped {membership.user.email}'s private calendar feed",
        request=request,
    )
    feed.delete()
    return True


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed for a secret token, or None when the token is unknown or its owner may no longer
    see the organisation's events (left, removed, role changed, account switched off).

    The lookup is by the token's hash, so how long it takes tells nothing about the token.
    """
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    feed = (
        CalendarFeed.unscoped.select_related("organisation", "user")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    membership = Membership.of_user.filter(
        organisation_id=feed.organisation_id, user_id=feed.user_id
    ).first()
    if membership is None or not can_have_feed(membership):
        return None
    if feed.created_at < membership.created_at:
        # Made during an earlier membership: someone who left and came back starts afresh.
        return None
    return feed


def feed_events(feed: CalendarFeed) -> list[Event]:
    """The feed's organisation's events from 30 days ago onwards, ready for calendar_ics()."""
    since = timezone.now() - FEED_PAST
    with scope(organisation=feed.organisation):
        return list(
            Event.objects.filter(starts_at__gte=since)
            .select_related("organisation", "venue", "contact")
            .order_by("starts_at", "id")[:FEED_MAX_EVENTS]
        )

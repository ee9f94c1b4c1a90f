"""Who may be sent what, how, and when. Pure functions: facts in, Findings (or a time) out.

The services gather the facts (the person's status, the consents they have given, their contact
details, the organisation's quiet hours) and ask these rules; the delivery task asks them again
at the moment of sending, because a person may have taken a break or withdrawn consent since.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from withus.checks import Finding, Severity
from withus.messaging.models import Channel
from withus.people import choices as c

# Channels held back during quiet hours. Letters are not: they arrive when the post comes.
QUIET_CHANNELS = frozenset({Channel.EMAIL, Channel.SMS, Channel.PHONE})
# Statuses that receive nothing unless the message is essential (money owed to them).
RESTING = {
    c.Status.PAUSED: "is taking a break",
    c.Status.EXITED: "has moved on",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def looks_like_email(value: str) -> bool:
    return bool(_EMAIL.match((value or "").strip()))


@dataclass(frozen=True)
class Person:
    """What the rules need to know about a participant."""

    name: str
    status: str = c.Status.ACTIVE
    in_prison: bool = False
    erased: bool = False
    consented: frozenset[str] = frozenset()  # consent purposes currently given
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    key_worker_name: str = ""
    key_worker_contact: str = ""


@dataclass(frozen=True)
class Route:
    """Where a message goes: the channel, the address, and whether a key worker passes it on."""

    channel: str
    to_address: str
    via_key_worker: bool = False


def zone(tz_name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(tz_name)


def _blocking(code: str, message: str, advice: str = "") -> Finding:
    return Finding(f"messaging.{code}", Severity.BLOCKING, message, advice)


# Who may receive a message --------------------------------------------------------------


def status_findings(person: Person, *, essential: bool) -> list[Finding]:
    """No messages to people taking a break or who have moved on, unless essential."""
    if person.erased:
        return [
            _blocking(
                "erased",
                "This person's details have been erased, so we cannot contact them.",
            )
        ]
    if person.status in RESTING and not essential:
        return [
            _blocking(
                f"status_{person.status}",
                f"{person.name} {RESTING[person.status]}, so we do not send them messages.",
                "Only essential messages, such as about money we owe them, go to people who "
                "are taking a break or have moved on.",
            )
        ]
    return []


def prison_findings(person: Person, route: Route) -> list[Finding]:
    """People in prison are only written to, by post through staff: never an email, a text or
    a phone call, even one written before they went to prison."""
    if person.in_prison and route.channel != Channel.POST:
        return [
            _blocking(
                "prison_post_only",
                f"{person.name} is in prison, so we only contact them by letter, through staff.",
                "Send them a letter instead: letters to people in prison go by post through staff.",
            )
        ]
    return []


def consent_purposes_for(route: Route, *, in_prison: bool = False) -> tuple[str, ...]:
    """The consents, any one of which allows this route."""
    if in_prison and route.channel == Channel.POST:
        # Post to a prison always goes through staff: agreeing to post or to contact through
        # their key worker both cover it.
        return (c.ConsentPurpose.CONTACT_POST, c.ConsentPurpose.CONTACT_KEY_WORKER)
    if route.via_key_worker:
        return (c.ConsentPurpose.CONTACT_KEY_WORKER,)
    return (c.CHANNEL_CONSENT[c.Channel(route.channel)],)


def consent_findings(person: Person, route: Route) -> list[Finding]:
    """Never through a channel they have not agreed to."""
    purposes = consent_purposes_for(route, in_prison=person.in_prison)
    if any(purpose in person.consented for purpose in purposes):
        return []
    if person.in_prison and route.channel == Channel.POST:
        how = "by post or through their key worker"
    elif route.via_key_worker:
        how = "through their key worker"
    else:
        how = _channel_phrase(route.channel)
    return [
        _blocking(
            "no_consent",
            f"{person.name} has not agreed to be contacted {how}.",
            "Record their consent on their page first, or use a way they have agreed to.",
        )
    ]


def _channel_phrase(channel: str) -> str:
    return {
        Channel.EMAIL: "by email",
        Channel.SMS: "by text message",
        Channel.POST: "by post",
        Channel.PHONE: "by phone",
    }.get(channel, "this way")


# Which way to send ------------------------------------------------------------------------


def letter_address(person: Person) -> str:
    """The address block for a letter: name, then (to a prison) the staff it goes through."""
    lines = [person.name]
    if person.in_prison and person.key_worker_name:
        lines.append(f"c/o {person.key_worker_name.strip()}")
    lines.extend(line.strip() for line in person.address.splitlines() if line.strip())
    if person.postcode.strip() and person.postcode.strip() not in person.address:
        lines.append(person.postcode.strip().upper())
    return "\n".join(lines)


def route_for(person: Person, channel_order: Iterable[str]) -> Route | Finding:
    """The first way of reaching the person that they agreed to and that we have details for.

    `channel_order` is the person's own order, already limited to channels they consented to
    (people.selectors.how_to_reach). People in prison are written to, by post, through staff.
    """
    if person.in_prison:
        if not person.address.strip():
            return _blocking(
                "prison_no_address",
                f"{person.name} is in prison and we have no address for the prison.",
                "Letters to people in prison go by post through staff. Add the prison's "
                "address to their contact details.",
            )
        route = Route(
            Channel.POST,
            letter_address(person),
            via_key_worker=bool(person.key_worker_name.strip()),
        )
        found = consent_findings(person, route)
        return found[0] if found else route
    for channel in channel_order:
        if channel == c.Channel.KEY_WORKER:
            contact = person.key_worker_contact.strip()
            if looks_like_email(contact):
                return Route(Channel.EMAIL, contact, via_key_worker=True)
            if contact:
                return Route(Channel.PHONE, contact, via_key_worker=True)
            continue
        if channel in (c.Channel.SMS, c.Channel.PHONE) and person.phone.strip():
            return Route(channel, person.phone.strip())
        if channel == c.Channel.EMAIL and person.email.strip():
            return Route(Channel.EMAIL, person.email.strip())
        if channel == c.Channel.POST and person.address.strip():
            return Route(Channel.POST, letter_address(person))
    return _blocking(
        "no_channel",
        f"No way to reach {person.name} that they agreed to.",
        "Record how they like to be contacted, their contact details and their consent.",
    )


def send_findings(person: Person, route: Route, *, essential: bool) -> list[Finding]:
    """Everything that stops this message going by this route (empty: it may go)."""
    found = status_findings(person, essential=essential) or prison_findings(person, route)
    if found:
        return found
    return consent_findings(person, route)


# When to send -----------------------------------------------------------------------------


def in_quiet_hours(local_time: dt.time, start: dt.time, end: dt.time) -> bool:
    """Quiet from `start` up to (not including) `end`; the window may cross midnight.
    Equal start and end means there are no quiet hours."""
    if start == end:
        return False
    if start < end:
        return start <= local_time < end
    return local_time >= start or local_time < end


def quiet_until(
    moment: dt.datetime, *, start: dt.time, end: dt.time, tz_name: str
) -> dt.datetime | None:
    """When a message due at `moment` may go: None if now is fine, else the end of quiet hours.

    Worked out in the organisation's time zone, so "8am" is 8am on the clocks there, on clock
    change days too (an end time that the clocks skip is read as the time after the change).
    """
    tz = zone(tz_name)
    moment = moment.astimezone(dt.UTC)  # compare in UTC: repeated-hour times compare oddly
    local = moment.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    if not in_quiet_hours(clock, start, end):
        return None
    day = local.date()
    if start > end and clock >= start:
        day += dt.timedelta(days=1)  # quiet started this evening; it ends tomorrow morning
    # A skipped local time comes out moved forward by the gap; a repeated one is the first.
    until = dt.datetime.combine(day, end).replace(tzinfo=tz, fold=0).astimezone(dt.UTC)
    if until <= moment:
        # In the second run of a repeated hour the first `end` has already passed: wait by
        # the clock instead.
        until = moment + (dt.datetime.combine(day, end) - dt.datetime.combine(day, clock))
    return until.astimezone(dt.UTC)


def quiet_hours_finding(
    channel: str, held_until: dt.datetime | None, tz_name: str
) -> list[Finding]:
    if held_until is None or channel not in QUIET_CHANNELS:
        return []
    when = _nice(held_until.astimezone(zone(tz_name)))
    return [
        Finding(
            "messaging.quiet_hours",
            Severity.INFO,
            f"It is quiet hours, so this will wait until {when}.",
            "Letters are not held. The quiet hours are in the organisation's settings.",
        )
    ]


def _nice(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    clock = f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"
    if (moment.hour, moment.minute) == (12, 0):
        clock = "midday"
    return f"{clock} on {moment:%A} {moment.day} {moment:%B %Y}"

"""Event checks: pure rules over small frozen facts, no database.

`withus.events.checks.check_event` reads the facts from the database and runs these rules. Each
rule returns a list of `Finding`s with a stable code (`papers_late`, `no_break`, `curfew`,
`safeguarding`, `access_unmet`, `photo_consent`, `invitee_inactive`, `capacity`, `late_finish`).

Clock times are compared as moments (in UTC) built from the organisation's local wall-clock
times, so a 9pm curfew means 9pm on the clocks in that place, on either side of a clock change.
Curfews and last buses between midnight and 5:59am belong to the night after the event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from withus.checks import Finding, Severity
from withus.events.timing import aware, local
from withus.pages.templatetags.withus_format import nice_date, nice_time
from withus.people import choices as c

MAX_STRETCH_MINUTES = 60
LATE_FINISH = dt.time(21, 0)
NIGHT_ENDS = dt.time(6, 0)  # clock times before this belong to the night after the event
ONE_DAY = dt.timedelta(days=1)

PAPERS_LATE = "papers_late"
NO_BREAK = "no_break"
CURFEW = "curfew"
SAFEGUARDING = "safeguarding"
ACCESS_UNMET = "access_unmet"
PHOTO_CONSENT = "photo_consent"
INVITEE_INACTIVE = "invitee_inactive"
CAPACITY = "capacity"
LATE_FINISH_CODE = "late_finish"

SEVERITY_ORDER = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}


# --- Facts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VenueFacts:
    name: str
    address: str = ""
    postcode: str = ""
    step_free: bool | None = None
    hearing_loop: bool | None = None
    quiet_room: bool | None = None
    children_on_site: bool | None = None
    last_bus_or_train: dt.time | None = None


@dataclass(frozen=True)
class AgendaSlot:
    title: str
    minutes: int
    is_break: bool = False


@dataclass(frozen=True)
class EventFacts:
    starts_at: dt.datetime  # aware
    ends_at: dt.datetime  # aware
    tz_name: str = "Europe/London"
    cancelled: bool = False
    venue: VenueFacts | None = None
    online: bool = False  # no venue and an online link: nobody travels
    capacity: int | None = None
    papers_due_on: dt.date | None = None
    papers_sent_at: dt.datetime | None = None
    papers_lead_days: int = 14
    agenda: tuple[AgendaSlot, ...] = ()
    bsl: bool = False
    large_print: bool = False
    easy_read: bool = False
    hearing_loop: bool = False
    quiet_space: bool = False
    childcare: bool = False
    dietary_notes: str = ""
    children_present: bool = False
    photos_planned: bool = False
    filming_planned: bool = False

    @property
    def local_start(self) -> dt.datetime:
        return local(self.starts_at, self.tz_name)

    @property
    def local_end(self) -> dt.datetime:
        return local(self.ends_at, self.tz_name)

    @property
    def minutes_long(self) -> int:
        return int((_utc(self.ends_at) - _utc(self.starts_at)).total_seconds() // 60)


@dataclass(frozen=True)
class Person:
    """An invitee (or someone about to be invited) with the facts the checks need."""

    id: int
    name: str
    pronouns: str = ""
    status: str = c.Status.ACTIVE
    check_back_on: dt.date | None = None
    curfew: dt.time | None = None
    travel_minutes: int | None = None
    travels_by: str = ""
    access_needs: frozenset[str] = field(default_factory=frozenset)
    photo_consent: str = ""  # latest PHOTOS decision ("" if never asked)
    film_consent: str = ""  # latest FILM decision
    reply: str = "invited"  # EventInvitation.Reply value; ignored when adding
    adding: bool = False  # about to be invited: has no invitation yet
    override_reason: str = ""  # the safeguarding lead allowed this invitation
    has_companion: bool = False  # a buddy or companion is recorded on the invitation


@dataclass(frozen=True)
class RestrictionFacts:
    participant_id: int
    kind: str
    meaning: str
    other_participant_id: int | None = None
    place: str = ""


# --- Helpers -----------------------------------------------------------------------------------


def _utc(moment: dt.datetime) -> dt.datetime:
    # Aware datetimes sharing a tzinfo compare and add by wall clock; UTC makes both exact.
    return moment.astimezone(dt.UTC)


def _clock(moment: dt.datetime, tz_name: str) -> str:
    return nice_time(local(moment, tz_name).time())


def evening_of(event: EventFacts) -> dt.date:
    """The local date whose evening the event ends in (an end before 6am is the night before)."""
    end = event.local_end
    return end.date() - ONE_DAY if end.time() < NIGHT_ENDS else end.date()


def night_clock(event: EventFacts, clock: dt.time) -> dt.datetime:
    """The moment `clock` (a curfew, a last bus) happens on the evening the event ends.

    Times from midnight to 5:59am are the next morning."""
    day = evening_of(event)
    if clock < NIGHT_ENDS:
        day += ONE_DAY
    return _utc(aware(day, clock, event.tz_name))


def and_list(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def how_long(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def pronoun(person: Person, *, subject: bool) -> str:
    """'she'/'her', 'he'/'him', otherwise 'they'/'them'."""
    said = person.pronouns.strip().lower()
    if said.startswith("she"):
        return "she" if subject else "her"
    if said.startswith("he"):
        return "he" if subject else "him"
    return "they" if subject else "them"


def _coming(people: Sequence[Person]) -> list[Person]:
    return [p for p in people if p.adding or p.reply not in ("declined", "withdrawn")]


# --- 1. Papers ---------------------------------------------------------------------------------


def papers_late(
    event: EventFacts, *, today: dt.date, now: dt.datetime | None = None
) -> list[Finding]:
    """Papers go out `papers_lead_days` before the event (the guide: two weeks)."""
    findings: list[Finding] = []
    event_day = event.local_start.date()
    lead = event.papers_lead_days
    started = _utc(now) >= _utc(event.starts_at) if now is not None else event_day < today
    if event.papers_sent_at is not None:
        sent_day = local(event.papers_sent_at, event.tz_name).date()
        ahead = (event_day - sent_day).days
        if ahead < lead:
            if ahead > 0:
                when = f"{_days(ahead)} before the meeting"
            elif ahead == 0:
                when = "on the day of the meeting"
            else:
                when = "after the meeting"
            findings.append(
                Finding(
                    PAPERS_LATE,
                    Severity.WARNING if ahead < (lead + 1) // 2 else Severity.INFO,
                    f"The papers were sent {when}. People should get them at least "
                    f"{_days(lead)} before.",
                    "Check everyone has had time to read them, and offer to go through them "
                    "with anyone who wants help. Send papers earlier next time.",
                )
            )
        return findings
    if started or event.papers_due_on is None:
        return findings
    if today > event.papers_due_on:
        findings.append(
            Finding(
                PAPERS_LATE,
                Severity.WARNING,
                f"The papers should have gone out by {nice_date(event.papers_due_on)}. "
                "They have not been sent yet.",
                "Send them as soon as you can, and mark them as sent. People need time to read "
                "them and ask questions before the meeting.",
            )
        )
    ahead = (event_day - event.papers_due_on).days
    if ahead < lead:
        findings.append(
            Finding(
                PAPERS_LATE,
                Severity.WARNING,
                f"The papers are due to go out only {_days(max(ahead, 0))} before the meeting. "
                f"People should get them at least {_days(lead)} before.",
                f"Send them by {nice_date(event_day - dt.timedelta(days=lead))} if you can.",
            )
        )
    return findings


# --- 2. Breaks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stretch:
    starts_at: dt.datetime
    ends_at: dt.datetime
    minutes: int


def long_stretches(event: EventFacts, limit: int = MAX_STRETCH_MINUTES) -> list[Stretch]:
    """Runs of agenda items longer than `limit` minutes with no break between them."""
    cursor = _utc(event.starts_at)
    stretches: list[Stretch] = []
    run_start: dt.datetime | None = None
    run = 0
    for item in event.agenda:
        if item.is_break:
            if run_start is not None and run > limit:
                stretches.append(Stretch(run_start, cursor, run))
            run_start, run = None, 0
        else:
            if run_start is None:
                run_start = cursor
            run += item.minutes
        cursor += dt.timedelta(minutes=item.minutes)
    if run_start is not None and run > limit:
        stretches.append(Stretch(run_start, cursor, run))
    return stretches


BREAK_ADVICE = (
    "Plan a break at least every hour, so people can rest, get a drink, smoke, pray or take "
    "medicine."
)


def no_break(event: EventFacts) -> list[Finding]:
    if not event.agenda:
        if event.minutes_long > MAX_STRETCH_MINUTES:
            return [
                Finding(
                    NO_BREAK,
                    Severity.INFO,
                    "There is no agenda yet, and the meeting lasts "
                    f"{how_long(event.minutes_long)}.",
                    BREAK_ADVICE,
                )
            ]
        return []
    return [
        Finding(
            NO_BREAK,
            Severity.WARNING,
            f"From {_clock(s.starts_at, event.tz_name)} to {_clock(s.ends_at, event.tz_name)} "
            f"there is no break ({how_long(s.minutes)}).",
            "Add a break to the agenda at least every hour, so people can rest, get a drink, "
            "smoke, pray or take medicine.",
        )
        for s in long_stretches(event)
    ]


def breaks_missing(event: EventFacts) -> str:
    """Why someone who needs regular breaks would not get them ('' when they would)."""
    if not event.agenda:
        if event.minutes_long > MAX_STRETCH_MINUTES:
            return "no agenda yet, so no breaks are planned"
        return ""
    if long_stretches(event):
        return "the agenda runs for more than an hour without a break"
    return ""


# --- 3. Curfew ---------------------------------------------------------------------------------


def curfew_breached(event: EventFacts, person: Person) -> bool:
    """True when the person would get home after their curfew (arriving exactly on it is fine).

    Without a travel time, the end of the meeting itself is compared with the curfew."""
    if person.curfew is None:
        return False
    home = _utc(event.ends_at) + dt.timedelta(minutes=person.travel_minutes or 0)
    return home > night_clock(event, person.curfew)


def curfew(event: EventFacts, people: Sequence[Person]) -> list[Finding]:
    if event.online:
        return []  # they take part from wherever they are
    findings: list[Finding] = []
    ends = _clock(event.ends_at, event.tz_name)
    for person in _coming(people):
        if person.curfew is None:
            continue
        by = nice_time(person.curfew)
        she, her = pronoun(person, subject=True), pronoun(person, subject=False)
        if curfew_breached(event, person):
            if person.travel_minutes is not None:
                home = _utc(event.ends_at) + dt.timedelta(minutes=person.travel_minutes)
                message = (
                    f"{person.name} needs to be home by {by}. The meeting ends at {ends} and it "
                    f"takes {her} about {how_long(person.travel_minutes)} to get home, so {she} "
                    f"would get home at about {_clock(home, event.tz_name)}."
                )
            else:
                message = f"{person.name} needs to be home by {by}, but the meeting ends at {ends}."
            findings.append(
                Finding(
                    CURFEW,
                    Severity.WARNING,
                    message,
                    f"Finish earlier, agree that {she} can leave early, or book {her} a taxi.",
                )
            )
        if person.travel_minutes is None:
            findings.append(
                Finding(
                    CURFEW,
                    Severity.INFO,
                    f"{person.name} needs to be home by {by}. We do not know how long it takes "
                    f"{her} to get home, so the check only used the time the meeting ends.",
                    f"Ask {her} how long the journey home takes and add it to {her} record.",
                )
            )
    return findings


# --- 4. Safeguarding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A restriction that touches this event.

    status: "blocking" (stops the affected people), "allowed" (the safeguarding lead overrode
    it with a recorded reason) or "check" (something to look at, not blocking)."""

    restriction: RestrictionFacts
    involved: tuple[Person, ...]
    affected: tuple[Person, ...]
    status: str
    why: str  # for the safeguarding lead only


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def place_matches(place: str, venue: VenueFacts) -> bool:
    """Case-insensitive substring either way against the venue's name, postcode or address."""
    wanted = _norm(place)
    if not wanted:
        return False
    for known in (venue.name, venue.postcode, venue.address):
        known = _norm(known)
        if known and (wanted in known or known in wanted):
            return True
    postcode = venue.postcode.replace(" ", "").casefold()
    squeezed = wanted.replace(" ", "")
    return bool(postcode) and (postcode in squeezed or squeezed in postcode)


def _venue_words(venue: VenueFacts) -> str:
    return ", ".join(part for part in (venue.name, venue.postcode) if part)


def safeguarding_conflicts(
    event: EventFacts, people: Sequence[Person], restrictions: Sequence[RestrictionFacts]
) -> list[Conflict]:
    present = {p.id: p for p in _coming(people)}
    conflicts: list[Conflict] = []
    seen_pairs: set[frozenset[int]] = set()

    def single(r: RestrictionFacts, person: Person, why: str, status: str | None = None) -> None:
        allowed = not person.adding and bool(person.override_reason.strip())
        conflicts.append(
            Conflict(r, (person,), (person,), status or ("allowed" if allowed else "blocking"), why)
        )

    for r in restrictions:
        person = present.get(r.participant_id)
        if person is None:
            continue
        kind = r.kind
        if kind == c.RestrictionKind.NO_CONTACT_PERSON:
            other = present.get(r.other_participant_id) if r.other_participant_id else None
            if other is None or other.id == person.id:
                continue
            pair = frozenset({person.id, other.id})
            if pair in seen_pairs:
                continue
            seen_pairs.add(pair)
            both = (person, other)
            # An override covers the pair only when both were already invited: an override
            # recorded earlier never lets a new person in.
            allowed = not any(p.adding for p in both) and any(
                p.override_reason.strip() for p in both
            )
            affected = tuple(p for p in both if p.adding) or both
            conflicts.append(
                Conflict(
                    r,
                    both,
                    affected,
                    "allowed" if allowed else "blocking",
                    f"{person.name} and {other.name} must not be at the same event.",
                )
            )
        elif kind == c.RestrictionKind.NO_CONTACT_CHILDREN:
            venue = event.venue
            if event.children_present:
                single(
                    r,
                    person,
                    f"{person.name} must have no contact with children, and "
                    "children will be at this event.",
                )
            elif venue is not None and venue.children_on_site:
                single(
                    r,
                    person,
                    f"{person.name} must have no contact with children, and "
                    f"children are often at {venue.name}.",
                )
            elif venue is not None and venue.children_on_site is None:
                single(
                    r,
                    person,
                    f"{person.name} must have no contact with children, and nobody has checked "
                    f"whether children are often at {venue.name}.",
                    status="check",
                )
        elif kind in (c.RestrictionKind.NOT_VENUE, c.RestrictionKind.EXCLUSION_AREA):
            venue = event.venue
            if venue is not None and place_matches(r.place, venue):
                area = kind == c.RestrictionKind.EXCLUSION_AREA
                rule = "must not go to" if area else "must not attend"
                single(
                    r,
                    person,
                    f"{person.name} {rule} {r.place.strip()}, and this event is at "
                    f"{_venue_words(venue)}.",
                )
        else:
            single(r, person, f"{person.name} has a safeguarding restriction.", status="check")
    return conflicts


def blocked_by(conflicts: Sequence[Conflict]) -> frozenset[int]:
    return frozenset(p.id for k in conflicts if k.status == "blocking" for p in k.affected)


def safeguarding(
    event: EventFacts,
    people: Sequence[Person],
    restrictions: Sequence[RestrictionFacts],
    *,
    can_see_safeguarding: bool,
) -> list[Finding]:
    """Restrictions turned into findings. Without the capability, a finding names the person and
    nothing else: not the kind of restriction, its meaning or anyone else involved."""
    conflicts = safeguarding_conflicts(event, people, restrictions)
    if can_see_safeguarding:
        return [_detailed(k) for k in conflicts]
    findings: list[Finding] = []
    said: set[tuple[str, int]] = set()
    for k in conflicts:
        named = k.affected if k.status != "allowed" else _overriders(k)
        for person in named:
            if (k.status, person.id) in said:
                continue
            said.add((k.status, person.id))
            findings.append(_plain(k.status, person))
    return findings


def _overriders(k: Conflict) -> tuple[Person, ...]:
    return tuple(p for p in k.involved if p.override_reason.strip()) or k.involved


def _plain(status: str, person: Person) -> Finding:
    if status == "blocking":
        return Finding(
            SAFEGUARDING,
            Severity.BLOCKING,
            f"{person.name} cannot be invited to this event because of a safeguarding check. "
            "Speak to the safeguarding lead.",
            "Only the safeguarding lead can allow this.",
        )
    if status == "allowed":
        return Finding(
            SAFEGUARDING,
            Severity.INFO,
            f"The safeguarding lead has allowed {person.name} to come to this event after a "
            "safeguarding check.",
            "Speak to the safeguarding lead if you have questions.",
        )
    return Finding(
        SAFEGUARDING,
        Severity.INFO,
        f"Speak to the safeguarding lead about {person.name} before this event.",
        "They need to check something about this event first.",
    )


def _detailed(k: Conflict) -> Finding:
    meaning = k.restriction.meaning.strip()
    what = f" What this means for involvement: {meaning}" if meaning else ""
    if k.status == "blocking":
        return Finding(
            SAFEGUARDING,
            Severity.BLOCKING,
            f"{k.why}{what}",
            "Do not invite them unless you are sure it is safe. If it is, allow it and record why.",
        )
    if k.status == "allowed":
        reasons = " ".join(
            f"Reason recorded for {p.name}: {p.override_reason.strip()}" for p in _overriders(k)
        )
        return Finding(
            SAFEGUARDING,
            Severity.INFO,
            f"Allowed by the safeguarding lead: {k.why}{what}",
            reasons,
        )
    return Finding(
        SAFEGUARDING,
        Severity.INFO,
        f"{k.why}{what}",
        "Check this before the event, and allow or withdraw the invitation.",
    )


# --- 5. Access needs ---------------------------------------------------------------------------


def _venue_fact(event: EventFacts, fact: str, label: str, *, provided: bool = False) -> str:
    """'' when met; otherwise why not ('not checked at the venue', …)."""
    if provided:
        return ""
    venue = event.venue
    if venue is None:
        return f"{label}: no venue chosen yet, so not checked"
    value = getattr(venue, fact)
    if value is True:
        return ""
    if value is None:
        return f"{label}: not checked at {venue.name}"
    return f"{label}: {venue.name} does not have this"


def unmet_needs(event: EventFacts, person: Person) -> list[str]:
    needs = person.access_needs
    unmet: list[str] = []
    N = c.AccessNeed
    in_a_room = not event.online
    if N.STEP_FREE in needs and in_a_room:
        unmet.append(_venue_fact(event, "step_free", "step-free access"))
    if N.HEARING_LOOP in needs and in_a_room:
        unmet.append(
            _venue_fact(event, "hearing_loop", "a hearing loop", provided=event.hearing_loop)
        )
    if N.QUIET_SPACE in needs and in_a_room:
        unmet.append(_venue_fact(event, "quiet_room", "a quiet space", provided=event.quiet_space))
    if N.BSL in needs and not event.bsl:
        unmet.append("a British Sign Language interpreter: not booked")
    if N.LARGE_PRINT in needs and not event.large_print:
        unmet.append("large print papers: not planned")
    if N.EASY_READ in needs and not event.easy_read:
        unmet.append("Easy Read papers: not planned")
    if N.CHILDCARE in needs and not event.childcare:
        unmet.append("childcare: not provided")
    if N.BREAKS in needs:
        why = breaks_missing(event)
        if why:
            unmet.append(f"regular breaks: {why}")
    return [u for u in unmet if u]


def access_unmet(event: EventFacts, people: Sequence[Person]) -> list[Finding]:
    findings: list[Finding] = []
    dietary: list[str] = []
    for person in _coming(people):
        unmet = unmet_needs(event, person)
        her = pronoun(person, subject=False)
        if unmet:
            findings.append(
                Finding(
                    ACCESS_UNMET,
                    Severity.WARNING,
                    f"{person.name} needs things this event does not have yet: "
                    + "; ".join(unmet)
                    + ".",
                    f"Arrange them before the meeting, or talk to {her} about what would work.",
                )
            )
        if c.AccessNeed.DIETARY in person.access_needs:
            dietary.append(person.name)
        if c.AccessNeed.COMPANION in person.access_needs and not person.has_companion:
            findings.append(
                Finding(
                    ACCESS_UNMET,
                    Severity.INFO,
                    f"{person.name} would like a buddy or companion, and none is recorded yet.",
                    f"Arrange a buddy or companion for {her} and add them to the invitation.",
                )
            )
    if dietary:
        catered = event.dietary_notes.strip()
        findings.append(
            Finding(
                ACCESS_UNMET,
                Severity.INFO,
                f"{and_list(dietary)} {'has' if len(dietary) == 1 else 'have'} dietary needs."
                + (f" Catered for so far: {catered}" if catered else ""),
                "Check the food and drink meets their needs, and note it on the event.",
            )
        )
    return findings


# --- 6. Photos and filming ---------------------------------------------------------------------


def _without(people: Sequence[Person], attr: str) -> list[Person]:
    return [p for p in _coming(people) if getattr(p, attr) != c.ConsentState.GIVEN]


def photo_register(event: EventFacts, people: Sequence[Person]) -> list[str]:
    """Names for the sign-in sheet of people who must not be photographed or filmed."""
    names: list[str] = []
    for planned, attr in (
        (event.photos_planned, "photo_consent"),
        (event.filming_planned, "film_consent"),
    ):
        if planned:
            names.extend(p.name for p in _without(people, attr) if p.name not in names)
    return names


def photo_consent(event: EventFacts, people: Sequence[Person]) -> list[Finding]:
    findings: list[Finding] = []
    for planned, attr, what in (
        (event.photos_planned, "photo_consent", "photos"),
        (event.filming_planned, "film_consent", "filming"),
    ):
        missing = _without(people, attr) if planned else []
        if missing:
            verb = "has" if len(missing) == 1 else "have"
            findings.append(
                Finding(
                    PHOTO_CONSENT,
                    Severity.WARNING,
                    f"There will be {what} at this event. {and_list([p.name for p in missing])} "
                    f"{verb} not agreed to {what}.",
                    "List them for the register so nobody photographs or films them, or ask them "
                    "if they agree and record it.",
                )
            )
    return findings


# --- 7. Inactive invitees ----------------------------------------------------------------------


def invitee_inactive(people: Sequence[Person]) -> list[Finding]:
    findings: list[Finding] = []
    for person in _coming(people):
        if person.status == c.Status.PAUSED:
            until = f" until {nice_date(person.check_back_on)}" if person.check_back_on else ""
            findings.append(
                Finding(
                    INVITEE_INACTIVE,
                    Severity.WARNING,
                    f"{person.name} is taking a break{until}.",
                    f"Check with {pronoun(person, subject=False)} before the event, and only "
                    "invite people who are ready to take part.",
                )
            )
        elif person.status == c.Status.EXITED:
            findings.append(
                Finding(
                    INVITEE_INACTIVE,
                    Severity.WARNING,
                    f"{person.name} has moved on from involvement.",
                    "Only invite them if they have asked to come back.",
                )
            )
    return findings


# --- 8. Capacity -------------------------------------------------------------------------------


def capacity(event: EventFacts, people: Sequence[Person]) -> list[Finding]:
    if event.capacity is None:
        return []
    coming = {p.id for p in people if p.adding or p.reply == "accepted"}
    count, places = len(coming), event.capacity
    adding = any(p.adding for p in people)
    who = "are coming or about to be invited" if adding else "are coming"
    if count > places:
        return [
            Finding(
                CAPACITY,
                Severity.WARNING,
                f"{count} people {who}, but there {'is' if places == 1 else 'are'} only "
                f"{places} place{'' if places == 1 else 's'}.",
                "Put the extra people on the waiting list, or find a bigger room.",
            )
        ]
    if count == places:
        return [
            Finding(
                CAPACITY,
                Severity.INFO,
                f"The event is full: all {places} place{'' if places == 1 else 's'} are taken.",
                "Anyone else who wants to come can go on the waiting list.",
            )
        ]
    return []


# --- 9. Late finish ----------------------------------------------------------------------------


def late_finish(event: EventFacts, people: Sequence[Person]) -> list[Finding]:
    """People on public transport when the event ends at or after 9pm, or too close to the
    venue's last bus or train (less their travel time, when we know it)."""
    if event.online:
        return []
    end = _utc(event.ends_at)
    late_evening = end >= night_clock(event, LATE_FINISH)
    last = event.venue.last_bus_or_train if event.venue else None
    names: list[str] = []
    missed_last = False
    for person in _coming(people):
        if person.travels_by != c.TravelsBy.PUBLIC_TRANSPORT:
            continue
        misses = last is not None and end > night_clock(event, last) - dt.timedelta(
            minutes=person.travel_minutes or 0
        )
        if late_evening or misses:
            names.append(person.name)
            missed_last = missed_last or misses
    if not names:
        return []
    bus = (
        f" The last bus or train from {event.venue.name} is at about {nice_time(last)}."
        if missed_last and event.venue and last
        else ""
    )
    verb = "travels" if len(names) == 1 else "travel"
    return [
        Finding(
            LATE_FINISH_CODE,
            Severity.WARNING,
            f"The meeting ends at {_clock(event.ends_at, event.tz_name)}. {and_list(names)} "
            f"{verb} by public transport and may not get home easily or safely.{bus}",
            "Book a taxi home, or finish the meeting earlier.",
        )
    ]


# --- All of them -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    findings: list[Finding]
    blocked: frozenset[int]
    photo_register: list[str]


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Most serious first; the order within a severity is kept."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def run_checks(
    event: EventFacts,
    people: Sequence[Person],
    restrictions: Sequence[RestrictionFacts],
    *,
    can_see_safeguarding: bool,
    today: dt.date,
    now: dt.datetime | None = None,
) -> Outcome:
    if event.cancelled:
        return Outcome([], frozenset(), [])
    findings = [
        *safeguarding(event, people, restrictions, can_see_safeguarding=can_see_safeguarding),
        *papers_late(event, today=today, now=now),
        *no_break(event),
        *curfew(event, people),
        *access_unmet(event, people),
        *photo_consent(event, people),
        *invitee_inactive(people),
        *capacity(event, people),
        *late_finish(event, people),
    ]
    return Outcome(
        sort_findings(findings),
        blocked_by(safeguarding_conflicts(event, people, restrictions)),
        photo_register(event, people),
    )

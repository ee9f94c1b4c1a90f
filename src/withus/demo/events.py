"""Demo venues, glossary and events: forums, a focus group, training, an interview panel and an
information session, across the last two months and the next two, with agendas (breaks
included), invitations with a mix of replies, and for past events who came and a debrief.

`seed_events` uses the ORM for the two small demo organisations (and does nothing if they
already have venues); `seed_national_events` builds everything in memory and inserts it in
bulk, so its number of queries does not grow with the number of organisations.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from withus.events.models import AgendaItem, Event, EventInvitation, GlossaryTerm, Venue
from withus.events.timing import aware, default_papers_due, local
from withus.orgs.models import Membership
from withus.people import choices as c
from withus.people.models import Participant, Restriction
from withus.projects.models import Project
from withus.recruitment.models import Opportunity

BATCH = 2000

# Plain-language meanings, in our own words.
GLOSSARY = [
    ("agenda", "The list of things a meeting will talk about, in the order it will take them."),
    ("minutes", "A written record of what was said and agreed at a meeting."),
    ("action points", "Jobs agreed at a meeting, with who will do each one and by when."),
    (
        "co-production",
        "Staff and people who use a service designing and running it together, as equals.",
    ),
    (
        "commissioner",
        "The person or body (often the council or probation service) that pays for a service "
        "and decides what it should do.",
    ),
    (
        "probation",
        "The service that supervises people on a community sentence or released from prison "
        "on licence.",
    ),
    (
        "terms of reference",
        "A short agreement about what a group is for, who is in it and how it makes decisions.",
    ),
    ("chair", "The person who runs a meeting and makes sure everyone gets a say."),
    ("apologies", "Telling the group in advance that you cannot come to a meeting."),
    (
        "any other business",
        "Time at the end of a meeting for things that were not on the agenda. Often written AOB.",
    ),
    ("consultation", "Asking people for their views before a decision is made."),
    ("stakeholder", "Anyone with an interest in a service: people who use it, staff, funders."),
]


@dataclass(frozen=True)
class VenueSpec:
    name: str
    address: str
    directions: str
    facts: dict
    neutral_and_safe: str = ""
    notes: str = ""


def _venue_specs(organisation, area: str) -> list[VenueSpec]:
    short = organisation.name.split(" ")[0]
    return [
        VenueSpec(
            f"{short} centre, ground-floor meeting room",
            f"14 Station Road, {area}",
            "Buses stop outside. Ring the buzzer at the front door and a member of staff "
            "will let you in.",
            {
                "step_free": True,
                "accessible_toilet": True,
                "hearing_loop": True,
                "public_transport": True,
                "last_bus_or_train": dt.time(23, 15),
                "parking": False,
                "quiet_room": True,
                "smoking_area": True,
                "independent_access": False,
                "children_on_site": False,
            },
            "Our own building. People know it, and it is not a probation office.",
            "Buzzer entry: make sure someone is on the door at the start and after breaks.",
        ),
        VenueSpec(
            "St Mark's Church Hall",
            f"2 Church Lane, {area}",
            "Five minutes' walk from the bus station. The hall is behind the church.",
            {
                "step_free": False,
                "accessible_toilet": False,
                "hearing_loop": None,
                "public_transport": True,
                "last_bus_or_train": dt.time(22, 40),
                "parking": True,
                "quiet_room": False,
                "smoking_area": True,
                "independent_access": True,
                "children_on_site": False,
            },
            "A church hall used by many community groups. Some people may not feel at ease in "
            "a church: say where it is when you invite them.",
            "Three steps at the front door and no ramp. The toilet is upstairs.",
        ),
        VenueSpec(
            "Riverside Family Centre",
            f"8 Park Avenue, {area}",
            "On the 12 bus route; get off at Park Avenue. Parking for blue badge holders.",
            {
                "step_free": True,
                "accessible_toilet": True,
                "hearing_loop": False,
                "public_transport": True,
                "last_bus_or_train": dt.time(23, 0),
                "parking": True,
                "quiet_room": True,
                "smoking_area": False,
                "independent_access": True,
                "children_on_site": True,
            },
            "A council family centre: children and parents use it on weekdays.",
            "Good for family sessions. Check safeguarding before inviting anyone.",
        ),
        VenueSpec(
            f"{area} Central Library, Room 2",
            f"1 High Street, {area}",
            "In the town centre, next to the market. Lift to the first floor.",
            {
                "step_free": True,
                "accessible_toilet": True,
                "hearing_loop": True,
                "public_transport": True,
                "last_bus_or_train": dt.time(23, 30),
                "parking": False,
                "quiet_room": None,
                "smoking_area": False,
                "independent_access": True,
                "children_on_site": False,
            },
            "A public library: neutral, and easy to explain being there.",
        ),
    ]


AGENDAS = {
    Event.Kind.FORUM: [
        ("Welcome, introductions and ground rules", 15),
        ("Notes and action points from last time", 15),
        ("Main topic: what we want to change this year", 40),
        ("Break", 15, True),
        ("You said, we did: what changed since last time", 25),
        ("Any other business", 10),
    ],
    Event.Kind.FOCUS_GROUP: [
        ("Welcome and how the session works", 10),
        ("What helped, and what did not", 45),
        ("Break", 15, True),
        ("What should change", 35),
        ("What happens next with what you told us", 10),
    ],
    Event.Kind.TRAINING: [
        ("Welcome and what the day covers", 15),
        ("Session one", 75),
        ("Break", 15, True),
        ("Session two", 60),
        ("Lunch", 45, True),
        ("Session three", 60),
        ("Questions and close", 15),
    ],
    Event.Kind.INFO_SESSION: [
        ("Welcome", 10),
        ("What the role involves, and what we pay", 25),
        ("Break", 10, True),
        ("Your questions", 20),
        ("How to get involved", 15),
    ],
    Event.Kind.INTERVIEW_PANEL: [
        ("Panel briefing: the questions and how we score", 20),
        ("First interview", 40),
        ("Second interview", 40),
        ("Break", 15, True),
        ("Third interview", 40),
        ("Panel decision", 30),
    ],
    Event.Kind.OTHER: [("Catch-up: how is everyone doing", 40), ("Any other business", 10)],
}

DEBRIEFS = {
    Event.Kind.FORUM: "Good discussion about drop-in times; most people want one evening "
    "session a month. Action: the manager will try a Thursday evening drop-in from next month "
    "and we will report back at the next forum.",
    Event.Kind.FOCUS_GROUP: "People spoke about the first week after release: getting ID, a "
    "bank account and a phone. Action: write up the themes and share them with the group "
    "before they go to the commissioner.",
    Event.Kind.TRAINING: "Everyone took part in the chairing practice. Two people asked for "
    "more help with reading papers: offer Easy Read versions next time.",
    Event.Kind.INFO_SESSION: "Questions were mostly about payment and benefits. Action: send "
    "everyone the benefits advice leaflet.",
    Event.Kind.INTERVIEW_PANEL: "The panel agreed its scores. Feed back to the panel members "
    "about who was appointed within two weeks.",
    Event.Kind.OTHER: "A short, friendly catch-up. Nothing to follow up.",
}

EVENT_DEFAULTS = {
    "refreshments": "Tea, coffee and biscuits",
    "dietary_notes": "Halal, vegetarian and gluten-free options",
    "dress_code": "Come as you are",
    "ground_rules": "Listen to each other, one person speaks at a time, and what people share "
    "about themselves stays in the room.",
    "expenses_arrangements": "We pay for your time and your exact bus or train fare on the day, "
    "in cash or by bank transfer. Bring your tickets.",
}


@dataclass(frozen=True)
class EventSpec:
    offset_days: int
    start: dt.time
    end: dt.time
    kind: str
    title: str  # may use {project}, {research}, {opportunity}
    venue: int | None  # index into the venues; None for online only
    project: int | None = None  # 0 = the first project (the forum), 1 = the second
    opportunity: bool = False
    capacity: int | None = 15
    invite: int = 10
    cancelled: bool = False
    online: bool = False
    extras: tuple = ()


EVENTS = [
    EventSpec(
        -49, dt.time(10), dt.time(12, 30), Event.Kind.FORUM, "{project}: monthly meeting", 0, 0
    ),
    EventSpec(
        -35,
        dt.time(13),
        dt.time(15),
        Event.Kind.FOCUS_GROUP,
        "Family focus group: visiting someone in prison",
        2,
        1,
        capacity=12,
        invite=8,
        extras=("childcare", "children_present"),
    ),
    EventSpec(
        -21, dt.time(10), dt.time(12, 30), Event.Kind.FORUM, "{project}: monthly meeting", 0, 0
    ),
    EventSpec(
        -14,
        dt.time(10),
        dt.time(15),
        Event.Kind.TRAINING,
        "Committee skills: chairing and reading papers",
        3,
        0,
        capacity=10,
        invite=8,
        extras=("large_print", "easy_read", "hearing_loop"),
    ),
    EventSpec(
        3,
        dt.time(18),
        dt.time(19),
        Event.Kind.OTHER,
        "Online catch-up for forum members",
        None,
        0,
        capacity=None,
        invite=6,
        online=True,
    ),
    EventSpec(
        7, dt.time(10), dt.time(12, 30), Event.Kind.FORUM, "{project}: monthly meeting", 0, 0
    ),
    EventSpec(
        10,
        dt.time(14),
        dt.time(15, 30),
        Event.Kind.INFO_SESSION,
        "Information session: {opportunity}",
        1,
        opportunity=True,
        capacity=20,
        invite=10,
    ),
    EventSpec(
        14,
        dt.time(9, 30),
        dt.time(13),
        Event.Kind.INTERVIEW_PANEL,
        "Interview panel: peer support worker",
        0,
        0,
        capacity=3,
        invite=7,
    ),
    EventSpec(
        18,
        dt.time(17, 30),
        dt.time(19, 30),
        Event.Kind.FOCUS_GROUP,
        "Evening focus group: drop-in times",
        1,
        0,
        capacity=10,
        invite=6,
        cancelled=True,
    ),
    EventSpec(
        24,
        dt.time(10),
        dt.time(15),
        Event.Kind.TRAINING,
        "{research}: peer research training, day one",
        3,
        1,
        capacity=8,
        invite=6,
        extras=("large_print",),
    ),
    EventSpec(
        35, dt.time(10), dt.time(12, 30), Event.Kind.FORUM, "{project}: monthly meeting", 0, 0
    ),
    EventSpec(
        49,
        dt.time(10),
        dt.time(12, 30),
        Event.Kind.FORUM,
        "{project}: monthly meeting",
        0,
        0,
        extras=("bsl",),
    ),
]
# At national scale: six events and fifteen invitations each.
NATIONAL_EVENTS = [
    EventSpec(
        -42, dt.time(10), dt.time(12, 30), Event.Kind.FORUM, "{project}: monthly meeting", 0, 0
    ),
    EventSpec(
        -14, dt.time(13), dt.time(15), Event.Kind.FOCUS_GROUP, "Focus group: what helps", 1, 0
    ),
    EventSpec(
        7, dt.time(10), dt.time(12, 30), Event.Kind.FORUM, "{project}: monthly meeting", 0, 0
    ),
    EventSpec(
        14,
        dt.time(14),
        dt.time(15, 30),
        Event.Kind.INFO_SESSION,
        "Information session: {opportunity}",
        0,
        opportunity=True,
        capacity=20,
    ),
    EventSpec(21, dt.time(10), dt.time(15), Event.Kind.TRAINING, "Committee skills training", 0, 0),
    EventSpec(
        35,
        dt.time(9, 30),
        dt.time(13),
        Event.Kind.INTERVIEW_PANEL,
        "Interview panel: support worker",
        0,
        0,
        capacity=3,
    ),
]
NATIONAL_INVITES = 15


def _weekday(day: dt.date) -> dt.date:
    """Meetings are on weekdays: a Saturday or Sunday moves to the Monday after."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _event(organisation, spec: EventSpec, *, today, now, venues, projects, opportunity, contact):
    tz_name = organisation.timezone
    day = _weekday(today + dt.timedelta(days=spec.offset_days))
    starts_at = aware(day, spec.start, tz_name)
    ends_at = aware(day, spec.end, tz_name)
    project = projects[spec.project] if spec.project is not None and projects else None
    research = projects[1] if len(projects) > 1 else project
    if spec.opportunity and opportunity is not None:
        project = opportunity.project if opportunity.project_id else project
    papers_due = default_papers_due(
        starts_at, lead_days=organisation.papers_lead_days, tz_name=tz_name
    )
    # Papers went out on time for past events; for one coming soon they are late (so the check
    # has something to show), and the rest are not due yet.
    papers_sent_at = None
    if papers_due < today and spec.kind != Event.Kind.INFO_SESSION:
        papers_sent_at = aware(papers_due, dt.time(10), tz_name)
    title = spec.title.format(
        project=project.name if project else "Service user forum",
        research=research.name if research else "Peer research",
        opportunity=opportunity.title if opportunity else "getting involved",
    )
    event = Event(
        organisation=organisation,
        title=title[:150],
        kind=spec.kind,
        project=project,
        opportunity=opportunity if spec.opportunity else None,
        status=Event.Status.CANCELLED if spec.cancelled else Event.Status.PLANNED,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venues[spec.venue] if spec.venue is not None else None,
        online_link=f"https://meet.example/{organisation.slug}-{day:%Y%m%d}" if spec.online else "",
        capacity=spec.capacity,
        briefing=_briefing(spec.kind),
        papers_due_on=papers_due,
        papers_sent_at=papers_sent_at,
        travel_arrangements="" if spec.online else "Bus tickets can be posted to you in advance.",
        contact_id=contact,
        created_by_id=contact,
        created_at=min(now, starts_at - dt.timedelta(days=30)),
        debrief_notes=DEBRIEFS[spec.kind] if ends_at < now and not spec.cancelled else "",
        quiet_space=spec.venue is not None and venues[spec.venue].quiet_room is True,
        **{k: v for k, v in EVENT_DEFAULTS.items() if not spec.online},
        **dict.fromkeys(spec.extras, True),
    )
    return event


def _briefing(kind: str) -> str:
    return {
        Event.Kind.FORUM: "Our monthly forum. We look at what has changed since last time and "
        "what you want to change next. Papers come two weeks before.",
        Event.Kind.FOCUS_GROUP: "A small group conversation. There are no right or wrong "
        "answers; you only share what you want to.",
        Event.Kind.TRAINING: "A friendly training day with lunch. No reading or writing needed "
        "beforehand.",
        Event.Kind.INFO_SESSION: "Come and find out about the role, ask questions, and decide "
        "whether it is for you. No commitment.",
        Event.Kind.INTERVIEW_PANEL: "You will sit on the panel interviewing for a new member "
        "of staff. We will go through the questions together first.",
        Event.Kind.OTHER: "A short online catch-up. Join by phone or video, camera on or off.",
    }[kind]


def _agenda(event: Event) -> list[AgendaItem]:
    return [
        AgendaItem(
            organisation_id=event.organisation_id,
            event=event,
            position=position,
            title=title,
            minutes=minutes,
            is_break=bool(rest and rest[0]),
            led_by="Peer chair" if position == 0 else "",
        )
        for position, (title, minutes, *rest) in enumerate(AGENDAS[event.kind])
    ]


def _invitations(
    event: Event, people: list[int], *, rng: random.Random, now, actor_id
) -> list[EventInvitation]:
    """Invitations with a mix of replies; for past events, who came."""
    past = event.ends_at < now
    invited_at = min(now - dt.timedelta(hours=1), event.starts_at - dt.timedelta(days=21))
    accepted = 0
    made = []
    for person in people:
        roll = rng.random()
        if past:
            reply = (
                EventInvitation.Reply.ACCEPTED
                if roll < 0.7
                else EventInvitation.Reply.DECLINED
                if roll < 0.9
                else EventInvitation.Reply.INVITED
            )
        else:
            reply = (
                EventInvitation.Reply.ACCEPTED
                if roll < 0.45
                else EventInvitation.Reply.DECLINED
                if roll < 0.6
                else EventInvitation.Reply.INVITED
            )
        if reply == EventInvitation.Reply.ACCEPTED and event.capacity is not None:
            if accepted >= event.capacity:
                reply = EventInvitation.Reply.WAITING
            else:
                accepted += 1
        replied_at = None
        if reply != EventInvitation.Reply.INVITED:
            replied_at = min(now, invited_at + dt.timedelta(days=rng.randint(1, 7)))
        attendance = EventInvitation.Attendance.UNKNOWN
        if past and reply == EventInvitation.Reply.ACCEPTED and not event.is_cancelled:
            mark = rng.random()
            attendance = (
                EventInvitation.Attendance.ATTENDED
                if mark < 0.72
                else EventInvitation.Attendance.LATE
                if mark < 0.86
                else EventInvitation.Attendance.NO_SHOW
            )
        made.append(
            EventInvitation(
                organisation_id=event.organisation_id,
                event=event,
                participant_id=person,
                reply=reply,
                invited_at=invited_at,
                invited_by_id=actor_id,
                replied_at=replied_at,
                # Some replied by phone to staff, others in the portal themselves.
                reply_recorded_by_id=actor_id if replied_at and rng.random() < 0.5 else None,
                waiting_since=replied_at if reply == EventInvitation.Reply.WAITING else None,
                requests=rng.choice(
                    ["", "", "", "", "A seat near the door, please.", "Bringing a support worker."]
                ),
                pack_format=rng.choice(["standard"] * 6 + ["large_print", "easy_read"]),
                attendance=attendance,
                attendance_recorded_at=event.ends_at + dt.timedelta(hours=2)
                if attendance
                else None,
            )
        )
    return made


def _avoid_conflicts(organisation) -> tuple[set[frozenset[int]], set[int]]:
    """Pairs who must not meet, and people who must not be where children are."""
    pairs, no_children = set(), set()
    for person, other, kind in Restriction.objects.filter(
        organisation=organisation, ended_at__isnull=True
    ).values_list("participant_id", "other_participant_id", "kind"):
        if other:
            pairs.add(frozenset((person, other)))
        if kind == c.RestrictionKind.NO_CONTACT_CHILDREN:
            no_children.add(person)
    return pairs, no_children


def _pick(rng, people, count, *, pairs=(), excluded=()) -> list[int]:
    chosen: list[int] = []
    for person in rng.sample(people, len(people)):
        if len(chosen) == count:
            break
        if person in excluded or any(frozenset((person, other)) in pairs for other in chosen):
            continue
        chosen.append(person)
    return chosen


def _area(organisation) -> str:
    from withus.demo.people import AREAS

    return (AREAS.get(organisation.slug) or [organisation.name.split(" ")[0]])[0]


def seed_events(organisation, *, actor) -> None:
    """Venues, glossary and about a dozen events for one demo organisation (ORM, idempotent)."""
    if Venue.objects.filter(organisation=organisation).exists():
        return
    rng = random.Random(organisation.pk * 31)
    now = timezone.now()
    today = local(now, organisation.timezone).date()
    venues = [
        Venue.objects.create(
            organisation=organisation,
            name=spec.name,
            address=spec.address,
            directions=spec.directions,
            neutral_and_safe=spec.neutral_and_safe,
            notes=spec.notes,
            **spec.facts,
        )
        for spec in _venue_specs(organisation, _area(organisation))
    ]
    terms = [
        GlossaryTerm.objects.get_or_create(
            organisation=organisation, term=term, defaults={"meaning": meaning}
        )[0]
        for term, meaning in GLOSSARY
    ]
    projects = list(Project.objects.filter(organisation=organisation).order_by("id")[:2])
    opportunity = Opportunity.objects.filter(organisation=organisation).order_by("id").first()
    people = list(
        Participant.objects.filter(
            organisation=organisation, status=c.Status.ACTIVE, erased_at__isnull=True
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    pairs, no_children = _avoid_conflicts(organisation)
    for spec in EVENTS:
        event = _event(
            organisation,
            spec,
            today=today,
            now=now,
            venues=venues,
            projects=projects,
            opportunity=opportunity,
            contact=actor.pk,
        )
        event.save()
        event.glossary_terms.set(rng.sample(terms, 3))
        AgendaItem.objects.bulk_create(_agenda(event))
        children = event.children_present or (event.venue and event.venue.children_on_site)
        invitees = _pick(
            rng, people, spec.invite, pairs=pairs, excluded=no_children if children else ()
        )
        EventInvitation.objects.bulk_create(
            _invitations(event, invitees, rng=rng, now=now, actor_id=actor.pk)
        )


def seed_national_events(organisations: list, *, seed: int) -> int:
    """Three venues, the glossary, six events with agendas and fifteen invitations each, for
    every organisation, with bulk inserts. Returns the number of events made."""
    if not organisations:
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    org_ids = [o.pk for o in organisations]
    projects: dict[int, list[Project]] = {}
    for project in Project.objects.filter(organisation_id__in=org_ids).order_by("id"):
        projects.setdefault(project.organisation_id, []).append(project)
    opportunities: dict[int, Opportunity] = {}
    for opportunity in Opportunity.objects.filter(organisation_id__in=org_ids).order_by("-id"):
        opportunities[opportunity.organisation_id] = opportunity
    contacts: dict[int, int] = {}
    for user_id, org_id in (
        Membership.of_user.filter(organisation_id__in=org_ids, role="coordinator")
        .order_by("-user_id")
        .values_list("user_id", "organisation_id")
    ):
        contacts[org_id] = user_id
    people: dict[int, list[int]] = {}
    for pk, org_id in (
        Participant.objects.filter(
            organisation_id__in=org_ids, status=c.Status.ACTIVE, erased_at__isnull=True
        )
        .order_by("id")
        .values_list("id", "organisation_id")
        .iterator()
    ):
        some = people.setdefault(org_id, [])
        if len(some) < 3 * NATIONAL_INVITES:
            some.append(pk)

    venue_rows = []
    for organisation in organisations:
        for spec in _venue_specs(organisation, organisation.name.split(" ")[0])[:3]:
            venue_rows.append(
                Venue(
                    organisation=organisation,
                    name=spec.name,
                    address=spec.address,
                    directions=spec.directions,
                    neutral_and_safe=spec.neutral_and_safe,
                    notes=spec.notes,
                    **spec.facts,
                )
            )
    Venue.objects.bulk_create(venue_rows, batch_size=BATCH)
    venues: dict[int, list[Venue]] = {}
    for venue in venue_rows:
        venues.setdefault(venue.organisation_id, []).append(venue)
    term_rows = [
        GlossaryTerm(organisation=organisation, term=term, meaning=meaning)
        for organisation in organisations
        for term, meaning in GLOSSARY
    ]
    GlossaryTerm.objects.bulk_create(term_rows, batch_size=BATCH)
    terms: dict[int, list[GlossaryTerm]] = {}
    for term in term_rows:
        terms.setdefault(term.organisation_id, []).append(term)

    events = []
    for organisation in organisations:
        today = local(now, organisation.timezone).date()
        for spec in NATIONAL_EVENTS:
            events.append(
                _event(
                    organisation,
                    spec,
                    today=today,
                    now=now,
                    venues=venues[organisation.pk],
                    projects=projects.get(organisation.pk, []),
                    opportunity=opportunities.get(organisation.pk),
                    contact=contacts.get(organisation.pk),
                )
            )
    Event.objects.bulk_create(events, batch_size=BATCH)
    AgendaItem.objects.bulk_create(
        [item for event in events for item in _agenda(event)], batch_size=BATCH
    )
    Through = Event.glossary_terms.through
    Through.objects.bulk_create(
        [
            Through(event_id=event.pk, glossaryterm_id=term.pk)
            for event in events
            for term in rng.sample(terms[event.organisation_id], 2)
        ],
        batch_size=BATCH,
    )
    invitations = []
    for event in events:
        invitees = _pick(rng, people.get(event.organisation_id, []), NATIONAL_INVITES)
        invitations += _invitations(
            event, invitees, rng=rng, now=now, actor_id=contacts.get(event.organisation_id)
        )
    EventInvitation.objects.bulk_create(invitations, batch_size=BATCH)
    return len(events)

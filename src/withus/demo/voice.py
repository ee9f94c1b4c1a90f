"""Demo voice and impact: themes, contributions from events, the suggestion box, surveys, peer
research and one-to-ones over the last 18 months, the actions taken ("we did") with all four
answers, feedback to the people who raised things, outcomes for people and impact records.

Quote permission follows consent. The people seeder records no quote consents, so this seeder
records them first (written consent when the person joined, for about half of the people), then
reads the latest decision per person and purpose, and allows a quote only when every contributor
gave the matching consent.

`loop_closed_at` is set exactly as voice.services keeps it: when every named contributor has a
Feedback row (anonymous: a BOARD row) it is the latest `given_at`; otherwise it is empty.

Everything is built in memory and inserted in bulk for all the organisations at once, so the
number of queries does not grow with the number of organisations. Organisations that already
have themes are left alone (idempotent).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.orgs.models import Membership
from withus.people import choices as pc
from withus.people.models import ConsentEvent, Participant
from withus.projects.models import Project
from withus.voice.models import Action, Contribution, Feedback, ImpactRecord, PersonOutcome, Theme

BATCH = 2000
TARGET_DAYS = 28
HISTORY_DAYS = 540

Src = Contribution.Source
Q = Contribution.Quote
Resp = Action.Response
CK = Action.ChangeKind

# Theme -> things people said, in plain words.
SAID = {
    "Housing on release": [
        "I was released on a Friday afternoon with nowhere to sleep. Housing should be sorted "
        "before the gate.",
        "The council housing form is too long to fill in on your own in the first week out.",
        "Can someone come with us to the housing office? They listen more when you are not alone.",
    ],
    "Staff attitudes": [
        "Some staff talk about us in front of us as if we are not there.",
        "The new support worker really listened to me. More staff like her please.",
        "Reception staff should be told not to ask about our offences in the waiting room.",
    ],
    "Waiting times": [
        "I waited six weeks for a first appointment. That is too long when you have just got out.",
        "The drop-in queue is so long people give up and go home.",
        "Tell us how long the wait is so we can plan around it.",
    ],
    "Peer mentoring": [
        "Having a mentor who has been through it made me trust the service.",
        "Peer mentors should get proper training and be paid for their time.",
        "I would like to become a mentor but I do not know how to start.",
    ],
    "Family contact": [
        "Visits are hard for my children. A family room would help.",
        "Help to get back in touch with my kids is what I need most.",
        "Travel costs for family visits are too high for most of us.",
    ],
    "Information and letters": [
        "The letters are full of jargon. I did not understand what I had to do.",
        "Please send appointment reminders by text, not just by post.",
        "Leaflets should be in easy read and other languages.",
    ],
    "Probation appointments": [
        "My probation appointment clashes with my college course every week.",
        "Being seen in an open office where everyone can hear is not right.",
        "It would help to see the same officer each time instead of a new face.",
    ],
    "Women-only spaces": [
        "Women need a space of our own where we feel safe to talk.",
        "The group should be women-only, with a female worker.",
        "A women-only morning at the centre would make me come more often.",
    ],
    "Mental health support": [
        "There is nowhere to go when you are struggling at night.",
        "Counselling should not stop the day your licence ends.",
    ],
    "Money and benefits": [
        "Universal Credit took weeks to start after release. We need help applying before.",
        "Help with opening a bank account would make a big difference.",
    ],
}

# (response, change kind, what we did, reason)
ANSWERS = {
    Resp.ACCEPTED: [
        (
            CK.DELIVERY,
            "We now start housing applications six weeks before release, with a named worker.",
        ),
        (CK.STAFF_PRACTICE, "All reception staff had training on respect and privacy."),
        (CK.SERVICE_DESIGN, "We rewrote our letters with members of the forum, in plain English."),
        (CK.DELIVERY, "Appointment reminders now go by text message as well as by post."),
        (CK.POLICY, "Our policy now says the women's group is women-only, with a female worker."),
        (CK.FUNDING, "Peer mentors are now paid for their time at our standard rate."),
        (CK.COMMISSIONING, "The new contract includes a family room at the centre."),
    ],
    Resp.PARTLY: [
        (
            CK.DELIVERY,
            "We added a second drop-in session on Tuesdays. We could not open on weekends yet.",
        ),
        (
            CK.SERVICE_DESIGN,
            "Easy read leaflets are ready. Other languages will follow when we have funding.",
        ),
        (
            CK.STAFF_PRACTICE,
            "Probation now offers a private room when asked. The open office stays for now.",
        ),
    ],
    Resp.CONSIDERING: [
        (CK.NONE, "We are talking to the council about this and will tell you what they say."),
        (CK.NONE, "This needs funding. We have asked our trustees and will decide in the spring."),
    ],
}
NOT_POSSIBLE = [
    (
        "We cannot change appointment times set by the probation service.",
        "Probation sets its own rota. We passed your point on to the local probation manager.",
    ),
    (
        "We cannot open at night.",
        "We do not have the staff or the funding to open safely at night. We have put the "
        "numbers of night-time helplines on the board instead.",
    ),
    (
        "We cannot pay for family travel.",
        "Our funding does not allow it. We have listed charities that help with visit costs.",
    ),
]
EVIDENCE = [
    "New policy agreed at the board meeting; minutes on file.",
    "Training attendance list and the new training notes.",
    "The new letter templates, checked by the forum.",
    "Text reminder settings and the first month's numbers.",
    "The signed contract variation.",
    "Photos of the new room and the opening notice.",
]

OUTCOME_TEXT = {
    PersonOutcome.Kind.EDUCATION: "Started an English and maths course at the local college",
    PersonOutcome.Kind.VOLUNTEERING: "Started volunteering on the reception desk",
    PersonOutcome.Kind.PAID_WORK: "Started a part-time paid job",
    PersonOutcome.Kind.ACCOMMODATION: "Moved from a hostel into a supported flat",
    PersonOutcome.Kind.QUALIFICATION: "Gained a Level 2 peer mentoring qualification",
    PersonOutcome.Kind.CONFIDENCE: "Feels more confident speaking in groups",
    PersonOutcome.Kind.SKILLS: "Rated their skills for chairing a meeting",
    PersonOutcome.Kind.OTHER: "Got back in touch with their family",
}

IMPACTS = [
    (
        ImpactRecord.Kind.COMMISSIONERS,
        "Through-the-gate housing contract won",
        "The commissioner said the lived experience panel was the strongest part of our bid.",
        "Contract award letter from the commissioner.",
        Decimal("145000.00"),
    ),
    (
        ImpactRecord.Kind.POLICY,
        "Probation changed its reporting room policy",
        "After our forum raised privacy, the local probation office now offers a private room.",
        "Letter from the head of the probation delivery unit.",
        None,
    ),
    (
        ImpactRecord.Kind.FUNDING,
        "Funding secured for paid peer mentors",
        "A trust funded two years of paid peer mentor sessions, citing our involvement work.",
        "Grant offer letter.",
        Decimal("38500.00"),
    ),
    (
        ImpactRecord.Kind.SERVICE_IMPROVED,
        "Drop-in waiting times halved",
        "A second drop-in session, suggested at a forum, cut the average wait.",
        "Drop-in sign-in sheets before and after.",
        None,
    ),
    (
        ImpactRecord.Kind.STAFF_UNDERSTANDING,
        "Staff training co-delivered by forum members",
        "Forum members ran a session for all staff on what release day is like.",
        "Training feedback forms: 18 of 20 staff said they learned something new.",
        None,
    ),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


class _Builder:
    def __init__(self, organisations: list, *, seed: int, large: set[int]):
        self.orgs = {o.pk: o for o in organisations}
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = self.now.date()
        self.large = large
        self.counts: dict[str, int] = defaultdict(int)

    def load(self) -> None:
        ids = list(self.orgs)
        self.staff: dict[int, list[int]] = defaultdict(list)
        for org_id, user_id in (
            Membership.of_user.filter(organisation_id__in=ids, role__in=["coordinator", "admin"])
            .order_by("user_id")
            .values_list("organisation_id", "user_id")
        ):
            self.staff[org_id].append(user_id)
        self.projects: dict[int, list[int]] = defaultdict(list)
        for org_id, pk in (
            Project.objects.filter(organisation_id__in=ids)
            .order_by("id")
            .values_list("organisation_id", "id")
        ):
            self.projects[org_id].append(pk)
        # A bounded pool of involved people per organisation.
        self.people: dict[int, list[int]] = defaultdict(list)
        cap = {o: (400 if o in self.large else 60) for o in ids}
        for org_id, pk in (
            Participant.objects.filter(
                organisation_id__in=ids,
                status__in=[pc.Status.ACTIVE, pc.Status.PAUSED],
                erased_at__isnull=True,
            )
            .order_by("id")
            .values_list("organisation_id", "id")
            .iterator(chunk_size=BATCH)
        ):
            if len(self.people[org_id]) < cap[org_id]:
                self.people[org_id].append(pk)
        self.attendees: dict[int, list[tuple[int, int | None, dt.date, list[int]]]] = defaultdict(
            list
        )
        by_event: dict[int, list[int]] = defaultdict(list)
        info: dict[int, tuple[int, int | None, dt.date]] = {}
        for event_id, org_id, project_id, starts_at, participant_id in (
            EventInvitation.objects.filter(
                organisation_id__in=ids,
                attendance__in=["attended", "late"],
                event__status=Event.Status.PLANNED,
                event__ends_at__lt=self.now,
            )
            .order_by("event__starts_at", "id")
            .values_list(
                "event_id",
                "organisation_id",
                "event__project_id",
                "event__starts_at",
                "participant_id",
            )
        ):
            by_event[event_id].append(participant_id)
            info[event_id] = (org_id, project_id, starts_at.date())
        for event_id, (org_id, project_id, day) in info.items():
            self.attendees[org_id].append((event_id, project_id, day, by_event[event_id]))

    def consents(self) -> None:
        """Record quote consents for about half the pool, then read the latest decisions."""
        pool = [(o, p) for o, people in self.people.items() for p in people]
        quotes = [pc.ConsentPurpose.NAMED_QUOTES, pc.ConsentPurpose.ANONYMOUS_QUOTES]
        asked = set(
            ConsentEvent.objects.filter(
                organisation_id__in=list(self.orgs), purpose__in=quotes
            ).values_list("participant_id", flat=True)
        )
        rows = []
        when = self.now - dt.timedelta(days=HISTORY_DAYS + 30)
        for org_id, pk in pool:
            if pk in asked:
                continue
            roll = self.rng.random()
            decisions = []
            if roll < 0.5:
                decisions.append((pc.ConsentPurpose.ANONYMOUS_QUOTES, pc.ConsentState.GIVEN))
                decisions.append(
                    (
                        pc.ConsentPurpose.NAMED_QUOTES,
                        pc.ConsentState.GIVEN if roll < 0.2 else pc.ConsentState.REFUSED,
                    )
                )
            elif roll < 0.75:
                decisions.append((pc.ConsentPurpose.ANONYMOUS_QUOTES, pc.ConsentState.REFUSED))
            for purpose, state in decisions:
                rows.append(
                    ConsentEvent(
                        organisation_id=org_id,
                        participant_id=pk,
                        purpose=purpose,
                        state=state,
                        method=pc.ConsentMethod.WRITTEN,
                        recorded_at=when,
                    )
                )
        ConsentEvent.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["quote consents"] = len(rows)
        latest: dict[tuple[int, str], tuple[dt.datetime, int, str]] = {}
        for pk, purpose, state, at, row_id in ConsentEvent.objects.filter(
            organisation_id__in=list(self.orgs), purpose__in=quotes
        ).values_list("participant_id", "purpose", "state", "recorded_at", "id"):
            key = (pk, purpose)
            if key not in latest or (at, row_id) > latest[key][:2]:
                latest[key] = (at, row_id, state)
        self.named_ok = {
            pk
            for (pk, purpose), v in latest.items()
            if purpose == pc.ConsentPurpose.NAMED_QUOTES and v[2] == pc.ConsentState.GIVEN
        }
        self.anon_ok = {
            pk
            for (pk, purpose), v in latest.items()
            if purpose == pc.ConsentPurpose.ANONYMOUS_QUOTES and v[2] == pc.ConsentState.GIVEN
        }

    def quote_for(self, contributors: list[int]) -> str:
        if not contributors:
            return Q.NO
        if all(p in self.named_ok for p in contributors):
            return self.rng.choice([Q.NAMED, Q.ANONYMOUS, Q.ANONYMOUS, Q.NO])
        if all(p in self.anon_ok for p in contributors):
            return self.rng.choice([Q.ANONYMOUS, Q.ANONYMOUS, Q.NO])
        return Q.NO

    def run(self, surveys_by_org: dict[int, list[int]]) -> dict[str, int]:
        self.load()
        self.consents()
        themes = [Theme(organisation_id=o, name=name) for o in self.orgs for name in SAID]
        Theme.objects.bulk_create(themes, batch_size=BATCH)
        theme_of = {(t.organisation_id, t.name): t.pk for t in themes}
        self.counts["themes"] = len(themes)

        contributions: list[Contribution] = []
        contributors: list[list[int]] = []
        theme_names: list[list[str]] = []
        for org_id in self.orgs:
            n = 60 if org_id not in self.large else 400
            if len(self.orgs) > 2 and org_id not in self.large:
                n = 12
            self.contributions_for(
                org_id, n, surveys_by_org.get(org_id, []), contributions, contributors, theme_names
            )
        # Answers and feedback are decided in memory first, so that each contribution is
        # inserted once, with its loop_closed_at already set.
        actions, covered, action_links = self.actions(contributions, theme_names)
        feedback = self.feedback(contributions, contributors, action_links)
        Contribution.objects.bulk_create(contributions, batch_size=BATCH)
        self.counts["contributions"] = len(contributions)
        links = []
        for c, people in zip(contributions, contributors, strict=True):
            links += [
                Contribution.contributors.through(contribution_id=c.pk, participant_id=p)
                for p in people
            ]
        Contribution.contributors.through.objects.bulk_create(links, batch_size=BATCH)
        tlinks = [
            Contribution.themes.through(
                contribution_id=c.pk, theme_id=theme_of[(c.organisation_id, name)]
            )
            for c, names in zip(contributions, theme_names, strict=True)
            for name in names
        ]
        Contribution.themes.through.objects.bulk_create(tlinks, batch_size=BATCH)

        Action.objects.bulk_create(actions, batch_size=BATCH)
        through = Action.contributions.through
        through.objects.bulk_create(
            [
                through(action_id=a.pk, contribution_id=contributions[i].pk)
                for a, idxs in zip(actions, covered, strict=True)
                for i in idxs
            ],
            batch_size=BATCH,
        )
        self.counts["actions"] = len(actions)
        Feedback.objects.bulk_create(feedback, batch_size=BATCH)  # contribution, action: saved
        self.counts["feedback"] = len(feedback)
        self.outcomes()
        self.impacts(actions)
        return dict(self.counts)

    def contributions_for(self, org_id, n, surveys, out, people_out, themes_out) -> None:
        rng = self.rng
        people = self.people.get(org_id, [])
        events = self.attendees.get(org_id, [])
        projects = self.projects.get(org_id, [])
        staff = self.staff.get(org_id, [None])
        names = list(SAID)
        for i in range(n):
            source = rng.choices(
                [Src.EVENT, Src.SUGGESTION_BOX, Src.SURVEY, Src.PEER_RESEARCH, Src.ONE_TO_ONE],
                weights=[35, 20, 15, 15, 15],
            )[0]
            if source == Src.SURVEY and not surveys:
                source = Src.SUGGESTION_BOX
            if source == Src.EVENT and not events:
                source = Src.ONE_TO_ONE
            if source in (Src.ONE_TO_ONE, Src.PEER_RESEARCH) and not people:
                source = Src.SUGGESTION_BOX
            # Older items are spread over 18 months; the newest weeks are busier.
            age = int(rng.triangular(0, HISTORY_DAYS, 200)) if i % 8 else rng.randint(0, 40)
            received = self.today - dt.timedelta(days=age)
            who: list[int] = []
            event_id = project_id = survey_id = None
            anonymous = False
            if source == Src.EVENT:
                event_id, project_id, received, attended = rng.choice(events)
                who = rng.sample(attended, min(len(attended), rng.choice([1, 1, 2, 3])))
            elif source in (Src.SUGGESTION_BOX, Src.SURVEY):
                anonymous = True
                if source == Src.SURVEY:  # the general survey opened 45 days ago
                    survey_id = rng.choice(surveys)
                    received = self.today - dt.timedelta(days=rng.randint(0, 44))
            elif source == Src.PEER_RESEARCH:
                if rng.random() < 0.4:
                    anonymous = True
                else:
                    who = rng.sample(people, min(len(people), rng.randint(1, 2)))
                project_id = rng.choice(projects) if projects else None
            else:
                who = [rng.choice(people)]
            theme = names[(i * 7 + org_id) % len(names)]
            picked = [theme]
            if rng.random() < 0.3:
                other = rng.choice(names)
                if other != theme:
                    picked.append(other)
            out.append(
                Contribution(
                    organisation_id=org_id,
                    text=rng.choice(SAID[theme]),
                    source=source,
                    received_on=received,
                    project_id=project_id,
                    event_id=event_id,
                    survey_id=survey_id,
                    anonymous=anonymous,
                    # Nobody is named on an anonymous one: it may be quoted without a name.
                    quote=rng.choice([Q.ANONYMOUS, Q.NO]) if anonymous else self.quote_for(who),
                    recorded_by_id=rng.choice(staff),
                    created_at=_at(received, 16),
                )
            )
            people_out.append(who)
            themes_out.append(picked)

    def actions(self, contributions, theme_names):
        """Most contributions older than a week get an answer; a few answers cover two."""
        rng = self.rng
        actions: list[Action] = []
        covered: list[list[int]] = []  # indexes into contributions
        last_by_theme: dict[tuple[int, str], int] = {}
        for idx, c in enumerate(contributions):
            age = (self.today - c.received_on).days
            if age < 7 or rng.random() < 0.08:
                continue
            key = (c.organisation_id, theme_names[idx][0])
            prev = last_by_theme.get(key)
            if prev is not None and rng.random() < 0.15:
                a_idx = prev
                action = actions[a_idx]
                if 0 <= (action.decided_on - c.received_on).days <= 20:
                    covered[a_idx].append(idx)
                    continue
            response = rng.choices(
                [Resp.ACCEPTED, Resp.PARTLY, Resp.NOT_POSSIBLE, Resp.CONSIDERING],
                weights=[45, 20, 15, 20],
            )[0]
            decided = min(self.today, c.received_on + dt.timedelta(days=rng.randint(3, 20)))
            reason = ""
            if response == Resp.NOT_POSSIBLE:
                we_did, reason = rng.choice(NOT_POSSIBLE)
                kind = CK.NONE
            else:
                kind, we_did = rng.choice(ANSWERS[response])
            due = done = None
            evidence = ""
            if response in (Resp.ACCEPTED, Resp.PARTLY):
                due = decided + dt.timedelta(days=rng.choice([30, 60, 90]))
                if due <= self.today and rng.random() < 0.85:
                    done = min(self.today, due - dt.timedelta(days=rng.randint(-10, 20)))
                    done = max(done, decided)
                    evidence = rng.choice(EVIDENCE)
            staff = self.staff.get(c.organisation_id, [None])
            actions.append(
                Action(
                    organisation_id=c.organisation_id,
                    response=response,
                    we_did=we_did,
                    reason=reason,
                    action_taken=f"Owner to follow up: {we_did}",
                    change_kind=kind,
                    owner_id=rng.choice(staff),
                    decided_on=decided,
                    due_on=due,
                    done_on=done,
                    evidence=evidence,
                    on_board=c.anonymous or rng.random() < 0.9,
                    created_by_id=staff[0],
                    created_at=_at(decided, 11),
                )
            )
            covered.append([idx])
            last_by_theme[key] = len(actions) - 1
        links = {i: a for a, idxs in zip(actions, covered, strict=True) for i in idxs}
        return actions, covered, links

    def feedback(self, contributions, contributors, action_of) -> list[Feedback]:
        """Most loops closed (many within 28 days, some late); some open at various ages."""
        rng = self.rng
        rows: list[Feedback] = []
        closed: dict[int, dt.datetime] = {}
        for idx, c in enumerate(contributions):
            action = action_of.get(idx)
            if action is None:
                continue
            roll = rng.random()
            if roll < 0.55:
                first = action.decided_on + dt.timedelta(days=rng.randint(0, 5))
                first = min(first, c.received_on + dt.timedelta(days=TARGET_DAYS - 3))
                first = max(first, action.decided_on)
            elif roll < 0.82:
                late = c.received_on + dt.timedelta(days=rng.randint(TARGET_DAYS + 2, 80))
                first = min(late, self.today)
                if (first - c.received_on).days <= TARGET_DAYS:  # too recent to be late yet
                    first = max(action.decided_on, c.received_on + dt.timedelta(days=10))
            else:
                first = None  # still open
            if first is not None:
                first = max(first, action.decided_on)
            if first is not None and first > self.today:
                first = None
            staff = self.staff.get(c.organisation_id, [None])
            people = contributors[idx]
            if c.anonymous or not people:
                if first is None or not action.on_board:
                    continue
                given = _at(first, 10)
                rows.append(
                    Feedback(
                        organisation_id=c.organisation_id,
                        contribution=c,
                        action=action,
                        participant_id=None,
                        method=Feedback.Method.BOARD,
                        given_at=given,
                        recorded_by_id=staff[0],
                    )
                )
                closed[idx] = given
                continue
            if first is None:
                # Open, but some of a group may already have been told.
                if len(people) > 1 and action.decided_on < self.today:
                    rows.append(
                        Feedback(
                            organisation_id=c.organisation_id,
                            contribution=c,
                            action=action,
                            participant_id=people[0],
                            method=Feedback.Method.IN_PERSON,
                            given_at=_at(action.decided_on, 15),
                            recorded_by_id=staff[0],
                        )
                    )
                continue
            latest = None
            for n, person in enumerate(people):
                day = min(self.today, first + dt.timedelta(days=n * rng.randint(0, 2)))
                given = _at(day, 12 + n)
                latest = given if latest is None else max(latest, given)
                rows.append(
                    Feedback(
                        organisation_id=c.organisation_id,
                        contribution=c,
                        action=action,
                        participant_id=person,
                        method=Feedback.Method.IN_PERSON,
                        given_at=given,
                        recorded_by_id=staff[0],
                    )
                )
            closed[idx] = latest
        # Not in the future: clamp to now (a loop closed today at 12:00 UTC may be later).
        for row in rows:
            row.given_at = min(row.given_at, self.now)
        for idx, at in closed.items():
            closed[idx] = min(at, self.now)
        for idx, at in closed.items():
            contributions[idx].loop_closed_at = at
        return rows

    def outcomes(self) -> None:
        rng = self.rng
        rows = []
        for org_id, people in self.people.items():
            staff = self.staff.get(org_id, [None])
            projects = self.projects.get(org_id, [])
            share = people[: max(3, len(people) // 3)]
            for pk in share:
                for kind in rng.sample(PersonOutcome.Kind.values, rng.choice([1, 1, 2])):
                    day = self.today - dt.timedelta(days=rng.randint(0, HISTORY_DAYS))
                    before = after = None
                    if kind in (PersonOutcome.Kind.CONFIDENCE, PersonOutcome.Kind.SKILLS):
                        before = rng.randint(1, 3)
                        after = min(5, before + rng.choice([0, 1, 1, 2, 2, 3]))
                    rows.append(
                        PersonOutcome(
                            organisation_id=org_id,
                            participant_id=pk,
                            kind=kind,
                            achieved_on=day,
                            description=OUTCOME_TEXT[kind],
                            rating_before=before,
                            rating_after=after,
                            project_id=rng.choice(projects) if projects else None,
                            person_agreed=True,
                            recorded_by_id=staff[0],
                            created_at=_at(day, 17),
                        )
                    )
        PersonOutcome.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["outcomes"] = len(rows)

    def impacts(self, actions: list[Action]) -> None:
        rng = self.rng
        done: dict[int, list[Action]] = defaultdict(list)
        for a in actions:
            if a.done_on:
                done[a.organisation_id].append(a)
        rows, pairs = [], []
        for org_id in self.orgs:
            projects = self.projects.get(org_id, [])
            staff = self.staff.get(org_id, [None])
            for n, (kind, title, description, evidence, amount) in enumerate(IMPACTS):
                day = self.today - dt.timedelta(days=30 + n * 70 + rng.randint(0, 30))
                record = ImpactRecord(
                    organisation_id=org_id,
                    kind=kind,
                    title=title,
                    description=description,
                    evidence=evidence,
                    happened_on=day,
                    amount=amount,
                    project_id=projects[n % len(projects)] if projects else None,
                    recorded_by_id=staff[0],
                    created_at=_at(day, 15),
                )
                rows.append(record)
                linked = [a for a in done.get(org_id, []) if a.done_on <= day]
                pairs.append((record, rng.sample(linked, min(len(linked), 2))))
        ImpactRecord.objects.bulk_create(rows, batch_size=BATCH)
        through = ImpactRecord.actions.through
        through.objects.bulk_create(
            [through(impactrecord_id=r.pk, action_id=a.pk) for r, acts in pairs for a in acts],
            batch_size=BATCH,
        )
        self.counts["impact records"] = len(rows)


def seed_voice(
    organisations: list,
    *,
    seed: int,
    surveys_by_org: dict[int, list[int]] | None = None,
    large: set[int] | None = None,
) -> dict[str, int]:
    """Voice and impact for the organisations that have no themes yet."""
    have = set(
        Theme.objects.filter(organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    todo = [o for o in organisations if o.pk not in have]
    if not todo:
        return {}
    return _Builder(todo, seed=seed, large=large or set()).run(surveys_by_org or {})


# Who the organisation serves, as shares per answer (the rest of each question is spread over
# the other answers). Young adults, Black people and care leavers make up more of the people
# served than of the people involved, so the reports show them as seldom heard.
BASELINE_SHARES = {
    "age_group": {"16_24": 30, "25_34": 30, "35_44": 18, "45_54": 12, "55_64": 5, "65_plus": 2},
    "sex": {"female": 30, "male": 66},
    "gender_same_as_birth": {"yes": 90, "no": 2},
    "sexual_orientation": {"straight": 82, "gay_lesbian": 4, "bisexual": 4, "other": 1},
    "ethnicity": {"white": 62, "black": 16, "asian": 10, "mixed": 7, "other": 2},
    "religion": {"none": 45, "christian": 30, "muslim": 15, "sikh": 2, "hindu": 2},
    "disability": {"yes_a_lot": 22, "yes_a_little": 25, "no": 45},
    "marital_status": {"never": 60, "married": 10, "separated": 10, "divorced": 12},
    "pregnancy_maternity": {"yes": 4, "no": 88},
    "care_experience": {"yes": 28, "no": 62},
}


def seed_baseline(organisations: list, *, seed: int, large: set[int] | None = None) -> int:
    """Equality baselines for this year and last, for organisations that have none."""
    from withus.people.equality import QUESTIONS
    from withus.reports.models import EqualityBaseline

    have = set(
        EqualityBaseline.objects.filter(organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    rng = random.Random(seed)
    year = timezone.now().year
    rows = []
    for org in organisations:
        if org.pk in have:
            continue
        for offset, total in ((0, 1.0), (1, 0.9)):
            size = (3000 if org.pk in (large or set()) else 300) * total
            for question, (_, answers) in QUESTIONS.items():
                shares = BASELINE_SHARES.get(question, {})
                codes = [code for code, _ in answers]
                rest = [code for code in codes if code not in shares]
                left = max(0, 100 - sum(shares.values()))
                for code in codes:
                    share = shares.get(code, left / max(1, len(rest)))
                    count = round(size * share / 100 * rng.uniform(0.9, 1.1))
                    rows.append(
                        EqualityBaseline(
                            organisation_id=org.pk,
                            year=year - offset,
                            question=question,
                            answer=code,
                            count=count,
                        )
                    )
    EqualityBaseline.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)

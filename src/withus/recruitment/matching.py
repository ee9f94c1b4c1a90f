"""Matching people to an opportunity or task, with the reasons for the order.

`score` and `rank` are pure (no database) and table-tested. `candidate_facts` and `need_for_*`
load what they need with a fixed number of queries.

Scoring, in points:
- each skill asked for that the person has: SKILL_POINTS
- each kind of involvement (method) they said they are interested in: METHOD_POINTS
- free at one or more of the times needed (when times are given): AVAILABILITY_POINTS
- every access need they have can be met (when the activity's provisions are known; people with
  no recorded needs count as met): ACCESS_POINTS
- status active: ACTIVE_POINTS
- fair share: one point off for each involvement in the last 90 days above the median of everyone
  considered, at most FAIR_SHARE_CAP, so the same few people are not always asked.

Flags (Findings) never change the score; they are shown with the person. People taking a break
or who have moved on are still listed, but after everyone else. A safeguarding restriction only
ever shows as "check with the safeguarding lead" — never its details.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from withus.checks import Finding, Severity
from withus.people import choices as pc
from withus.people.models import AccessNeed, Availability, ConsentEvent, Interest, Participant
from withus.people.selectors import active_restrictions, how_to_reach

SKILL_POINTS = 3
METHOD_POINTS = 2
AVAILABILITY_POINTS = 2
ACCESS_POINTS = 2
ACTIVE_POINTS = 1
FAIR_SHARE_CAP = 6
RECENT_DAYS = 90

LISTED_LAST = {pc.Status.PAUSED, pc.Status.EXITED}

Slot = tuple[int, str]  # (day 0–6, period)


@dataclass(frozen=True)
class CandidateFacts:
    participant_id: int
    name: str
    status: str
    skills: frozenset[str] = frozenset()  # lower case
    interests: frozenset[str] = frozenset()  # people.choices.Method values
    availability: frozenset[Slot] = frozenset()
    access_needs: frozenset[str] = frozenset()  # people.choices.AccessNeed values
    can_be_contacted: bool = True
    recent_involvements: int = 0  # candidacies and tasks in the last RECENT_DAYS days
    has_restriction: bool = False


@dataclass(frozen=True)
class Need:
    skills: frozenset[str] = frozenset()  # lower case
    methods: frozenset[str] = frozenset()
    times: frozenset[Slot] = frozenset()  # empty: any time
    provisions: frozenset[str] | None = None  # access needs the activity can meet; None: unknown
    # How to show each skill (lower case → as written); display only.
    skill_labels: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Match:
    facts: CandidateFacts
    score: int
    reasons: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def listed_last(self) -> bool:
        return self.facts.status in LISTED_LAST


# --- wording ---------------------------------------------------------------------------------


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def slot_label(slot: Slot) -> str:
    day, period = slot
    return f"{pc.Day(day).label} {pc.Period(period).label.lower()}"


def normalise_skill(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


SKILL_SEPARATORS = re.compile(r"[,;\n]+")
BULLETS = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s*")


def parse_skills(text: str) -> dict[str, str]:
    """'IT; writing' → {'it': 'IT', 'writing': 'writing'}: lower case → as written."""
    skills: dict[str, str] = {}
    for part in SKILL_SEPARATORS.split(text or ""):
        written = re.sub(r"\s+", " ", BULLETS.sub("", part)).strip().rstrip(".")
        if written:
            skills.setdefault(written.lower(), written)
    return skills


# --- scoring ---------------------------------------------------------------------------------


def fair_share_penalty(recent: int, median: float) -> int:
    """One point for each involvement above the median (rounded down), at most FAIR_SHARE_CAP."""
    return min(max(recent - math.floor(median), 0), FAIR_SHARE_CAP) if recent > median else 0


def score(person: CandidateFacts, need: Need, *, median_involvements: float = 0) -> Match:
    points = 0
    reasons: list[str] = []
    findings: list[Finding] = []

    # Skills
    if need.skills:
        matched = sorted(person.skills & need.skills)
        points += SKILL_POINTS * len(matched)
        shown = [need.skill_labels.get(s, s) for s in matched]
        if matched:
            reasons.append(
                f"Has {len(matched)} of {len(need.skills)} "
                f"{'skill' if len(need.skills) == 1 else 'skills'} asked for: {_join(shown)}"
            )
        else:
            reasons.append(
                "Has none of the skills asked for"
                if len(need.skills) > 1
                else "Does not have the skill asked for"
            )

    # Interests (involvement methods)
    if need.methods:
        liked = sorted(person.interests & need.methods)
        points += METHOD_POINTS * len(liked)
        if liked:
            reasons.append(f"Interested in {_join([pc.Method(m).label.lower() for m in liked])}")
        else:
            reasons.append("Has not said they are interested in this kind of involvement")

    # Availability
    if need.times:
        free = sorted(person.availability & need.times)
        if free:
            points += AVAILABILITY_POINTS
            reasons.append(f"Free on {_join([slot_label(s) for s in free[:3]])}")
        elif not person.availability:
            reasons.append("When they are free is not recorded: ask them")
        else:
            reasons.append("Not usually free at the times needed")

    # Access needs
    needs = sorted(person.access_needs)
    labels = [pc.AccessNeed(n).label for n in needs]
    if need.provisions is None:
        if needs:
            reasons.append(f"Check the activity can meet their access needs: {_join(labels)}")
    else:
        unmet = [pc.AccessNeed(n).label for n in needs if n not in need.provisions]
        if not needs:
            points += ACCESS_POINTS
            reasons.append("No access needs recorded")
        elif not unmet:
            points += ACCESS_POINTS
            reasons.append(f"Their access needs can be met: {_join(labels)}")
        else:
            reasons.append(f"Not yet arranged for them: {_join(unmet)}")
            findings.append(
                Finding(
                    code="access_unmet",
                    severity=Severity.WARNING,
                    message=f"Access needs not yet met: {_join(unmet)}",
                    advice="Arrange these before inviting them, or ask what would work for them.",
                )
            )

    # Status
    if person.status == pc.Status.ACTIVE:
        points += ACTIVE_POINTS
        reasons.append("Active member")
    elif person.status == pc.Status.ENQUIRY:
        reasons.append("New: has only enquired so far")
    elif person.status == pc.Status.PAUSED:
        findings.append(
            Finding(
                code="paused",
                severity=Severity.WARNING,
                message="Taking a break",
                advice="Only invite them if they have said they would like to come back.",
            )
        )
    elif person.status == pc.Status.EXITED:
        findings.append(
            Finding(
                code="moved_on",
                severity=Severity.WARNING,
                message="Has moved on",
                advice="Only invite them if they have asked to be involved again.",
            )
        )

    # Fair share
    penalty = fair_share_penalty(person.recent_involvements, median_involvements)
    points -= penalty
    if penalty:
        reasons.append(
            f"Asked {_times(person.recent_involvements)} in the last {RECENT_DAYS} days — "
            "give others a turn"
        )
    elif person.recent_involvements == 0:
        reasons.append(f"Not asked in the last {RECENT_DAYS} days")
    else:
        reasons.append(f"Asked {_times(person.recent_involvements)} in the last {RECENT_DAYS} days")

    # Flags that must be checked
    if person.has_restriction:
        findings.append(
            Finding(
                code="safeguarding",
                severity=Severity.WARNING,
                message="Check with the safeguarding lead before inviting",
                advice="The safeguarding lead can see why.",
            )
        )
    if not person.can_be_contacted:
        findings.append(
            Finding(
                code="no_contact",
                severity=Severity.WARNING,
                message="No agreed way to contact them",
                advice="Record how they like to be contacted, and their consent, first.",
            )
        )
    return Match(person, points, tuple(reasons), tuple(findings))


def sort_key(match: Match) -> tuple:
    return (
        match.listed_last,
        -match.score,
        match.facts.recent_involvements,
        match.facts.name.casefold(),
        match.facts.participant_id,
    )


def rank(people: Iterable[CandidateFacts], need: Need) -> list[Match]:
    """Best fit first: score, then fewest recent involvements, then name. Paused or moved-on
    people come after everyone else. The same input in any order gives the same list."""
    people = list(people)
    median = statistics.median([p.recent_involvements for p in people]) if people else 0
    return sorted((score(p, need, median_involvements=median) for p in people), key=sort_key)


# --- loading facts and needs -----------------------------------------------------------------


def need_for_opportunity(
    opportunity, *, times: Iterable[Slot] = (), provisions: Iterable[str] | None = None
) -> Need:
    """Skills from the role description; methods from the opportunity's project, if any."""
    skills = parse_skills(opportunity.role.skills)
    project = opportunity.project
    return Need(
        skills=frozenset(skills),
        methods=frozenset(m for m in (project.methods if project else []) if m in pc.Method.values),
        times=frozenset(times),
        provisions=None if provisions is None else frozenset(provisions),
        skill_labels=skills,
    )


def need_for_task(
    task, *, times: Iterable[Slot] = (), provisions: Iterable[str] | None = None
) -> Need:
    """Skills from the task's "skills needed"; methods from its project."""
    skills = parse_skills(task.skills_needed)
    return Need(
        skills=frozenset(skills),
        methods=frozenset(m for m in (task.project.methods or []) if m in pc.Method.values),
        times=frozenset(times),
        provisions=None if provisions is None else frozenset(provisions),
        skill_labels=skills,
    )


CONTACT_PURPOSES = list(pc.CHANNEL_CONSENT.values())


def candidate_facts(*, today: dt.date, exclude_opportunity=None) -> list[CandidateFacts]:
    """Facts for every participant of the current organisation who has not been erased.

    A fixed number of queries whatever the number of people: participants (with the restriction
    flag), skills, interests, availability, access needs, contact consents, recent candidacies,
    recent tasks.
    """
    from withus.projects.models import Task
    from withus.recruitment.models import Candidate

    people = (
        Participant.objects.filter(erased_at__isnull=True)
        .annotate(
            restricted=Exists(
                active_restrictions().filter(
                    Q(participant=OuterRef("pk")) | Q(other_participant=OuterRef("pk"))
                )
            )
        )
        .only(
            "id",
            "organisation",
            "preferred_name",
            "status",
            "justice_relationship",
            "channel_order",
            "phone",
            "email",
            "address",
            "key_worker_name",
            "key_worker_contact",
        )
        .order_by("id")
    )
    if exclude_opportunity is not None:
        people = people.exclude(
            Exists(
                Candidate.objects.filter(
                    opportunity=exclude_opportunity, participant=OuterRef("pk")
                )
            )
        )
    people = list(people)
    if not people:
        return []
    alive = Q(participant__erased_at__isnull=True)

    def grouped(rows) -> dict[int, set]:
        result: dict[int, set] = defaultdict(set)
        for pid, value in rows:
            result[pid].add(value)
        return result

    skills = grouped(
        Participant.skills.through.objects.filter(
            participant__organisation=people[0].organisation_id, participant__erased_at__isnull=True
        ).values_list("participant_id", "skill__name")
    )
    interests = grouped(Interest.objects.filter(alive).values_list("participant_id", "method"))
    needs = grouped(AccessNeed.objects.filter(alive).values_list("participant_id", "need"))
    slots: dict[int, set] = defaultdict(set)
    for pid, day, period in Availability.objects.filter(alive).values_list(
        "participant_id", "day", "period"
    ):
        slots[pid].add((day, period))

    consents: dict[int, dict[str, ConsentEvent]] = defaultdict(dict)
    for event in (
        ConsentEvent.objects.filter(alive, purpose__in=CONTACT_PURPOSES)
        .only("participant_id", "purpose", "state", "recorded_at")
        .order_by("participant_id", "purpose", "-recorded_at", "-id")
    ):
        consents[event.participant_id].setdefault(event.purpose, event)  # newest per purpose

    cutoff = today - dt.timedelta(days=RECENT_DAYS)
    recent: dict[int, int] = defaultdict(int)
    for pid, n in (
        Candidate.objects.filter(created_at__date__gte=cutoff)
        .values_list("participant_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        recent[pid] += n
    # Tasks: due in the last 90 days or later, or with no date and not yet done.
    for pid, n in (
        Task.objects.filter(participant__isnull=False)
        .filter(Q(due_on__gte=cutoff) | (Q(due_on__isnull=True) & ~Q(status=Task.Status.DONE)))
        .values_list("participant_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        recent[pid] += n

    return [
        CandidateFacts(
            participant_id=p.pk,
            name=p.preferred_name,
            status=p.status,
            skills=frozenset(skills.get(p.pk, ())),
            interests=frozenset(interests.get(p.pk, ())),
            availability=frozenset(slots.get(p.pk, ())),
            access_needs=frozenset(needs.get(p.pk, ())),
            can_be_contacted=bool(how_to_reach(p, consents.get(p.pk, {}))),
            recent_involvements=recent.get(p.pk, 0),
            has_restriction=p.restricted,
        )
        for p in people
    ]

"""What a participant has done, for "Your record" and the summary for a CV: meetings they came
to (from attendance), hours (from the meetings' times), roles (recruitment places that became
active), training (training sessions they came to, and education or qualifications recorded
with their agreement) and outcomes recorded with their agreement. Read inside the
organisation's scope, only for the signed-in participant."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.people.models import Participant
from withus.recruitment.models import Candidate, Stage
from withus.voice.models import PersonOutcome

CAME = [EventInvitation.Attendance.ATTENDED, EventInvitation.Attendance.LATE]
LEARNING = {PersonOutcome.Kind.EDUCATION, PersonOutcome.Kind.QUALIFICATION}
# Outcomes that belong on a CV; others (accommodation, self-ratings) stay on the person's page.
CV_OUTCOMES = {
    PersonOutcome.Kind.EDUCATION,
    PersonOutcome.Kind.QUALIFICATION,
    PersonOutcome.Kind.VOLUNTEERING,
}

# Words that would tell an employer about the justice system. A title holding one is replaced
# on the CV summary by a neutral description of the activity.
JUSTICE_WORDS = re.compile(
    r"\b(prisons?|prisoners?|probation|offend\w*|ex-offend\w*|custody|custodial|justice|"
    r"criminal|crimes?|convict\w*|convictions?|sentenced?|sentences|parole|licence|court|"
    r"jail|gaol|HMP|HMPPS|YOI|inmates?|resettlement|rehabilitation|through the gate|"
    r"remand|CRC|NPS|MAPPA)\b",
    re.IGNORECASE,
)


def neutral(text: str, fallback: str) -> str:
    text = " ".join((text or "").split())
    return fallback if not text or JUSTICE_WORDS.search(text) else text


@dataclass(frozen=True)
class Meeting:
    title: str
    kind: str  # Event.Kind value
    kind_label: str
    day: dt.date
    hours: Decimal


@dataclass(frozen=True)
class Role:
    title: str
    opportunity: str
    since: dt.date


@dataclass(frozen=True)
class Outcome:
    kind: str
    label: str
    day: dt.date
    description: str


@dataclass(frozen=True)
class Attended:
    """The little the totals need about each meeting the person came to."""

    kind_label: str
    day: dt.date
    hours: Decimal


@dataclass
class Record:
    organisation: str
    name: str
    meetings: list[Meeting] = field(default_factory=list)  # newest first; maybe only the latest
    attended: list[Attended] = field(default_factory=list)  # every meeting, for the totals
    training: list[Meeting] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def meeting_count(self) -> int:
        return len(self.attended)

    @property
    def more_meetings(self) -> int:
        """Meetings not in `meetings` (when only the latest were loaded)."""
        return len(self.attended) - len(self.meetings)

    @property
    def hours(self) -> Decimal:
        return sum((m.hours for m in self.attended), Decimal("0"))

    @property
    def learning(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind in LEARNING]

    @property
    def first_day(self) -> dt.date | None:
        days = [m.day for m in self.attended] + [r.since for r in self.roles]
        return min(days) if days else None

    @property
    def last_day(self) -> dt.date | None:
        days = [m.day for m in self.attended] + [r.since for r in self.roles]
        return max(days) if days else None

    @property
    def by_kind(self) -> list[tuple[str, int, Decimal]]:
        """(kind label, how many, hours) for each kind of meeting, most first."""
        totals: dict[str, list] = {}
        for m in self.attended:
            row = totals.setdefault(m.kind_label, [0, Decimal("0")])
            row[0] += 1
            row[1] += m.hours
        return sorted(((k, n, h) for k, (n, h) in totals.items()), key=lambda r: (-r[1], r[0]))


def _seconds_hours(starts_at: dt.datetime, ends_at: dt.datetime) -> Decimal:
    seconds = max((ends_at - starts_at).total_seconds(), 0)
    # To the nearest quarter hour.
    quarters = (Decimal(seconds) / Decimal(900)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return quarters / Decimal(4)


def _hours(event: Event) -> Decimal:
    return _seconds_hours(event.starts_at, event.ends_at)


def record(
    participant: Participant, *, now: dt.datetime | None = None, latest: int | None = None
) -> Record:
    """Everything on the person's record, with only the `latest` meetings in full when asked
    (the totals still count every meeting, from their kind and times only). At most five
    queries, whatever its length."""
    now = now or timezone.now()
    result = Record(organisation=participant.organisation.name, name=participant.preferred_name)
    came = EventInvitation.objects.filter(
        participant=participant,
        attendance__in=CAME,
        event__status=Event.Status.PLANNED,
        event__starts_at__lte=now,
    ).order_by("-event__starts_at", "-pk")
    labels = dict(Event.Kind.choices)

    def meetings(queryset) -> list[Meeting]:
        return [
            Meeting(
                title=invitation.event.title,
                kind=invitation.event.kind,
                kind_label=labels.get(invitation.event.kind, "Meeting"),
                day=timezone.localdate(invitation.event.starts_at),
                hours=_hours(invitation.event),
            )
            for invitation in queryset.select_related("event")
        ]

    if latest is None:
        result.meetings = meetings(came)
        result.training = [m for m in result.meetings if m.kind == Event.Kind.TRAINING]
        result.attended = [Attended(m.kind_label, m.day, m.hours) for m in result.meetings]
    else:
        result.meetings = meetings(came[:latest])
        result.training = meetings(came.filter(event__kind=Event.Kind.TRAINING))
        result.attended = [
            Attended(
                labels.get(kind, "Meeting"),
                timezone.localdate(starts_at),
                _seconds_hours(starts_at, ends_at),
            )
            for kind, starts_at, ends_at in came.values_list(
                "event__kind", "event__starts_at", "event__ends_at"
            )
        ]
    candidates = (
        Candidate.objects.filter(participant=participant, stage=Stage.ACTIVE)
        .select_related("opportunity__role")
        .order_by("-stage_changed_at", "-pk")
    )
    for candidate in candidates:
        opportunity = candidate.opportunity
        result.roles.append(
            Role(
                title=opportunity.role.title if opportunity.role_id else opportunity.title,
                opportunity=opportunity.title,
                since=timezone.localdate(candidate.stage_changed_at),
            )
        )
    outcome_labels = dict(PersonOutcome.Kind.choices)
    for outcome in PersonOutcome.objects.filter(
        participant=participant, person_agreed=True
    ).order_by("-achieved_on", "-pk"):
        result.outcomes.append(
            Outcome(
                kind=outcome.kind,
                label=outcome_labels.get(outcome.kind, "Something else"),
                day=outcome.achieved_on,
                description=outcome.description,
            )
        )
    return result


@dataclass(frozen=True)
class CvLine:
    heading: str
    detail: str


@dataclass
class CvSummary:
    """The record in neutral words for a CV: no mention of the justice system."""

    name: str
    organisation: str
    period: str
    totals: list[str]
    roles: list[CvLine]
    activities: list[CvLine]
    training: list[CvLine]
    made_on: dt.date


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _month(day: dt.date) -> str:
    return f"{day:%B %Y}"


def _hours_words(hours: Decimal) -> str:
    text = f"{hours.normalize():f}" if hours else "0"
    return f"{text} hour" + ("" if hours == 1 else "s")


def cv_summary(participant: Participant, *, today: dt.date | None = None) -> CvSummary:
    rec = record(participant)
    today = today or timezone.localdate()
    period = ""
    if rec.first_day:
        first, last = _month(rec.first_day), _month(rec.last_day)
        period = first if first == last else f"{first} to {last}"
    n = rec.meeting_count
    totals = [
        f"{n} session" + ("" if n == 1 else "s") + " attended",
        f"{_hours_words(rec.hours)} of involvement",
    ]
    if rec.roles:
        totals.append(f"{len(rec.roles)} role" + ("" if len(rec.roles) == 1 else "s"))
    roles = [
        CvLine(neutral(r.title, "Involvement role"), f"Since {_month(r.since)}") for r in rec.roles
    ]
    activities = [
        CvLine(label, f"{count} attended, {_hours_words(hours)}")
        for label, count, hours in rec.by_kind
    ]
    training = [CvLine(neutral(m.title, "Training session"), _day(m.day)) for m in rec.training] + [
        CvLine(neutral(o.description, o.label), f"{o.label}, {_day(o.day)}")
        for o in rec.outcomes
        if o.kind in CV_OUTCOMES
    ]
    return CvSummary(
        name=participant.preferred_name,
        organisation=rec.organisation,
        period=period,
        totals=totals,
        roles=roles,
        activities=activities,
        training=training,
        made_on=today,
    )

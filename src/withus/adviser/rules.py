"""Troubleshooting signals: pure functions over plain data, one per common problem.

Each signal looks at facts gathered by `selectors.py` and says whether the problem may be
happening (FIRES), seems not to be (CLEAR), or whether withus cannot tell from the data it has
(UNKNOWN). It always says why: the evidence lines are what a coordinator would check by hand.
A signal is a hint, never a verdict; the page says so.

Counts of participants in messages and evidence go through small-number suppression (the
organisation's threshold), like every other published count of participants in withus. Counts
of staff are not about participants and are shown as they are, as the support pages show them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from withus.checks import Finding, Severity
from withus.reports.suppression import PRIMARY, Cell, is_small

FIRES = "fires"
CLEAR = "clear"
UNKNOWN = "unknown"

# --- thresholds (each one is a judgement; change them here, with the reason) -------------------

# Recruitment. An opening with a number of places gets this long before it can look slow:
# a first month is mostly spent getting the word out.
RECRUITMENT_GRACE_DAYS = 28
# After the grace period, fewer than this share of places filled looks slow.
RECRUITMENT_MIN_FILL = 0.5
# A "people recruited" target is behind when it is below this share of where a steady pace from
# the project's start to the target's due date would have it...
RECRUITMENT_PACE_RATIO = 0.75
# ...once at least this share of that time has gone (too early to judge before).
RECRUITMENT_PACE_FROM = 0.25
# Someone still at "enquiry" this long after they were last moved on has been left waiting.
RECRUITMENT_STUCK_DAYS = 21
# This many people left waiting at enquiry is a pattern, not a one-off.
RECRUITMENT_STUCK_MIN = 3

# Attendance. Recent = the last 90 days, compared with the 90 days before.
ATTENDANCE_WINDOW_DAYS = 90
# Each window needs this many events with attendance recorded before an average means anything.
ATTENDANCE_MIN_EVENTS = 3
# Average attendance per event down by this share or more is a fall worth looking at.
ATTENDANCE_DROP = 0.25

# Feedback. Needs this many contributions whose feedback is due before a share means anything.
FEEDBACK_MIN_DUE = 5
# Fewer than this percentage fed back within the organisation's target is a problem.
FEEDBACK_MIN_SHARE = 75.0

# Expenses, over claims paid in the last 90 days.
EXPENSES_WINDOW_DAYS = 90
# Needs this many paid claims before the share paid on time is judged...
EXPENSES_MIN_CLAIMS = 3
# ...and fewer than this percentage paid within the target is late. (Any claim still waiting
# past the target also fires: someone is out of pocket now.)
EXPENSES_MIN_SHARE = 90.0

# The same few people, over attendances in the last 12 months.
SAME_FEW_WINDOW_DAYS = 365
# "The few": the most involved fifth of the people who came (rounded up, at least one). A share
# of people rather than a fixed number, so that in a small group where everybody comes equally
# the few hold only about their fair share (at most a third, for a group of six).
SAME_FEW_TOP_FRACTION = 0.2
# Needs this many attendances, and this many different people, before the pattern means
# anything: in a group of four, "a few" is most of the group.
SAME_FEW_MIN_ATTENDANCES = 20
SAME_FEW_MIN_PEOPLE = 5
# The few holding more than this share of all attendances is "always the same people": the top
# fifth doing over half of the involvement, at least two and a half times their fair share.
SAME_FEW_SHARE = 0.5

# Staff training: under this share of staff with involvement training fires.
STAFF_TRAINED_MIN_SHARE = 0.5

# Lists of names in evidence stop after this many ("and 4 more").
EVIDENCE_LIST_LIMIT = 10


@dataclass(frozen=True)
class Signal:
    code: str
    title: str  # what the signal looks for
    status: str  # FIRES, CLEAR or UNKNOWN
    finding: Finding  # message: what the data says; advice: the first thing to try
    problem: str  # guidance.PROBLEMS key with the full list of actions
    evidence: tuple[str, ...] = field(default=())

    @property
    def fires(self) -> bool:
        return self.status == FIRES


def people(n: int, threshold: int) -> str:
    """A count of people for display: '7 people', 'fewer than 5 people', 'nobody'."""
    if n == 0:
        return "nobody"
    cell = Cell(n, PRIMARY if is_small(n, threshold) else "")
    if cell.hidden:
        return f"{cell.display(threshold)} people"
    return "1 person" if n == 1 else f"{n:,} people"


def _date(day: dt.date | None) -> str:
    """'Tuesday 3 March 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}" if day else ""


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _listed(names: list[str]) -> tuple[str, ...]:
    shown = tuple(names[:EVIDENCE_LIST_LIMIT])
    rest = len(names) - len(shown)
    return (*shown, f"and {rest} more") if rest > 0 else shown


def _joined(names: list[str]) -> str:
    """'A, B and C'; after EVIDENCE_LIST_LIMIT names, 'A, B … and 4 more'."""
    shown = list(_listed(names))
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1].removeprefix("and ")


def _signal(code, title, status, problem, message, advice="", evidence=()) -> Signal:
    severity = Severity.WARNING if status == FIRES else Severity.INFO
    return Signal(
        code=code,
        title=title,
        status=status,
        finding=Finding(f"adviser.{code}", severity, message, advice),
        problem=problem,
        evidence=tuple(evidence),
    )


# --- 1. low or slow recruitment ----------------------------------------------------------------


@dataclass(frozen=True)
class Opening:
    """An open recruitment opportunity."""

    title: str
    places: int | None
    active: int  # people who became active through it
    opened_on: dt.date
    closes_on: dt.date | None = None


@dataclass(frozen=True)
class RecruitmentTarget:
    """A project outcome counted as 'people who became active through recruitment'."""

    project: str
    description: str
    target: int
    value: int
    starts_on: dt.date | None
    due_on: dt.date | None


def opening_behind(o: Opening, today: dt.date) -> bool:
    if not o.places or o.active >= o.places:
        return False
    if o.closes_on is not None and o.closes_on < today:
        return True
    return (today - o.opened_on).days >= RECRUITMENT_GRACE_DAYS and o.active < math.ceil(
        o.places * RECRUITMENT_MIN_FILL
    )


def target_behind(t: RecruitmentTarget, today: dt.date) -> bool:
    if t.value >= t.target or t.due_on is None:
        return False
    if t.due_on < today:
        return True
    if t.starts_on is None or t.starts_on >= t.due_on or today <= t.starts_on:
        return False
    elapsed = (today - t.starts_on).days / (t.due_on - t.starts_on).days
    return elapsed >= RECRUITMENT_PACE_FROM and t.value < t.target * elapsed * (
        RECRUITMENT_PACE_RATIO
    )


@dataclass(frozen=True)
class FunnelFacts:
    """Recruitment in the last 12 months, from the stage history (recruitment.funnel)."""

    candidates: int  # people who enquired
    active: int  # of those, people who became active
    best_channel: str = ""  # the channel that turned the largest share of enquiries into places
    best_conversion: float | None = None  # that share, %


def funnel_lines(f: FunnelFacts | None, threshold: int) -> list[str]:
    """Context for a recruitment problem: how the funnel converts, and what works best. The best
    channel is only named when enough people came through it to publish the count."""
    if f is None or not f.candidates:
        return []
    lines = [
        f"In the last 12 months {people(f.candidates, threshold)} enquired and "
        f"{people(f.active, threshold)} became active."
    ]
    if f.best_channel and f.best_conversion is not None:
        lines.append(
            f"The channel that worked best was “{f.best_channel}”: {f.best_conversion:.0f}% of "
            "the people who came through it became active."
        )
    return lines


def recruitment_signal(
    openings: list[Opening],
    targets: list[RecruitmentTarget],
    *,
    stuck: int,
    today: dt.date,
    threshold: int,
    funnel: FunnelFacts | None = None,
) -> Signal:
    title = "Low or slow recruitment against targets"
    measured = [o for o in openings if o.places] + targets
    evidence = []
    for o in openings:
        if opening_behind(o, today):
            when = (
                f"closed for applications on {_date(o.closes_on)}"
                if o.closes_on and o.closes_on < today
                else f"open for {_plural((today - o.opened_on).days, 'day')}"
            )
            evidence.append(
                f"“{o.title}”: {people(o.active, threshold)} active for "
                f"{_plural(o.places or 0, 'place')}, {when}."
            )
    for t in targets:
        if target_behind(t, today):
            due = "was due" if t.due_on and t.due_on < today else "is due"
            evidence.append(
                f"{t.project}, “{t.description}”: {people(t.value, threshold)} recruited of "
                f"{t.target:,}, {due} on {_date(t.due_on)}."
            )
    if stuck >= RECRUITMENT_STUCK_MIN:
        evidence.append(
            f"{people(stuck, threshold).capitalize()} left waiting at ‘enquiry’ for more than "
            f"{RECRUITMENT_STUCK_DAYS} days."
        )
    if evidence:
        evidence += funnel_lines(funnel, threshold)
        return _signal(
            "recruitment",
            title,
            FIRES,
            "low_recruitment",
            "Recruitment looks behind where you wanted it to be.",
            "Check where people come from in the recruitment funnel, and follow up anyone left "
            "waiting after an enquiry.",
            evidence,
        )
    if not measured:
        return _signal(
            "recruitment",
            title,
            UNKNOWN,
            "low_recruitment",
            "There is nothing to measure recruitment against yet.",
            "Give open opportunities a number of places, or give a project a 'people recruited' "
            "outcome with a target and a date.",
        )
    return _signal(
        "recruitment",
        title,
        CLEAR,
        "low_recruitment",
        "Recruitment is on track for "
        f"{_plural(len(measured), 'opening or target', 'openings and targets')}.",
    )


# --- 2. falling attendance (project fatigue) ---------------------------------------------------


@dataclass(frozen=True)
class EventAttendance:
    """A past, not cancelled event whose attendance was recorded."""

    project: str  # "" when it belongs to no project
    day: dt.date
    attended: int


def _averages(events: list[EventAttendance], today: dt.date):
    recent_from = today - dt.timedelta(days=ATTENDANCE_WINDOW_DAYS)
    previous_from = recent_from - dt.timedelta(days=ATTENDANCE_WINDOW_DAYS)
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"recent": [], "previous": []})
    for e in events:
        if e.day > today or e.day <= previous_from:
            continue
        window = "recent" if e.day > recent_from else "previous"
        groups[""][window].append(e.attended)
        if e.project:
            groups[e.project][window].append(e.attended)
    return groups


def attendance_signal(events: list[EventAttendance], *, today: dt.date) -> Signal:
    title = "Falling attendance (project fatigue)"
    judged = 0
    evidence = []
    for name, windows in sorted(_averages(events, today).items()):
        recent, previous = windows["recent"], windows["previous"]
        if len(recent) < ATTENDANCE_MIN_EVENTS or len(previous) < ATTENDANCE_MIN_EVENTS:
            continue
        judged += 1
        before = sum(previous) / len(previous)
        now = sum(recent) / len(recent)
        if before > 0 and now < before * (1 - ATTENDANCE_DROP):
            label = name or "All events"
            evidence.append(
                f"{label}: on average {now:.1f} at each of the last "
                f"{_plural(len(recent), 'event')}, down from {before:.1f} at each of "
                f"{_plural(len(previous), 'event')} in the {ATTENDANCE_WINDOW_DAYS} days before."
            )
    if not judged:
        return _signal(
            "attendance",
            title,
            UNKNOWN,
            "fatigue",
            f"Not enough events with attendance recorded to compare: it needs "
            f"{ATTENDANCE_MIN_EVENTS} in each of the last two {ATTENDANCE_WINDOW_DAYS}-day "
            "periods.",
            "Record who came after every event, so changes show up early.",
        )
    if evidence:
        return _signal(
            "attendance",
            title,
            FIRES,
            "fatigue",
            "Fewer people are coming to events than before.",
            "Ask the people who have stopped coming why, and review how often you meet.",
            evidence,
        )
    return _signal(
        "attendance",
        title,
        CLEAR,
        "fatigue",
        f"Attendance has held up over the last {ATTENDANCE_WINDOW_DAYS} days.",
    )


# --- 3. contributions not fed back -------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackFacts:
    received: int  # contributions received in the last 12 months
    due: int  # of those, feedback due (deadline passed, or already closed)
    closed_within_target: int
    open_overdue: int  # still open and past the target
    target_days: int


def feedback_signal(f: FeedbackFacts) -> Signal:
    title = "Contributions not fed back"
    if f.due < FEEDBACK_MIN_DUE:
        return _signal(
            "feedback",
            title,
            UNKNOWN,
            "no_ownership",
            f"Too few contributions are due feedback to judge ({f.due:,}; it needs "
            f"{FEEDBACK_MIN_DUE}).",
            "Record what people say at meetings as contributions, so you can track telling "
            "them what happened.",
        )
    share = 100 * f.closed_within_target / f.due
    evidence = (
        f"{share:.0f}% of {_plural(f.due, 'contribution')} due feedback were fed back within "
        f"{f.target_days} days (the aim is at least {FEEDBACK_MIN_SHARE:.0f}%).",
        f"{_plural(f.open_overdue, 'contribution')} still waiting past the target.",
    )
    if share < FEEDBACK_MIN_SHARE:
        return _signal(
            "feedback",
            title,
            FIRES,
            "no_ownership",
            "People are often not told what happened to what they said.",
            "Go through the oldest open contributions and tell people what changed, what did "
            "not, and why.",
            evidence,
        )
    return _signal(
        "feedback", title, CLEAR, "no_ownership", "Most people hear back in time.", "", evidence
    )


# --- 4. expenses paid late ---------------------------------------------------------------------


@dataclass(frozen=True)
class ExpenseFacts:
    waits: tuple[int, ...]  # days from claim to payment, claims paid in the window
    waiting_past_target: int  # claims not paid or turned down, older than the target
    oldest_wait: int | None  # days the oldest of those has waited
    target_days: int


def expenses_signal(f: ExpenseFacts) -> Signal:
    title = "Expenses paid late"
    late = sum(1 for w in f.waits if w > f.target_days)
    evidence = []
    if f.waiting_past_target:
        evidence.append(
            f"{_plural(f.waiting_past_target, 'claim')} waiting longer than "
            f"{f.target_days} days; the oldest has waited {_plural(f.oldest_wait or 0, 'day')}."
        )
    judged = len(f.waits) >= EXPENSES_MIN_CLAIMS
    if f.waits:
        evidence.append(
            f"Of {_plural(len(f.waits), 'claim')} paid in the last {EXPENSES_WINDOW_DAYS} days, "
            f"{late:,} took longer than {f.target_days} days."
        )
    share = 100 * (len(f.waits) - late) / len(f.waits) if f.waits else None
    if f.waiting_past_target or (judged and share is not None and share < EXPENSES_MIN_SHARE):
        return _signal(
            "expenses",
            title,
            FIRES,
            "out_of_pocket",
            "Some people are waiting too long for their expenses.",
            "Pay the oldest claims first, and book travel in advance where you can.",
            evidence,
        )
    if not f.waits:
        return _signal(
            "expenses",
            title,
            UNKNOWN,
            "out_of_pocket",
            f"No expense claims were paid in the last {EXPENSES_WINDOW_DAYS} days, and none "
            "are waiting past the target.",
        )
    return _signal(
        "expenses",
        title,
        CLEAR,
        "out_of_pocket",
        f"Expenses are being paid within {f.target_days} days.",
        "",
        evidence,
    )


# --- 5. the same few people --------------------------------------------------------------------


def few_count(people: int) -> int:
    """How many people make up "the few": the most involved fifth, rounded up, at least one."""
    return max(1, math.ceil(SAME_FEW_TOP_FRACTION * people))


@dataclass(frozen=True)
class InvolvementSpread:
    attendances: int  # attendances at events in the last 12 months
    people: int  # distinct people behind them
    top: tuple[int, ...]  # attendances of the most involved people, largest first (at least
    # few_count(people) of them when there are that many)


def same_few_signal(s: InvolvementSpread, *, threshold: int) -> Signal:
    title = "The same few people always involved"
    if s.attendances < SAME_FEW_MIN_ATTENDANCES:
        return _signal(
            "same_few",
            title,
            UNKNOWN,
            "narrow_voices",
            f"Too few attendances in the last year to judge ({s.attendances:,}; it needs "
            f"{SAME_FEW_MIN_ATTENDANCES}).",
        )
    came = f"{people(s.people, threshold).capitalize()} came to events in the last 12 months."
    if s.people < SAME_FEW_MIN_PEOPLE:
        return _signal(
            "same_few",
            title,
            UNKNOWN,
            "narrow_voices",
            f"Too few different people came to events in the last year to judge; it needs "
            f"{SAME_FEW_MIN_PEOPLE}.",
            "",
            (came,),
        )
    share = sum(s.top[: few_count(s.people)]) / s.attendances
    evidence = (
        came,
        f"The most involved fifth of them account for {100 * share:.0f}% of all "
        f"{s.attendances:,} attendances.",
    )
    if share > SAME_FEW_SHARE:
        return _signal(
            "same_few",
            title,
            FIRES,
            "narrow_voices",
            "A few people are doing most of the involvement.",
            "Try a new recruitment channel and offer lighter roles that more people can take up.",
            evidence,
        )
    return _signal(
        "same_few",
        title,
        CLEAR,
        "narrow_voices",
        "Involvement is spread across a range of people.",
        "",
        evidence,
    )


# --- 6. no participants co-planning ------------------------------------------------------------


@dataclass(frozen=True)
class ProjectPlanners:
    name: str
    co_planners: int


def co_planning_signal(projects: list[ProjectPlanners]) -> Signal:
    title = "No participants co-planning"
    if not projects:
        return _signal(
            "co_planning",
            title,
            UNKNOWN,
            "no_ownership",
            "There are no projects being planned or running.",
        )
    without = [p.name for p in projects if p.co_planners == 0]
    if without:
        return _signal(
            "co_planning",
            title,
            FIRES,
            "no_ownership",
            f"{_plural(len(without), 'project')} of {len(projects):,} being planned or running "
            f"{'has' if len(without) == 1 else 'have'} no one with lived experience planning "
            "it.",
            "Invite people with lived experience to plan these projects with you, and record "
            "them as co-planners.",
            ("Projects with no co-planners: " + _joined(without) + ".",),
        )
    return _signal(
        "co_planning",
        title,
        CLEAR,
        "no_ownership",
        f"Every project being planned or running ({len(projects):,}) has people with lived "
        "experience planning it.",
    )


# --- 7. no staff trained -----------------------------------------------------------------------


def staff_training_signal(*, staff: int, trained: int | None) -> Signal:
    """`trained` is None when withus holds no training records to count from. Staff counts are
    shown as they are ("1 of the 3 staff"): small-number suppression protects participants."""
    title = "No staff trained in involvement"
    if trained is None:
        return _signal(
            "staff_training",
            title,
            UNKNOWN,
            "staff_unprepared",
            "withus cannot tell yet: there are no training records for staff.",
            "Record staff training in involvement and facilitation, so this can be checked.",
        )
    evidence = (
        f"{trained:,} of the {staff:,} staff who work with participants "
        f"{'has' if trained == 1 else 'have'} had involvement training.",
    )
    if staff and trained < staff * STAFF_TRAINED_MIN_SHARE:
        return _signal(
            "staff_training",
            title,
            FIRES,
            "staff_unprepared",
            "Few staff have had training in involvement.",
            "Offer involvement awareness and group facilitation training to the staff who run it.",
            evidence,
        )
    return _signal(
        "staff_training",
        title,
        CLEAR,
        "staff_unprepared",
        "Most staff have had training in involvement.",
        "",
        evidence,
    )


# --- 8. under-represented groups ---------------------------------------------------------------


@dataclass(frozen=True)
class GroupShare:
    question: str
    answer: str
    involved_share: float | None  # % of the people involved who answered (None: not published)
    baseline_share: float | None  # % of the people served
    seldom_heard: bool  # as decided by the equality report's rule


def _group_name(g: GroupShare) -> str:
    """'Sex: Male', or for a question asked as a question, 'Is …? Yes'."""
    return f"{g.question} {g.answer}" if g.question.endswith("?") else f"{g.question}: {g.answer}"


def equality_signal(
    groups: list[GroupShare], *, baseline_year: int | None, people_involved: str
) -> Signal:
    title = "Under-represented groups"
    if baseline_year is None:
        return _signal(
            "equality",
            title,
            UNKNOWN,
            "seldom_heard",
            "There is nothing to compare with: no figures for the people you serve have been "
            "entered.",
            "Enter a baseline of the people your service works with on the equality report.",
        )
    comparable = [g for g in groups if g.involved_share is not None and g.baseline_share]
    if not comparable:
        return _signal(
            "equality",
            title,
            UNKNOWN,
            "seldom_heard",
            "Too few people answered the equality questions to compare without giving anyone away.",
            "Invite everyone involved to fill in the equality questions; every one has "
            "'prefer not to say'.",
            (f"People involved in the last 12 months: {people_involved}.",),
        )
    flagged = [g for g in comparable if g.seldom_heard]
    if flagged:
        return _signal(
            "equality",
            title,
            FIRES,
            "seldom_heard",
            f"{_plural(len(flagged), 'group is', 'groups are')} under-represented compared "
            f"with the people you serve ({baseline_year} figures).",
            "Reach out to these groups on purpose, and remove the barriers they tell you about.",
            _listed(
                [
                    f"{_group_name(g)} — {g.involved_share:.0f}% of people involved, "
                    f"{g.baseline_share:.0f}% of people served."
                    for g in flagged
                ]
            ),
        )
    return _signal(
        "equality",
        title,
        CLEAR,
        "seldom_heard",
        f"The people involved broadly reflect the people you serve ({baseline_year} figures).",
    )


ORDER = (FIRES, UNKNOWN, CLEAR)


def ordered(signals: list[Signal]) -> list[Signal]:
    """Signals that fire first, then those withus cannot judge, then the clear ones."""
    return sorted(signals, key=lambda s: ORDER.index(s.status))

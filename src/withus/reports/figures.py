"""Every number in a report, worked out from the data in a fixed number of queries.

`build_figures` returns plain JSON (stored on the ReportRun and read by the exporters). Counts of
people are stored as cells: {"value": n, "hidden": "" | "primary" | "secondary"}. A hidden cell's
number is never printed: exporters print "fewer than 5" (primary) or "hidden" (secondary).

Decisions where the issue is silent (also in the methods note):
- The period is whole days in the organisation's time zone, start and end included. An event
  belongs to the day it starts on (an evening event that runs past midnight counts on its first
  day); its length is the real time between start and end.
- People involved: distinct people who attended or came late to an event in the period that was
  not cancelled.
- Projects counted: not cancelled, and running at some point in the period (no dates = counted).
- Money: payments paid in the period (a correction counts with the kind it corrects). Expense
  promptness: claims paid in the period, paid within the target days of being made.
- Outcomes: only outcomes the person agreed to, achieved in the period; a person counts once per
  kind. The total is the sum of the kinds, so it is published and suppressed with them.
  Self-ratings: only confidence and skills; a person counts once per kind (their latest rating
  in the period); a kind whose count of people is hidden has its rating hidden too.
- Equality: compared with the baseline for the year the period starts in (or, if none, the
  latest baseline before it). A group is "seldom heard" when both its counts are published and its
  share of the people involved (who gave an answer) is under 80% of its share of the baseline.
  "Prefer not to say" and "not asked" are shown separately and never flagged. Shares are of the
  people who gave an answer, and are only published for a column where no answer is hidden (a
  share gives away its denominator, and with it a hidden count).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.events.timing import aware, zone
from withus.people.choices import PREFER_NOT
from withus.people.equality import QUESTIONS
from withus.people.models import EqualityRecord
from withus.projects.models import Project
from withus.reports.models import EqualityBaseline, ReportRun
from withus.reports.suppression import Cell, suppress_series

A = ReportRun.Audience
ATTENDED = (EventInvitation.Attendance.ATTENDED, EventInvitation.Attendance.LATE)
NOT_ASKED = "not_asked"
SELDOM_HEARD_RATIO = 0.8
NOT_FLAGGED = {PREFER_NOT[0], NOT_ASKED}
# Outcome kinds that are self-ratings; only these count in "average change in self-rating".
RATED = ("confidence", "skills")

# Which sections each audience gets.
SECTIONS = {
    A.TRUSTEES: ["activity", "money", "voice", "outcomes", "impact", "surveys", "equality"],
    A.FUNDER: ["activity", "money", "voice", "outcomes", "impact", "surveys", "equality"],
    A.PARTNERS: ["activity", "voice", "impact"],
    A.PARTICIPANTS: ["activity", "voice", "outcomes"],
}


def cell(c: Cell) -> dict:
    return {"value": c.value, "hidden": c.hidden}


def single(value: int, threshold: int) -> dict:
    """One count of people published on its own: only primary suppression applies."""
    return cell(Cell(value, "primary" if 0 < value < threshold else ""))


def shown(c: dict) -> int | None:
    return None if c["hidden"] else c["value"]


def display(c: dict, threshold: int) -> str:
    if c["hidden"] == "primary":
        return f"fewer than {threshold}"
    if c["hidden"]:
        return "hidden"
    return f"{c['value']:,}"


def _money(value) -> str:
    return str((value or Decimal("0")).quantize(Decimal("0.01")))


def period_bounds(start: dt.date, end: dt.date, tz_name: str) -> tuple[dt.datetime, dt.datetime]:
    """[from, to) as aware moments: midnight at the start of `start` to the end of `end`."""
    return aware(start, dt.time(0), tz_name), aware(end + dt.timedelta(days=1), dt.time(0), tz_name)


def involved_invitations(organisation, start, end, project=None):
    since, until = period_bounds(start, end, organisation.timezone)
    rows = EventInvitation.objects.filter(
        attendance__in=ATTENDED,
        event__starts_at__gte=since,
        event__starts_at__lt=until,
    ).exclude(event__status=Event.Status.CANCELLED)
    if project is not None:
        rows = rows.filter(event__project=project)
    return rows


def build_figures(
    organisation,
    *,
    audience: str,
    start: dt.date,
    end: dt.date,
    project: Project | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> dict:
    tz = zone(organisation.timezone)
    today = today or timezone.now().astimezone(tz).date()
    threshold = organisation.small_number_threshold
    sections = SECTIONS[A(audience)]
    step = progress or (lambda percent, text: None)
    figures: dict = {
        "organisation": organisation.name,
        "audience": str(audience),
        "audience_label": A(audience).label,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "today": today.isoformat(),
        "project": project.name if project else "",
        "threshold": threshold,
        "sections": sections,
    }
    builders = {
        "activity": ("Counting events and people", _activity),
        "money": ("Adding up payments and expenses", _money_section),
        "voice": ("Counting what people said and what changed", _voice),
        "outcomes": ("Counting outcomes for people", _outcomes),
        "impact": ("Listing impact on the organisation", _impact),
        "surveys": ("Comparing before and after surveys", _surveys),
        "equality": ("Comparing who took part with who we serve", _equality),
    }
    for index, name in enumerate(sections):
        text, builder = builders[name]
        step(10 + int(50 * index / len(sections)), text)
        figures[name] = builder(
            organisation, start=start, end=end, project=project, today=today, threshold=threshold
        )
    return figures


# --- activity ----------------------------------------------------------------------------------


def _activity(organisation, *, start, end, project, today, threshold) -> dict:
    since, until = period_bounds(start, end, organisation.timezone)
    events = Event.objects.filter(starts_at__gte=since, starts_at__lt=until).exclude(
        status=Event.Status.CANCELLED
    )
    if project is not None:
        events = events.filter(project=project)
    labels = dict(Event.Kind.choices)
    by_kind = {
        row["kind"]: row["n"] for row in events.values("kind").annotate(n=Count("id")).order_by()
    }
    invitations = involved_invitations(organisation, start, end, project)
    totals = invitations.aggregate(
        people=Count("participant", distinct=True),
        length=Sum(
            ExpressionWrapper(
                F("event__ends_at") - F("event__starts_at"), output_field=DurationField()
            )
        ),
    )
    length = totals["length"] or dt.timedelta(0)
    projects = Project.objects.exclude(status=Project.Status.CANCELLED).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=end),
        Q(ends_on__isnull=True) | Q(ends_on__gte=start),
    )
    if project is not None:
        projects = projects.filter(pk=project.pk)
    by_method: dict[str, int] = defaultdict(int)
    by_rung: dict[str, int] = defaultdict(int)
    from withus.people.choices import Method

    method_labels = dict(Method.choices)
    for methods, position, rung in projects.values_list("methods", "rung__position", "rung__name"):
        for method in set(methods or []):
            by_method[method_labels.get(method, method)] += 1
        by_rung[f"{position}. {rung}" if position else "No level set"] += 1
    return {
        "events_total": sum(by_kind.values()),
        "events_by_kind": [
            {"key": key, "label": label, "count": by_kind.get(key, 0)}
            for key, label in Event.Kind.choices
            if by_kind.get(key)
        ],
        "people_involved": single(totals["people"], threshold),
        "involvement_hours": round(length.total_seconds() / 3600, 1),
        "projects_total": projects.count(),
        "projects_by_method": [
            {"label": k, "count": v} for k, v in sorted(by_method.items(), key=lambda i: i[0])
        ],
        "projects_by_rung": [{"label": k, "count": v} for k, v in sorted(by_rung.items())],
        "kind_labels": labels,
    }


# --- money -------------------------------------------------------------------------------------


def _money_section(organisation, *, start, end, project, today, threshold) -> dict:
    from withus.money.models import Payment
    from withus.money.selectors import with_effective_kind

    paid = Payment.objects.filter(status=Payment.Status.PAID, paid_on__gte=start, paid_on__lte=end)
    if project is not None:
        paid = paid.filter(Q(project=project) | Q(event__project=project))
    K = Payment.Kind
    row = with_effective_kind(paid).aggregate(
        involvement=Sum("amount", filter=Q(effective_kind=K.INVOLVEMENT)),
        expenses=Sum("amount", filter=Q(effective_kind=K.EXPENSES)),
        people=Count("participant", distinct=True, filter=~Q(kind=K.REVERSAL)),
    )
    tz = zone(organisation.timezone)
    waits: dict[int, int] = {}
    claims = paid.filter(kind=K.EXPENSES, claim__isnull=False).values_list(
        "claim_id", "claim__submitted_at", "paid_on"
    )
    for claim_id, submitted_at, paid_on in claims.order_by():
        wait = max(0, (paid_on - submitted_at.astimezone(tz).date()).days)
        waits[claim_id] = max(wait, waits.get(claim_id, 0))
    target = organisation.expense_target_days
    within = sum(1 for wait in waits.values() if wait <= target)
    return {
        "involvement_paid": _money(row["involvement"]),
        "expenses_paid": _money(row["expenses"]),
        "people_paid": single(row["people"], threshold),
        "claims_paid": len(waits),
        "claims_within_target": within,
        "expense_target_days": target,
        "expense_share_within_target": round(100 * within / len(waits), 1) if waits else None,
    }


# --- voice -------------------------------------------------------------------------------------


def _voice(organisation, *, start, end, project, today, threshold) -> dict:
    from withus.voice.models import Action, Contribution
    from withus.voice.selectors import quotable

    contributions = Contribution.objects.filter(received_on__gte=start, received_on__lte=end)
    actions = Action.objects.filter(decided_on__gte=start, decided_on__lte=end)
    if project is not None:
        contributions = contributions.filter(project=project)
        actions = actions.filter(contributions__project=project).distinct()
    by_response = dict(
        actions.values_list("response").annotate(n=Count("id", distinct=True)).order_by()
    )
    by_change = dict(
        actions.values_list("change_kind").annotate(n=Count("id", distinct=True)).order_by()
    )
    target_days = organisation.feedback_target_days
    loop = _loop(start=start, end=end, target_days=target_days, today=today, project=project)
    examples = []
    # "You said, we did" examples: only words the people who said them still agree can be quoted
    # (never a name), from answers published on the board.
    shown_actions = (
        actions.filter(on_board=True)
        .exclude(response=Action.Response.CONSIDERING)
        .prefetch_related("contributions")
        .order_by("-decided_on", "-id")[:20]
    )
    shown_actions = list(shown_actions)
    # Quote permission as it stands today (consent may have been withdrawn since the words were
    # recorded): voice decides, for the board and for reports alike.
    allowed = quotable(c.pk for action in shown_actions for c in action.contributions.all())
    for action in shown_actions:
        said = [c for c in action.contributions.all() if c.pk in allowed]
        if said and len(examples) < 3:
            examples.append(
                {
                    "you_said": said[0].text[:200],
                    "we_did": action.we_did[:300],
                    "response": action.get_response_display(),
                }
            )
    return {
        "contributions_received": contributions.count(),
        "actions_total": sum(by_response.values()),
        "actions_by_response": [
            {"key": k, "label": label, "count": by_response.get(k, 0)}
            for k, label in Action.Response.choices
        ],
        "actions_by_change": [
            {"key": k, "label": label, "count": by_change[k]}
            for k, label in Action.ChangeKind.choices
            if by_change.get(k)
        ],
        "loop": loop,
        "feedback_target_days": target_days,
        "examples": examples,
    }


def _loop(*, start, end, target_days, today, project) -> dict | None:
    from withus.voice.selectors import loop_stats

    stats = loop_stats(start=start, end=end, target_days=target_days, today=today, project=project)
    share = stats.share_within_target
    return {
        "received": stats.received,
        "closed": stats.closed,
        "closed_within_target": stats.closed_within_target,
        "due": stats.due,
        "open": stats.open,
        "share_within_target": None if share is None else round(float(share), 1),
    }


# --- outcomes and impact -----------------------------------------------------------------------


def _outcomes(organisation, *, start, end, project, today, threshold) -> dict:
    from withus.voice.models import PersonOutcome

    rows = PersonOutcome.objects.filter(
        person_agreed=True, achieved_on__gte=start, achieved_on__lte=end
    )
    if project is not None:
        rows = rows.filter(project=project)
    counts = dict(
        rows.values_list("kind").annotate(n=Count("participant", distinct=True)).order_by()
    )
    kinds = {k: counts.get(k, 0) for k, _ in PersonOutcome.Kind.choices}
    cells, total = suppress_series(kinds, threshold)
    # Self-ratings: only the kinds that are ratings (other kinds may carry stray numbers). A
    # person counts once per kind, with their latest rating pair in the period. A kind whose
    # count of people is hidden has its rating hidden too: its "People" would give the count
    # away (and with it, through the total, another hidden count).
    latest: dict[tuple[str, int], int] = {}
    for kind, participant, before, after in (
        rows.filter(kind__in=RATED, rating_before__isnull=False, rating_after__isnull=False)
        .order_by("achieved_on", "id")
        .values_list("kind", "participant", "rating_before", "rating_after")
    ):
        latest[(kind, participant)] = after - before
    changes: dict[str, list[int]] = defaultdict(list)
    for (kind, _), change in latest.items():
        changes[kind].append(change)
    rating_rows = []
    for kind in sorted(changes):
        n = len(changes[kind])
        hidden = bool(cells[kind].hidden)
        rating_rows.append(
            {
                "kind": kind,
                "label": PersonOutcome.Kind(kind).label,
                "n": {"value": n, "hidden": "secondary"} if hidden else single(n, threshold),
                "average_change": None
                if hidden or n < threshold
                else round(sum(changes[kind]) / n, 2),
            }
        )
    return {
        "by_kind": [
            {"key": k, "label": label, "people": cell(cells[k])}
            for k, label in PersonOutcome.Kind.choices
        ],
        "total": cell(total),
        "ratings": rating_rows,
    }


def _impact(organisation, *, start, end, project, today, threshold) -> dict:
    from withus.voice.models import ImpactRecord

    rows = ImpactRecord.objects.filter(happened_on__gte=start, happened_on__lte=end)
    if project is not None:
        rows = rows.filter(project=project)
    records = list(
        rows.order_by("happened_on", "id").values(
            "kind", "title", "evidence", "happened_on", "amount"
        )[:50]
    )
    labels = dict(ImpactRecord.Kind.choices)
    by_kind = dict(rows.values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "total": sum(by_kind.values()),
        "by_kind": [
            {"key": k, "label": labels[k], "count": by_kind[k]}
            for k, _ in ImpactRecord.Kind.choices
            if by_kind.get(k)
        ],
        "records": [
            {
                "kind": labels.get(r["kind"], r["kind"]),
                "title": r["title"],
                "evidence": r["evidence"][:300],
                "happened_on": r["happened_on"].isoformat(),
                "amount": _money(r["amount"]) if r["amount"] is not None else None,
            }
            for r in records
        ],
        "funding_total": _money(rows.aggregate(t=Sum("amount"))["t"]),
    }


# --- surveys -----------------------------------------------------------------------------------


def _surveys(organisation, *, start, end, project, today, threshold) -> dict:
    from withus.surveys.models import Survey

    surveys = Survey.objects.filter(kind=Survey.Kind.AFTER, before__isnull=False).filter(
        Q(closes_on__gte=start, closes_on__lte=end)
        | Q(
            closes_on__isnull=True,
            created_at__gte=period_bounds(start, end, organisation.timezone)[0],
            created_at__lt=period_bounds(start, end, organisation.timezone)[1],
        )
    )
    if project is not None:
        surveys = surveys.filter(project=project)
    from withus.surveys.analysis import paired_change

    out = []
    for survey in surveys.order_by("id")[:10]:
        changes = paired_change(survey, threshold=threshold)
        out.append(
            {
                "title": survey.title,
                "questions": [
                    {
                        "question": c.question_text,
                        "n": single(c.n, threshold),
                        "mean_before": None if c.suppressed else _round(c.mean_before),
                        "mean_after": None if c.suppressed else _round(c.mean_after),
                        "mean_change": None if c.suppressed else _round(c.mean_change),
                        "share_improved": None if c.suppressed else _round(c.share_improved),
                        "suppressed": bool(c.suppressed),
                    }
                    for c in changes
                ],
            }
        )
    return {"surveys": out}


def _round(value):
    return None if value is None else round(float(value), 2)


# --- equality ----------------------------------------------------------------------------------


def baseline_year(organisation, year: int) -> int | None:
    years = EqualityBaseline.objects.filter(year__lte=year).values_list("year", flat=True)
    return max(years, default=None)


def equality_figures(organisation, *, start, end, project=None, threshold=None) -> dict:
    threshold = threshold or organisation.small_number_threshold
    involved = involved_invitations(organisation, start, end, project).values("participant_id")
    people = involved_invitations(organisation, start, end, project).aggregate(
        n=Count("participant", distinct=True)
    )["n"]
    year = baseline_year(organisation, start.year)
    baseline: dict[str, dict[str, int]] = defaultdict(dict)
    if year is not None:
        for question, answer, count in EqualityBaseline.objects.filter(year=year).values_list(
            "question", "answer", "count"
        ):
            baseline[question][answer] = count
    records = EqualityRecord.objects.filter(participant_id__in=involved)
    aggregates = {}
    for key, (_, answers) in QUESTIONS.items():
        aggregates.update(
            {f"{key}__{code}": Count("id", filter=Q(**{key: code})) for code, _ in answers}
        )
    counted = records.aggregate(**aggregates) if aggregates else {}
    questions = []
    for key, (text, answers) in QUESTIONS.items():
        inv = {code: counted.get(f"{key}__{code}", 0) for code, _ in answers}
        inv[NOT_ASKED] = max(0, people - sum(inv.values()))
        base = {code: baseline.get(key, {}).get(code, 0) for code, _ in answers}
        inv_cells, inv_total = suppress_series(inv, threshold)
        base_cells, base_total = suppress_series(base, threshold)
        # A share tells the reader its denominator (the people who answered); so shares are only
        # published when every answer in that column is, or a hidden count could be worked out.
        inv_known = _known(inv, inv_cells)
        base_known = _known(base, base_cells)
        rows = []
        for code, label in [*answers, (NOT_ASKED, "Not asked")]:
            i, b = inv_cells[code], base_cells.get(code, Cell(0))
            comparable = code not in NOT_FLAGGED
            i_share = _share(i, inv_known, threshold) if comparable else None
            b_share = _share(b, base_known, threshold) if comparable else None
            flagged = bool(
                comparable
                and i_share is not None
                and b_share is not None
                and b_share > 0
                and i_share < SELDOM_HEARD_RATIO * b_share
            )
            rows.append(
                {
                    "code": code,
                    "label": label,
                    "involved": cell(i),
                    "baseline": cell(b) if code != NOT_ASKED else None,
                    "involved_share": i_share,
                    "baseline_share": b_share,
                    "seldom_heard": flagged,
                    "separate": not comparable,
                }
            )
        questions.append(
            {
                "key": key,
                "question": text,
                "rows": rows,
                "involved_total": cell(inv_total),
                "baseline_total": cell(base_total),
            }
        )
    return {
        "people_involved": single(people, threshold),
        "baseline_year": year,
        "questions": questions,
        "rule": (
            "A group is marked as seldom heard when its share of the people involved (who "
            "answered) is less than 80% of its share of the people we serve, and both numbers "
            "can be published. Shares are not shown where an answer is hidden, because a share "
            "could give the hidden number away."
        ),
    }


def _known(counts: dict[str, int], cells: dict[str, Cell]) -> int | None:
    """People who gave an answer (not "prefer not to say", not "not asked"), or None when one of
    those answers is hidden."""
    answered = [code for code in counts if code not in NOT_FLAGGED]
    if any(cells[code].hidden for code in answered):
        return None
    return sum(counts[code] for code in answered)


def _share(c: Cell, known: int | None, threshold: int) -> float | None:
    if known is None or c.hidden or known < threshold:
        return None
    return round(100 * c.value / known, 1)


def _equality(organisation, *, start, end, project, today, threshold) -> dict:
    return equality_figures(
        organisation, start=start, end=end, project=project, threshold=threshold
    )

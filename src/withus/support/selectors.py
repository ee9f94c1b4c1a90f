"""Reads for training and support. Each query is bounded and joins what its page shows.

Other parts of withus read completions through `completions_for(participant)` (the person's
record, a testimonial or CV) and `staff_trained_count(organisation)` (the adviser's "no staff
trained" signal), which returns (trained, staff_total). Supervision notes are read only through
`supervision_notes_for` and `staff_supervision_notes_for`, which the views call after checking
who may read them and which the caller audits.

Nothing here writes. While an organisation has no courses, `starter_courses()` gives the starter
list as unsaved rows so pages can show it without saving anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from withus.orgs.capabilities import ROLES, Capability
from withus.orgs.models import Membership
from withus.support import rules
from withus.support.models import (
    Audience,
    Completion,
    Course,
    StaffSupervisionNote,
    SupervisionNote,
    SupportArrangement,
    TrainingNeed,
)
from withus.support.starters import COURSES


def _person_filter(*, participant=None, staff=None) -> Q:
    if participant is not None:
        return Q(participant=participant)
    return Q(staff=staff, participant__isnull=True)


def completions_for(participant=None, *, staff=None) -> QuerySet[Completion]:
    """Courses one person completed, newest first, with the course joined."""
    return (
        Completion.objects.filter(_person_filter(participant=participant, staff=staff))
        .select_related("course", "recorded_by")
        .order_by("-completed_on", "-id")
    )


# Roles whose holders work with participants (they manage people). Viewers and finance officers
# do not, so they are not among the staff who need involvement training.
WORKS_WITH_PARTICIPANTS = Capability.MANAGE_PEOPLE


def _roles_working_with_participants() -> list[str]:
    return [key for key, role in ROLES.items() if WORKS_WITH_PARTICIPANTS in role.capabilities]


def staff_trained_count(organisation=None, *, since: dt.date | None = None) -> tuple[int, int]:
    """(trained, staff_total) for the staff who work with participants.

    `staff_total` is how many current members hold a role that works with participants (it can
    manage people: not viewers or finance officers); `trained` is how many of them completed a
    course meant for staff (or for everyone). `since` limits it to courses completed on or after
    that date (training goes out of date). Without `organisation`, the organisation of the
    current scope."""
    members = Membership.objects.filter(role__in=_roles_working_with_participants())
    rows = Completion.objects.filter(
        staff__isnull=False, course__audience__in=[Audience.STAFF, Audience.EVERYONE]
    )
    if organisation is not None:
        members = members.filter(organisation=organisation)
        rows = rows.filter(organisation=organisation)
    rows = rows.filter(staff_id__in=members.values("user_id"))
    if since is not None:
        rows = rows.filter(completed_on__gte=since)
    return rows.values("staff_id").distinct().count(), members.count()


def needs_for(participant=None, *, staff=None) -> QuerySet[TrainingNeed]:
    return (
        TrainingNeed.objects.filter(_person_filter(participant=participant, staff=staff))
        .select_related("asked_by")
        .prefetch_related(Prefetch("courses", queryset=Course.objects.order_by("position")))
    )


def arrangements_for(participant=None, *, staff=None) -> QuerySet[SupportArrangement]:
    return SupportArrangement.objects.filter(
        _person_filter(participant=participant, staff=staff)
    ).order_by("ends_on", "-starts_on", "-id")


def supervision_notes_for(participant) -> QuerySet[SupervisionNote]:
    """Sensitive: call only for someone with the capability, and audit the read."""
    return SupervisionNote.objects.filter(participant=participant).select_related("written_by")


def staff_supervision_notes_for(staff) -> QuerySet[StaffSupervisionNote]:
    """Sensitive: call only for an admin or for the staff member themselves, and audit it."""
    return StaffSupervisionNote.objects.filter(staff=staff).select_related("written_by")


@dataclass
class PersonSupport:
    """What one person's training and support page shows, with the findings about it."""

    needs: list[TrainingNeed]
    completions: QuerySet[Completion]
    current: list[SupportArrangement]
    past: list[SupportArrangement]
    n_notes: int | None = None  # None: the reader may not know about supervision notes
    last_note: dt.date | None = None
    findings: list = field(default_factory=list)


def person_support(
    *, name: str, today: dt.date, participant=None, staff=None, staff_notes: bool = False
) -> PersonSupport:
    """One person's needs, training and support, and the rules' findings (rules.Facts).

    Supervision notes are only counted and dated here, never read. A participant's always are
    (their page needs MANAGE_PEOPLE, as the notes do); a staff member's only when `staff_notes`
    is True: the caller checked the reader may read them (an admin, or the person themselves).
    """
    owner = {"participant": participant, "staff": staff}
    needs = list(needs_for(**owner))
    arrangements = list(arrangements_for(**owner))
    current = [a for a in arrangements if a.is_current(today)]
    support = PersonSupport(
        needs=needs,
        completions=completions_for(**owner),
        current=current,
        past=[a for a in arrangements if not a.is_current(today)],
    )
    notes = None
    if participant is not None:
        notes = SupervisionNote.objects.filter(participant=participant)
    elif staff_notes:
        notes = StaffSupervisionNote.objects.filter(staff=staff)
    latest = None
    if notes is not None:
        support.n_notes = notes.count()
        latest = notes.order_by("-met_on", "-id").values("met_on", "next_on").first()
        support.last_note = latest["met_on"] if latest else None
    open_dates = [n.asked_on for n in needs if n.met_on is None]
    facts = rules.Facts(
        name=name,
        last_asked=max((n.asked_on for n in needs), default=None),
        oldest_open_need=min(open_dates, default=None),
        next_supervision=latest["next_on"] if latest else None,
        ending=tuple((a.get_kind_display(), a.ends_on) for a in current if a.ends_on),
    )
    support.findings = rules.person_findings(facts, today)
    return support


def has_catalogue() -> bool:
    return Course.objects.exists()


def starter_courses() -> list[Course]:
    """The starter catalogue as unsaved rows (no id), for pages shown before it is saved."""
    rows = []
    for i, (key, title, audience, description) in enumerate(COURSES, start=1):
        course = Course(key=key, title=title, audience=audience, description=description)
        course.position, course.n_completed, course.n_asked = i, 0, 0
        rows.append(course)
    return rows


def catalogue() -> QuerySet[Course]:
    """Every course with how many people completed it and how many asked for it."""
    return Course.objects.annotate(
        n_completed=Count("completions", distinct=True),
        n_asked=Count("needs", filter=Q(needs__met_on__isnull=True), distinct=True),
    ).order_by("-active", "position", "title")


def staff_rows(organisation, today: dt.date) -> list[dict]:
    """Each member of staff with their completions, open needs and current support (counts)."""
    memberships = list(Membership.objects.filter(organisation=organisation).select_related("user"))
    ids = [m.user_id for m in memberships]
    completed = dict(
        Completion.objects.filter(staff_id__in=ids)
        .values("staff_id")
        .annotate(n=Count("id"))
        .values_list("staff_id", "n")
    )
    open_needs = dict(
        TrainingNeed.objects.filter(staff_id__in=ids, met_on__isnull=True)
        .values("staff_id")
        .annotate(n=Count("id"))
        .values_list("staff_id", "n")
    )
    support = dict(
        SupportArrangement.objects.filter(staff_id__in=ids, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values("staff_id")
        .annotate(n=Count("id"))
        .values_list("staff_id", "n")
    )
    return [
        {
            "membership": m,
            "user": m.user,
            "completed": completed.get(m.user_id, 0),
            "open_needs": open_needs.get(m.user_id, 0),
            "support": support.get(m.user_id, 0),
        }
        for m in memberships
    ]


def recent_completions(limit: int = 10) -> QuerySet[Completion]:
    return Completion.objects.select_related("course", "participant", "staff").order_by(
        "-completed_on", "-id"
    )[:limit]


def open_needs(limit: int = 10) -> QuerySet[TrainingNeed]:
    return (
        TrainingNeed.objects.filter(met_on__isnull=True)
        .select_related("participant", "staff", "asked_by")
        .order_by("asked_on", "id")[:limit]
    )


def summary(organisation, today: dt.date) -> dict:
    year_ago = today - dt.timedelta(days=365)
    return {
        "people_trained": Completion.objects.filter(
            participant__isnull=False, completed_on__gte=year_ago
        )
        .values("participant_id")
        .distinct()
        .count(),
        "staff_trained": staff_trained_count(organisation),  # (trained, staff_total)
        "open_needs": TrainingNeed.objects.filter(met_on__isnull=True).count(),
        "current_support": SupportArrangement.objects.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .count(),
    }


def subject_access(participant) -> dict:
    """Everything training and support holds about one participant, for their subject access
    export (people.subject_access). Supervision notes are included: they are about the person;
    whoever sends the export checks them for third-party information first."""
    return {
        "training_and_support_needs": [
            {
                "asked_on": need.asked_on,
                "asked_by": str(need.asked_by) if need.asked_by else "",
                "what_they_said": need.said,
                "courses": [course.title for course in need.courses.all()],
                "met_on": need.met_on,
            }
            for need in needs_for(participant).order_by("asked_on", "id")
        ],
        "training_completed": [
            {
                "course": row.course.title,
                "completed_on": row.completed_on,
                "provider": row.provider,
                "certificate": row.certificate,
                "notes": row.notes,
            }
            for row in completions_for(participant).order_by("completed_on", "id")
        ],
        "support": [
            {
                "kind": row.get_kind_display(),
                "given_by": row.given_by,
                "how_often": row.get_how_often_display(),
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
                "notes": row.notes,
            }
            for row in arrangements_for(participant).order_by("starts_on", "id")
        ],
        "supervision_notes": [
            {
                "met_on": note.met_on,
                "role": note.role,
                "note": note.note,
                "next_on": note.next_on,
                "written_by": str(note.written_by) if note.written_by else "",
            }
            for note in supervision_notes_for(participant).order_by("met_on", "id")
        ],
    }

"""Changes to the training catalogue, needs, completions, support and supervision notes.

Every write is keyword-only, checked with full_clean() and audited. Supervision notes are
audited without their words (the trail records that a note was written or changed, not what it
says).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from withus.audit.services import diff_fields, log_action
from withus.support.models import (
    Completion,
    Course,
    StaffSupervisionNote,
    SupervisionNote,
    SupportArrangement,
    TrainingNeed,
)
from withus.support.starters import COURSES

COURSE_FIELDS = ["title", "audience", "description", "active"]
NEED_FIELDS = ["asked_on", "asked_by", "said", "met_on"]
COMPLETION_FIELDS = ["course", "completed_on", "provider", "certificate", "notes"]
ARRANGEMENT_FIELDS = ["kind", "given_by", "how_often", "starts_on", "ends_on", "notes"]
NOTE_FIELDS = ["met_on", "role", "note", "next_on"]
STAFF_NOTE_FIELDS = ["met_on", "role", "went_well", "worries", "training_agreed", "next_on"]


def ensure_catalogue(organisation) -> list[Course]:
    """The organisation's courses, made from the starter list if it has none yet.

    This writes: call it only from a change (a POST, the demo), never while showing a page.
    Pages show `selectors.starter_courses()` instead while the catalogue is empty."""
    courses = list(Course.objects.filter(organisation=organisation))
    if not courses:
        Course.objects.bulk_create(
            [
                Course(
                    organisation=organisation,
                    key=key,
                    title=title,
                    audience=audience,
                    description=description,
                    position=i,
                )
                for i, (key, title, audience, description) in enumerate(COURSES, start=1)
            ],
            ignore_conflicts=True,  # two first visits at once: the second adds nothing
        )
        courses = list(Course.objects.filter(organisation=organisation))
    return courses


@transaction.atomic
def add_starter_catalogue(*, organisation, actor, request=None) -> list[Course]:
    """Save the starter courses as the organisation's catalogue (nothing if it has courses)."""
    had = Course.objects.filter(organisation=organisation).exists()
    courses = ensure_catalogue(organisation)
    if not had:
        _log(
            organisation,
            "support.catalogue_add",
            f"Added the {len(courses)} starter training courses to the catalogue",
            actor,
            request,
            organisation,
        )
    return courses


def _log(organisation, action, summary, actor, request, target, changes=None):
    log_action(
        organisation=organisation,
        actor=actor,
        action=action,
        target=target,
        summary=summary,
        changes=changes,
        request=request,
    )


def _apply(instance, data: dict, fields: list[str]) -> dict:
    before = {f: getattr(instance, f, None) for f in fields}
    for field in fields:
        if field in data:
            setattr(instance, field, data[field])
    instance.full_clean()
    return diff_fields(instance, before, fields)


def _owner(instance, *, participant, staff) -> None:
    if instance.pk is None:
        instance.participant = participant
        instance.staff = staff


@transaction.atomic
def course_save(*, organisation, data: dict, course: Course | None = None, actor, request=None):
    """Add a course to the catalogue or change one."""
    creating = course is None
    if creating:
        ensure_catalogue(organisation)  # the starter courses come first, then this one
        last = Course.objects.filter(organisation=organisation).aggregate(m=Max("position"))["m"]
        course = Course(organisation=organisation, position=(last or 0) + 1)
    changes = _apply(course, data, COURSE_FIELDS)
    # The form checks this too, but the starter courses may only just have been saved above.
    same = Course.objects.filter(organisation=organisation, title__iexact=course.title)
    if same.exclude(pk=course.pk).exists():
        raise ValidationError({"title": "There is already a course with this name."})
    course.save()
    _log(
        organisation,
        "support.course_add" if creating else "support.course_change",
        f"{'Added' if creating else 'Changed'} the course {course.title}",
        actor,
        request,
        course,
        changes,
    )
    return course


@transaction.atomic
def need_save(
    *,
    organisation,
    data: dict,
    courses=(),
    participant=None,
    staff=None,
    need: TrainingNeed | None = None,
    actor,
    request=None,
) -> TrainingNeed:
    """Record what a person said they need when asked, or change the record."""
    creating = need is None
    if creating:
        ensure_catalogue(organisation)
        need = TrainingNeed(organisation=organisation, recorded_by=actor)
        _owner(need, participant=participant, staff=staff)
    changes = _apply(need, data, NEED_FIELDS)
    need.save()
    need.courses.set(courses)
    _log(
        organisation,
        "support.need_add" if creating else "support.need_change",
        f"{'Recorded' if creating else 'Changed'} a training or support need for "
        f"{need.person_name}",
        actor,
        request,
        need,
        changes,
    )
    return need


@transaction.atomic
def completion_save(
    *,
    organisation,
    data: dict,
    participant=None,
    staff=None,
    completion: Completion | None = None,
    actor,
    request=None,
) -> Completion:
    """Record a completed course, or change the record."""
    creating = completion is None
    if creating:
        ensure_catalogue(organisation)
        completion = Completion(organisation=organisation, recorded_by=actor)
        _owner(completion, participant=participant, staff=staff)
    changes = _apply(completion, data, COMPLETION_FIELDS)
    completion.save()
    _log(
        organisation,
        "support.completion_add" if creating else "support.completion_change",
        f"{'Recorded' if creating else 'Changed'} {completion.course.title} completed by "
        f"{completion.person_name}",
        actor,
        request,
        completion,
        changes,
    )
    return completion


@transaction.atomic
def completion_delete(*, completion: Completion, actor, request=None) -> None:
    """Remove a completion recorded by mistake (the audit trail keeps what it was)."""
    _log(
        completion.organisation,
        "support.completion_delete",
        f"Removed {completion.course.title} completed by {completion.person_name} "
        f"on {completion.completed_on.isoformat()}",
        actor,
        request,
        completion,
    )
    completion.delete()


@transaction.atomic
def arrangement_save(
    *,
    organisation,
    data: dict,
    participant=None,
    staff=None,
    arrangement: SupportArrangement | None = None,
    actor,
    request=None,
) -> SupportArrangement:
    """Record a support arrangement (mentor, peer support, supervision), or change or end one."""
    creating = arrangement is None
    if creating:
        arrangement = SupportArrangement(organisation=organisation, recorded_by=actor)
        _owner(arrangement, participant=participant, staff=staff)
    changes = _apply(arrangement, data, ARRANGEMENT_FIELDS)
    arrangement.save()
    _log(
        organisation,
        "support.arrangement_add" if creating else "support.arrangement_change",
        f"{'Recorded' if creating else 'Changed'} {arrangement.get_kind_display().lower()} "
        f"for {arrangement.person_name}",
        actor,
        request,
        arrangement,
        # Like supervision notes, the free-text notes are recorded as changed, never quoted.
        {
            field: ["(not recorded)", "(not recorded)"] if field == "notes" else values
            for field, values in changes.items()
        },
    )
    return arrangement


@transaction.atomic
def note_save(
    *,
    organisation,
    data: dict,
    participant=None,
    note: SupervisionNote | None = None,
    actor,
    request=None,
) -> SupervisionNote:
    """Write a supervision note about a participant's involvement role, or change one.

    The audit trail records which fields changed but never the words of the note."""
    creating = note is None
    if creating:
        note = SupervisionNote(organisation=organisation, participant=participant, written_by=actor)
    changes = _apply(note, data, NOTE_FIELDS)
    note.save()
    _log(
        organisation,
        "support.note_add" if creating else "support.note_change",
        f"{'Wrote' if creating else 'Changed'} a supervision note about "
        f"{note.participant.preferred_name}'s involvement role",
        actor,
        request,
        note,
        {field: ["(not recorded)", "(not recorded)"] for field in changes},
    )
    return note


@transaction.atomic
def staff_note_save(
    *,
    organisation,
    data: dict,
    staff=None,
    note: StaffSupervisionNote | None = None,
    actor,
    request=None,
) -> StaffSupervisionNote:
    """Write a supervision note about a staff member's involvement role, or change one.

    A manager writes it about someone else: nobody writes their own. The audit trail records
    which fields changed but never the words."""
    creating = note is None
    if creating:
        if staff is None or (actor is not None and staff.pk == actor.pk):
            raise ValidationError(
                "A supervision note is written by the person who supervises you, not by you."
            )
        note = StaffSupervisionNote(organisation=organisation, staff=staff, written_by=actor)
    changes = _apply(note, data, STAFF_NOTE_FIELDS)
    written = ("went_well", "worries", "training_agreed")
    if not any((getattr(note, f) or "").strip() for f in written):
        raise ValidationError(
            {"went_well": "Write what went well, any worries, or the training or support agreed."}
        )
    note.save()
    _log(
        organisation,
        "support.staff_note_add" if creating else "support.staff_note_change",
        f"{'Wrote' if creating else 'Changed'} a supervision note about "
        f"{note.staff}'s involvement role",
        actor,
        request,
        note,
        {field: ["(not recorded)", "(not recorded)"] for field in changes},
    )
    return note


@transaction.atomic
def erase_for(*, participant, actor, request=None) -> int:
    """Delete every training and support row about a participant who is being erased
    (people.services.participant_erase calls this). Returns how many rows went."""
    removed = 0
    for model in (TrainingNeed, Completion, SupportArrangement, SupervisionNote):
        removed += (
            model.objects.filter(participant=participant).delete()[1].get(model._meta.label, 0)
        )
    if removed:
        _log(
            participant.organisation,
            "support.erase",
            f"Deleted {removed} training and support record{'s' if removed != 1 else ''}",
            actor,
            request,
            participant,
        )
    return removed

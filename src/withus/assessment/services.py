"""Changes to self-assessments, their ratings, the ladder and the action plan. Each is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.assessment import rules, selectors
from withus.assessment.models import ActionItem, Assessment, ProjectRung, Rating, Statement
from withus.assessment.starters import Level
from withus.audit.services import diff_fields, log_action
from withus.projects.models import LadderRung, Project
from withus.projects.services import ensure_default_ladder

# Projects whose rung is worth looking at in a round.
CURRENT_PROJECT_STATUSES = [Project.Status.PLANNING, Project.Status.ACTIVE, Project.Status.PAUSED]


def ensure_statements(organisation) -> list[Statement]:
    """The organisation's statements, made from the starter list the first time they are needed
    (when a self-assessment is started or a statement added: never on a page view)."""
    statements = list(Statement.objects.filter(organisation=organisation))
    if not statements:
        Statement.objects.bulk_create(selectors.statements_or_starters(organisation))
        statements = list(Statement.objects.filter(organisation=organisation))
    return statements


FINISHED_MESSAGE = (
    "This self-assessment is finished, so its ratings, ladder and project rungs can no longer "
    "be changed. Start a new self-assessment to record where you are now; you can still add "
    "and update its actions."
)


def _refuse_if_finished(assessment: Assessment) -> None:
    """A finished round is a record of where the organisation was: its ratings, ladder choices
    and project rungs stay as they were. (Its action items are tasks and stay editable.)"""
    if assessment.finished:
        raise ValidationError(FINISHED_MESSAGE)


def _log(organisation, action, summary, actor, request, target=None, changes=None):
    log_action(
        organisation=organisation,
        actor=actor,
        action=action,
        target=target,
        summary=summary,
        changes=changes,
        request=request,
    )


@transaction.atomic
def assessment_start(
    *,
    organisation,
    held_on: dt.date,
    title: str = "",
    others: str = "",
    staff_ids: list[int] = (),
    participant_ids: list[int] = (),
    actor,
    request=None,
) -> Assessment:
    """A new round with one unrated line per statement in use and one per current project."""
    statements = [s for s in ensure_statements(organisation) if s.active]
    ensure_default_ladder(organisation)
    assessment = Assessment(
        organisation=organisation,
        held_on=held_on,
        title=title,
        others=others,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    assessment.full_clean()
    assessment.save()
    assessment.staff.set(staff_ids)
    assessment.participants.set(participant_ids)
    Rating.objects.bulk_create(
        [
            Rating(
                organisation=organisation,
                assessment=assessment,
                statement=s,
                piece=s.piece,
                text=s.text,
            )
            for s in statements
        ]
    )
    projects = Project.objects.filter(status__in=CURRENT_PROJECT_STATUSES).select_related("rung")
    ProjectRung.objects.bulk_create(
        [
            ProjectRung(
                organisation=organisation,
                assessment=assessment,
                project=p,
                target_position=p.rung.position if p.rung else None,
                target_name=p.rung.name if p.rung else "",
            )
            for p in projects[:200]
        ]
    )
    _log(
        organisation,
        "assessment.start",
        f"Started the self-assessment of {held_on:%d %B %Y}",
        actor,
        request,
        assessment,
    )
    return assessment


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    held_on: dt.date,
    title: str = "",
    others: str = "",
    staff_ids: list[int] = (),
    participant_ids: list[int] = (),
    actor,
    request=None,
) -> Assessment:
    before = {f: getattr(assessment, f) for f in ("held_on", "title", "others")}
    assessment.held_on, assessment.title, assessment.others = held_on, title, others
    assessment.full_clean()
    assessment.save()
    assessment.staff.set(staff_ids)
    assessment.participants.set(participant_ids)
    _log(
        assessment.organisation,
        "assessment.update",
        "Changed who took part in a self-assessment",
        actor,
        request,
        assessment,
        diff_fields(assessment, before, list(before)),
    )
    return assessment


@transaction.atomic
def ratings_save(
    *, assessment: Assessment, values: dict[int, tuple[int | None, str]], actor, request=None
) -> int:
    """Save levels and evidence, keyed by rating id. Returns how many changed."""
    _refuse_if_finished(assessment)
    ratings = {r.pk: r for r in assessment.ratings.filter(pk__in=list(values))}
    changed = []
    for pk, (level, evidence) in values.items():
        rating = ratings.get(pk)
        if rating is None:
            raise ValidationError("That statement is not part of this self-assessment.")
        if level is not None and level not in Level.values:
            raise ValidationError("Choose one of the levels given.")
        if rating.level != level or rating.evidence != evidence:
            rating.level, rating.evidence = level, evidence
            changed.append(rating)
    Rating.objects.bulk_update(changed, ["level", "evidence"])
    if changed:
        _log(
            assessment.organisation,
            "assessment.rate",
            f"Rated {len(changed)} statement{'s' if len(changed) != 1 else ''}",
            actor,
            request,
            assessment,
        )
    return len(changed)


@transaction.atomic
def ladder_save(
    *,
    assessment: Assessment,
    now_rung: LadderRung | None,
    target_rung: LadderRung | None,
    notes: str = "",
    actor,
    request=None,
) -> Assessment:
    _refuse_if_finished(assessment)
    for rung in (now_rung, target_rung):
        if rung is not None and rung.organisation_id != assessment.organisation_id:
            raise ValidationError("Choose a rung from your own ladder.")
    before = {f: getattr(assessment, f) for f in ("ladder_now_id", "ladder_target_id")}
    assessment.ladder_now = now_rung
    assessment.ladder_target = target_rung
    assessment.ladder_now_position = now_rung.position if now_rung else None
    assessment.ladder_target_position = target_rung.position if target_rung else None
    assessment.ladder_notes = notes
    assessment.save()
    _log(
        assessment.organisation,
        "assessment.ladder",
        "Recorded where the organisation is on the ladder of participation",
        actor,
        request,
        assessment,
        diff_fields(assessment, before, list(before)),
    )
    return assessment


@transaction.atomic
def project_rungs_save(
    *, assessment: Assessment, values: dict[int, LadderRung | None], actor, request=None
) -> int:
    _refuse_if_finished(assessment)
    rows = {r.pk: r for r in assessment.project_rungs.filter(pk__in=list(values))}
    changed = []
    for pk, rung in values.items():
        row = rows.get(pk)
        if row is None:
            raise ValidationError("That project is not part of this self-assessment.")
        if rung is not None and rung.organisation_id != assessment.organisation_id:
            raise ValidationError("Choose a rung from your own ladder.")
        if row.now_rung_id != (rung.pk if rung else None):
            row.now_rung = rung
            row.now_position = rung.position if rung else None
            changed.append(row)
    ProjectRung.objects.bulk_update(changed, ["now_rung", "now_position"])
    if changed:
        _log(
            assessment.organisation,
            "assessment.projects",
            f"Recorded where {len(changed)} project{'s are' if len(changed) != 1 else ' is'} "
            "on the ladder",
            actor,
            request,
            assessment,
        )
    return len(changed)


@transaction.atomic
def assessment_finish(*, assessment: Assessment, actor, request=None) -> Assessment:
    """Finish a round so it counts in the change over time. Raises ValidationError with the
    blocking findings when something is missing."""
    findings = rules.finish_findings(
        unrated=assessment.ratings.filter(level__isnull=True).count(),
        ladder_now=assessment.ladder_now_position,
        ladder_target=assessment.ladder_target_position,
    )
    if findings:
        raise ValidationError([f"{f.message} {f.advice}" for f in findings])
    if not assessment.finished:
        assessment.status = Assessment.Status.FINISHED
        assessment.finished_at = timezone.now()
        assessment.save(update_fields=["status", "finished_at"])
        _log(
            assessment.organisation,
            "assessment.finish",
            f"Finished the self-assessment of {assessment.held_on:%d %B %Y}",
            actor,
            request,
            assessment,
        )
    return assessment


@transaction.atomic
def action_save(*, organisation, item: ActionItem, data: dict, actor, request=None) -> ActionItem:
    """Create or change an item of the action plan."""
    creating = item.pk is None
    before = {} if creating else {f: getattr(item, f) for f in data}
    for field, value in data.items():
        setattr(item, field, value)
    item.organisation = organisation
    for related in ("assessment", "statement", "project", "participant"):
        value = getattr(item, related)
        if value is not None and value.organisation_id != organisation.pk:
            raise ValidationError({related: "Choose one from your own organisation."})
    if item.statement is not None and not item.piece:
        item.piece = item.statement.piece
    item.full_clean()
    item.save()
    _log(
        organisation,
        f"assessment.action.{'add' if creating else 'update'}",
        f"{'Added' if creating else 'Changed'} an action: {item.title}",
        actor,
        request,
        item,
        None if creating else diff_fields(item, before, list(data)),
    )
    return item


@transaction.atomic
def statement_save(*, organisation, statement: Statement, data: dict, actor, request=None):
    creating = statement.pk is None
    if creating:
        ensure_statements(organisation)  # the starter set first, so a new one joins it
    before = {} if creating else {f: getattr(statement, f) for f in data}
    for field, value in data.items():
        setattr(statement, field, value)
    statement.organisation = organisation
    if creating:
        last = Statement.objects.filter(piece=statement.piece).order_by("-position").first()
        statement.position = (last.position + 1) if last else 1
    statement.full_clean()
    statement.save()
    _log(
        organisation,
        f"assessment.statement.{'add' if creating else 'update'}",
        f"{'Added' if creating else 'Changed'} a self-assessment statement",
        actor,
        request,
        statement,
        None if creating else diff_fields(statement, before, list(data)),
    )
    return statement

"""Changes to projects and their parts. Each is audited."""

from __future__ import annotations

from django.db import transaction

from withus.audit.services import diff_fields, log_action
from withus.people.choices import Method
from withus.projects.models import LadderRung, Project, Risk, Task
from withus.projects.starters import COMMON_RISKS, DEFAULT_LADDER, STARTER_TASKS

PROJECT_FIELDS = [
    "name",
    "methods",
    "rung",
    "what",
    "why",
    "who",
    "when",
    "where",
    "how",
    "aims",
    "starts_on",
    "ends_on",
    "lead",
    "partners",
    "status",
]


def ensure_default_ladder(organisation) -> list[LadderRung]:
    """The organisation's ladder, made from the default the first time it is needed."""
    rungs = list(LadderRung.objects.filter(organisation=organisation))
    if not rungs:
        LadderRung.objects.bulk_create(
            [
                LadderRung(
                    organisation=organisation,
                    position=i,
                    name=name,
                    group=group,
                    description=description,
                )
                for i, (name, group, description) in enumerate(DEFAULT_LADDER, start=1)
            ]
        )
        rungs = list(LadderRung.objects.filter(organisation=organisation))
    return rungs


def _log(project, action, summary, actor, request, changes=None):
    log_action(
        organisation=project.organisation,
        actor=actor,
        action=action,
        target=project,
        summary=summary,
        changes=changes,
        request=request,
    )


@transaction.atomic
def project_create(
    *, organisation, data: dict, co_planners=(), starter_tasks: bool, actor, request=None
) -> Project:
    project = Project(organisation=organisation)
    for field, value in data.items():
        setattr(project, field, value)
    project.full_clean()
    project.save()
    project.co_planners.set(co_planners)
    if starter_tasks:
        seen = set()
        tasks = []
        for method in project.methods:
            for title, for_whom, skills in STARTER_TASKS.get(Method(method), []):
                if title not in seen:
                    seen.add(title)
                    tasks.append(
                        Task(
                            organisation=organisation,
                            project=project,
                            title=title,
                            for_whom=for_whom,
                            skills_needed=skills,
                        )
                    )
        Task.objects.bulk_create(tasks)
    _log(project, "project.create", f"Created the project {project.name}", actor, request)
    return project


@transaction.atomic
def project_update(*, project: Project, data: dict, co_planners=None, actor, request=None):
    # Compare stored column values (ids for foreign keys), read before the change.
    columns = [Project._meta.get_field(f).attname for f in PROJECT_FIELDS if f in data]
    before = Project.objects.filter(pk=project.pk).values(*columns).get()
    for field, value in data.items():
        setattr(project, field, value)
    project.full_clean()
    project.save()
    if co_planners is not None:
        project.co_planners.set(co_planners)
    changes = {
        column: [before[column], getattr(project, column)]
        for column in columns
        if before[column] != getattr(project, column)
    }
    if changes:
        _log(
            project,
            "project.update",
            f"Updated the plan for {project.name}",
            actor,
            request,
            changes,
        )
    return project


def item_save(*, project: Project, item, data: dict, actor, request=None):
    """Create or update an outcome, task, budget line or risk of the project."""
    creating = item.pk is None
    before = {} if creating else {f: getattr(item, f) for f in data}
    for field, value in data.items():
        setattr(item, field, value)
    item.organisation = project.organisation
    item.project = project
    item.full_clean()
    item.save()
    kind = item._meta.verbose_name
    _log(
        project,
        f"project.{item._meta.model_name}.{'add' if creating else 'update'}",
        f"{'Added' if creating else 'Changed'} a {kind} on {project.name}",
        actor,
        request,
        None if creating else diff_fields(item, before, list(data)),
    )
    return item


def add_common_risks(*, project: Project, actor, request=None) -> int:
    """Add the guide's common risks that the register does not have yet."""
    have = set(project.risks.values_list("description", flat=True))
    new = [
        Risk(
            organisation=project.organisation,
            project=project,
            description=description,
            likelihood=Risk.Level.MEDIUM,
            impact=Risk.Level.MEDIUM,
            mitigation=mitigation,
        )
        for description, mitigation in COMMON_RISKS
        if description not in have
    ]
    Risk.objects.bulk_create(new)
    if new:
        _log(
            project,
            "project.risk.common",
            f"Added {len(new)} common risks to {project.name}",
            actor,
            request,
        )
    return len(new)


@transaction.atomic
def ladder_save(*, organisation, rungs: list[dict], actor, request=None) -> None:
    current = {r.position: r for r in ensure_default_ladder(organisation)}
    for position, values in enumerate(rungs, start=1):
        rung = current[position]
        for field in ("name", "group", "description"):
            setattr(rung, field, values[field])
        rung.save()
    log_action(
        organisation=organisation,
        actor=actor,
        action="ladder.update",
        summary="Changed the ladder of participation",
        request=request,
    )

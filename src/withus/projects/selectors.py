from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from withus.projects.models import BudgetLine, Outcome, Project, Task
from withus.projects.rules import budget_findings, line_total


def project_list(status: str = "") -> QuerySet[Project]:
    projects = Project.objects.select_related("rung", "lead").annotate(
        task_count=Count("tasks", distinct=True),
        tasks_done=Count("tasks", filter=Q(tasks__status=Task.Status.DONE), distinct=True),
    )
    if status:
        projects = projects.filter(status=status)
    return projects.order_by("-created_at", "-id")


def project_detail(pk: int) -> Project:
    return (
        Project.objects.select_related("rung", "lead")
        .prefetch_related(
            "co_planners",
            "outcomes",
            "risks__owner",
            "tasks__participant",
            "tasks__staff",
            "budget_lines",
        )
        .get(pk=pk)
    )


def outcome_progress(project: Project) -> list[tuple[Outcome, int | None]]:
    """Each outcome with its current value: counted from data where withus can, else recorded."""
    counted = {
        Outcome.Measure.TASKS_DONE: sum(
            1 for t in project.tasks.all() if t.status == Task.Status.DONE
        ),
        Outcome.Measure.CO_PLANNERS: len(project.co_planners.all()),
    }
    if any(o.measure == Outcome.Measure.PEOPLE_RECRUITED for o in project.outcomes.all()):
        from withus.recruitment.models import Candidate, Stage

        counted[Outcome.Measure.PEOPLE_RECRUITED] = (
            Candidate.objects.filter(opportunity__project=project, stage=Stage.ACTIVE)
            .values("participant")
            .distinct()
            .count()
        )
    return [
        (o, o.recorded_value if o.measure == Outcome.Measure.MANUAL else counted.get(o.measure))
        for o in project.outcomes.all()
    ]


def budget_summary(project: Project) -> dict:
    lines = list(project.budget_lines.all())
    rows = [(line, line_total(line.quantity, line.unit_cost)) for line in lines]
    estimate = sum((total for _, total in rows), Decimal("0.00"))
    actual = sum((line.actual for line in lines if line.actual is not None), Decimal("0.00"))
    return {
        "rows": rows,
        "estimate": estimate,
        "actual": actual,
        "findings": budget_findings([(line.category, total) for line, total in rows]),
        "spent": ledger_spend(project, rows),
    }


def ledger_spend(project: Project, rows) -> list[dict]:
    """Payments to participants and their expenses as the payments ledger records them
    (approved and paid lines for the project or its events), next to what was budgeted."""
    from withus.money.selectors import project_spend

    spent = project_spend(project)
    result = []
    for category, label in [
        (BudgetLine.Category.PAYMENTS, "Payments to participants"),
        (BudgetLine.Category.EXPENSES, "Participants' expenses"),
    ]:
        budget = sum((t for line, t in rows if line.category == category), Decimal("0.00"))
        result.append(
            {
                "category": category,
                "label": label,
                "budget": budget,
                "spent": spent[category],
                "left": max(budget - spent[category], Decimal("0.00")),
                "over": max(spent[category] - budget, Decimal("0.00")),
            }
        )
    return result


def budget_lines(project: Project) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(project=project)

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from withus.audit.models import AuditEvent
from withus.checks import Severity
from withus.projects import services
from withus.projects.models import BudgetLine, LadderRung, Outcome, Project, Risk, Task
from withus.projects.rules import budget_findings, line_total
from withus.projects.starters import COMMON_RISKS


def url(name, **kwargs):
    return reverse(f"projects:{name}", kwargs={"org_slug": "org-a", **kwargs})


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def _new_project(alice, **extra):
    data = {
        "name": "Women's forum 2027",
        "methods": ["consultation", "co_production"],
        "what": "How the centre runs its groups",
        "why": "Groups are poorly attended",
        "who": "Women using the centre",
        "status": "planning",
        "starter_tasks": "on",
        **extra,
    }
    response = alice.post(url("add"), data)
    assert response.status_code == 302, response.text[:3000]
    return Project.unscoped.get(name=data["name"])


def test_set_up_from_methods_with_starter_tasks_and_matrix(alice, world):
    project = _new_project(alice)
    titles = list(Task.unscoped.filter(project=project).values_list("title", flat=True))
    assert "Design a poster" in titles and "Book an accessible venue" in titles
    assert "Agree terms of reference and ground rules" in titles
    assert len(titles) == len(set(titles))  # shared starter tasks appear once
    assert project.what == "How the centre runs its groups"
    assert LadderRung.unscoped.filter(organisation=world.org_a).count() == 7
    assert AuditEvent.unscoped.filter(action="project.create").exists()
    page = alice.get(url("detail", pk=project.pk)).text
    assert "Groups are poorly attended" in page and "Design a poster" in page


def test_without_starter_tasks_and_validation(alice):
    bad = alice.post(
        url("add"),
        {"name": "", "starts_on": "2027-05-01", "ends_on": "2027-01-01", "status": "planning"},
    )
    assert "Enter a name for the project" in bad.text
    assert "The end date must be on or after the start date" in bad.text
    assert not Project.unscoped.exists()
    project = _new_project(alice, starter_tasks="")
    assert not Task.unscoped.filter(project=project).exists()


def test_outcomes_counted_from_data_or_by_hand(alice, world):
    project = _new_project(alice)
    with scope(organisation=world.org_a):
        for task in list(project.tasks.all())[:3]:
            task.status = Task.Status.DONE
            task.save()
    alice.post(
        url("outcome_add", pk=project.pk),
        {"description": "Tasks finished", "measure": "tasks_done", "target": "3"},
    )
    alice.post(
        url("outcome_add", pk=project.pk),
        {
            "description": "Women attending regularly",
            "measure": "manual",
            "target": "12",
            "recorded_value": "5",
        },
    )
    bad = alice.post(
        url("outcome_add", pk=project.pk),
        {"description": "X", "measure": "tasks_done", "target": "2", "recorded_value": "9"},
    )
    assert "withus counts this one" in bad.text
    page = alice.get(url("detail", pk=project.pk)).text
    assert "3 of 3" in page and "Met" in page
    assert "5 of 12" in page
    assert Outcome.unscoped.count() == 2


@pytest.mark.parametrize(
    ("lines", "codes"),
    [
        ([], {"budget.no_expenses", "budget.no_payments"}),
        ([("venue", Decimal("100"))], {"budget.no_expenses", "budget.no_payments"}),
        ([("expenses", Decimal("50"))], {"budget.no_payments"}),
        ([("payments", Decimal("120"))], {"budget.no_expenses"}),
        ([("payments", Decimal("120")), ("expenses", Decimal("0"))], {"budget.no_expenses"}),
        ([("payments", Decimal("1")), ("expenses", Decimal("1"))], set()),
    ],
)
def test_budget_findings(lines, codes):
    findings = budget_findings(lines)
    assert {f.code for f in findings} == codes
    assert all(f.severity == Severity.WARNING and f.advice for f in findings)


@pytest.mark.parametrize(
    ("quantity", "unit", "total"),
    [("1", "12.71", "12.71"), ("3", "0.335", "1.01"), ("2.5", "10", "25.00"), ("0", "99", "0.00")],
)
def test_line_total_rounds_to_pennies(quantity, unit, total):
    assert line_total(Decimal(quantity), Decimal(unit)) == Decimal(total)


def test_budget_lines_totals_findings_and_excel(alice, world):
    project = _new_project(alice)
    for data in [
        {"category": "venue", "description": "Room hire", "quantity": "6", "unit_cost": "45.50"},
        {
            "category": "payments",
            "description": '=HYPERLINK("x")',
            "quantity": "24",
            "unit_cost": "25",
            "actual": "100",
        },
    ]:
        assert alice.post(url("budget_add", pk=project.pk), data).status_code == 302
    bad = alice.post(
        url("budget_add", pk=project.pk),
        {"category": "venue", "description": "x", "quantity": "-1", "unit_cost": "1"},
    )
    assert "Enter an amount of zero or more" in bad.text
    page = alice.get(url("detail", pk=project.pk)).text
    assert "£873.00" in page  # 6 × 45.50 + 24 × 25
    assert "no money for participants" in page  # expenses missing
    assert "no money for paying" not in page
    response = alice.get(url("budget_xlsx", pk=project.pk))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[-2][:6] == ["Total", None, None, None, 873.0, 100.0] or any(
        row[0] == "Total" and row[4] == 873.0 for row in values
    )
    assert any(row[1] == '\'=HYPERLINK("x")' for row in values)
    assert all(not (isinstance(c, str) and c.startswith("=")) for row in values for c in row)


def test_viewer_reads_projects_but_cannot_change_or_download(client, world, alice):
    project = _new_project(alice)
    client.force_login(world.bob)
    page = client.get(url("detail", pk=project.pk))
    assert page.status_code == 200
    assert "Add a task" not in page.text
    assert client.get(url("edit", pk=project.pk)).status_code == 403
    assert client.get(url("budget_xlsx", pk=project.pk)).status_code == 403


def test_common_risks_are_added_once(alice):
    project = _new_project(alice)
    alice.post(url("risks_common", pk=project.pk))
    alice.post(url("risks_common", pk=project.pk))
    assert Risk.unscoped.filter(project=project).count() == len(COMMON_RISKS)
    page = alice.get(url("detail", pk=project.pk)).text
    assert "Professional boundaries" in page


def test_editing_the_plan_is_audited_with_changes(alice, world):
    project = _new_project(alice)
    with scopes_disabled():
        rung = LadderRung.objects.get(organisation=world.org_a, position=6)
    response = alice.post(
        url("edit", pk=project.pk),
        {
            "name": project.name,
            "methods": ["co_production"],
            "rung": rung.pk,
            "status": "active",
            "lead": world.alice.pk,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.rung == rung and project.lead == world.alice
    event = AuditEvent.unscoped.get(action="project.update")
    assert event.changes["status"] == ["planning", "active"]


def test_ladder_is_editable_by_admins(client, world):
    client.force_login(world.admin_a)
    page = client.get(url("ladder"))
    assert "Co-producing" in page.text
    data = {}
    with scopes_disabled():
        for rung in LadderRung.objects.filter(organisation=world.org_a):
            data[f"name_{rung.position}"] = rung.name.upper()
            data[f"group_{rung.position}"] = rung.group
            data[f"description_{rung.position}"] = rung.description
    assert client.post(url("ladder"), data).status_code == 302
    with scopes_disabled():
        assert LadderRung.objects.get(organisation=world.org_a, position=7).name == (
            "LED BY PEOPLE WITH LIVED EXPERIENCE"
        )


def test_project_list_query_count_is_bounded(alice, world):
    _new_project(alice)
    with CaptureQueriesContext(connection) as one:
        assert alice.get(url("list")).status_code == 200
    with scope(organisation=world.org_a):
        for i in range(24):
            services.project_create(
                organisation=world.org_a,
                data={"name": f"P{i}", "methods": ["research"]},
                starter_tasks=True,
                actor=world.alice,
            )
    with CaptureQueriesContext(connection) as many:
        page = alice.get(url("list"))
    assert page.text.count('class="govuk-table__row"') == 26
    assert len(many) == len(one)


def test_project_detail_query_count_is_bounded(alice, world):
    project = _new_project(alice)
    with CaptureQueriesContext(connection) as few:
        alice.get(url("detail", pk=project.pk))
    with scope(organisation=world.org_a):
        for i in range(10):
            BudgetLine.objects.create(
                organisation=world.org_a,
                project=project,
                category="venue",
                description=f"L{i}",
                unit_cost=5,
            )
        services.add_common_risks(project=project, actor=world.alice)
    with CaptureQueriesContext(connection) as more:
        alice.get(url("detail", pk=project.pk))
    assert len(more) == len(few)


def test_tasks_and_risks_with_people_assigned(alice, world, people):
    project = _new_project(alice, starter_tasks="")
    response = alice.post(
        url("task_add", pk=project.pk),
        {
            "title": "Facilitate the forum",
            "for_whom": "participant",
            "status": "todo",
            "participant": people["jo"].pk,
            "staff": world.alice.pk,
            "skills_needed": "facilitation",
        },
    )
    assert response.status_code == 302
    task = Task.unscoped.get(project=project)
    assert task.participant == people["jo"] and task.staff == world.alice
    other_org_person = people["bo"]
    bad = alice.post(
        url("task_add", pk=project.pk),
        {
            "title": "X",
            "for_whom": "participant",
            "status": "todo",
            "participant": other_org_person.pk,
        },
    )
    assert bad.status_code == 200 and "There is a problem" in bad.text
    response = alice.post(
        url("risk_add", pk=project.pk),
        {
            "description": "Venue not step-free",
            "likelihood": "2",
            "impact": "3",
            "mitigation": "Check access before booking",
            "owner": world.alice.pk,
        },
    )
    assert response.status_code == 302
    assert Risk.unscoped.get(project=project).owner == world.alice
    assert "Venue not step-free" in alice.get(url("detail", pk=project.pk)).text


def test_task_matching_ranks_people_with_the_skills_and_assigns(alice, world, people):
    project = _new_project(alice, starter_tasks="")
    with scope(organisation=world.org_a):
        task = Task.objects.create(
            organisation=world.org_a,
            project=project,
            title="Design a poster",
            skills_needed="design",
        )
        from withus.people import services as people_services

        people_services.participant_set_involvement(
            participant=people["sam"],
            interests=[],
            skills=["Design"],
            availability=[],
            data={},
            actor=world.alice,
        )
    page = alice.get(url("task_matches", pk=project.pk, item_id=task.pk)).text
    assert page.index("Sam Carter") < page.index("Jo Bloggs")
    assert "design" in page.lower()
    assert "Check with the safeguarding lead" in page  # Jo and Sam: flags, never details
    assert "Never at the same forum" not in page
    response = alice.post(
        url("task_matches", pk=project.pk, item_id=task.pk), {"participant": people["sam"].pk}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.participant == people["sam"]
    other = alice.post(
        url("task_matches", pk=project.pk, item_id=task.pk), {"participant": people["bo"].pk}
    )
    assert other.status_code == 404


def test_task_assignment_rejects_bad_ids(alice, world, people):
    project = _new_project(alice, starter_tasks="")
    with scope(organisation=world.org_a):
        task = Task.objects.create(organisation=world.org_a, project=project, title="T")
    for bad in ["abc", "", "²"]:
        response = alice.post(
            url("task_matches", pk=project.pk, item_id=task.pk), {"participant": bad}
        )
        assert response.status_code == 404

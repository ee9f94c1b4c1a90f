"""Fixes after the second issue 9 review: the version form keeps co-authors who are no longer
offered, person and project pickers say when they are cut and can be narrowed by name, the
strategy's "helped plan, held a role or had a task" count keeps to its period, and the
document page's facts come from a selector."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django_scopes import scope

from withus.events.timing import aware
from withus.people.models import Participant
from withus.policies import data, forms, selectors, services
from withus.policies.models import PolicyDocument
from withus.projects.models import Project, Task
from withus.recruitment.models import Candidate, Opportunity, RoleDescription, Stage, StageChange

K = PolicyDocument.Kind
TODAY = dt.date(2026, 11, 27)  # the period is 28 November 2025 to 27 November 2026


def url(name, **kwargs):
    return reverse(f"policies:{name}", kwargs={"org_slug": "org-a", **kwargs})


def _start(world, kind=K.STRATEGY):
    with scope(organisation=world.org_a):
        return services.document_create(organisation=world.org_a, kind=kind, actor=world.alice)


def _person(world, name, status="active"):
    return Participant.unscoped.create(organisation=world.org_a, preferred_name=name, status=status)


def _edit_post(document, **overrides) -> dict:
    data = {"title": document.title, "change_note": ""}
    data.update(overrides)
    return data


def _checked_co_authors(html: str) -> list[str]:
    return re.findall(r'name="co_authors" value="(\d+)"[^>]*checked', html)


# 1. The version form keeps co-authors who are no longer offered -------------------------------


def test_a_co_author_who_moved_on_stays_checked_and_is_kept_on_the_next_save(world, alice):
    document = _start(world)
    jo = _person(world, "Jo")
    with scope(organisation=world.org_a):
        services.version_save(
            document=document, title="S", texts={}, co_author_ids=[jo.pk], change_note="",
            actor=world.alice,
        )  # fmt: skip
    Participant.unscoped.filter(pk=jo.pk).update(status="exited")
    page = alice.get(url("edit", pk=document.pk)).content.decode()
    assert _checked_co_authors(page) == [str(jo.pk)]
    response = alice.post(url("edit", pk=document.pk), _edit_post(document, co_authors=[jo.pk]))
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        assert list(document.versions.order_by("-number").first().co_authors.all()) == [jo]


def test_a_co_author_past_the_end_of_the_list_is_kept(world, alice, monkeypatch):
    monkeypatch.setattr(forms, "MAX_CHOICES", 2)
    document = _start(world)
    for name in ("Aa", "Ab", "Ac"):
        _person(world, name)
    zed = _person(world, "Zed")
    with scope(organisation=world.org_a):
        services.version_save(
            document=document, title="S", texts={}, co_author_ids=[zed.pk], change_note="",
            actor=world.alice,
        )  # fmt: skip
    page = alice.get(url("edit", pk=document.pk)).content.decode()
    assert _checked_co_authors(page) == [str(zed.pk)]
    response = alice.post(url("edit", pk=document.pk), _edit_post(document, co_authors=[zed.pk]))
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        assert list(document.versions.order_by("-number").first().co_authors.all()) == [zed]


def test_an_erased_co_author_is_not_offered_again(world):
    document = _start(world)
    jo = _person(world, "Jo")
    Participant.unscoped.filter(pk=jo.pk).update(erased_at=aware(TODAY, dt.time(9), "UTC"))
    jo.refresh_from_db()
    with scope(organisation=world.org_a):
        form = forms.VersionForm(document=document, sections=[], co_authors=[jo])
    assert str(jo.pk) not in dict(form.fields["co_authors"].choices)


# 2. Pickers say when they are cut and can be narrowed by name ---------------------------------


def test_the_co_author_list_says_when_it_is_cut_and_can_be_narrowed(world, alice, monkeypatch):
    monkeypatch.setattr(forms, "MAX_CHOICES", 2)
    document = _start(world)
    for name in ("Aa", "Ab", "Ac"):
        _person(world, name)
    zed = _person(world, "Zed")
    page = alice.get(url("edit", pk=document.pk)).content.decode()
    assert "Find a person by name" in page
    assert "shows only the first 2 people" in page
    assert f'value="{zed.pk}"' not in page

    found = alice.get(url("edit", pk=document.pk), {"q": " ze "}).content.decode()
    assert f'name="co_authors" value="{zed.pk}"' in found
    assert 'name="q" type="search" value="ze"' in found
    assert "Aa" not in found.split("Find a person by name")[1]
    response = alice.post(
        url("edit", pk=document.pk) + "?q=ze", _edit_post(document, co_authors=[zed.pk])
    )
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        assert list(document.versions.order_by("-number").first().co_authors.all()) == [zed]


def test_a_short_co_author_list_has_no_filter(world, alice):
    document = _start(world)
    _person(world, "Jo")
    page = alice.get(url("edit", pk=document.pk)).content.decode()
    assert "Find a person by name" not in page


def test_the_welcome_pack_pickers_say_when_cut_and_find_by_name(world, alice, monkeypatch):
    monkeypatch.setattr(forms, "MAX_CHOICES", 2)
    for name in ("Aa", "Ab", "Ac"):
        _person(world, name)
    zed = _person(world, "Zed")
    for name in ("Alpha", "Beta", "Gamma"):
        Project.unscoped.create(organisation=world.org_a, name=name)
    zulu = Project.unscoped.create(organisation=world.org_a, name="Zulu forum")

    page = alice.get(url("welcome"))
    assert page.status_code == 200  # nothing chosen yet: no errors
    text = page.content.decode()
    assert "govuk-error-summary" not in text
    assert "Find a person by name" in text and "Find a project by name" in text
    assert "The list of people shows only the first 2" in text
    assert "The list of projects shows only the first 2" in text
    assert f'value="{zed.pk}"' not in text

    found = alice.get(url("welcome"), {"q": "zed", "project_q": "zulu"})
    assert found.status_code == 200 and "govuk-error-summary" not in found.content.decode()
    text = found.content.decode()
    assert f'<option value="{zed.pk}">Zed</option>' in text
    assert f'<option value="{zulu.pk}">Zulu forum</option>' in text
    assert '<input type="hidden" name="q" value="zed">' in text

    pack = alice.get(url("welcome"), {"q": "zed", "participant": zed.pk, "project": zulu.pk})
    assert pack.status_code == 200
    assert "Welcome to Zulu forum" in pack.content.decode()
    # A person who is not on the list shown is still a valid choice.
    unlisted = alice.get(url("welcome"), {"participant": zed.pk, "project": zulu.pk})
    assert unlisted.status_code == 200


def test_the_welcome_pack_still_refuses_people_who_cannot_be_chosen(world, alice):
    gone = _person(world, "Gone", status="exited")
    project = Project.unscoped.create(organisation=world.org_a, name="Forum")
    response = alice.get(url("welcome"), {"participant": gone.pk, "project": project.pk})
    assert response.status_code == 400


# 3. The review's project count keeps to its period --------------------------------------------


def _project(world, name, status, starts_on=None, ends_on=None):
    return Project.unscoped.create(
        organisation=world.org_a, name=name, status=status, starts_on=starts_on, ends_on=ends_on
    )


def _running_names(world) -> set[str]:
    start, end = data.people_period(TODAY)
    with scope(organisation=world.org_a):
        pks = data.running_projects(world.org_a, start, end)
        return set(Project.objects.filter(pk__in=pks).values_list("name", flat=True))


def test_undated_projects_count_as_running_only_while_planned_or_running(world):
    S = Project.Status
    _project(world, "planning undated", S.PLANNING)
    _project(world, "active undated", S.ACTIVE)
    _project(world, "finished undated", S.FINISHED)
    _project(world, "paused undated", S.PAUSED)
    _project(world, "cancelled undated", S.CANCELLED)
    _project(world, "finished in period", S.FINISHED, dt.date(2025, 1, 1), dt.date(2026, 1, 31))
    _project(world, "finished before", S.FINISHED, dt.date(2024, 1, 1), dt.date(2025, 11, 27))
    _project(world, "finished, started in period", S.FINISHED, dt.date(2026, 3, 1))
    _project(world, "finished, started before", S.FINISHED, dt.date(2025, 3, 1))
    _project(world, "active, ended before", S.ACTIVE, None, dt.date(2025, 1, 1))
    _project(world, "planning, starts after", S.PLANNING, dt.date(2027, 1, 1))
    assert _running_names(world) == {
        "planning undated",
        "active undated",
        "finished in period",
        "finished, started in period",
    }


def test_co_planners_and_tasks_count_only_on_projects_running_in_the_period(world):
    S = Project.Status
    people = [_person(world, f"P{i}") for i in range(4)]
    running = _project(world, "Running", S.ACTIVE)
    old = _project(world, "Old", S.FINISHED)  # undated and finished: not counted
    with scope(organisation=world.org_a):
        running.co_planners.set([people[0]])
        old.co_planners.set([people[1]])
        Task.objects.create(
            organisation=world.org_a, project=running, title="T", participant=people[2]
        )
        Task.objects.create(organisation=world.org_a, project=old, title="T", participant=people[3])
        counts = data.people_involved(world.org_a, today=TODAY)
    assert counts["projects"] == 2


def _candidate(world, opportunity, person, moves):
    """A candidacy whose stage history is `moves` [(stage, date)], its stage the last one."""
    candidate = Candidate.unscoped.create(
        organisation=world.org_a,
        opportunity=opportunity,
        participant=person,
        channel=Candidate._meta.get_field("channel").choices[0][0],
        stage=moves[-1][0],
    )
    previous = ""
    for stage, day in moves:
        StageChange.unscoped.create(
            organisation=world.org_a,
            candidate=candidate,
            from_stage=previous,
            to_stage=stage,
            changed_at=aware(day, dt.time(12), "Europe/London"),
        )
        previous = stage
    return candidate


def test_roles_count_anyone_active_in_the_period_from_the_stage_history(world):
    project = _project(world, "Forum", Project.Status.ACTIVE)
    role = RoleDescription.unscoped.create(organisation=world.org_a, title="Rep", summary="S")
    opportunity = Opportunity.unscoped.create(
        organisation=world.org_a, role=role, project=project, title="Rep"
    )
    A, W, E = Stage.ACTIVE, Stage.WITHDRAWN, Stage.ENQUIRY
    year = dt.date(2026, 1, 1)
    left_in_period = _person(world, "Left in period")
    _candidate(world, opportunity, left_in_period, [(E, year), (A, year), (W, dt.date(2026, 6, 1))])
    still_active = _person(world, "Still active")
    _candidate(
        world, opportunity, still_active, [(E, dt.date(2024, 1, 1)), (A, dt.date(2024, 2, 1))]
    )
    left_before = _person(world, "Left before")
    _candidate(
        world,
        opportunity,
        left_before,
        [(E, dt.date(2024, 1, 1)), (A, dt.date(2024, 2, 1)), (W, dt.date(2025, 11, 27))],
    )
    left_on_first_day = _person(world, "Left on the first day")
    _candidate(
        world,
        opportunity,
        left_on_first_day,
        [(E, dt.date(2024, 1, 1)), (A, dt.date(2024, 2, 1)), (W, dt.date(2025, 11, 28))],
    )
    never_active = _person(world, "Never active")
    _candidate(world, opportunity, never_active, [(E, year), (W, dt.date(2026, 2, 1))])
    start, end = data.people_period(TODAY)
    with scope(organisation=world.org_a):
        found = set(data.active_in_role(world.org_a, start, end, data.running_projects(
            world.org_a, start, end
        )).values_list("candidate__participant", flat=True))  # fmt: skip
        counts = data.people_involved(world.org_a, today=TODAY)
    assert found == {left_in_period.pk, still_active.pk, left_on_first_day.pk}
    assert counts["projects"] == 3


def test_a_role_on_a_project_not_running_in_the_period_is_not_counted(world):
    project = _project(
        world, "Old", Project.Status.FINISHED, dt.date(2023, 1, 1), dt.date(2024, 1, 1)
    )
    role = RoleDescription.unscoped.create(organisation=world.org_a, title="Rep", summary="S")
    opportunity = Opportunity.unscoped.create(
        organisation=world.org_a, role=role, project=project, title="Rep"
    )
    _candidate(world, opportunity, _person(world, "Jo"), [(Stage.ACTIVE, dt.date(2023, 2, 1))])
    with scope(organisation=world.org_a):
        assert data.people_involved(world.org_a, today=TODAY)["projects"] == 0


def test_the_review_line_says_co_planning_and_tasks_are_on_projects_running_then(world):
    with scope(organisation=world.org_a):
        blocks = data.review_blocks(world.org_a, today=TODAY)
    text = "\n".join(str(i) for b in blocks for i in b["items"])
    assert (
        "Held a role between Friday 28 November 2025 and Friday 27 November 2026, or helped plan"
        " or had a task, on projects running in that period: 0"
    ) in text


# 5. One set of block helpers; the document page's facts from a selector -----------------------


def test_document_facts_come_from_the_selector(world):
    document = _start(world)
    jo = _person(world, "Jo")
    with scope(organisation=world.org_a):
        services.version_save(
            document=document, title="S", texts={"background": "Ours."}, co_author_ids=[jo.pk],
            change_note="", actor=world.alice,
        )  # fmt: skip
        document = selectors.document_detail(document.pk)
        facts = selectors.document_facts(list(document.versions.all()), timezone="Europe/London")
    assert facts.latest_is_draft is True
    assert facts.approved_on is None
    assert facts.co_authors == 1
    assert "Background and requirements" not in facts.empty_sections
    assert facts.empty_sections  # the starter leaves other sections with no typed text


def test_policies_keeps_one_set_of_block_helpers():
    from withus.events import pack
    from withus.policies import welcome

    # The welcome pack builds the events pack's blocks, with the events pack's helpers...
    assert welcome._p is pack._p and welcome._ul is pack._ul
    # ...and the saved figures are plain data, with the one set policies keeps for them.
    assert data._p("Hello") == {"kind": "p", "items": ["Hello"]}
    assert data._ul([]) == [] and data._ul(["a"]) == [{"kind": "ul", "items": ["a"]}]


def test_blank_partner_lines_make_no_empty_bullets(world):
    from withus.policies import welcome

    person = _person(world, "Jo")
    project = Project.unscoped.create(
        organisation=world.org_a, name="Forum", partners="Probation\n\n- \nHousing trust"
    )
    with scope(organisation=world.org_a):
        sources = welcome.gather(participant=person, project=project, today=TODAY)
        pack = welcome.welcome_pack(sources)
    about = next(s for s in pack.sections if s.key == "organisation")
    bullets = [b.items for b in about.blocks if b.kind == "ul"]
    assert bullets == [("Probation", "Housing trust")]


def test_a_role_on_a_paused_project_counts_while_the_person_was_active(world):
    """The stage history dates a role; the project need not look "running" by its own dates."""
    paused = _project(world, "Paused", Project.Status.PAUSED, dt.date(2024, 1, 1))
    cancelled = _project(world, "Cancelled", Project.Status.CANCELLED, dt.date(2024, 1, 1))
    role = RoleDescription.unscoped.create(organisation=world.org_a, title="Rep", summary="S")
    for project, name in ((paused, "Jo"), (cancelled, "Sam")):
        opportunity = Opportunity.unscoped.create(
            organisation=world.org_a, role=role, project=project, title="Rep"
        )
        _candidate(world, opportunity, _person(world, name), [(Stage.ACTIVE, dt.date(2024, 2, 1))])
    with scope(organisation=world.org_a):
        assert data.people_involved(world.org_a, today=TODAY)["projects"] == 1

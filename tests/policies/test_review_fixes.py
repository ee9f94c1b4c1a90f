"""Fixes after the issue 9 review: approved versions keep their own title and co-authors, the
strategy's spend matches the money app, its counts of people are distinct, exclude erased people,
state their period and are suppressed, downloads are audited, and the review is bounded."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.money.builders import make_payment
from withus.audit.models import AuditEvent
from withus.events.models import Event, EventInvitation
from withus.events.timing import aware
from withus.money.models import Payment
from withus.money.selectors import spend_by_project
from withus.pages.templatetags.withus_format import pounds
from withus.people import services as people_services
from withus.people.models import Participant
from withus.policies import data, render, services
from withus.policies.models import PolicyDocument, PolicyVersion
from withus.projects.models import BudgetLine, Project

K = PolicyDocument.Kind
TODAY = dt.date(2026, 11, 27)


def url(name, **kwargs):
    return reverse(f"policies:{name}", kwargs={"org_slug": "org-a", **kwargs})


def _start(world, kind=K.STRATEGY):
    with scope(organisation=world.org_a):
        return services.document_create(organisation=world.org_a, kind=kind, actor=world.alice)


def _text(blocks) -> str:
    return "\n".join(str(i) for b in blocks for i in b["items"])


def _person(world, name, **fields):
    return Participant.unscoped.create(
        organisation=world.org_a, preferred_name=name, status="active", **fields
    )


# 1. An approved version keeps its own title and co-authors ------------------------------------


def test_an_approved_version_keeps_its_title_and_co_authors_after_later_saves(world, admin):
    document = _start(world)
    jo, sam = _person(world, "Jo"), _person(world, "Sam")
    with scope(organisation=world.org_a):
        v2 = services.version_save(
            document=document,
            title="Strategy 2027",
            texts={},
            co_author_ids=[jo.pk],
            change_note="",
            actor=world.alice,
        )
        services.version_approve(version=v2, actor=world.admin_a)
        services.version_save(
            document=document,
            title="Strategy 2028",
            texts={},
            co_author_ids=[sam.pk],
            change_note="",
            actor=world.alice,
        )
        # Renaming a person later does not rewrite what an approved version says either.
        Participant.objects.filter(pk=jo.pk).update(preferred_name="Joanne")
        old = PolicyVersion.objects.prefetch_related("co_authors").get(pk=v2.pk)
        doc = render.version_document(old)
    assert doc.title == "Strategy 2027"
    assert doc.filename("pdf") == "strategy-2027-v2.pdf"
    closing = "\n".join(doc.closing.lines)
    assert "Written with Jo," in closing
    assert "Sam" not in closing and "Joanne" not in closing

    page = admin.get(url("version", pk=document.pk, number=2)).content.decode()
    assert '<h1 class="govuk-heading-l">Strategy 2027</h1>' in page
    assert "Strategy 2028" not in page.split("<h2", 1)[0]
    assert 'Written with</dt><dd class="govuk-summary-list__value">Jo</dd>' in page
    latest = admin.get(url("detail", pk=document.pk)).content.decode()
    assert '<h1 class="govuk-heading-l">Strategy 2028</h1>' in latest


def test_an_erased_co_author_is_no_longer_named(world):
    document = _start(world)
    jo, sam = _person(world, "Jo"), _person(world, "Sam")
    with scope(organisation=world.org_a):
        version = services.version_save(
            document=document,
            title="S",
            texts={},
            co_author_ids=[jo.pk, sam.pk],
            change_note="",
            actor=world.alice,
        )
        people_services.participant_erase(participant=jo, actor=world.admin_a)
        version = PolicyVersion.objects.prefetch_related("co_authors").get(pk=version.pk)
        assert version.shown_co_authors == ["Sam"]
        # Erasure takes the stored name out too (a second call finds nothing left to change).
        assert services.erase_co_author(participant=jo) == 0
        assert [e["name"] for e in version.co_author_names] == ["Sam"]


def test_the_backfill_copies_the_title_and_co_authors_onto_existing_versions(world):
    document = _start(world)
    jo = _person(world, "Jo")
    with scope(organisation=world.org_a):
        version = document.versions.get()
        version.co_authors.set([jo])
        PolicyVersion.objects.filter(pk=version.pk).update(title="", co_author_names=[])
    migration = importlib.import_module(
        "withus.policies.migrations.0003_backfill_version_title_and_co_author_names"
    )
    with scopes_disabled():
        migration.backfill(apps, connection.schema_editor())
        version = PolicyVersion.objects.get(pk=version.pk)
    assert version.title == K.STRATEGY.label
    assert version.co_author_names == [{"id": jo.pk, "name": "Jo"}]


# 2. Spend includes money paid for projects later cancelled -----------------------------------


def test_review_spend_matches_the_money_app_including_cancelled_projects(world, people):
    jo = people["jo"]
    with scope(organisation=world.org_a):
        running = Project.objects.create(organisation=world.org_a, name="Forum", status="active")
        dropped = Project.objects.create(
            organisation=world.org_a, name="Dropped", status=Project.Status.CANCELLED
        )
        BudgetLine.objects.create(
            organisation=world.org_a,
            project=running,
            category="payments",
            quantity=2,
            unit_cost=Decimal("50"),
        )
    paid = {"status": Payment.Status.PAID, "paid_on": dt.date(2026, 6, 1)}
    make_payment(world.org_a, jo, project=running, amount=Decimal("40.00"), **paid)
    make_payment(world.org_a, jo, project=dropped, amount=Decimal("25.00"), **paid)
    make_payment(
        world.org_a,
        jo,
        project=dropped,
        kind=Payment.Kind.EXPENSES,
        amount=Decimal("7.50"),
        status=Payment.Status.APPROVED,
    )
    make_payment(world.org_a, jo, amount=Decimal("10.00"), **paid)  # on no project
    make_payment(world.org_a, jo, project=running, amount=Decimal("99.00"))  # a draft: not spent
    with scope(organisation=world.org_a):
        rows, unlinked = spend_by_project(list(Project.objects.all()))
        money_total = sum((r.spent_total for r in rows), Decimal("0")) + unlinked["total"]
        text = _text(data.review_blocks(world.org_a, today=TODAY))
    assert money_total == Decimal("82.50")
    assert f"Total: {pounds(money_total)}" in text
    assert "Payments to people for their time: £75.00" in text
    assert "Expenses paid back: £7.50" in text
    assert "£32.50 was for projects that were later cancelled" in text
    assert "Total budgeted across our projects: £100.00" in text
    assert "1 more was cancelled" in text


# 3. People: distinct, not erased, with a period, suppressed --------------------------------


def _event(world, day: dt.date, **fields) -> Event:
    return Event.unscoped.create(
        organisation=world.org_a,
        title=f"Forum {day}",
        starts_at=aware(day, dt.time(10), world.org_a.timezone),
        ends_at=aware(day, dt.time(12), world.org_a.timezone),
        papers_due_on=day - dt.timedelta(days=3),
        **fields,
    )


def _came(world, event, person, attendance=EventInvitation.Attendance.ATTENDED):
    EventInvitation.unscoped.create(
        organisation=world.org_a, event=event, participant=person, attendance=attendance
    )


def test_people_counts_are_distinct_exclude_erased_and_state_their_period(world):
    people = [_person(world, f"P{i}") for i in range(7)]
    events = [_event(world, TODAY - dt.timedelta(days=d)) for d in (3, 40, 100)]
    for event in events:  # six people at three events each: 18 attendances, 6 people
        for person in people[:6]:
            _came(world, event, person)
    _came(world, events[0], people[6], EventInvitation.Attendance.NO_SHOW)  # did not come
    old = _event(world, TODAY - dt.timedelta(days=400))  # before the 12 months
    _came(world, old, people[6])
    cancelled = _event(world, TODAY - dt.timedelta(days=5), status=Event.Status.CANCELLED)
    _came(world, cancelled, people[6])
    with scope(organisation=world.org_a):
        project = Project.objects.create(organisation=world.org_a, name="Forum", status="active")
        project.co_planners.set(people[:6])
        gone = Project.objects.create(
            organisation=world.org_a, name="Gone", status=Project.Status.CANCELLED
        )
        gone.co_planners.set([people[6]])
        people_services.participant_erase(participant=people[5], actor=world.admin_a)
        counts = data.people_involved(world.org_a, today=TODAY)
        text = _text(data.review_blocks(world.org_a, today=TODAY))
    assert counts == {"active": 6, "attended": 5, "projects": 5}
    period = "between Friday 28 November 2025 and Friday 27 November 2026"
    assert f"Came to at least one meeting or event {period}: 5" in text
    assert (
        f"Held a role {period}, or helped plan or had a task, on projects running in that period: 5"
    ) in text
    assert "taking part with us on Friday 27 November 2026: 6" in text
    assert "We count people, not visits" in text


def test_small_people_counts_are_suppressed_and_zero_is_shown(world):
    people = [_person(world, f"P{i}") for i in range(3)]
    event = _event(world, TODAY - dt.timedelta(days=3))
    for person in people:
        _came(world, event, person)
    with scope(organisation=world.org_a):
        text = _text(data.review_blocks(world.org_a, today=TODAY))
    assert "Came to at least one meeting or event between" in text
    assert ": fewer than 5" in text and ": 3" not in text
    assert "on projects running in that period: 0" in text
    assert 'shown as "fewer than 5"' in text


# 4. Downloads are audited ------------------------------------------------------------------


def test_policy_and_welcome_pack_downloads_are_audited(alice, world):
    document = _start(world)
    person = _person(world, "Jo")
    project = Project.unscoped.create(organisation=world.org_a, name="Forum")
    response = alice.get(
        url("version_download", pk=document.pk, number=1, fmt="standard", ext="docx")
    )
    assert response.status_code == 200
    response = alice.get(
        url(
            "welcome_download",
            project_id=project.pk,
            participant_id=person.pk,
            fmt="easy-read",
            ext="docx",
        )
    )
    assert response.status_code == 200
    with scopes_disabled():
        events = {e.action: e for e in AuditEvent.objects.filter(organisation=world.org_a)}
    policy = events["policy.download"]
    assert policy.actor == world.alice and policy.object_type == "policies.PolicyVersion"
    assert "version 1" in policy.summary and "DOCX" in policy.summary
    pack = events["welcome_pack.download"]
    assert pack.actor == world.alice and pack.object_id == str(person.pk)
    assert "Forum" in pack.summary and "easy read" in pack.summary


# 5. The review is bounded ------------------------------------------------------------------


def _projects(world, n: int) -> None:
    with scope(organisation=world.org_a):
        for i in range(n):
            project = Project.objects.create(
                organisation=world.org_a,
                name=f"Project {i:02}",
                status="active",
                methods=["consultation"],
                starts_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            )
            BudgetLine.objects.create(
                organisation=world.org_a,
                project=project,
                category="payments",
                quantity=1,
                unit_cost=Decimal("10"),
            )


def _review_queries(world) -> int:
    with scope(organisation=world.org_a), CaptureQueriesContext(connection) as queries:
        data.review_blocks(world.org_a, today=TODAY)
    return len(queries)


@pytest.mark.django_db
def test_review_query_count_does_not_grow_with_projects(world):
    _projects(world, 1)
    one = _review_queries(world)
    _projects(world, 19)
    assert _review_queries(world) == one


def test_review_names_the_latest_projects_and_counts_the_rest(world, monkeypatch):
    monkeypatch.setattr(data, "REVIEW_PROJECTS", 3)
    _projects(world, 5)
    with scope(organisation=world.org_a):
        text = _text(data.review_blocks(world.org_a, today=TODAY))
    assert "Project 04 (running)" in text and "Project 02 (running)" in text
    assert "Project 01 (running)" not in text
    assert "and 2 more" in text
    assert "We have 5 involvement projects on record (5 running)." in text
    assert "Giving views (surveys, focus groups): 5" in text
    assert "Total budgeted across our projects: £50.00" in text

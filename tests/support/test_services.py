"""Training and support services and selectors: the catalogue, records, audit, the counts other
parts of withus read."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_scopes import scope

from tests.support.builders import DAY, completion, course, person
from withus.audit.models import AuditEvent
from withus.support import selectors, services
from withus.support.models import Course, SupervisionNote, TrainingNeed
from withus.support.starters import COURSES

pytestmark = pytest.mark.django_db


def test_catalogue_is_seeded_once_per_organisation(world):
    with scope(organisation=world.org_a):
        first = services.ensure_catalogue(world.org_a)
        again = services.ensure_catalogue(world.org_a)
    assert len(first) == len(again) == len(COURSES) == 12
    titles = {c.title for c in first}
    for expected in ("Facilitation skills", "Media skills", "Involvement awareness for staff"):
        assert expected in titles
    assert sum(c.audience == "staff" for c in first) == 2
    with scope(organisation=world.org_b):
        assert Course.objects.count() == 0
        services.ensure_catalogue(world.org_b)
        assert Course.objects.count() == 12


def test_catalogue_is_not_reseeded_after_changes(world):
    with scope(organisation=world.org_a):
        services.ensure_catalogue(world.org_a)
        media = Course.objects.get(key="media")
        services.course_save(
            organisation=world.org_a,
            data={"title": "Talking to the press", "active": False},
            course=media,
            actor=world.alice,
        )
        services.ensure_catalogue(world.org_a)
        assert Course.objects.count() == 12
        assert not Course.objects.filter(title="Media skills").exists()
    event = AuditEvent.unscoped.get(action="support.course_change")
    assert event.changes["title"] == ["Media skills", "Talking to the press"]


def test_new_course_goes_last_and_duplicate_title_is_refused(world):
    with scope(organisation=world.org_a):
        services.ensure_catalogue(world.org_a)
        added = services.course_save(
            organisation=world.org_a,
            data={"title": "First aid", "audience": "everyone", "description": "Basics."},
            actor=world.alice,
        )
        assert added.position == 13
        with pytest.raises(ValidationError):
            services.course_save(
                organisation=world.org_a,
                data={"title": "First aid", "audience": "everyone", "description": "Again."},
                actor=world.alice,
            )


def test_need_records_who_asked_when_and_what_they_said(world):
    with scope(organisation=world.org_a):
        dee = person(world.org_a)
        it = course(world.org_a, "IT skills")
        need = services.need_save(
            organisation=world.org_a,
            data={"asked_on": DAY, "asked_by": world.alice, "said": "Help with email"},
            courses=[it],
            participant=dee,
            actor=world.alice,
        )
        assert need.participant == dee and need.staff is None
        assert list(need.courses.all()) == [it]
        assert need.recorded_by == world.alice
    assert AuditEvent.unscoped.filter(action="support.need_add").count() == 1


def test_a_record_is_about_exactly_one_person(world):
    with scope(organisation=world.org_a):
        dee = person(world.org_a)
        with pytest.raises(ValidationError):
            services.need_save(
                organisation=world.org_a,
                data={"asked_on": DAY, "said": "x"},
                actor=world.alice,
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            TrainingNeed.unscoped.create(
                organisation=world.org_a,
                participant=dee,
                staff=world.alice,
                asked_on=DAY,
                said="both",
            )


def test_supervision_note_audit_never_holds_its_words(world):
    with scope(organisation=world.org_a):
        dee = person(world.org_a)
        note = services.note_save(
            organisation=world.org_a,
            data={"met_on": DAY, "note": "Finds the papers hard to read"},
            participant=dee,
            actor=world.alice,
        )
        services.note_save(
            organisation=world.org_a,
            data={"note": "Papers now sent as a summary first"},
            note=note,
            actor=world.alice,
        )
        assert SupervisionNote.objects.get().written_by == world.alice
    for event in AuditEvent.unscoped.filter(action__startswith="support.note"):
        text = str(event.changes) + event.summary + event.object_label
        assert "papers" not in text.lower()


def test_completions_for_a_person_newest_first(world):
    with scope(organisation=world.org_a):
        dee, eve = person(world.org_a, "Dee"), person(world.org_a, "Eve")
        old = completion(world.org_a, participant=dee, completed_on=dt.date(2025, 1, 1))
        new = completion(world.org_a, participant=dee, title="IT skills")
        completion(world.org_a, participant=eve)
        assert list(selectors.completions_for(dee)) == [new, old]
        assert list(selectors.completions_for(staff=world.alice)) == []


def test_staff_trained_count(world):
    """(trained, staff_total), counting only staff who work with participants: admins,
    coordinators and safeguarding leads in org A (3), not the viewer or the finance officer."""
    with scope(organisation=world.org_a):
        assert selectors.staff_trained_count(world.org_a) == (0, 3)
        awareness = course(world.org_a, "Involvement awareness", "staff")
        anyone = course(world.org_a, "Safeguarding basics", "everyone")
        peers = course(world.org_a, "Media skills", "participants")
        completion(world.org_a, staff=world.alice, course=awareness)
        completion(world.org_a, staff=world.alice, course=anyone)  # same person: counted once
        completion(
            world.org_a, staff=world.safeguarding_a, course=anyone, completed_on=dt.date(2020, 1, 1)
        )
        completion(world.org_a, staff=world.admin_a, course=peers)  # not a staff course
        completion(world.org_a, participant=person(world.org_a), course=awareness)
        # Viewers and finance officers do not work with participants: not counted either way.
        completion(world.org_a, staff=world.bob, course=awareness)
        completion(world.org_a, staff=world.finance_a, course=awareness)
        # Someone who has since left the organisation does not count.
        completion(world.org_a, staff=world.charlie, course=awareness)
        assert selectors.staff_trained_count(world.org_a) == (2, 3)
        assert selectors.staff_trained_count(world.org_a, since=dt.date(2025, 1, 1)) == (1, 3)
        assert selectors.staff_trained_count() == (2, 3)  # the organisation in scope
    with scope(organisation=world.org_b):
        assert selectors.staff_trained_count(world.org_b) == (0, 2)
        assert selectors.staff_trained_count() == (0, 2)


def test_adviser_reads_trained_and_total_from_support(world):
    from withus.adviser.selectors import staff_training

    with scope(organisation=world.org_a):
        completion(world.org_a, staff=world.bob, course=course(world.org_a, "Aware", "staff"))
        assert staff_training(world.org_a) == (0, 3)  # the viewer's training does not count
        completion(world.org_a, staff=world.alice, course=course(world.org_a, "Aware", "staff"))
        assert staff_training(world.org_a) == (1, 3)


def test_completion_delete_is_audited(world):
    with scope(organisation=world.org_a):
        row = completion(world.org_a, participant=person(world.org_a))
        services.completion_delete(completion=row, actor=world.alice)
        assert not selectors.completions_for(row.participant).exists()
    assert (
        "Facilitation skills" in AuditEvent.unscoped.get(action="support.completion_delete").summary
    )


def test_subject_access_and_erasure(world):
    from tests.support.builders import arrangement, note

    with scope(organisation=world.org_a):
        dee, eve = person(world.org_a, "Dee"), person(world.org_a, "Eve")
        services.need_save(
            organisation=world.org_a,
            data={"asked_on": DAY, "asked_by": world.alice, "said": "Help with email"},
            courses=[course(world.org_a, "IT skills")],
            participant=dee,
            actor=world.alice,
        )
        completion(world.org_a, participant=dee, certificate=True)
        arrangement(world.org_a, participant=dee)
        note(world.org_a, dee, "Doing well")
        completion(world.org_a, participant=eve)
        data = selectors.subject_access(dee)
        assert data["training_and_support_needs"][0]["courses"] == ["IT skills"]
        assert data["training_completed"][0]["certificate"] is True
        assert data["support"][0]["kind"] == "Mentoring"
        assert data["supervision_notes"][0]["note"] == "Doing well"
        assert services.erase_for(participant=dee, actor=world.alice) == 4
        assert selectors.subject_access(dee) == {
            "training_and_support_needs": [],
            "training_completed": [],
            "support": [],
            "supervision_notes": [],
        }
        assert selectors.completions_for(eve).count() == 1
    assert AuditEvent.unscoped.filter(action="support.erase").count() == 1


def test_support_arrangement_audit_never_holds_its_notes(world):
    with scope(organisation=world.org_a):
        arrangement = services.arrangement_save(
            organisation=world.org_a,
            data={
                "kind": "mentor",
                "given_by": "Kim",
                "starts_on": DAY,
                "notes": "Struggles with the commute",
            },
            staff=world.bob,
            actor=world.admin_a,
        )
        services.arrangement_save(
            organisation=world.org_a,
            data={"notes": "Commute now paid for", "given_by": "Sam"},
            arrangement=arrangement,
            actor=world.admin_a,
        )
    events = list(AuditEvent.unscoped.filter(action__startswith="support.arrangement"))
    assert len(events) == 2
    for event in events:
        assert "commute" not in (str(event.changes) + event.summary).lower()
    assert {e.changes.get("given_by", [None, None])[1] for e in events} >= {"Sam"}

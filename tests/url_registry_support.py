"""URL registry entries for training and support (merged into tests/url_registry.py)."""

from __future__ import annotations

import datetime as dt

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE
ADMIN = Capability.ADMIN  # staff supervision notes (the staff member also reads their own)
READ = (Capability.MANAGE_PEOPLE, Capability.VIEW_REPORTS)
DAY = dt.date(2026, 3, 3)


def _participant(world):
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Trainee"
    )
    return person


def _course(world):
    from withus.support.models import Course

    course, _ = Course.unscoped.get_or_create(
        organisation=world.org_a,
        title="Walker course",
        defaults={"description": "For the walker."},
    )
    return course


def person_kw(world) -> dict:
    return {"pk": _participant(world).pk}


def staff_kw(world) -> dict:
    return {"user_id": world.alice.pk}


def _course_kw(world) -> dict:
    return {"pk": _course(world).pk}


def _need_kw(world) -> dict:
    from withus.support.models import TrainingNeed

    need, _ = TrainingNeed.unscoped.get_or_create(
        organisation=world.org_a,
        participant=_participant(world),
        defaults={"asked_on": DAY, "said": "Help with IT"},
    )
    return {"pk": need.pk}


def _completion_kw(world) -> dict:
    from withus.support.models import Completion

    row, _ = Completion.unscoped.get_or_create(
        organisation=world.org_a,
        participant=_participant(world),
        course=_course(world),
        defaults={"completed_on": DAY, "provider": "Walker trainers"},
    )
    return {"pk": row.pk}


def _arrangement_kw(world) -> dict:
    from withus.support.models import SupportArrangement

    row, _ = SupportArrangement.unscoped.get_or_create(
        organisation=world.org_a,
        staff=world.alice,
        defaults={"kind": "mentor", "given_by": "Sam", "starts_on": DAY},
    )
    return {"pk": row.pk}


def _note_kw(world) -> dict:
    from withus.support.models import SupervisionNote

    row, _ = SupervisionNote.unscoped.get_or_create(
        organisation=world.org_a,
        participant=_participant(world),
        defaults={"met_on": DAY, "note": "Going well."},
    )
    return {"pk": row.pk}


def _supervised_kw(world) -> dict:
    # Not alice: the walker's "member without the capability" is alice, and she may read notes
    # about herself, so the notes here are about someone else.
    return {"user_id": world.safeguarding_a.pk}


def _staff_note_kw(world) -> dict:
    from withus.support.models import StaffSupervisionNote

    row, _ = StaffSupervisionNote.unscoped.get_or_create(
        organisation=world.org_a,
        staff=world.safeguarding_a,
        defaults={"met_on": DAY, "went_well": "Ran the forum well.", "written_by": world.admin_a},
    )
    return {"pk": row.pk}


URLS: dict[str, OrgUrl] = {
    "support:home": OrgUrl(READ),
    "support:courses": OrgUrl(READ),
    "support:course_add": OrgUrl(PEOPLE),
    "support:catalogue_add_starters": OrgUrl(PEOPLE, None, "post", 302),
    "support:course_edit": OrgUrl(PEOPLE, _course_kw),
    "support:person": OrgUrl(PEOPLE, person_kw),
    "support:person_need_add": OrgUrl(PEOPLE, person_kw),
    "support:person_completion_add": OrgUrl(PEOPLE, person_kw),
    "support:person_arrangement_add": OrgUrl(PEOPLE, person_kw),
    "support:notes": OrgUrl(PEOPLE, person_kw),
    "support:note_add": OrgUrl(PEOPLE, person_kw),
    "support:staff": OrgUrl(PEOPLE),
    "support:staff_person": OrgUrl(PEOPLE, staff_kw),
    "support:staff_need_add": OrgUrl(PEOPLE, staff_kw),
    "support:staff_completion_add": OrgUrl(PEOPLE, staff_kw),
    "support:staff_arrangement_add": OrgUrl(PEOPLE, staff_kw),
    "support:staff_notes": OrgUrl(ADMIN, _supervised_kw),
    "support:staff_note_add": OrgUrl(ADMIN, _supervised_kw),
    "support:staff_note_edit": OrgUrl(ADMIN, _staff_note_kw),
    "support:need_edit": OrgUrl(PEOPLE, _need_kw),
    "support:completion_edit": OrgUrl(PEOPLE, _completion_kw),
    "support:completion_delete": OrgUrl(PEOPLE, _completion_kw, "post", 302),
    "support:arrangement_edit": OrgUrl(PEOPLE, _arrangement_kw),
    "support:note_edit": OrgUrl(PEOPLE, _note_kw),
}

"""Training and support pages: saving, bad input on the form (never a 500), who sees what,
audited reads of supervision notes, other organisations' rows, and bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.support.builders import DAY, arrangement, completion, course, note, person
from withus.audit.models import AuditEvent
from withus.support.models import (
    Completion,
    Course,
    SupervisionNote,
    SupportArrangement,
    TrainingNeed,
)

pytestmark = pytest.mark.django_db
HUGE = str(2**70)


def url(world, name, org=None, **kwargs):
    org = org or world.org_a
    return reverse(f"support:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture(autouse=True)
def _unscoped_reads():
    with scopes_disabled():
        yield


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def _seed(alice, world):
    """Save the starter catalogue the way a coordinator does: the button on the courses page."""
    response = alice.post(url(world, "catalogue_add_starters"))
    assert response.status_code == 302


def test_home_shows_guidance_and_the_starter_catalogue_can_be_added(alice, world):
    page = alice.get(url(world, "home")).content.decode()
    assert "Clinks (2016)" in page
    courses = alice.get(url(world, "courses")).content.decode()
    assert "Confidence and assertiveness" in courses and "Group facilitation for staff" in courses
    assert "Add the starter courses" in courses
    _seed(alice, world)
    assert Course.unscoped.filter(organisation=world.org_a).count() == 12
    assert "Add the starter courses" not in alice.get(url(world, "courses")).content.decode()


def test_viewer_sees_counts_but_no_names(client, world):
    dee = person(world.org_a, "Dee Unique")
    completion(world.org_a, participant=dee)
    client.force_login(world.bob)
    page = client.get(url(world, "home")).content.decode()
    assert "Dee Unique" not in page
    assert client.get(url(world, "courses")).status_code == 200
    assert client.get(url(world, "person", pk=dee.pk)).status_code == 403
    assert client.get(url(world, "notes", pk=dee.pk)).status_code == 403


def test_record_a_need_with_courses(alice, world):
    dee = person(world.org_a)
    _seed(alice, world)
    it = Course.unscoped.get(organisation=world.org_a, key="it")
    staff_only = Course.unscoped.get(organisation=world.org_a, key="involvement-awareness")
    form = alice.get(url(world, "person_need_add", pk=dee.pk)).content.decode()
    assert "IT skills" in form and "Involvement awareness for staff" not in form
    response = alice.post(
        url(world, "person_need_add", pk=dee.pk),
        {
            "asked_on": "2026-03-03",
            "asked_by": world.alice.pk,
            "said": "Help reading emails on my phone",
            "courses": [it.pk],
        },
    )
    assert response.status_code == 302
    need = TrainingNeed.unscoped.get()
    assert (need.participant, need.asked_by, need.asked_on) == (dee, world.alice, DAY)
    assert list(need.courses.all()) == [it]
    page = alice.get(url(world, "person", pk=dee.pk)).content.decode()
    assert "Help reading emails on my phone" in page and "Open" in page
    # A staff-only course cannot be chosen for a participant.
    response = alice.post(
        url(world, "need_edit", pk=need.pk),
        {
            "asked_on": "2026-03-03",
            "asked_by": world.alice.pk,
            "said": "x",
            "courses": [staff_only.pk],
        },
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"asked_on": "2026-13-45", "asked_by": "1", "said": "x"},
        {"asked_on": "1999-12-31", "asked_by": "1", "said": "x"},
        {"asked_on": "2026-03-03", "asked_by": HUGE, "said": "x"},
        {"asked_on": "2026-03-03", "asked_by": "abc", "said": "   "},
        {"asked_on": "2026-03-03", "asked_by": "1", "said": "x", "courses": [HUGE, "x"]},
        {"asked_on": "2026-03-03", "said": "x", "met_on": "2026-01-01"},
    ],
)
def test_bad_need_input_is_shown_on_the_form(alice, world, data):
    dee = person(world.org_a)
    response = alice.post(url(world, "person_need_add", pk=dee.pk), data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not TrainingNeed.unscoped.exists()


def test_asked_by_must_be_staff_of_this_organisation(alice, world):
    dee = person(world.org_a)
    data = {"asked_on": "2026-03-03", "asked_by": world.charlie.pk, "said": "x"}
    response = alice.post(url(world, "person_need_add", pk=dee.pk), data)
    assert "govuk-error-summary" in response.content.decode()


def test_record_change_and_remove_a_completion(alice, world):
    dee = person(world.org_a)
    _seed(alice, world)
    media = Course.unscoped.get(organisation=world.org_a, key="media")
    data = {"course": media.pk, "completed_on": "2026-03-03", "provider": "Media trainer"}
    assert alice.post(url(world, "person_completion_add", pk=dee.pk), data).status_code == 302
    row = Completion.unscoped.get()
    assert (row.participant, row.course, row.certificate) == (dee, media, False)
    data["certificate"] = "on"
    assert alice.post(url(world, "completion_edit", pk=row.pk), data).status_code == 302
    row.refresh_from_db()
    assert row.certificate
    page = alice.get(url(world, "person", pk=dee.pk)).content.decode()
    assert "Media skills" in page and "Media trainer" in page
    response = alice.post(url(world, "completion_delete", pk=row.pk))
    assert response.status_code == 302
    assert response.url == url(world, "person", pk=dee.pk)
    assert not Completion.unscoped.exists()
    assert alice.get(url(world, "completion_delete", pk=1)).status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"course": HUGE, "completed_on": "2026-03-03", "provider": "x"},
        {"course": "-1", "completed_on": "2026-03-03", "provider": "x"},
        {"course": "COURSE", "completed_on": "2099-01-01", "provider": "x"},
        {"course": "COURSE", "completed_on": "2026-03-03", "provider": "  "},
    ],
)
def test_bad_completion_input_is_shown_on_the_form(alice, world, data):
    dee = person(world.org_a)
    mine = course(world.org_a)
    data = {k: (str(mine.pk) if v == "COURSE" else v) for k, v in data.items()}
    response = alice.post(url(world, "person_completion_add", pk=dee.pk), data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Completion.unscoped.exists()


def test_another_organisations_course_cannot_be_chosen(alice, world):
    dee = person(world.org_a)
    theirs = course(world.org_b)
    data = {"course": theirs.pk, "completed_on": "2026-03-03", "provider": "x"}
    response = alice.post(url(world, "person_completion_add", pk=dee.pk), data)
    assert "govuk-error-summary" in response.content.decode()


def test_support_arrangement_current_and_ended(alice, world):
    dee = person(world.org_a)
    data = {
        "kind": "peer",
        "given_by": "Jo",
        "how_often": "weekly",
        "starts_on": "2026-01-05",
    }
    assert alice.post(url(world, "person_arrangement_add", pk=dee.pk), data).status_code == 302
    row = SupportArrangement.unscoped.get()
    page = alice.get(url(world, "person", pk=dee.pk)).content.decode()
    assert "Peer support or buddy" in page and "Jo, every week" in page
    data["ends_on"] = "2026-01-01"
    response = alice.post(url(world, "arrangement_edit", pk=row.pk), data)
    assert "The end date must be on or after the start date" in response.content.decode()
    data["ends_on"] = "2026-02-01"
    assert alice.post(url(world, "arrangement_edit", pk=row.pk), data).status_code == 302
    page = alice.get(url(world, "person", pk=dee.pk)).content.decode()
    assert "No support running now" in page and "Support that has ended" in page


def test_staff_member_training_and_support(alice, world):
    _seed(alice, world)
    awareness = Course.unscoped.get(organisation=world.org_a, key="involvement-awareness")
    data = {"course": awareness.pk, "completed_on": "2026-03-03", "provider": "Clinks"}
    response = alice.post(url(world, "staff_completion_add", user_id=world.safeguarding_a.pk), data)
    assert response.status_code == 302
    assert Completion.unscoped.get().staff == world.safeguarding_a
    listing = alice.get(url(world, "staff")).content.decode()
    expected = "1 of the 3 members of staff who work with participants has had involvement training"
    assert expected in listing
    page = alice.get(url(world, "staff_person", user_id=world.safeguarding_a.pk)).content.decode()
    assert "Involvement awareness for staff" in page and "Supervision notes" not in page
    # Someone who is not on this organisation's staff has no page here.
    assert alice.get(url(world, "staff_person", user_id=world.charlie.pk)).status_code == 404
    assert alice.get(url(world, "staff_need_add", user_id=world.charlie.pk)).status_code == 404


def test_supervision_notes_are_audited_when_read(alice, world):
    dee = person(world.org_a)
    data = {"met_on": "2026-03-03", "role": "Forum member", "note": "Spoke up twice."}
    response = alice.post(url(world, "note_add", pk=dee.pk), data)
    assert response.status_code == 302 and response.url == url(world, "notes", pk=dee.pk)
    assert SupervisionNote.unscoped.get().written_by == world.alice
    person_page = alice.get(url(world, "person", pk=dee.pk)).content.decode()
    assert "1 note" in person_page and "Spoke up twice" not in person_page
    assert not AuditEvent.unscoped.filter(action="sensitive.read").exists()
    page = alice.get(url(world, "notes", pk=dee.pk)).content.decode()
    assert "Spoke up twice" in page
    read = AuditEvent.unscoped.get(action="sensitive.read")
    assert read.actor == world.alice and read.object_id == str(dee.pk)


def test_supervision_notes_hidden_from_finance_and_viewers(client, world):
    dee = person(world.org_a)
    row = note(world.org_a, dee)
    for user in (world.bob, world.finance_a):
        client.force_login(user)
        assert client.get(url(world, "notes", pk=dee.pk)).status_code == 403
        assert client.get(url(world, "note_edit", pk=row.pk)).status_code == 403


def test_other_organisations_rows_are_404(alice, world):
    theirs = person(world.org_b)
    row = completion(world.org_b, participant=theirs)
    their_note = note(world.org_b, theirs)
    assert alice.get(url(world, "person", pk=theirs.pk)).status_code == 404
    assert alice.get(url(world, "completion_edit", pk=row.pk)).status_code == 404
    assert alice.post(url(world, "completion_delete", pk=row.pk)).status_code == 404
    assert alice.get(url(world, "note_edit", pk=their_note.pk)).status_code == 404
    assert Completion.unscoped.filter(pk=row.pk).exists()


def test_erased_participant_has_no_page(alice, world):
    from django.utils import timezone

    dee = person(world.org_a)
    dee.erased_at = timezone.now()
    dee.save()
    assert alice.get(url(world, "person", pk=dee.pk)).status_code == 404


def test_course_form_refuses_a_duplicate_name(alice, world):
    alice.get(url(world, "courses"))
    data = {"title": "media  SKILLS", "audience": "participants", "description": "Again"}
    response = alice.post(url(world, "course_add"), data)
    assert "There is already a course with this name" in response.content.decode()
    data["title"] = "First aid"
    assert alice.post(url(world, "course_add"), data).status_code == 302
    assert Course.unscoped.filter(organisation=world.org_a).count() == 13


def _fill(world, n):
    awareness = course(world.org_a, "Awareness", "staff")
    for i in range(n):
        dee = person(world.org_a, f"Person {i}")
        completion(world.org_a, participant=dee, title=f"Course {i % 3}")
        arrangement(world.org_a, participant=dee)
        TrainingNeed.unscoped.create(
            organisation=world.org_a, participant=dee, asked_on=DAY, said="x", asked_by=world.alice
        )
    for user in world.staff_of_a():
        completion(world.org_a, staff=user, course=awareness)


def _fill_person(world, dee, n):
    for i in range(n):
        completion(world.org_a, participant=dee, title=f"Course {i}")
        arrangement(world.org_a, participant=dee, ends_on=dt.date(2026, 3, 1) if i % 2 else None)
        need = TrainingNeed.unscoped.create(
            organisation=world.org_a, participant=dee, asked_on=DAY, said="x", asked_by=world.alice
        )
        need.courses.set([course(world.org_a, f"Course {i}")])
        note(world.org_a, dee)


@pytest.mark.parametrize("name", ["home", "courses", "staff"])
def test_list_query_counts_do_not_grow_with_rows(alice, world, name):
    _fill(world, 1)
    alice.get(url(world, name))
    with CaptureQueriesContext(connection) as one:
        assert alice.get(url(world, name)).status_code == 200
    _fill(world, 20)
    with CaptureQueriesContext(connection) as many:
        assert alice.get(url(world, name)).status_code == 200
    assert len(one) == len(many)


@pytest.mark.parametrize("name", ["person", "notes"])
def test_person_query_counts_do_not_grow_with_rows(alice, world, name):
    dee = person(world.org_a)
    _fill_person(world, dee, 1)
    with CaptureQueriesContext(connection) as one:
        assert alice.get(url(world, name, pk=dee.pk)).status_code == 200
    _fill_person(world, dee, 20)
    with CaptureQueriesContext(connection) as many:
        assert alice.get(url(world, name, pk=dee.pk)).status_code == 200
    assert len(one) == len(many)


def test_person_page_shows_findings(alice, world):
    dee = person(world.org_a)
    page = alice.get(url(world, "person", pk=dee.pk)).content.decode()
    assert "Nobody has asked Dee what training or support would help yet." in page
    SupervisionNote.unscoped.create(
        organisation=world.org_a,
        participant=dee,
        met_on=dt.date(2025, 1, 6),
        next_on=dt.date(2025, 3, 3),
        note="Fine",
    )
    TrainingNeed.unscoped.create(
        organisation=world.org_a, participant=dee, asked_on=dt.date(2025, 1, 6), said="IT"
    )
    page = alice.get(url(world, "person", pk=dee.pk)).content.decode()
    assert "Supervision with Dee was due on Monday 3 March 2025." in page
    assert "A need Dee told you about on Monday 6 January 2025 is still open." in page
    assert "Nobody has asked" not in page


def test_a_need_asked_by_someone_who_left_can_still_be_changed(alice, world):
    from withus.orgs.models import Membership

    dee = person(world.org_a)
    need = TrainingNeed.unscoped.create(
        organisation=world.org_a, participant=dee, asked_on=DAY, said="IT", asked_by=world.bob
    )
    Membership.of_user.filter(user=world.bob).delete()
    data = {"asked_on": "2026-03-03", "asked_by": world.bob.pk, "said": "IT and email"}
    assert alice.post(url(world, "need_edit", pk=need.pk), data).status_code == 302
    need.refresh_from_db()
    assert need.said == "IT and email" and need.asked_by == world.bob
    # But nobody outside the staff can be chosen for a new one.
    response = alice.post(url(world, "person_need_add", pk=dee.pk), data)
    assert "govuk-error-summary" in response.content.decode()

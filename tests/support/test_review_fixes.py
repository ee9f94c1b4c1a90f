"""Issue 9 review fixes for training and support: huge ids are a 404, staff supervision notes
(who may read and write them), showing a page never writes, and the staff-trained figure."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.factories import away_from_server_date
from tests.support.builders import DAY, arrangement, completion, note, person
from withus.audit.models import AuditEvent
from withus.support import selectors, services
from withus.support.models import Course, StaffSupervisionNote, TrainingNeed

pytestmark = pytest.mark.django_db
HUGE = 99999999999999999999  # beyond a signed 64-bit integer


def url(world, name, org=None, **kwargs):
    org = org or world.org_a
    return reverse(f"support:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture(autouse=True)
def _unscoped_reads():
    with scopes_disabled():
        yield


def staff_note(world, staff=None, **kw):
    return StaffSupervisionNote.unscoped.create(
        organisation=kw.pop("org", world.org_a),
        staff=staff or world.alice,
        met_on=DAY,
        went_well=kw.pop("went_well", "Ran the forum well."),
        written_by=kw.pop("written_by", world.admin_a),
        **kw,
    )


# --- 1. huge ids ---------------------------------------------------------------------------------

ID_URLS = [
    ("course_edit", "pk"),
    ("person", "pk"),
    ("person_need_add", "pk"),
    ("person_completion_add", "pk"),
    ("person_arrangement_add", "pk"),
    ("notes", "pk"),
    ("note_add", "pk"),
    ("staff_person", "user_id"),
    ("staff_need_add", "user_id"),
    ("staff_completion_add", "user_id"),
    ("staff_arrangement_add", "user_id"),
    ("staff_notes", "user_id"),
    ("staff_note_add", "user_id"),
    ("staff_note_edit", "pk"),
    ("need_edit", "pk"),
    ("completion_edit", "pk"),
    ("arrangement_edit", "pk"),
    ("note_edit", "pk"),
]


@pytest.mark.parametrize(("name", "kwarg"), ID_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_id_too_big_for_the_database_is_a_404(client, world, name, kwarg, method):
    client.force_login(world.admin_a)  # holds every capability: nothing stops it before the id
    response = getattr(client, method)(url(world, name, **{kwarg: HUGE}))
    assert response.status_code == 404


def test_deleting_a_completion_with_a_huge_id_is_a_404(client, world):
    client.force_login(world.admin_a)
    assert client.post(url(world, "completion_delete", pk=HUGE)).status_code == 404


@pytest.mark.parametrize(("field", "value"), [("asked_by", str(HUGE)), ("courses", [str(HUGE)])])
def test_a_huge_id_in_a_form_is_a_form_error(client, world, field, value):
    dee = person(world.org_a)
    client.force_login(world.alice)
    data = {"asked_on": "2026-03-03", "asked_by": world.alice.pk, "said": "IT help"}
    response = client.post(url(world, "person_need_add", pk=dee.pk), {**data, field: value})
    assert response.status_code == 200
    assert "Choose a member of staff" in response.content.decode() or field == "courses"
    assert not TrainingNeed.unscoped.exists()


def test_a_huge_course_id_on_a_completion_is_a_form_error(client, world):
    dee = person(world.org_a)
    client.force_login(world.alice)
    response = client.post(
        url(world, "person_completion_add", pk=dee.pk),
        {"course": str(HUGE), "completed_on": "2026-03-03", "provider": "Us"},
    )
    assert response.status_code == 200
    assert "Choose a course from the list" in response.content.decode()


# --- 2. staff supervision notes ------------------------------------------------------------------

NOTE = {
    "met_on": "2026-03-03",
    "role": "Forum facilitator",
    "went_well": "The forum set its own agenda.",
    "worries": "Feedback to members is slow.",
    "training_agreed": "Group facilitation for staff.",
}


def test_an_admin_writes_a_staff_supervision_note_and_it_is_audited(client, world):
    client.force_login(world.admin_a)
    form = client.get(url(world, "staff_note_add", user_id=world.alice.pk))
    assert form.status_code == 200
    response = client.post(url(world, "staff_note_add", user_id=world.alice.pk), NOTE)
    assert response.status_code == 302
    row = StaffSupervisionNote.unscoped.get()
    assert (row.staff, row.written_by) == (world.alice, world.admin_a)
    assert row.organisation == world.org_a
    assert row.training_agreed == "Group facilitation for staff."
    event = AuditEvent.unscoped.get(action="support.staff_note_add")
    assert "slow" not in str(event.changes) + event.summary  # never the words
    client.post(url(world, "staff_note_edit", pk=row.pk), {**NOTE, "worries": "None now."})
    assert AuditEvent.unscoped.filter(action="support.staff_note_change").count() == 1
    # The staff support page says there are notes and links to them.
    page = client.get(url(world, "staff_person", user_id=world.alice.pk)).content.decode()
    assert "Supervision notes on their involvement role" in page
    assert url(world, "staff_notes", user_id=world.alice.pk) in page


def test_a_note_needs_something_written(client, world):
    client.force_login(world.admin_a)
    empty = {**NOTE, "went_well": " ", "worries": "", "training_agreed": ""}
    response = client.post(url(world, "staff_note_add", user_id=world.alice.pk), empty)
    assert response.status_code == 200
    assert "Write what went well" in response.content.decode()
    assert not StaffSupervisionNote.unscoped.exists()


def test_the_staff_member_reads_their_own_notes_and_the_read_is_audited(client, world):
    staff_note(world, world.alice, worries="Workload")
    client.force_login(world.alice)
    page = client.get(url(world, "staff_notes", user_id=world.alice.pk))
    assert page.status_code == 200
    assert "Ran the forum well." in page.content.decode()
    assert AuditEvent.unscoped.filter(action="sensitive.read", actor=world.alice).exists()
    # …and finds them from the overview, even as a viewer with no staff pages.
    staff_note(world, world.bob)
    client.force_login(world.bob)
    home = client.get(url(world, "home")).content.decode()
    assert url(world, "staff_notes", user_id=world.bob.pk) in home
    assert client.get(url(world, "staff_notes", user_id=world.bob.pk)).status_code == 200


def test_the_staff_member_cannot_change_or_write_their_own_notes(client, world):
    row = staff_note(world, world.alice)
    client.force_login(world.alice)
    assert client.get(url(world, "staff_note_edit", pk=row.pk)).status_code == 403
    own = client.post(url(world, "staff_note_add", user_id=world.alice.pk), NOTE)
    assert own.status_code == 403
    # An admin does not write their own either.
    client.force_login(world.admin_a)
    own = client.post(url(world, "staff_note_add", user_id=world.admin_a.pk), NOTE)
    assert own.status_code == 403
    with scope(organisation=world.org_a), pytest.raises(Exception, match="not by you"):
        services.staff_note_save(
            organisation=world.org_a, data=NOTE, staff=world.admin_a, actor=world.admin_a
        )


@pytest.mark.parametrize("reader", ["safeguarding_a", "bob", "finance_a"])
def test_other_staff_without_admin_cannot_read_someone_elses_notes(client, world, reader):
    """The safeguarding lead manages people like a coordinator does: that is not enough."""
    row = staff_note(world, world.alice, went_well="Private words")
    client.force_login(getattr(world, reader))
    assert client.get(url(world, "staff_notes", user_id=world.alice.pk)).status_code == 403
    assert client.get(url(world, "staff_note_edit", pk=row.pk)).status_code == 403
    if reader == "safeguarding_a":  # may open alice's support page, but sees no notes there
        page = client.get(url(world, "staff_person", user_id=world.alice.pk)).content.decode()
        assert "Private words" not in page
        assert url(world, "staff_notes", user_id=world.alice.pk) not in page
    assert not AuditEvent.unscoped.filter(action="sensitive.read").exists()


def test_a_coordinator_cannot_read_another_coordinators_notes(client, world):
    from tests.factories import member

    with scopes_disabled():
        dan = member(world.org_a, "coordinator", "dan@a.example")
    staff_note(world, dan, went_well="Dan's private words")
    client.force_login(world.alice)
    assert client.get(url(world, "staff_notes", user_id=dan.pk)).status_code == 403
    page = client.get(url(world, "staff_person", user_id=dan.pk)).content.decode()
    assert "private words" not in page
    client.force_login(world.admin_a)  # the capability chosen: ADMIN
    assert (
        "Dan&#x27;s private words"
        in client.get(url(world, "staff_notes", user_id=dan.pk)).content.decode()
    )


def test_another_organisations_staff_notes_are_404(client, world):
    theirs = staff_note(world, world.charlie, org=world.org_b, written_by=world.admin_b)
    client.force_login(world.admin_a)
    assert client.get(url(world, "staff_notes", user_id=world.charlie.pk)).status_code == 404
    assert client.get(url(world, "staff_note_edit", pk=theirs.pk)).status_code == 404
    add = client.post(url(world, "staff_note_add", user_id=world.charlie.pk), NOTE)
    assert add.status_code == 404
    # charlie's own notes, asked for under org A where charlie is not a member: 404 too
    client.force_login(world.charlie)
    assert client.get(url(world, "staff_notes", user_id=world.charlie.pk)).status_code == 404


# --- 3. showing a page never writes --------------------------------------------------------------


def _rows():
    support_events = AuditEvent.unscoped.filter(action__startswith="support")
    return [Course.unscoped.count(), support_events.count()]


def test_viewing_pages_before_the_catalogue_exists_writes_nothing(client, world):
    dee = person(world.org_a)
    client.force_login(world.alice)
    before = _rows()
    assert before[0] == 0
    for name, kwargs in [
        ("home", {}),
        ("courses", {}),
        ("staff", {}),
        ("person", {"pk": dee.pk}),
        ("person_need_add", {"pk": dee.pk}),
        ("person_completion_add", {"pk": dee.pk}),
        ("staff_need_add", {"user_id": world.alice.pk}),
        ("staff_completion_add", {"user_id": world.alice.pk}),
        ("course_add", {}),
    ]:
        page = client.get(url(world, name, **kwargs))
        assert page.status_code == 200, name
    assert _rows() == before
    # The courses page shows the starter list unsaved, with a button to add it.
    courses = client.get(url(world, "courses")).content.decode()
    assert "Involvement awareness for staff" in courses and "Add the starter courses" in courses
    form = client.get(url(world, "person_completion_add", pk=dee.pk)).content.decode()
    assert "Add the starter courses" in form
    # A viewer sees the starter list but no button.
    client.force_login(world.bob)
    viewer = client.get(url(world, "courses")).content.decode()
    assert "Media skills" in viewer and "Add the starter courses" not in viewer
    assert _rows() == before


def test_the_button_adds_the_starters_once_and_goes_back(client, world):
    dee = person(world.org_a)
    client.force_login(world.alice)
    back = url(world, "person_completion_add", pk=dee.pk)
    response = client.post(url(world, "catalogue_add_starters"), {"next": back})
    assert response.status_code == 302 and response.url == back
    assert Course.unscoped.filter(organisation=world.org_a).count() == 12
    assert AuditEvent.unscoped.filter(action="support.catalogue_add").count() == 1
    again = client.post(url(world, "catalogue_add_starters"), {"next": "https://evil.example/"})
    assert again.url == url(world, "courses")
    assert Course.unscoped.count() == 12
    assert AuditEvent.unscoped.filter(action="support.catalogue_add").count() == 1
    assert client.get(url(world, "catalogue_add_starters")).status_code == 405


def test_the_first_change_brings_in_the_starters(client, world):
    """Adding your own course first keeps the starter courses too (they come first)."""
    client.force_login(world.alice)
    response = client.post(
        url(world, "course_add"),
        {"title": "First aid", "audience": "everyone", "description": "Basics.", "active": "on"},
    )
    assert response.status_code == 302
    titles = list(Course.unscoped.order_by("position").values_list("title", flat=True))
    assert len(titles) == 13 and titles[-1] == "First aid"


def test_pages_read_the_saved_catalogue_once_it_exists(client, world):
    with scope(organisation=world.org_a):
        services.ensure_catalogue(world.org_a)
    dee = person(world.org_a)
    completion(world.org_a, participant=dee)
    arrangement(world.org_a, participant=dee)
    note(world.org_a, dee)
    client.force_login(world.alice)
    before = _rows()
    page = client.get(url(world, "courses")).content.decode()
    assert "Add the starter courses" not in page
    assert client.get(url(world, "person", pk=dee.pk)).status_code == 200
    assert _rows() == before


# --- 4. staff trained ----------------------------------------------------------------------------


def test_staff_pages_count_only_staff_who_work_with_participants(client, world):
    awareness = Course.unscoped.create(
        organisation=world.org_a, title="Aware", audience="staff", description="x"
    )
    completion(world.org_a, staff=world.alice, course=awareness)
    completion(world.org_a, staff=world.bob, course=awareness)  # a viewer: not counted
    with scope(organisation=world.org_a):
        assert selectors.staff_trained_count(world.org_a) == (1, 3)
    client.force_login(world.alice)
    staff = client.get(url(world, "staff")).content.decode()
    assert "1 of the 3 members of staff who work with participants" in staff
    home = client.get(url(world, "home")).content.decode()
    assert "1 of 3 who work with participants" in home


# --- second review: notes on a staff member's support, and "today" -------------------------------

PRIVATE = "Struggling after the hard forum: talk again in March."


def test_notes_on_a_staff_members_support_are_for_admins_and_themselves(client, world):
    theirs = arrangement(world.org_a, staff=world.admin_a, kind="supervision", notes=PRIVATE)
    own = arrangement(world.org_a, staff=world.alice, kind="mentor", notes=PRIVATE + " (Alice)")
    participant = person(world.org_a)
    arrangement(world.org_a, participant=participant, notes="Peer mentor twice a month.")
    # A coordinator (MANAGE_PEOPLE, not ADMIN) sees the support but not its notes...
    client.force_login(world.alice)
    page = client.get(url(world, "staff_person", user_id=world.admin_a.pk)).content.decode()
    assert "Supervision" in page and PRIVATE not in page
    # ...nor on its change form, and saving it there leaves the notes as they were.
    edit = url(world, "arrangement_edit", pk=theirs.pk)
    page = client.get(edit).content.decode()
    assert PRIVATE not in page and "Only admins and the staff member see the notes" in page
    response = client.post(
        edit,
        {
            "kind": "supervision",
            "given_by": "Sam",
            "how_often": "monthly",
            "starts_on": DAY.isoformat(),
            "ends_on": "",
            "notes": "overwritten",
        },
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.notes == PRIVATE
    # Their own support's notes, and a participant's, they do see.
    page = client.get(url(world, "staff_person", user_id=world.alice.pk)).content.decode()
    assert PRIVATE + " (Alice)" in page
    page = client.get(url(world, "person", pk=participant.pk)).content.decode()
    assert "Peer mentor twice a month." in page
    # An admin sees the notes on anyone's support, on the page and the change form.
    client.force_login(world.admin_a)
    page = client.get(url(world, "staff_person", user_id=world.alice.pk)).content.decode()
    assert PRIVATE + " (Alice)" in page
    page = client.get(url(world, "arrangement_edit", pk=own.pk)).content.decode()
    assert PRIVATE + " (Alice)" in page


def test_person_support_selector_counts_staff_notes_only_when_allowed(world):
    staff_note(world, staff=world.alice)
    hidden = selectors.person_support(name="Alice", today=DAY, staff=world.alice)
    assert hidden.n_notes is None and hidden.last_note is None
    shown = selectors.person_support(name="Alice", today=DAY, staff=world.alice, staff_notes=True)
    assert shown.n_notes == 1 and shown.last_note == DAY
    assert any("Alice" in f.message for f in shown.findings)


def test_forms_start_on_and_accept_the_organisations_today(client, world):
    from withus.messaging.reminders import local_today

    away_from_server_date(world.org_a)
    today = local_today(world.org_a)
    participant = person(world.org_a)
    client.force_login(world.alice)
    need_url = url(world, "person_need_add", pk=participant.pk)
    assert f'value="{today.isoformat()}"' in client.get(need_url).content.decode()
    response = client.post(
        need_url, {"asked_on": today.isoformat(), "asked_by": world.alice.pk, "said": "IT help"}
    )
    assert response.status_code == 302
    assert TrainingNeed.objects.get(participant=participant).asked_on == today


def test_support_forms_check_dates_against_the_today_they_are_given(world):
    from withus.support.forms import NeedForm

    ahead = DAY.replace(year=DAY.year + 4)  # a "today" far from the server's
    data = {"asked_on": ahead.isoformat(), "asked_by": world.alice.pk, "said": "IT help"}
    with scope(organisation=world.org_a):
        form = NeedForm(data, organisation=world.org_a, audience="participants", today=ahead)
        assert form.is_valid(), form.errors
        later = {**data, "asked_on": (ahead + dt.timedelta(days=1)).isoformat()}
        form = NeedForm(later, organisation=world.org_a, audience="participants", today=ahead)
        assert not form.is_valid() and "today or in the past" in str(form.errors)

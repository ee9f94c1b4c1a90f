"""Events as coordinators use them: plan, agenda, papers, invite (with checks), replies and the
waiting list, attendance, cancel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.events.builders import add_agenda, invite, make_event, make_venue
from withus.audit.models import AuditEvent
from withus.events import services
from withus.events.models import Event, EventDocument, EventInvitation
from withus.events.timing import aware, default_papers_due
from withus.people import services as people_services

R = EventInvitation.Reply
LONDON = "Europe/London"


def url(name, org, **kwargs):
    return reverse(f"events:{name}", kwargs={"org_slug": org.slug, **kwargs})


# --- time zones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "clock", "utc"),
    [
        (dt.date(2026, 3, 28), dt.time(18, 0), dt.datetime(2026, 3, 28, 18, 0, tzinfo=dt.UTC)),
        # Clocks go forward on Sunday 29 March 2026: 6pm is now 17:00 UTC.
        (dt.date(2026, 3, 29), dt.time(18, 0), dt.datetime(2026, 3, 29, 17, 0, tzinfo=dt.UTC)),
        # 1:30am does not exist that day; it is read as the time after the change (2:30 BST).
        (dt.date(2026, 3, 29), dt.time(1, 30), dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)),
        # Clocks go back on Sunday 25 October 2026: 1:30am happens twice; the first is BST.
        (dt.date(2026, 10, 25), dt.time(1, 30), dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)),
        (dt.date(2026, 10, 25), dt.time(18, 0), dt.datetime(2026, 10, 25, 18, 0, tzinfo=dt.UTC)),
    ],
)
def test_local_times_are_right_across_clock_changes(day, clock, utc):
    assert aware(day, clock, LONDON) == utc


def test_papers_due_counts_back_from_the_local_date():
    # 00:30 BST on 1 April is still 31 March in UTC; the due date counts from the local date.
    starts = aware(dt.date(2026, 4, 1), dt.time(0, 30), LONDON)
    assert default_papers_due(starts, lead_days=14, tz_name=LONDON) == dt.date(2026, 3, 18)


# --- planning --------------------------------------------------------------------------------


def test_coordinator_plans_an_event_in_local_time(client, world):
    client.force_login(world.alice)
    with scope(organisation=world.org_a):
        venue = make_venue(world.org_a, step_free=True)
    response = client.post(
        url("add", world.org_a),
        {
            "title": "Summer forum",
            "kind": "forum",
            "day": "2026-07-14",
            "start_time": "18:00",
            "end_time": "20:00",
            "venue": venue.pk,
            "capacity": "12",
            "contact": world.alice.pk,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        event = Event.unscoped.get(title="Summer forum")
    assert event.organisation == world.org_a
    assert event.starts_at == dt.datetime(2026, 7, 14, 17, 0, tzinfo=dt.UTC)  # 6pm BST
    assert event.papers_due_on == dt.date(2026, 6, 30)  # the organisation's 14 days
    assert event.contact == world.alice
    assert response.url == url("agenda", world.org_a, pk=event.pk)


def test_an_end_before_the_start_is_explained_not_saved(client, world):
    client.force_login(world.alice)
    response = client.post(
        url("add", world.org_a),
        {
            "title": "Back to front",
            "kind": "forum",
            "day": "2026-07-14",
            "start_time": "18:00",
            "end_time": "17:00",
        },
    )
    assert response.status_code == 200
    assert "The end time must be after the start time." in response.content.decode()
    with scopes_disabled():
        assert not Event.unscoped.filter(title="Back to front").exists()


def test_a_venue_from_another_organisation_cannot_be_chosen(client, world):
    with scopes_disabled():
        theirs = make_venue(world.org_b, name="Their hall")
    client.force_login(world.alice)
    response = client.post(
        url("add", world.org_a),
        {
            "title": "Sneaky",
            "kind": "forum",
            "day": "2026-07-14",
            "start_time": "10:00",
            "end_time": "11:00",
            "venue": theirs.pk,
        },
    )
    assert response.status_code == 200  # the choice is refused on the form
    with scopes_disabled():
        assert not Event.unscoped.filter(title="Sneaky").exists()


def test_agenda_is_saved_in_order_with_breaks(client, world):
    event = make_event(world.org_a)
    client.force_login(world.alice)
    data = {
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-title": "Welcome",
        "agenda-0-minutes": "15",
        "agenda-1-title": "Tea",
        "agenda-1-minutes": "15",
        "agenda-1-is_break": "on",
        "agenda-2-title": "",
        "agenda-2-minutes": "",
    }
    response = client.post(url("agenda", world.org_a, pk=event.pk), data)
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        items = list(event.agenda_items.all())
        timed = services.agenda_times(event, items)
    assert [(i.title, i.minutes, i.is_break) for i in items] == [
        ("Welcome", 15, False),
        ("Tea", 15, True),
    ]
    assert timed[1][1] - timed[0][1] == dt.timedelta(minutes=15)


def test_agenda_item_without_minutes_is_an_error(client, world):
    event = make_event(world.org_a)
    client.force_login(world.alice)
    data = {
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-title": "Welcome",
    }
    response = client.post(url("agenda", world.org_a, pk=event.pk), data)
    assert response.status_code == 200
    assert "Say how many minutes this item takes." in response.content.decode()


# --- papers ----------------------------------------------------------------------------------


def _jpeg_with_location() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (20, 20), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_papers_upload_download_and_refuse_unsafe_files(client, world):
    event = make_event(world.org_a)
    client.force_login(world.alice)
    papers = url("papers", world.org_a, pk=event.pk)

    ok = client.post(
        papers,
        {"title": "Minutes", "file": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")},
    )
    assert ok.status_code == 302
    bad = client.post(
        papers, {"title": "", "file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00binary")}
    )
    assert bad.status_code == 200
    assert "The file must be one of these kinds" in bad.content.decode()

    photo = client.post(
        papers, {"title": "Flipchart", "file": SimpleUploadedFile("p.jpg", _jpeg_with_location())}
    )
    assert photo.status_code == 302
    with scopes_disabled():
        docs = {d.title: d for d in EventDocument.unscoped.filter(event=event)}
    assert set(docs) == {"Minutes", "Flipchart"}
    from PIL import Image

    with docs["Flipchart"].file.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert not stored.getexif()  # location and camera data gone

    download = client.get(
        url("paper_download", world.org_a, pk=event.pk, document_id=docs["Minutes"].pk)
    )
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert 'filename="minutes.pdf"' in download["Content-Disposition"]


def test_papers_marked_sent_are_recorded(client, world):
    event = make_event(world.org_a)
    client.force_login(world.alice)
    response = client.post(url("papers", world.org_a, pk=event.pk), {"action": "sent"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.papers_sent_at is not None


# --- inviting --------------------------------------------------------------------------------


def test_invite_review_then_confirm(client, world, people):
    event = make_event(world.org_a)
    client.force_login(world.alice)
    invite_url = url("invite", world.org_a, pk=event.pk)
    page = client.get(invite_url)
    assert "Jo Bloggs" in page.content.decode()
    review = client.post(invite_url, {"action": "review", "person": [people["jo"].pk]})
    assert review.status_code == 200
    assert "Check before inviting" in review.content.decode()
    with scopes_disabled():
        assert not EventInvitation.unscoped.filter(event=event).exists()
    done = client.post(invite_url, {"action": "confirm", "person": [people["jo"].pk]})
    assert done.status_code == 302
    with scopes_disabled():
        assert EventInvitation.unscoped.get(event=event).participant == people["jo"]


def test_people_from_another_organisation_are_never_invited(client, world, people):
    event = make_event(world.org_a)
    client.force_login(world.alice)
    client.post(
        url("invite", world.org_a, pk=event.pk),
        {"action": "confirm", "person": [people["bo"].pk]},
    )
    with scopes_disabled():
        assert not EventInvitation.unscoped.filter(event=event).exists()


def test_safeguarding_blocks_coordinator_but_lead_can_override_with_reason(client, world, people):
    event = make_event(world.org_a)
    invite(event, people["jo"])  # jo must never be at the same meeting as sam
    invite_url = url("invite", world.org_a, pk=event.pk)

    client.force_login(world.alice)
    review = client.post(invite_url, {"action": "review", "person": [people["sam"].pk]})
    text = review.content.decode()
    assert "Speak to the safeguarding lead" in text
    assert "Never at the same forum" not in text  # the detail stays with the lead
    client.post(invite_url, {"action": "confirm", "person": [people["sam"].pk]})
    with scopes_disabled():
        assert not EventInvitation.unscoped.filter(event=event, participant=people["sam"]).exists()

    client.force_login(world.safeguarding_a)
    review = client.post(invite_url, {"action": "review", "person": [people["sam"].pk]})
    assert "Never at the same forum" in review.content.decode()
    client.post(
        invite_url,
        {
            "action": "confirm",
            "person": [people["sam"].pk],
            "override_reason": "Different rooms; staff with each all day",
        },
    )
    with scopes_disabled():
        invitation = EventInvitation.unscoped.get(event=event, participant=people["sam"])
        assert invitation.overridden_by == world.safeguarding_a
        assert AuditEvent.unscoped.filter(action="event.safeguarding_override").exists()


def test_coordinator_cannot_override_by_posting_a_reason(client, world, people):
    event = make_event(world.org_a)
    invite(event, people["jo"])
    client.force_login(world.alice)
    client.post(
        url("invite", world.org_a, pk=event.pk),
        {"action": "confirm", "person": [people["sam"].pk], "override_reason": "I say so"},
    )
    with scopes_disabled():
        assert not EventInvitation.unscoped.filter(event=event, participant=people["sam"]).exists()


def test_waiting_list_when_full_and_the_next_person_gets_a_freed_place(world, people):
    event = make_event(world.org_a, capacity=1)
    with scope(organisation=world.org_a):
        first = invite(event, people["jo"])
        second = invite(event, people["sam"])
        services.invitation_reply(invitation=first, reply=R.ACCEPTED, actor=world.alice)
        services.invitation_reply(invitation=second, reply=R.ACCEPTED, actor=world.alice)
        second.refresh_from_db()
        assert second.reply == R.WAITING
        assert second.waiting_since is not None
        services.invitation_reply(invitation=first, reply=R.DECLINED, actor=world.alice)
        second.refresh_from_db()
    assert second.reply == R.ACCEPTED


def test_reply_and_arrangements_through_the_page(client, world, people):
    event = make_event(world.org_a)
    with scopes_disabled():
        jo_invite = invite(event, people["jo"])
        invite(event, people["lee"])
    client.force_login(world.alice)
    response = client.post(
        url("invitation", world.org_a, pk=event.pk, invitation_id=jo_invite.pk),
        {
            "reply": R.ACCEPTED,
            "buddy": people["lee"].pk,
            "companion_name": "Her sister",
            "requests": "Vegetarian",
            "pack_format": "large_print",
        },
    )
    assert response.status_code == 302
    jo_invite.refresh_from_db()
    assert jo_invite.reply == R.ACCEPTED
    assert jo_invite.reply_recorded_by == world.alice
    assert jo_invite.buddy == people["lee"]
    assert jo_invite.pack_format == "large_print"


def test_attendance_is_recorded(client, world, people):
    event = make_event(world.org_a, day=dt.date.today() - dt.timedelta(days=1))
    with scopes_disabled():
        a = invite(event, people["jo"], reply=R.ACCEPTED)
        b = invite(event, people["sam"], reply=R.ACCEPTED)
    client.force_login(world.alice)
    response = client.post(
        url("attendance", world.org_a, pk=event.pk),
        {f"attendance-{a.pk}": "attended", f"attendance-{b.pk}": "no_show"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.attendance, b.attendance) == ("attended", "no_show")
    assert a.attendance_recorded_at is not None


def test_cancel_marks_the_event_and_tells_people(client, world, people):
    event = make_event(world.org_a)
    with scopes_disabled():
        invite(event, people["jo"], reply=R.ACCEPTED)
    client.force_login(world.alice)
    response = client.post(
        url("cancel", world.org_a, pk=event.pk), {"reason": "The venue flooded", "notify": "on"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    from withus.messaging.models import Message

    with scopes_disabled():
        message = Message.unscoped.get(participant=people["jo"], template="event_cancelled")
    assert "The venue flooded" in message.body


# --- query counts ----------------------------------------------------------------------------


def _count(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_event_list_queries_do_not_grow_with_events(client, world):
    client.force_login(world.alice)
    make_event(world.org_a, title="One")
    one = _count(client, url("list", world.org_a))
    for n in range(20):
        make_event(world.org_a, title=f"More {n}", venue=make_venue(world.org_a, name=f"V{n}"))
    assert _count(client, url("list", world.org_a)) == one


def test_event_page_queries_do_not_grow_with_invitations(client, world):
    client.force_login(world.alice)
    event = make_event(world.org_a, capacity=30)
    add_agenda(event, ("Welcome", 30), ("Break", 15, True), ("Talk", 45))
    with scope(organisation=world.org_a):
        people = [
            people_services.participant_create(
                organisation=world.org_a,
                data={"preferred_name": f"Person {n}", "status": "active"},
                actor=world.alice,
            )
            for n in range(16)
        ]
    invite(event, people[0])
    one = _count(client, url("detail", world.org_a, pk=event.pk))
    for person in people[1:]:
        invite(event, person)
    assert _count(client, url("detail", world.org_a, pk=event.pk)) == one


def test_venue_list_and_invite_page_bounded(client, world):
    client.force_login(world.alice)
    make_venue(world.org_a)
    event = make_event(world.org_a)
    with scope(organisation=world.org_a):
        people_services.participant_create(
            organisation=world.org_a,
            data={"preferred_name": "First person", "status": "active"},
            actor=world.alice,
        )
    venues_one = _count(client, url("venues", world.org_a))
    invite_one = _count(client, url("invite", world.org_a, pk=event.pk))
    for n in range(10):
        make_venue(world.org_a, name=f"Hall {n}")
    with scope(organisation=world.org_a):
        for n in range(10):
            people_services.participant_create(
                organisation=world.org_a,
                data={"preferred_name": f"Person {n}", "status": "active"},
                actor=world.alice,
            )
    assert _count(client, url("venues", world.org_a)) == venues_one
    assert _count(client, url("invite", world.org_a, pk=event.pk)) == invite_one


def test_papers_go_out_with_the_pack_in_each_persons_format(world, people):
    from withus.messaging.models import Message, MessageAttachment

    event = make_event(world.org_a, title="Papers forum")
    with scope(organisation=world.org_a):
        people_services.consent_record(
            participant=people["jo"],
            purpose="contact_email",
            state="given",
            method="verbal",
            actor=world.alice,
        )
        people["jo"].channel_order = ["email"]
        people["jo"].save()
        invite(event, people["jo"], reply=R.ACCEPTED, pack_format="large_print")
        told = services.papers_mark_sent(event=event, actor=world.alice)
        message = Message.objects.get(participant=people["jo"], template="event_papers")
        files = list(MessageAttachment.objects.filter(message=message))
    assert told == 1
    assert message.channel == "email"
    assert [f.filename for f in files] == [
        "pack-papers-forum-" + f"{event.starts_at:%Y-%m-%d}" + "-large-print.pdf"
    ]
    assert bytes(files[0].content).startswith(b"%PDF")

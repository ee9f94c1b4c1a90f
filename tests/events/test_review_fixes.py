"""Defects found in review of the events area, each pinned by a test of the fixed behaviour."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.events.builders import invite, make_event, make_venue
from withus.audit.models import AuditEvent
from withus.events import services
from withus.events.models import Event, EventInvitation
from withus.messaging.models import Message
from withus.people import choices as c
from withus.people import services as people_services

R = EventInvitation.Reply
FILES = Path(__file__).parent / "files"


def url(name, org, **kwargs):
    return reverse(f"events:{name}", kwargs={"org_slug": org.slug, **kwargs})


def _form(**extra):
    day = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    return {
        "title": "Women's forum",
        "kind": "forum",
        "day": day,
        "start_time": "10:00",
        "end_time": "12:00",
        **extra,
    }


def test_coming_back_after_declining_is_checked_again(client, world, people):
    event = make_event(world.org_a)
    client.force_login(world.alice)
    invite_url = url("invite", world.org_a, pk=event.pk)
    client.post(invite_url, {"action": "confirm", "person": [people["jo"].pk]})
    with scopes_disabled():
        jo = EventInvitation.unscoped.get(event=event, participant=people["jo"])
    client.post(
        url("invitation", world.org_a, pk=event.pk, invitation_id=jo.pk),
        {"reply": R.DECLINED, "pack_format": "standard"},
    )
    client.post(invite_url, {"action": "confirm", "person": [people["sam"].pk]})
    response = client.post(
        url("invitation", world.org_a, pk=event.pk, invitation_id=jo.pk),
        {"reply": R.ACCEPTED, "pack_format": "standard"},
    )
    assert response.status_code == 200
    assert "because of a safeguarding check" in response.content.decode()
    jo.refresh_from_db()
    assert jo.reply == R.DECLINED

    client.force_login(world.safeguarding_a)
    client.post(
        url("invitation", world.org_a, pk=event.pk, invitation_id=jo.pk),
        {"reply": R.ACCEPTED, "pack_format": "standard", "override_reason": "Separate rooms"},
    )
    jo.refresh_from_db()
    assert jo.reply == R.ACCEPTED
    assert jo.override_reason == "Separate rooms"


def test_withdrawn_people_can_be_invited_again(client, world, people):
    event = make_event(world.org_a)
    with scopes_disabled():
        invitation = invite(event, people["jo"], reply=R.WITHDRAWN)
    client.force_login(world.alice)
    client.post(
        url("invite", world.org_a, pk=event.pk),
        {"action": "confirm", "person": [people["jo"].pk]},
    )
    invitation.refresh_from_db()
    assert invitation.reply == R.INVITED


def test_huge_ids_are_ignored_not_500(client, world):
    event = make_event(world.org_a)
    client.force_login(world.alice)
    client.raise_request_exception = True
    response = client.post(
        url("invite", world.org_a, pk=event.pk), {"action": "review", "person": ["9" * 30]}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("day", ["0001-01-05", "9999-12-31"])
def test_dates_far_from_today_are_refused(client, world, day):
    client.force_login(world.alice)
    response = client.post(url("add", world.org_a), {**_form(), "title": "Typo", "day": day})
    assert response.status_code == 200
    assert "within five years" in response.content.decode()


def test_one_far_future_event_does_not_break_the_feed(client, world):
    from withus.events import feeds
    from withus.orgs.models import Membership

    make_event(world.org_a, day=dt.date(9999, 12, 30), title="Far")
    with scopes_disabled():
        membership = Membership.of_user.get(user=world.alice, organisation=world.org_a)
    _, token = feeds.feed_create(membership=membership)
    assert client.get(reverse("calendar_feed", kwargs={"token": token})).status_code == 200


def test_people_told_counts_only_messages_that_can_go(client, world, people):
    event = make_event(world.org_a)
    with scopes_disabled():
        invite(event, people["sam"], reply=R.ACCEPTED)  # sam agreed to no contact
    client.force_login(world.alice)
    response = client.post(
        url("cancel", world.org_a, pk=event.pk), {"reason": "Flood", "notify": "on"}, follow=True
    )
    assert "0 people were told" in response.content.decode()


def test_more_places_go_to_the_waiting_list_first(world, people):
    event = make_event(world.org_a, capacity=1, created_by=world.alice)
    with scope(organisation=world.org_a):
        a = invite(event, people["jo"])
        b = invite(event, people["sam"])
        services.invitation_reply(invitation=a, reply=R.ACCEPTED, actor=world.alice)
        services.invitation_reply(invitation=b, reply=R.ACCEPTED, actor=world.alice)
        services.event_update(
            event=Event.objects.get(pk=event.pk), data={"capacity": 2}, actor=world.alice
        )
        b.refresh_from_db()
    assert b.reply == R.ACCEPTED


def test_zip_with_a_huge_mimetype_entry_is_not_inflated():
    from withus import uploads

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("mimetype", b"\0" * (50 * 1024 * 1024))
    assert uploads.sniff(buf.getvalue()) is None


@pytest.mark.parametrize("name", ["fuzz_0.jpg", "ihdr.png", "fuzz_2.png"])
def test_broken_images_are_refused_with_a_message(client, world, name):
    event = make_event(world.org_a)
    client.force_login(world.alice)
    response = client.post(
        url("papers", world.org_a, pk=event.pk),
        {"title": "x", "file": SimpleUploadedFile(name, (FILES / name).read_bytes())},
    )
    # Never a 500. Pillow may repair some broken files (depending on which image plugins other
    # code has loaded); then the cleaned picture is kept, otherwise the person is told.
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "could not be read" in response.content.decode()


def test_text_cut_mid_character_at_the_sniff_limit_is_still_text():
    from withus import uploads

    content = ("a" * 4095 + "é" * 10).encode()
    assert uploads.sniff(content) == uploads.TEXT


def test_moving_someone_to_the_waiting_list_keeps_them_there(world, people):
    event = make_event(world.org_a, capacity=1, created_by=world.alice)
    with scope(organisation=world.org_a):
        a = invite(event, people["jo"])
        services.invitation_reply(invitation=a, reply=R.ACCEPTED, actor=world.alice)
        services.invitation_reply(invitation=a, reply=R.WAITING, actor=world.alice)
        a.refresh_from_db()
    assert a.reply == R.WAITING


def test_cancelled_events_take_no_acceptances(world, people):
    from django.core.exceptions import ValidationError

    event = make_event(world.org_a, created_by=world.alice)
    with scope(organisation=world.org_a):
        a = invite(event, people["jo"])
        services.event_cancel(
            event=Event.objects.get(pk=event.pk), reason="x", actor=world.alice, notify=False
        )
        a = EventInvitation.objects.select_related("event", "participant").get(pk=a.pk)
        with pytest.raises(ValidationError):
            services.invitation_reply(invitation=a, reply=R.ACCEPTED, actor=world.alice)


def test_venue_and_event_edits_are_audited(client, world):
    venue = make_venue(world.org_a, name="Family Centre", children_on_site=True)
    event = make_event(world.org_a, venue=venue, created_by=world.alice)
    client.force_login(world.alice)
    client.post(
        reverse("events:venue_edit", kwargs={"org_slug": "org-a", "venue_id": venue.pk}),
        {"name": "Family Centre", "address": venue.address, "children_on_site": ""},
    )
    client.post(url("edit", world.org_a, pk=event.pk), _form(title="Renamed", venue=venue.pk))
    with scopes_disabled():
        venue_change = AuditEvent.unscoped.get(action="venue.update")
        event_change = AuditEvent.unscoped.get(action="event.update")
    assert "children_on_site" in venue_change.changes
    assert "title" in event_change.changes


def test_an_edit_cannot_put_someone_invited_into_a_safeguarding_block(client, world, people):
    with scope(organisation=world.org_a):
        people_services.restriction_add(
            participant=people["sam"],
            kind=c.RestrictionKind.NO_CONTACT_CHILDREN,
            other_participant=None,
            place="",
            meaning="No contact with children",
            actor=world.safeguarding_a,
        )
    event = make_event(world.org_a, created_by=world.alice)
    invite(event, people["sam"])
    client.force_login(world.alice)
    response = client.post(url("edit", world.org_a, pk=event.pk), _form(children_present="on"))
    assert response.status_code == 200
    assert "Speak to the safeguarding lead" in response.content.decode()
    assert not Event.unscoped.get(pk=event.pk).children_present

    client.force_login(world.safeguarding_a)
    response = client.post(url("edit", world.org_a, pk=event.pk), _form(children_present="on"))
    assert response.status_code == 302
    assert Event.unscoped.get(pk=event.pk).children_present


def test_a_place_from_the_waiting_list_is_confirmed_again(world, people):
    event = make_event(world.org_a, capacity=1, created_by=world.alice)
    with scope(organisation=world.org_a):
        jo = invite(event, people["jo"])
        sam = invite(event, people["lee"])
        services.invitation_reply(invitation=jo, reply=R.ACCEPTED, actor=world.alice)
        services.invitation_reply(invitation=jo, reply=R.DECLINED, actor=world.alice)
        services.invitation_reply(invitation=sam, reply=R.ACCEPTED, actor=world.alice)
        services.invitation_reply(invitation=jo, reply=R.ACCEPTED, actor=world.alice)
        services.invitation_reply(invitation=sam, reply=R.DECLINED, actor=world.alice)
        jo.refresh_from_db()
    assert jo.reply == R.ACCEPTED
    with scopes_disabled():
        confirmations = Message.unscoped.filter(
            participant=people["jo"], template="event_confirmation"
        )
        assert confirmations.count() == 2


def test_reminder_times_are_in_the_organisations_time_zone(world, people):
    world.org_a.timezone = "America/New_York"
    world.org_a.save()
    event = make_event(world.org_a, start=dt.time(18, 0), end=dt.time(20, 0))
    with scope(organisation=world.org_a):
        invitation = invite(event, people["jo"])
        context = services.message_context(
            EventInvitation.objects.select_related("event__organisation", "participant").get(
                pk=invitation.pk
            )
        )
    assert context["when"].endswith("6pm to 8pm")

"""What the daily reminders pick up, who they go to, and that each is recorded only once."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from tests.events.builders import invite, make_event, make_venue
from withus.events.models import Event, EventInvitation
from withus.messaging import reminders
from withus.messaging.models import Message
from withus.orgs.models import Organisation
from withus.people import choices as c
from withus.people import services as people_services
from withus.people.models import Participant
from withus.projects.models import Project

ACCEPTED = EventInvitation.Reply.ACCEPTED
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _no_quiet_hours(world):
    # Equal start and end means no quiet hours, so these tests do not depend on the clock.
    Organisation.objects.filter(pk__in=[world.org_a.pk, world.org_b.pk]).update(
        quiet_hours_start=dt.time(0, 0), quiet_hours_end=dt.time(0, 0)
    )
    for org in (world.org_a, world.org_b):
        org.refresh_from_db()


def _today(org) -> dt.date:
    return reminders.local_today(org)


def _messages(org, template: str):
    return Message.unscoped.filter(organisation=org, template=template).order_by("pk")


def _consent(participant, purpose, *, review_on, actor, state=c.ConsentState.GIVEN):
    with scope(organisation=participant.organisation):
        return people_services.consent_record(
            participant=participant,
            purpose=purpose,
            state=state,
            method=c.ConsentMethod.VERBAL,
            review_on=review_on,
            actor=actor,
        )


def _contact(participant, user) -> None:
    Participant.unscoped.filter(pk=participant.pk).update(named_contact=user)


# --- papers due --------------------------------------------------------------------------------


def test_papers_due_soon_go_to_the_event_contact_once(world):
    org = world.org_a
    event = make_event(org, contact=world.alice, papers_due_on=_today(org) + 2 * DAY)

    assert reminders.send_papers_due_reminders(org) == 1
    assert reminders.send_papers_due_reminders(org) == 0  # the same day again: nothing new

    (message,) = _messages(org, "staff_papers_due")
    assert message.staff == world.alice
    assert message.to_address == "alice@a.example"
    assert message.related == event
    assert message.dedupe_key == f"papers-due:{event.pk}:{event.papers_due_on}:{world.alice.pk}"
    assert event.title in message.subject
    assert f"/o/{org.slug}/events/{event.pk}/papers/" in message.body


def test_papers_due_picks_only_planned_unsent_events_due_soon_or_late(world):
    org = world.org_a
    today = _today(org)
    soon = make_event(
        org, title="Due in 3 days", contact=world.alice, papers_due_on=today + 3 * DAY
    )
    late = make_event(org, title="Late papers", contact=world.alice, papers_due_on=today - 4 * DAY)
    make_event(org, title="Due in 4 days", contact=world.alice, papers_due_on=today + 4 * DAY)
    make_event(
        org,
        title="Already sent",
        contact=world.alice,
        papers_due_on=today,
        papers_sent_at=timezone.now(),
    )
    make_event(
        org,
        title="Cancelled",
        contact=world.alice,
        papers_due_on=today,
        status=Event.Status.CANCELLED,
    )
    make_event(  # the meeting is over: late papers no longer matter
        org,
        title="Past",
        day=today - 2 * DAY,
        contact=world.alice,
        papers_due_on=today - 16 * DAY,
    )

    assert reminders.send_papers_due_reminders(org) == 2
    assert {m.related_id for m in _messages(org, "staff_papers_due")} == {soon.pk, late.pk}


def test_papers_due_without_a_contact_goes_to_the_project_lead_else_the_admins(world):
    org = world.org_a
    due = _today(org) + DAY
    project = Project.unscoped.create(organisation=org, name="Forum", lead=world.bob)
    with_lead = make_event(org, title="Has a lead", project=project, papers_due_on=due)
    nobody = make_event(org, title="Nobody named", papers_due_on=due)
    # A contact who is not a member of this organisation is not told about its meetings.
    stranger = make_event(org, title="Contact left", contact=world.charlie, papers_due_on=due)

    reminders.send_papers_due_reminders(org)

    sent = {(m.related_id, m.staff_id) for m in _messages(org, "staff_papers_due")}
    assert sent == {
        (with_lead.pk, world.bob.pk),
        (nobody.pk, world.admin_a.pk),
        (stranger.pk, world.admin_a.pk),
    }


# --- event reminders ---------------------------------------------------------------------------


def test_people_coming_to_an_event_in_the_next_two_days_are_reminded_once(world, people):
    org = world.org_a
    today = _today(org)
    venue = make_venue(org)
    event = make_event(
        org, title="Forum", day=today + 2 * DAY, start=dt.time(18, 0), end=dt.time(20, 0)
    )
    Event.unscoped.filter(pk=event.pk).update(venue=venue, contact=world.alice)
    coming = invite(event, people["jo"], reply=ACCEPTED)
    invite(event, people["sam"])  # no reply yet
    invite(event, people["lee"], reply=EventInvitation.Reply.DECLINED)

    assert reminders.send_event_reminders(org) == 1
    assert reminders.send_event_reminders(org) == 0

    (message,) = _messages(org, "event_reminder")
    assert message.participant == people["jo"]
    assert message.dedupe_key == f"event-reminder:{coming.pk}:{today + 2 * DAY}"
    assert message.channel == "sms"  # Jo's own first channel, which she agreed to
    assert message.status == Message.Status.QUEUED
    assert "Forum" in message.body
    assert "6pm" in message.body  # the organisation's local time
    assert "Community Hall" in message.body


def test_event_reminders_skip_later_cancelled_and_past_events(world, people):
    org = world.org_a
    today = _today(org)
    for title, day, status in [
        ("In three days", today + 3 * DAY, Event.Status.PLANNED),
        ("Cancelled", today + DAY, Event.Status.CANCELLED),
        ("Yesterday", today - DAY, Event.Status.PLANNED),
    ]:
        invite(make_event(org, title=title, day=day, status=status), people["jo"], reply=ACCEPTED)

    assert reminders.send_event_reminders(org) == 0
    assert not _messages(org, "event_reminder").exists()


def test_a_reminder_a_rule_stops_is_recorded_as_not_sent_and_not_tried_again(world, people):
    org = world.org_a
    event = make_event(org, day=_today(org) + DAY)
    invite(event, people["sam"], reply=ACCEPTED)  # Sam has no way to be reached yet

    # Recorded, but not counted as sent: the count is of reminders that went or are waiting.
    assert reminders.send_event_reminders(org) == 0
    assert reminders.send_event_reminders(org) == 0
    (message,) = _messages(org, "event_reminder")
    assert message.status == Message.Status.NOT_SENT
    assert message.status_reason


# --- consent reviews ---------------------------------------------------------------------------


def test_consent_reviews_are_one_email_a_day_to_the_named_contact(world, people):
    org = world.org_a
    today = _today(org)
    jo, sam = people["jo"], people["sam"]
    _contact(jo, world.alice)
    _contact(sam, world.alice)
    _consent(jo, c.ConsentPurpose.PHOTOS, review_on=today + 5 * DAY, actor=world.alice)
    _consent(jo, c.ConsentPurpose.FILM, review_on=today - DAY, actor=world.alice)
    _consent(sam, c.ConsentPurpose.CONTACT_EMAIL, review_on=today + 14 * DAY, actor=world.alice)
    _consent(sam, c.ConsentPurpose.FILM, review_on=today + 15 * DAY, actor=world.alice)

    assert reminders.send_consent_review_reminders(org) == 1
    assert reminders.send_consent_review_reminders(org) == 0

    (message,) = _messages(org, "staff_consent_review")
    assert message.staff == world.alice
    assert message.dedupe_key == f"consent-review:{world.alice.pk}:{today}"
    assert "Jo Bloggs (Film, Photos)" in message.body
    assert "Sam Carter (Contact by email)" in message.body
    assert "Sam Carter (Contact by email, Film)" not in message.body  # review in 15 days


def test_consent_reviews_use_only_the_current_given_decision(world, people):
    org = world.org_a
    today = _today(org)
    jo = people["jo"]
    _contact(jo, world.alice)
    # Given with a review date, then withdrawn: nothing to review.
    _consent(jo, c.ConsentPurpose.FILM, review_on=today, actor=world.alice)
    _consent(
        jo,
        c.ConsentPurpose.FILM,
        review_on=None,
        actor=world.alice,
        state=c.ConsentState.WITHDRAWN,
    )
    # Given with a review date, then given again with a later one: not due yet.
    _consent(jo, c.ConsentPurpose.NAMED_QUOTES, review_on=today, actor=world.alice)
    _consent(jo, c.ConsentPurpose.NAMED_QUOTES, review_on=today + 60 * DAY, actor=world.alice)

    assert reminders.send_consent_review_reminders(org) == 0


def test_consent_reviews_only_for_active_or_enquiring_people(world, people):
    org = world.org_a
    today = _today(org)
    for person in (people["jo"], people["lee"]):  # active, enquiry
        _contact(person, world.alice)
        _consent(person, c.ConsentPurpose.PHOTOS, review_on=today, actor=world.alice)
    sam = people["sam"]
    _contact(sam, world.alice)
    _consent(sam, c.ConsentPurpose.PHOTOS, review_on=today, actor=world.alice)
    Participant.unscoped.filter(pk=sam.pk).update(status=c.Status.PAUSED)

    reminders.send_consent_review_reminders(org)

    (message,) = _messages(org, "staff_consent_review")
    assert "Jo Bloggs" in message.body and "Lee In-Prison" in message.body
    assert "Sam Carter" not in message.body


def test_consent_reviews_without_a_named_contact_go_to_each_admin(world, people):
    org = world.org_a
    _consent(people["jo"], c.ConsentPurpose.PHOTOS, review_on=_today(org), actor=world.alice)

    reminders.send_consent_review_reminders(org)

    (message,) = _messages(org, "staff_consent_review")
    assert message.staff == world.admin_a
    assert message.related == people["jo"]
    assert f"/o/{org.slug}/people/{people['jo'].pk}/consent/" in message.body


# --- bounded queries ---------------------------------------------------------------------------


def _queries(fn, org) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn(org)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", ["papers", "events", "consent"])
def test_reading_what_is_due_takes_the_same_queries_for_one_row_or_many(world, people, kind):
    """Sending is stubbed out: what is left is the reading, which must not grow per row."""
    org = world.org_a
    today = _today(org)
    extra = [
        people_services.participant_create(
            organisation=org,
            data={"preferred_name": f"Person {n}", "status": c.Status.ACTIVE},
            actor=world.alice,
        )
        for n in range(5)
    ]
    project = Project.unscoped.create(organisation=org, name="Forum", lead=world.bob)

    def add(n: int) -> None:
        person = [people["jo"], *extra][n]
        if kind == "papers":
            make_event(org, title=f"E{n}", project=project, papers_due_on=today + DAY)
        elif kind == "events":
            invite(make_event(org, title=f"E{n}", day=today + DAY), person, reply=ACCEPTED)
        else:
            _contact(person, world.alice if n % 2 else world.bob)
            _consent(person, c.ConsentPurpose.PHOTOS, review_on=today, actor=world.alice)

    fn = {
        "papers": reminders.send_papers_due_reminders,
        "events": reminders.send_event_reminders,
        "consent": reminders.send_consent_review_reminders,
    }[kind]
    with (
        mock.patch("withus.messaging.services.message_staff") as staff,
        mock.patch("withus.messaging.services.message_participant") as participant,
    ):
        add(0)
        one = _queries(fn, org)
        Message.unscoped.all().delete()
        for n in range(1, 6):
            add(n)
        many = _queries(fn, org)
    assert staff.call_count + participant.call_count >= 1 + 2  # it did find the rows
    assert many == one


def test_an_organisation_only_reminds_about_its_own_rows(world, people):
    org_a, org_b = world.org_a, world.org_b
    today = _today(org_a)
    a_event = make_event(org_a, day=today + DAY, contact=world.alice, papers_due_on=today)
    invite(a_event, people["jo"], reply=ACCEPTED)
    _consent(people["jo"], c.ConsentPurpose.PHOTOS, review_on=today, actor=world.alice)

    # Called from inside org A's scope, it still works in org B's.
    with scope(organisation=org_a):
        counts = reminders.send_daily_reminders(org_b)

    assert counts == {"papers_due": 0, "event_reminders": 0, "consent_reviews": 0}
    assert not Message.unscoped.exists()

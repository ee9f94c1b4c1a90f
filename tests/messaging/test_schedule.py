"""The daily schedule: once a day, not before 7am, never twice, each organisation in its own
scope. Tasks run at once here (ImmediateBackend); tests/messaging/test_worker.py runs them
through the real database queue and worker."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from tests.events.builders import invite, make_event
from withus.events.models import EventInvitation
from withus.events.timing import aware, zone
from withus.messaging import reminders, scheduling
from withus.messaging.models import Message, ScheduleRun
from withus.orgs.models import Membership, Organisation
from withus.people import choices as c
from withus.people import services as people_services
from withus.people.models import Participant

DAY = dt.timedelta(days=1)
ACCEPTED = EventInvitation.Reply.ACCEPTED


@pytest.fixture
def due(world, people):
    """Something of each kind due in both organisations, with no quiet hours."""
    Organisation.objects.update(quiet_hours_start=dt.time(0, 0), quiet_hours_end=dt.time(0, 0))
    for org in (world.org_a, world.org_b):
        org.refresh_from_db()
    made = {}
    for org, person, staff in [
        (world.org_a, people["jo"], world.alice),
        (world.org_b, people["bo"], world.charlie),
    ]:
        today = reminders.local_today(org)
        event = make_event(
            org, title=f"Forum {org.slug}", day=today + DAY, contact=staff, papers_due_on=today
        )
        invite(event, person, reply=ACCEPTED)
        Participant.unscoped.filter(pk=person.pk).update(named_contact=staff)
        with scope(organisation=org):
            people_services.consent_record(
                participant=person,
                purpose=c.ConsentPurpose.PHOTOS,
                state=c.ConsentState.GIVEN,
                method=c.ConsentMethod.VERBAL,
                review_on=today + 3 * DAY,
                actor=staff,
            )
        made[org.slug] = event
    return made


def _local(hour: int, minute: int = 0) -> dt.datetime:
    """Today at this time on the schedule's clock (the server's time zone)."""
    return aware(timezone.localdate(), dt.time(hour, minute), timezone.get_current_timezone_name())


def _emails_to(address: str) -> list[str]:
    return sorted(m.subject for m in mail.outbox if address in m.to)


def _reminders_per_person(org) -> dict:
    counts: dict = {}
    for message in Message.unscoped.filter(organisation=org):
        who = message.participant_id or f"staff {message.staff_id}"
        counts[(who, message.template)] = counts.get((who, message.template), 0) + 1
    return counts


def test_the_daily_job_run_twice_on_the_same_day_sends_each_reminder_once(
    world, people, due, django_capture_on_commit_callbacks
):
    day = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        first = scheduling.run_daily_jobs.call(day)
    with django_capture_on_commit_callbacks(execute=True):
        second = scheduling.run_daily_jobs.call(day)

    assert first["organisations"][str(world.org_a.pk)] == {
        "papers_due": 1,
        "event_reminders": 1,
        "consent_reviews": 1,
    }
    assert "skipped" in second
    run = ScheduleRun.objects.get()
    assert (run.job, run.day.isoformat()) == ("daily", day)
    assert run.finished_at is not None and run.summary == first

    # Alice: one email about papers, one about consent reviews. Charlie the same in org B.
    for address in ("alice@a.example", "charlie@b.example"):
        subjects = _emails_to(address)
        assert len(subjects) == 2, subjects
        assert subjects[0].startswith("Check consent with") and subjects[1].startswith("Papers")
    # Jo's reminder went by text message (the outbox), once.
    (jo_reminder,) = Message.unscoped.filter(participant=people["jo"], template="event_reminder")
    assert jo_reminder.status == Message.Status.SENT
    assert jo_reminder.provider == "outbox"
    for org in (world.org_a, world.org_b):
        assert set(_reminders_per_person(org).values()) == {1}


def test_reminders_are_not_recorded_twice_even_if_the_day_is_run_again_by_hand(
    world, people, due, django_capture_on_commit_callbacks
):
    day = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_daily_jobs.call(day)
    before = Message.unscoped.count()
    emails = len(mail.outbox)
    ScheduleRun.objects.all().delete()  # the day guard is gone; the dedupe keys still hold

    with django_capture_on_commit_callbacks(execute=True):
        again = scheduling.run_daily_jobs.call(day)

    assert Message.unscoped.count() == before
    assert len(mail.outbox) == emails
    assert all(set(counts.values()) == {0} for counts in again["organisations"].values())


def test_ticking_twice_after_7am_runs_the_day_once(
    world, people, due, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduling.schedule_tick(_local(7, 30))["daily_enqueued"]
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduling.schedule_tick(_local(7, 35))["daily_enqueued"] is None

    assert ScheduleRun.objects.count() == 1
    assert len(_emails_to("alice@a.example")) == 2
    assert Message.unscoped.filter(template="event_reminder").count() == 2  # Jo and Bo


def test_two_ticks_before_the_worker_starts_still_run_the_day_once(
    world, people, due, django_capture_on_commit_callbacks
):
    # Both ticks see no run yet and both enqueue the job; the second job finds the day's row.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        scheduling.schedule_tick(_local(9))
        scheduling.schedule_tick(_local(9, 5))
    assert len(callbacks) >= 2
    assert ScheduleRun.objects.count() == 1
    assert len(_emails_to("alice@a.example")) == 2
    for org in (world.org_a, world.org_b):
        assert set(_reminders_per_person(org).values()) == {1}


def test_a_tick_before_7am_starts_no_daily_run(
    world, people, due, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = scheduling.schedule_tick(_local(6, 59))
    assert result["daily_enqueued"] is None
    assert not ScheduleRun.objects.exists()
    assert not Message.unscoped.exists()
    assert mail.outbox == []


def test_a_tick_in_a_transaction_that_rolls_back_enqueues_nothing(
    world, people, due, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        scheduling.schedule_tick(_local(8))
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert not ScheduleRun.objects.exists()
    assert not Message.unscoped.exists()


def test_each_tick_sends_messages_whose_quiet_hours_are_over(
    world, people, due, django_capture_on_commit_callbacks
):
    org = world.org_a
    now = timezone.now()
    Organisation.objects.filter(pk=org.pk).update(  # quiet now, whatever the time
        quiet_hours_start=(now - dt.timedelta(hours=1)).astimezone(zone(org.timezone)).time(),
        quiet_hours_end=(now + dt.timedelta(hours=1)).astimezone(zone(org.timezone)).time(),
    )
    org.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_event_reminders(org)
    (held,) = Message.unscoped.filter(participant=people["jo"])
    assert held.status == Message.Status.QUEUED and held.send_after is not None

    # The quiet hours end (moved here, rather than waiting an hour).
    Organisation.objects.filter(pk=org.pk).update(
        quiet_hours_start=dt.time(0, 0), quiet_hours_end=dt.time(0, 0)
    )
    Message.unscoped.filter(pk=held.pk).update(send_after=now - dt.timedelta(minutes=1))
    ScheduleRun.objects.create(job="daily", day=timezone.localdate())  # today's run is done
    with django_capture_on_commit_callbacks(execute=True):
        result = scheduling.schedule_tick()
    held.refresh_from_db()
    assert result == {"daily_enqueued": None, "delivery_enqueued": 1}
    assert held.status == Message.Status.SENT


def test_the_daily_job_keeps_each_organisation_to_its_own_rows(
    world, people, due, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_daily_jobs.call(timezone.localdate().isoformat())

    for org in (world.org_a, world.org_b):
        members = set(Membership.of_user.filter(organisation=org).values_list("user_id", flat=True))
        messages = list(Message.unscoped.filter(organisation=org))
        assert len(messages) == 3  # papers due, event reminder, consent review: its own only
        for message in messages:
            if message.participant_id:
                assert message.participant.organisation_id == org.pk
            else:
                assert message.staff_id in members
            if message.related_id:
                assert message.related.organisation_id == org.pk
    assert "Forum org-b" not in " ".join(_emails_to("alice@a.example"))
    assert "Forum org-a" not in " ".join(_emails_to("charlie@b.example"))


def test_one_organisation_failing_does_not_stop_the_others(
    world, people, due, django_capture_on_commit_callbacks
):
    real = reminders.send_daily_reminders

    def fail_for_a(organisation, **kwargs):
        if organisation.pk == world.org_a.pk:
            raise RuntimeError("broken")
        return real(organisation, **kwargs)

    with (
        mock.patch.object(scheduling, "send_daily_reminders", fail_for_a),
        django_capture_on_commit_callbacks(execute=True),
    ):
        summary = scheduling.run_daily_jobs.call(timezone.localdate().isoformat())

    assert summary["failed"] == [world.org_a.pk]
    assert str(world.org_b.pk) in summary["organisations"]
    assert len(_emails_to("charlie@b.example")) == 2
    assert _emails_to("alice@a.example") == []


def test_run_schedule_once_runs_one_tick(world):
    with mock.patch(
        "withus.messaging.management.commands.run_schedule.schedule_tick",
        return_value={"daily_enqueued": None, "delivery_enqueued": 0},
    ) as tick:
        call_command("run_schedule", "--once", verbosity=0)
    tick.assert_called_once_with()


def test_run_schedule_loops_until_stopped(world):
    calls = []

    def tick():
        calls.append(1)
        if len(calls) == 3:
            import os
            import signal

            os.kill(os.getpid(), signal.SIGTERM)  # what systemctl stop sends
        return {"daily_enqueued": None, "delivery_enqueued": 0}

    with mock.patch(
        "withus.messaging.management.commands.run_schedule.schedule_tick", side_effect=tick
    ):
        call_command("run_schedule", "--interval", "1", verbosity=0)
    assert len(calls) == 3

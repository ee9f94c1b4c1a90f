"""The real queue: tasks wait in django-tasks-db's table until `manage.py db_worker` runs them.

Everywhere else tests run tasks at once (ImmediateBackend). Here TASKS is switched to
`django_tasks_db.DatabaseBackend`; Django's setting_changed handler (django/tasks/signals.py)
resets the cached `django.tasks.task_backends` when override_settings enters and leaves, so the
tasks below really go to the database. Transactional tests, so on_commit callbacks fire.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus, task_backends
from django.test import override_settings
from django.utils import timezone
from django_scopes import scope
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from tests.events.builders import invite, make_event
from withus.events.models import EventInvitation
from withus.events.timing import aware
from withus.messaging import reminders, scheduling
from withus.messaging.models import Message, ScheduleRun
from withus.messaging.services import message_staff
from withus.orgs.models import Organisation
from withus.people import choices as c
from withus.people import services as people_services
from withus.people.models import Participant

pytestmark = pytest.mark.django_db(transaction=True)

DAY = dt.timedelta(days=1)
DAILY = "withus.messaging.scheduling.run_daily_jobs"
DELIVER = "withus.messaging.tasks.deliver_message"


@pytest.fixture
def db_queue():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert isinstance(task_backends["default"], DatabaseBackend)
        yield
    # Leaving the override resets the cache again: the rest of the tests run tasks at once.
    assert not isinstance(task_backends["default"], DatabaseBackend)


@pytest.fixture
def run_worker():
    """`manage.py db_worker --batch`: run everything waiting, then stop. The worker sets signal
    handlers and logger levels for the process; put them back afterwards."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {sig: signal.getsignal(sig) for sig in signals}
    loggers = [logging.getLogger(name) for name in ("django.tasks", "django_tasks_db")]
    state = [(lg, lg.level, list(lg.handlers)) for lg in loggers]

    def run():
        call_command(
            "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
        )

    yield run
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    for lg, level, kept in state:
        lg.setLevel(level)
        lg.handlers[:] = kept


def _waiting(path: str | None = None):
    tasks = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    return tasks.filter(task_path=path) if path else tasks


def _at(hour: int, minute: int = 0) -> dt.datetime:
    return aware(timezone.localdate(), dt.time(hour, minute), timezone.get_current_timezone_name())


@pytest.fixture
def due(world, people):
    """In each organisation: papers due today, someone coming tomorrow, a consent review."""
    Organisation.objects.update(quiet_hours_start=dt.time(0, 0), quiet_hours_end=dt.time(0, 0))
    for org, person, staff in [
        (world.org_a, people["jo"], world.alice),
        (world.org_b, people["bo"], world.charlie),
    ]:
        org.refresh_from_db()
        today = reminders.local_today(org)
        event = make_event(org, day=today + DAY, contact=staff, papers_due_on=today)
        invite(event, person, reply=EventInvitation.Reply.ACCEPTED)
        Participant.unscoped.filter(pk=person.pk).update(named_contact=staff)
        with scope(organisation=org):
            people_services.consent_record(
                participant=person,
                purpose=c.ConsentPurpose.PHOTOS,
                state=c.ConsentState.GIVEN,
                method=c.ConsentMethod.VERBAL,
                review_on=today,
                actor=staff,
            )


def test_the_worker_runs_the_daily_job_and_delivers_its_messages(
    world, people, due, db_queue, run_worker
):
    scheduling.schedule_tick(_at(7, 30))

    # Waiting in the queue; nothing done yet.
    (daily,) = _waiting()
    assert daily.task_path == DAILY
    assert daily.args_kwargs["args"] == [timezone.localdate().isoformat()]
    assert not ScheduleRun.objects.exists()
    assert not Message.unscoped.exists()
    assert mail.outbox == []

    run_worker()

    # The daily job ran (with no scope of its own: it entered each organisation's), recorded
    # the reminders and queued their delivery, which the same batch then ran.
    assert not _waiting().exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }
    assert DBTaskResult.objects.filter(task_path=DELIVER).count() == 5  # 4 emails + Jo's text
    assert ScheduleRun.objects.get().finished_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@a.example",
        "alice@a.example",
        "charlie@b.example",
        "charlie@b.example",
    ]
    jo_reminder = Message.unscoped.get(participant=people["jo"], template="event_reminder")
    assert jo_reminder.status == Message.Status.SENT
    bo_reminder = Message.unscoped.get(participant=people["bo"], template="event_reminder")
    assert bo_reminder.status == Message.Status.NOT_SENT  # Bo agreed to no way of contact
    assert set(Message.unscoped.filter(staff__isnull=False).values_list("status", flat=True)) == {
        Message.Status.SENT
    }

    # The schedule ticks again the same day: nothing new is queued or sent.
    scheduling.schedule_tick(_at(7, 35))
    scheduling.run_daily_jobs.enqueue(timezone.localdate().isoformat())  # even if forced
    run_worker()
    assert len(mail.outbox) == 4
    assert Message.unscoped.count() == 6
    assert ScheduleRun.objects.count() == 1


def test_a_message_waits_in_the_queue_until_the_worker_sends_it(world, db_queue, run_worker):
    with transaction.atomic():
        message = message_staff(
            organisation=world.org_a,
            user=world.alice,
            template="staff_papers_due",
            context={"event": "Forum", "when": "Tuesday", "papers_due": "Monday"},
            dedupe_key="test:1",
        )
        assert not _waiting().exists()  # enqueued only when the transaction commits
    (waiting,) = _waiting()
    assert waiting.task_path == DELIVER
    assert waiting.args_kwargs["args"] == [message.pk]

    run_worker()

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    (email,) = mail.outbox
    assert email.to == ["alice@a.example"]
    assert email.subject == "Papers for Forum should go out by Monday"


def test_work_in_a_transaction_that_rolls_back_is_never_enqueued(
    world, people, due, db_queue, run_worker
):
    with pytest.raises(RuntimeError), transaction.atomic():
        scheduling.schedule_tick(_at(8))
        message_staff(
            organisation=world.org_a,
            user=world.alice,
            template="staff_papers_due",
            context={"event": "Forum"},
            dedupe_key="test:rolled-back",
        )
        raise RuntimeError("rolled back")

    assert not DBTaskResult.objects.exists()
    run_worker()
    assert not Message.unscoped.exists()
    assert not ScheduleRun.objects.exists()
    assert mail.outbox == []


def test_no_daily_job_is_queued_before_7am(world, people, due, db_queue):
    scheduling.schedule_tick(_at(6, 55))
    assert not _waiting(DAILY).exists()
    scheduling.schedule_tick(_at(7))
    assert _waiting(DAILY).count() == 1

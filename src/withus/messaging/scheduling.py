"""The daily schedule: the job that sends the day's reminders, and the tick that starts it.

`schedule_tick()` is called every few minutes (by `manage.py run_schedule`, or from cron with
`--once`). Each tick:

- enqueues `run_daily_jobs` for today once local time is past `DAILY_FROM` (07:00), so reminders
  never go out in the middle of the night, unless today's run has already happened;
- asks for every message whose quiet-hours hold has ended to be sent (`deliver_due_messages`).

`run_daily_jobs` is guarded by a `ScheduleRun(job="daily", day)` row: the unique (job, day)
constraint means a second run for the same day, from a second tick, a second scheduler or a
retry, finds the row and does nothing. The reminders are idempotent through their dedupe keys as
well, so even a run that was cut short and repeated by hand sends nothing twice.

"Today" and 07:00 are in the server's time zone (`TIME_ZONE`); each organisation's reminders
work out dates in the organisation's own time zone.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django_scopes import scope

from withus.messaging.models import ScheduleRun
from withus.messaging.reminders import send_daily_reminders
from withus.orgs.models import Organisation

logger = logging.getLogger(__name__)

DAILY_JOB = "daily"
DAILY_FROM = dt.time(7, 0)


def _deliver_due_messages(now: dt.datetime | None = None) -> int:
    from withus.messaging.tasks import deliver_due_messages

    return deliver_due_messages(now)


def _claim(job: str, day: dt.date) -> ScheduleRun | None:
    """The run for (job, day) if this caller is the first to start it, else None."""
    try:
        with transaction.atomic():
            run, created = ScheduleRun.objects.get_or_create(job=job, day=day)
    except IntegrityError:  # another process made the row between our read and our write
        return None
    return run if created else None


@task()
def run_daily_jobs(day_iso: str) -> dict:
    """Send every organisation's reminders for the day, once. Returns a summary (also stored on
    the ScheduleRun row)."""
    day = dt.date.fromisoformat(day_iso)
    run = _claim(DAILY_JOB, day)
    if run is None:
        return {"skipped": f"the {DAILY_JOB} jobs for {day_iso} have already run"}
    now = timezone.now()
    summary: dict = {"organisations": {}, "failed": []}
    # Organisations are the tenants themselves (not organisation-owned), so this list needs no
    # scope; each organisation's work then runs inside its own scope.
    for organisation in Organisation.objects.order_by("pk"):
        try:
            with scope(organisation=organisation):
                counts = send_daily_reminders(organisation, now=now)
        except Exception:  # one organisation's failure must not stop the others' reminders
            logger.exception("Daily reminders failed for organisation %s", organisation.pk)
            summary["failed"].append(organisation.pk)
            continue
        summary["organisations"][str(organisation.pk)] = counts
    summary["delivery_enqueued"] = _deliver_due_messages()
    from withus.portal.services import forget_old_sign_in_rows  # portal depends on messaging

    summary["sign_in_rows_removed"] = forget_old_sign_in_rows(now=now)
    from withus.concerns.services import tell_staff_of_anonymous

    summary["anonymous_concerns_told"] = tell_staff_of_anonymous(now=now)
    run.finished_at = timezone.now()
    run.summary = summary
    run.save(update_fields=["finished_at", "summary"])
    return summary


def daily_run_due(now: dt.datetime) -> dt.date | None:
    """The day whose daily run should be started at `now`, or None (too early, or done)."""
    local_now = timezone.localtime(now)
    if local_now.time() < DAILY_FROM:
        return None
    day = local_now.date()
    if ScheduleRun.objects.filter(job=DAILY_JOB, day=day).exists():
        return None
    return day


def schedule_tick(now: dt.datetime | None = None) -> dict:
    """One tick of the schedule. Safe to call as often as you like, from several places."""
    now = now or timezone.now()
    day = daily_run_due(now)
    if day is not None:
        # Enqueued after commit: a tick inside a transaction that rolls back enqueues nothing.
        transaction.on_commit(partial(run_daily_jobs.enqueue, day.isoformat()))
    delivered = _deliver_due_messages(now)
    return {"daily_enqueued": day.isoformat() if day else None, "delivery_enqueued": delivered}

"""Run the daily schedule: reminders once a day after 7am, and messages held by quiet hours.

    manage.py run_schedule              # a tick every 300 seconds until stopped (Ctrl+C, SIGTERM)
    manage.py run_schedule --interval 60
    manage.py run_schedule --once       # one tick, then exit: for cron, every 5 minutes

The schedule only enqueues work; the background worker (`manage.py db_worker`) does it. Running
it twice, or alongside cron, is safe: a day's reminders run once (see messaging/scheduling.py).
"""

from __future__ import annotations

import logging
import signal
import threading
from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from withus.messaging.scheduling import schedule_tick

logger = logging.getLogger("withus.messaging.scheduling")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ArgumentTypeError(f"a whole number of seconds, not {value!r}") from None
    if number < 1:
        raise ArgumentTypeError("at least 1 second")
    return number


class Command(BaseCommand):
    help = "Run the daily reminders and send messages held by quiet hours (one tick, or a loop)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one tick, then exit.")
        parser.add_argument(
            "--interval",
            type=_positive,
            default=300,
            help="Seconds between ticks when looping (default: 300).",
        )

    def handle(self, *args, once: bool, interval: int, **options):
        verbose = options.get("verbosity", 1) >= 1
        if once:
            self._tick(verbose)
            return
        stop = threading.Event()

        def _stop(signum, frame):
            stop.set()

        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        if verbose:
            self.stdout.write(f"Schedule running, a tick every {interval} seconds.")
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    self._tick(verbose)
                except Exception:  # a database blip must not stop the schedule for good
                    logger.exception("Schedule tick failed; trying again in %s seconds", interval)
                close_old_connections()
                stop.wait(interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if verbose:
            self.stdout.write("Schedule stopped.")

    def _tick(self, verbose: bool) -> None:
        result = schedule_tick()
        if verbose and (result["daily_enqueued"] or result["delivery_enqueued"]):
            parts = []
            if result["daily_enqueued"]:
                parts.append(f"daily reminders for {result['daily_enqueued']} queued")
            if result["delivery_enqueued"]:
                parts.append(f"{result['delivery_enqueued']} held messages queued to send")
            self.stdout.write("; ".join(parts).capitalize() + ".")

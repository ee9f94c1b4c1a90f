"""Page benchmarks on a national-scale data set. Not a test: it measures and reports.

    make bench          (or .venv/bin/python bench/run.py [--requests 30])

Builds a throw-away SQLite database in a temporary folder (or uses DATABASE_URL if set),
seeds `--scale national`, adds a busy audit trail, then requests each organisation page as the
Eastfield admin and reports the median and 95th percentile time and the query count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--audit-events", type=int, default=20000)
    parser.add_argument("--large-org-people", type=int, default=20000)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="withus-bench-")
    os.environ.setdefault("WITHUS_DATA_DIR", data_dir)
    os.environ.setdefault("WITHUS_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "withus.config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from withus.accounts.models import User
    from withus.audit.models import AuditEvent
    from withus.orgs.models import Membership, Organisation
    from withus.people.models import Participant

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command(
        "seed_demo",
        "--scale",
        "national",
        "--organisations",
        str(args.organisations),
        "--large-org-people",
        str(args.large_org_people),
        verbosity=0,
    )
    with scopes_disabled():
        org = Organisation.objects.get(slug="eastfield")
        admin = User.objects.get(email="admin@eastfield.example")
        now = timezone.now()
        AuditEvent.unscoped.bulk_create(
            [
                AuditEvent(
                    organisation=org,
                    actor=admin,
                    actor_label=admin.email,
                    action="bench.event",
                    summary=f"Benchmark event {i}",
                    created_at=now - timezone.timedelta(minutes=i),
                )
                for i in range(args.audit_events)
            ],
            batch_size=2000,
        )
        # The admin also joins the largest organisation, to measure its people pages.
        large = Organisation.objects.get(slug="national-0001")
        Membership.of_user.get_or_create(user=admin, organisation=large, defaults={"role": "admin"})
        person = Participant.objects.filter(organisation=large).order_by("pk").first()
        people_count = Participant.objects.filter(organisation=large).count()
        from django.db.models import Count

        from withus.events.models import Event

        event = (
            Event.unscoped.filter(organisation=large)
            .annotate(n=Count("invitations"))
            .order_by("-n", "pk")
            .first()
        )
        from withus.money.models import Payment

        payee = (
            Payment.unscoped.filter(organisation=large)
            .values("participant")
            .annotate(n=Count("id"))
            .order_by("-n", "participant")
            .first()
        )
        from withus.surveys.models import Survey
        from withus.voice.models import Action, Contribution

        pair = (
            Survey.unscoped.filter(organisation=large, kind=Survey.Kind.AFTER)
            .order_by("pk")
            .first()
        )
        busiest_survey = (
            Survey.unscoped.filter(organisation=large)
            .annotate(n=Count("responses"))
            .order_by("-n", "pk")
            .first()
        )
        contribution = Contribution.unscoped.filter(organisation=large).order_by("pk").first()
        action = (
            Action.unscoped.filter(organisation=large)
            .annotate(n=Count("contributions"))
            .order_by("-n", "pk")
            .first()
        )
    print(f"Set up in {time.monotonic() - started:.1f}s ({data_dir})\n")

    client = Client()
    client.force_login(admin)
    pages = {
        "dashboard": "/o/eastfield/",
        "staff": "/o/eastfield/staff/",
        "audit trail": "/o/eastfield/audit/",
        "audit trail, filtered": f"/o/eastfield/audit/?person={admin.pk}&date_from=2020-01-01",
        "settings": "/o/eastfield/settings/",
        f"people ({people_count})": "/o/national-0001/people/",
        "people, 100 a page": "/o/national-0001/people/?size=100&sort=updated",
        "people, searched": "/o/national-0001/people/?q=smith&status=active",
        "people, by access need": "/o/national-0001/people/?access_need=bsl&day=2",
        "person": f"/o/national-0001/people/{person.pk}/",
        "events": "/o/national-0001/events/",
        "event": f"/o/national-0001/events/{event.pk}/",
        "event, invite people": f"/o/national-0001/events/{event.pk}/invite/",
        "event, matches": f"/o/national-0001/events/{event.pk}/invite/matches/",
        "calendar": "/o/national-0001/events/calendar/",
        "messages": "/o/national-0001/messages/",
        "money": "/o/national-0001/money/",
        "money, a person": f"/o/national-0001/money/people/{payee['participant']}/",
        "money, spend": "/o/national-0001/money/spend/",
        "voice home": "/o/national-0001/voice/",
        "voice, contributions": "/o/national-0001/voice/contributions/",
        "voice, open loops": "/o/national-0001/voice/contributions/?loop=open",
        "voice, contribution": f"/o/national-0001/voice/contributions/{contribution.pk}/",
        "voice, actions": "/o/national-0001/voice/actions/",
        "voice, action": f"/o/national-0001/voice/actions/{action.pk}/",
        "voice, board": "/o/national-0001/voice/board/",
        "voice, outcomes": "/o/national-0001/voice/outcomes/",
        "voice, impact": "/o/national-0001/voice/impact/",
        "surveys": "/o/national-0001/surveys/",
        "survey results": f"/o/national-0001/surveys/{busiest_survey.pk}/results/",
        "survey, before/after": f"/o/national-0001/surveys/{pair.pk}/results/",
    }
    print(f"{'page':<24}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for name, url in pages.items():
        timings = []
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"{name:<24}{statistics.median(timings):>10.1f}{p95:>10.1f}{len(queries):>9}")

    # Report figures (not a page: the background task builds them) for the largest organisation.
    from withus.reports.figures import build_figures

    today = timezone.localdate()
    year_ago = today - timezone.timedelta(days=365)
    for audience in ["trustees", "funder", "participants"]:
        timings = []
        for _ in range(max(3, args.requests // 5)):
            with scope(organisation=large), CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                build_figures(large, audience=audience, start=year_ago, end=today)
                timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        name = f"figures, {audience}"
        print(f"{name:<24}{statistics.median(timings):>10.1f}{p95:>10.1f}{len(queries):>9}")


if __name__ == "__main__":
    main()

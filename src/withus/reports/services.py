"""Writes for reports: the equality baseline, starting a report run and building it."""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from withus.audit.services import log_action
from withus.people.equality import QUESTIONS
from withus.reports.models import EqualityBaseline, ReportRun

logger = logging.getLogger(__name__)


def baseline_save(*, organisation, year: int, counts: dict[tuple[str, str], int], actor) -> int:
    """Store a year's baseline (question, answer) → count. Returns how many figures changed."""
    existing = {
        (row.question, row.answer): row for row in EqualityBaseline.objects.filter(year=year)
    }
    changed = 0
    with transaction.atomic():
        for (question, answer), count in counts.items():
            if question not in QUESTIONS:
                continue
            row = existing.get((question, answer))
            if row is None:
                EqualityBaseline.objects.create(
                    organisation=organisation,
                    year=year,
                    question=question,
                    answer=answer,
                    count=count,
                )
                changed += 1
            elif row.count != count:
                row.count = count
                row.save(update_fields=["count", "updated_at"])
                changed += 1
        log_action(
            action="reports.baseline_saved",
            summary=f"Equality baseline for {year} saved ({changed} figures changed)",
            actor=actor,
            organisation=organisation,
        )
    return changed


def baseline_counts(year: int) -> dict[tuple[str, str], int]:
    return {
        (q, a): n
        for q, a, n in EqualityBaseline.objects.filter(year=year).values_list(
            "question", "answer", "count"
        )
    }


def report_start(
    *, organisation, audience: str, start: dt.date, end: dt.date, project=None, actor
) -> ReportRun:
    """Record the request and queue the build after the commit. Never builds it here."""
    run = ReportRun.objects.create(
        organisation=organisation,
        audience=audience,
        period_start=start,
        period_end=end,
        project=project,
        requested_by=actor,
        step="Waiting to start",
    )
    log_action(
        action="reports.requested",
        summary=f"Report for {run.get_audience_display()} requested, {start} to {end}",
        actor=actor,
        organisation=organisation,
        target=run,
    )
    transaction.on_commit(functools.partial(_enqueue, run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from withus.reports.tasks import build_report

    try:
        build_report.enqueue(run_id)
    except Exception:
        logger.exception("Could not queue report run %s", run_id)
        ReportRun.unscoped.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
            status=ReportRun.Status.FAILED, error="The report could not be queued. Try again."
        )


def report_build(run_id: int) -> str:
    """Build one run (inside its organisation's scope): figures, then the three files."""
    from withus.reports import exporting
    from withus.reports.figures import build_figures

    run = ReportRun.objects.select_related("organisation", "project").get(pk=run_id)
    if run.status not in (ReportRun.Status.QUEUED, ReportRun.Status.RUNNING):
        return run.status

    def progress(percent: int, step: str) -> None:
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.RUNNING, progress=min(99, percent), step=step[:120]
        )

    try:
        progress(5, "Starting")
        figures = build_figures(
            run.organisation,
            audience=run.audience,
            start=run.period_start,
            end=run.period_end,
            project=run.project,
            progress=progress,
        )
        stem = f"report-{run.period_start}-{run.period_end}-{run.audience}"
        progress(65, "Writing the PDF")
        pdf = exporting.pdf(figures)
        progress(80, "Writing the Word document")
        docx = exporting.docx(figures)
        progress(90, "Writing the spreadsheet")
        xlsx = exporting.xlsx(figures)
        run.refresh_from_db()
        run.figures = figures
        run.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        run.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        run.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        run.status = ReportRun.Status.DONE
        run.progress = 100
        run.step = "Ready"
        run.finished_at = timezone.now()
        run.save()
        log_action(
            action="reports.built",
            summary=f"Report {run.pk} built",
            organisation=run.organisation,
            target=run,
        )
    except Exception:
        logger.exception("Report run %s failed", run_id)
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED,
            step="Stopped",
            error="Something went wrong while building this report. Nothing was published. "
            "Try again, and tell your administrator if it happens again.",
            finished_at=timezone.now(),
        )
    return ReportRun.objects.get(pk=run.pk).status

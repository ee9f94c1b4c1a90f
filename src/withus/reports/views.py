"""Report pages: the equality baseline and comparison, starting a report, its progress and its
files. Views are thin: figures come from reports/figures.py, writes from reports/services.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from withus.audit.services import log_action
from withus.documents import download as file_response
from withus.events.timing import zone
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.reports import figures as figures_module
from withus.reports import services
from withus.reports.exporting import long_date
from withus.reports.forms import BaselineForm, PeriodForm, ReportForm, last_financial_year
from withus.reports.models import EqualityBaseline, ReportRun

RUNS_PER_PAGE = 20
FORMATS = {
    "pdf": ("application/pdf", Capability.VIEW_REPORTS),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Capability.VIEW_REPORTS,
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Capability.EXPORT,
    ),
}


def _today(request) -> dt.date:
    return timezone.now().astimezone(zone(request.organisation.timezone)).date()


@capability_required(Capability.VIEW_REPORTS)
def home(request, org_slug):
    today = _today(request)
    if request.method == "POST":
        form = ReportForm(request.POST, today=today)
        if form.is_valid():
            data = form.cleaned_data
            run = services.report_start(
                organisation=request.organisation,
                audience=data["audience"],
                start=data["start"],
                end=data["end"],
                project=data.get("project"),
                actor=request.user,
            )
            return redirect("reports:run", org_slug=org_slug, pk=run.pk)
    else:
        form = ReportForm(today=today, initial={"audience": ReportRun.Audience.TRUSTEES})
    runs = ReportRun.objects.select_related("project", "requested_by")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/home.html", {"form": form, "page": page, "runs": page})


@capability_required(Capability.VIEW_REPORTS)
def run(request, org_slug, pk):
    report = get_object_or_404(ReportRun.objects.select_related("project"), pk=pk)
    busy = report.status in (ReportRun.Status.QUEUED, ReportRun.Status.RUNNING)
    figures = report.figures or {}
    t = figures.get("threshold", request.organisation.small_number_threshold)
    headlines = []
    activity = figures.get("activity")
    if activity:
        headlines += [
            ("Events held", f"{activity['events_total']:,}"),
            ("People involved", figures_module.display(activity["people_involved"], t)),
            ("Hours of involvement", f"{activity['involvement_hours']:,}"),
        ]
    voice = figures.get("voice")
    if voice:
        headlines.append(("Things people raised", f"{voice['contributions_received']:,}"))
        loop = voice.get("loop")
        if loop and loop["share_within_target"] is not None:
            headlines.append(
                (
                    f"Told what happened within {voice['feedback_target_days']} days",
                    f"{loop['share_within_target']}%",
                )
            )
    money = figures.get("money")
    if money:
        headlines.append(("Involvement payments paid", f"£{Decimal(money['involvement_paid']):,}"))
        headlines.append(("Expenses paid back", f"£{Decimal(money['expenses_paid']):,}"))
    response = render(
        request,
        "reports/run.html",
        {
            "report": report,
            "busy": busy,
            "headlines": headlines,
            "period": f"{long_date(report.period_start.isoformat())} to "
            f"{long_date(report.period_end.isoformat())}",
            "can_export": request.membership.has(Capability.EXPORT),
        },
    )
    if busy:
        # The same as <meta http-equiv="refresh" content="3">: the page checks again without
        # JavaScript (base.html has no block in <head> for the meta tag).
        response["Refresh"] = "3"
    return response


def download(request, org_slug, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    content_type, capability = FORMATS[fmt]
    return _download(
        request, org_slug, pk=pk, fmt=fmt, content_type=content_type, capability=capability
    )


def _download(request, org_slug, *, pk, fmt, content_type, capability):
    @capability_required(capability)
    def inner(request, org_slug):
        report = get_object_or_404(ReportRun.objects, pk=pk)
        stored = getattr(report, fmt)
        if report.status != ReportRun.Status.DONE or not stored:
            raise Http404
        with stored.open("rb") as handle:
            content = handle.read()
        log_action(
            action="reports.downloaded",
            summary=f"Report {report.pk} downloaded as {fmt.upper()}",
            actor=request.user,
            target=report,
            request=request,
        )
        name = f"report-{report.period_start}-{report.period_end}-{report.audience}.{fmt}"
        return file_response(content, content_type, name)

    return inner(request, org_slug)


@capability_required(Capability.VIEW_REPORTS)
def equality(request, org_slug):
    today = _today(request)
    form = PeriodForm(request.GET or None, today=today, initial={"period": "last_financial_year"})
    figures = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        start, end = last_financial_year(today)
    if not form.is_bound or form.is_valid():
        figures = figures_module.equality_figures(request.organisation, start=start, end=end)
    return render(
        request,
        "reports/equality.html",
        {
            "form": form,
            "figures": figures,
            "threshold": request.organisation.small_number_threshold,
            "period": f"{long_date(start.isoformat())} to {long_date(end.isoformat())}",
            "this_year": today.year,
            "can_manage": request.membership.has(Capability.MANAGE_PEOPLE),
            "years": sorted(
                set(EqualityBaseline.objects.values_list("year", flat=True)), reverse=True
            ),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def baseline(request, org_slug):
    """?year=2026 (default: this year). A year is not an object, so it is a query parameter."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = _today(request).year
    if not 2000 <= year <= 2100:
        year = _today(request).year
    if request.method == "POST":
        form = BaselineForm(request.POST)
        if form.is_valid():
            changed = services.baseline_save(
                organisation=request.organisation,
                year=year,
                counts=form.counts(),
                actor=request.user,
            )
            messages.success(request, f"Saved the figures for {year} ({changed} changed).")
            return redirect("reports:equality", org_slug=org_slug)
        copied = False
    else:
        counts = services.baseline_counts(year)
        copied = False
        if not counts:
            counts = services.baseline_counts(year - 1)
            copied = bool(counts)
        form = BaselineForm(initial={f"{q}__{a}": n for (q, a), n in counts.items()})
    return render(request, "reports/baseline.html", {"form": form, "year": year, "copied": copied})

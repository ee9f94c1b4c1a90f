"""Voice home, the "You said, we did" board (page and printable poster), outcomes for people,
organisational impact, and a person's voice page."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from withus.documents import download, html_to_pdf
from withus.forms import apply_errors, parse_id
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import any_capability_required, capability_required
from withus.people.models import Participant
from withus.reports.suppression import suppress_series
from withus.voice import selectors, services
from withus.voice.forms import ImpactForm, OutcomeForm
from withus.voice.models import Feedback, ImpactRecord, PersonOutcome

READ = (Capability.MANAGE_PEOPLE, Capability.VIEW_REPORTS)
PAGE_SIZE = 50


@any_capability_required(*READ)
def home(request, org_slug):
    organisation = request.organisation
    today = timezone.localdate()
    start = today - relativedelta(months=12) + dt.timedelta(days=1)
    target = organisation.feedback_target_days
    stats = selectors.loop_stats(start=start, end=today, target_days=target, today=today)
    bands = [
        {"label": label, "count": n, "key": selectors.band_key_for(label)}
        for label, n in selectors.open_loops_by_age(today=today)
    ]
    people_told = (
        Feedback.objects.filter(given_at__date__gte=start, participant__isnull=False)
        .values("participant")
        .distinct()
        .count()
    )
    threshold = organisation.small_number_threshold
    cells, _ = suppress_series({"told": people_told}, threshold, with_total=False)
    return render(
        request,
        "voice/home.html",
        {
            "stats": stats,
            "start": start,
            "today": today,
            "target": target,
            "bands": bands,
            "overdue": list(selectors.overdue_actions(today)[:10]),
            "by_theme": selectors.counts_by_theme(),
            "by_kind": selectors.counts_by_change_kind(),
            "people_told": cells["told"].display(threshold),
            "can_edit": request.membership.has(Capability.MANAGE_PEOPLE),
        },
    )


BOARD_PAGE = 30  # the newest answers on screen
POSTER = 12  # what fits on a wall poster


def _board_context(request, limit):
    return {
        "items": selectors.board_items(limit=limit),
        "organisation": request.organisation,
        "limit": limit,
        "can_edit": request.membership.has(Capability.MANAGE_PEOPLE),
    }


@any_capability_required(*READ)
def board(request, org_slug):
    return render(request, "voice/board.html", _board_context(request, BOARD_PAGE))


@any_capability_required(*READ)
def board_pdf(request, org_slug):
    html = render_to_string(
        "voice/board_poster.html", _board_context(request, POSTER), request=request
    )
    return download(html_to_pdf(html), "application/pdf", "you-said-we-did.pdf")


# --- outcomes ----------------------------------------------------------------------------------


@capability_required(Capability.MANAGE_PEOPLE)  # named people: not for viewers
def outcome_list(request, org_slug):
    page = Paginator(selectors.outcome_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "voice/outcomes/list.html",
        {"page": page, "can_edit": request.membership.has(Capability.MANAGE_PEOPLE)},
    )


def _outcome_form(request, outcome=None):
    initial = {}
    if outcome is None and parse_id(request.GET.get("participant")):
        initial["participant"] = request.GET["participant"]
    form = OutcomeForm(request.POST or None, instance=outcome, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_save(
                organisation=request.organisation,
                data=form.cleaned_data,
                outcome=outcome,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Outcome saved.")
            return redirect("voice:outcomes", org_slug=request.organisation.slug)
    title = "Change this outcome" if outcome else "Record an outcome for a person"
    return render(request, "voice/form.html", {"form": form, "title": title, "back": "outcomes"})


@capability_required(Capability.MANAGE_PEOPLE)
def outcome_add(request, org_slug):
    return _outcome_form(request)


@capability_required(Capability.MANAGE_PEOPLE)
def outcome_edit(request, org_slug, pk):
    return _outcome_form(request, get_object_or_404(PersonOutcome.objects, pk=pk))


# --- impact ------------------------------------------------------------------------------------


@any_capability_required(*READ)
def impact_list(request, org_slug):
    page = Paginator(selectors.impact_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "voice/impact/list.html",
        {"page": page, "can_edit": request.membership.has(Capability.MANAGE_PEOPLE)},
    )


def _impact_form(request, impact=None):
    form = ImpactForm(request.POST or None, instance=impact)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "actions"}
        try:
            services.impact_save(
                organisation=request.organisation,
                data=data,
                actions=form.cleaned_data["actions"],
                impact=impact,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Impact saved.")
            return redirect("voice:impact", org_slug=request.organisation.slug)
    title = "Change this impact" if impact else "Record a difference involvement made"
    return render(request, "voice/form.html", {"form": form, "title": title, "back": "impact"})


@capability_required(Capability.MANAGE_PEOPLE)
def impact_add(request, org_slug):
    return _impact_form(request)


@capability_required(Capability.MANAGE_PEOPLE)
def impact_edit(request, org_slug, pk):
    return _impact_form(request, get_object_or_404(ImpactRecord.objects, pk=pk))


# --- a person's voice --------------------------------------------------------------------------


@capability_required(Capability.MANAGE_PEOPLE)  # what one named person said
def person(request, org_slug, pk):
    participant = get_object_or_404(Participant.objects, pk=pk)
    contributions = (
        selectors.contribution_list()
        .filter(contributors=participant)
        .annotate(n_actions=Count("actions"))
    )
    return render(
        request,
        "voice/person.html",
        {
            "participant": participant,
            "contributions": contributions,
            "outcomes": PersonOutcome.objects.filter(participant=participant).select_related(
                "project"
            ),
            "can_edit": request.membership.has(Capability.MANAGE_PEOPLE),
        },
    )

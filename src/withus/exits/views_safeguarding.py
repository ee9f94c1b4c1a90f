"""The safeguarding concerns log. Only members with MANAGE_SAFEGUARDING reach any of it: others
in the organisation get 403 (as with recording restrictions), another organisation's concern is
404, and every page that shows what a concern holds (the list, a concern, its change form) is
recorded in the audit log as a sensitive read. Audit summaries name concerns by number only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from withus.audit.services import log_action, log_sensitive_read
from withus.exits import forms, rules, selectors, services
from withus.exits.models import (
    COMMISSION_NOTE,
    COMMISSION_SOURCE,
    IncidentCategory,
    SafeguardingConcern,
)
from withus.forms import MAX_ID, apply_errors, search_text
from withus.messaging.reminders import local_today
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required

SAFEGUARDING = Capability.MANAGE_SAFEGUARDING


def _concern(pk: int) -> SafeguardingConcern:
    if pk > MAX_ID:
        raise Http404("No such concern.")
    try:
        return selectors.concern_detail(pk)
    except SafeguardingConcern.DoesNotExist:
        raise Http404("No such concern.") from None


def _findings(concern, today):
    return rules.concern_findings(
        status=concern.status,
        raised_on=concern.raised_on,
        review_on=concern.review_on,
        reportable=concern.reportable,
        reported_on=concern.reported_on,
        decisions=(
            concern.decision_count
            if hasattr(concern, "decision_count")
            else len(concern.decisions.all())
        ),
        today=today,
    )


@capability_required(SAFEGUARDING)
def concerns(request, org_slug):
    status = request.GET.get("status", "open")
    if status not in SafeguardingConcern.Status.values and status != "all":
        status = "open"
    today = local_today(request.organisation)
    wanted = "" if status == "all" else status
    # Never hide concerns silently: the page says how many there are and offers the rest.
    page = Paginator(selectors.concern_list(status=wanted), selectors.LIST_LIMIT).get_page(
        request.GET.get("page")
    )
    rows = [(concern, _findings(concern, today)) for concern in page]
    if rows:
        _log_list_read(request, [concern.pk for concern, _ in rows], status)
    return render(
        request,
        "exits/concerns.html",
        {
            "rows": rows,
            "status": status,
            "today": today,
            "total": page.paginator.count,
            "first": page.start_index(),
            "last": page.end_index(),
            "older": page.next_page_number() if page.has_next() else None,
            "newer": page.previous_page_number() if page.has_previous() else None,
        },
    )


def _log_list_read(request, numbers: list[int], status: str) -> None:
    """The list shows each concern's summary and the people involved, so looking at it is a
    sensitive read, as opening a concern is (log_sensitive_read, which needs a single record).
    One row per look, naming the concerns shown by number only."""
    shown = ", ".join(str(n) for n in numbers)
    if len(shown) > 400:
        shown = shown[:400].rsplit(", ", 1)[0] + " and others"
    log_action(
        action="sensitive.read",
        summary=f"Viewed the safeguarding concerns list ({status}): concerns {shown}",
        actor=request.user,
        request=request,
    )


def _concern_form(request, org_slug, concern: SafeguardingConcern | None):
    today = local_today(request.organisation)
    query = search_text(request.GET.get("q"))
    form = forms.ConcernForm(
        request.POST or None,
        instance=concern,
        initial=None if concern else {"raised_on": today},
        query=query,
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.concern_save(
                organisation=request.organisation,
                concern=concern,
                data=form.cleaned_data,
                people=form.chosen_people(),
                actor=request.user,
                request=request,
                today=today,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Concern saved.")
            return redirect("exits:concern", org_slug=org_slug, pk=saved.pk)
    if concern is not None:
        # The change form shows everything the concern holds: as sensitive as the concern page.
        log_sensitive_read(
            request=request, target=concern, what="a safeguarding concern (to change it)"
        )
    return render(
        request,
        "exits/concern_edit.html",
        {
            "form": form,
            "concern": concern,
            "commission_note": COMMISSION_NOTE.format(source=COMMISSION_SOURCE),
            "query": query,
            "max_choices": forms.MAX_CHOICES,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@capability_required(SAFEGUARDING)
def concern_add(request, org_slug):
    return _concern_form(request, org_slug, None)


@capability_required(SAFEGUARDING)
def concern_edit(request, org_slug, pk):
    concern = _concern(pk)
    return _concern_form(request, org_slug, concern)


@capability_required(SAFEGUARDING)
def concern(request, org_slug, pk):
    concern = _concern(pk)
    log_sensitive_read(request=request, target=concern, what="a safeguarding concern")
    today = local_today(request.organisation)
    form = forms.DecisionForm(request.POST or None, initial={"decided_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_add(
                concern=concern,
                actor=request.user,
                request=request,
                today=today,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("exits:concern", org_slug=org_slug, pk=concern.pk)
    return render(
        request,
        "exits/concern.html",
        {
            "concern": concern,
            "findings": _findings(concern, today),
            "form": form,
            "category_label": dict(IncidentCategory.choices).get(concern.category, ""),
        },
        status=400 if form.is_bound and form.errors else 200,
    )

"""The safeguarding concerns log. Only members with MANAGE_SAFEGUARDING reach any of it: others
in the organisation get 403 (as with recording restrictions), another organisation's concern is
404, and every page that shows what a concern holds (the list, a concern, its change form) is
recorded in the audit log as a sensitive read. Audit summaries name concerns by number only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from withus.audit.services import log_action, log_sensitive_read
from withus.exits import forms, rules, selectors, services
from withus.exits.models import (
    COMMISSION_NOTE,
    COMMISSION_SOURCE,
    IncidentCategory,
    SafeguardingConcern,
)
from withus.forms import MAX_ID, apply_errors
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
    today = timezone.localdate()
    wanted = "" if status == "all" else status
    limit = selectors.LIST_LIMIT
    page = _page_number(request.GET.get("page"))
    offset = (page - 1) * limit
    rows = [
        (concern, _findings(concern, today))
        for concern in selectors.concern_list(status=wanted, offset=offset)
    ]
    # Never hide concerns silently: when the page is full (or not the first), count them all
    # and offer the older ones.
    counted = len(rows) >= limit or page > 1
    total = selectors.concern_count(status=wanted) if counted else len(rows)
    if rows:
        _log_list_read(request, [concern.pk for concern, _ in rows], status)
    return render(
        request,
        "exits/concerns.html",
        {
            "rows": rows,
            "status": status,
            "today": today,
            "total": total,
            "first": offset + 1,
            "last": offset + len(rows),
            "older": page + 1 if offset + len(rows) < total else None,
            "newer": page - 1 if page > 1 else None,
        },
    )


def _page_number(raw) -> int:
    """?page=N as a number from 1 (anything else is page 1)."""
    try:
        page = int(raw or 1)
    except (TypeError, ValueError):
        return 1
    return page if 1 <= page <= 10_000 else 1


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
    form = forms.ConcernForm(
        request.POST or None,
        instance=concern,
        initial=None if concern else {"raised_on": timezone.localdate()},
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
    form = forms.DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_add(
                concern=concern, actor=request.user, request=request, **form.cleaned_data
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
            "findings": _findings(concern, timezone.localdate()),
            "form": form,
            "category_label": dict(IncidentCategory.choices).get(concern.category, ""),
        },
        status=400 if form.is_bound and form.errors else 200,
    )

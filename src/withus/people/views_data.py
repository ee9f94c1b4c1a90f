"""Data about people in and out of withus: import, export, retention review, subject access and
erasure. The work is done in importing, exporting, subject_access and services."""

from __future__ import annotations

import re

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from withus.audit.services import log_sensitive_read
from withus.forms import apply_errors
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people import choices as c
from withus.people import exporting, importing, selectors, services
from withus.people import subject_access as sar
from withus.people.forms import ImportForm
from withus.people.models import ImportBatch
from withus.people.views import _participant, filters_from

PREVIEW_ROWS = 20
RETENTION_PAGE_SIZE = 50


class ConfirmImportForm(django_forms.Form):
    skip_bad_rows = django_forms.BooleanField(
        label="Skip the rows with problems and import the rest", required=False
    )


class EraseForm(django_forms.Form):
    confirm_name = django_forms.CharField(
        label="Type their preferred name to confirm",
        max_length=200,
        error_messages={"required": "Type their preferred name to confirm"},
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["confirm_name"].help_text = f"Type {expected} exactly as it is shown here."

    def clean_confirm_name(self):
        typed = self.cleaned_data["confirm_name"]

        def fold(text: str) -> str:
            return re.sub(r"\s+", " ", text).strip().casefold()

        if fold(typed) != fold(self.expected):
            raise django_forms.ValidationError(
                f"The name you typed does not match. Type {self.expected} to confirm"
            )
        return typed


@require_GET
@capability_required(Capability.EXPORT)
def export(request, org_slug):
    return exporting.export_response(
        request=request, filters=filters_from(request), fmt=request.GET.get("format", "csv")
    )


@capability_required(Capability.MANAGE_PEOPLE)
def import_upload(request, org_slug):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Unconfirmed uploads hold personal details: forget old ones whenever a new one arrives.
        importing.discard_old_batches(organisation=request.organisation)
        try:
            batch = importing.create_batch(
                organisation=request.organisation,
                uploaded=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect("people:import_preview", org_slug=org_slug, batch_id=batch.pk)
    return render(
        request,
        "people/import.html",
        {
            "form": form,
            "columns": importing.COLUMNS.values(),
            "methods": c.Method.choices,
            "needs": c.AccessNeed.choices,
            "max_rows": settings.IMPORT_MAX_ROWS,
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def import_preview(request, org_slug, batch_id):
    batch = get_object_or_404(ImportBatch.objects.filter(pk=batch_id))
    form = ConfirmImportForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            if batch.state != ImportBatch.State.PREVIEW:  # already imported or cancelled
                return redirect("people:import_preview", org_slug=org_slug, batch_id=batch.pk)
            importing.import_cancel(batch=batch)
            messages.success(request, f"Import of {batch.filename} cancelled. Nobody was added.")
            return redirect("people:import", org_slug=org_slug)
        if batch.state == ImportBatch.State.IMPORTED:
            messages.success(request, f"{batch.filename} has already been imported.")
            return redirect("people:list", org_slug=org_slug)
        if form.is_valid():
            try:
                batch = importing.import_confirm(
                    batch=batch,
                    skip_bad_rows=form.cleaned_data["skip_bad_rows"],
                    actor=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
                batch.refresh_from_db()
            else:
                text = (
                    f"{batch.imported_count:,} "
                    f"{'person' if batch.imported_count == 1 else 'people'} imported "
                    f"from {batch.filename}."
                )
                if batch.skipped_count == 1:
                    text += " 1 row with a problem was skipped."
                elif batch.skipped_count:
                    text += f" {batch.skipped_count:,} rows with problems were skipped."
                messages.success(request, text)
                return redirect("people:list", org_slug=org_slug)
    return render(
        request,
        "people/import_preview.html",
        {
            "batch": batch,
            "form": form,
            "preview": batch.rows[:PREVIEW_ROWS],
            "preview_count": min(len(batch.rows), PREVIEW_ROWS),
            "clean_count": len(batch.rows),
            "error_count": len(batch.errors),
            "can_view_sensitive": request.membership.has(Capability.VIEW_SENSITIVE),
            "statuses": dict(c.Status.choices),
        },
    )


@capability_required(Capability.ADMIN)
def retention(request, org_slug):
    people = selectors.retention_due(request.organisation)
    page = Paginator(people, RETENTION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/retention.html",
        {"page": page, "months": request.organisation.retention_months},
    )


@capability_required(Capability.ADMIN)
def subject_access(request, org_slug, pk):
    participant = _participant(pk)
    return render(request, "people/subject_access.html", {"participant": participant})


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@capability_required(Capability.ADMIN)
def subject_access_json(request, org_slug, pk):
    participant = _participant(pk)
    content = sar.to_json(sar.build(participant))
    log_sensitive_read(request=request, target=participant, what="subject access export (JSON)")
    return _download(content, "application/json", sar.filename(participant, "json"))


@require_GET
@capability_required(Capability.ADMIN)
def subject_access_pdf(request, org_slug, pk):
    participant = _participant(pk)
    content = sar.to_pdf(sar.build(participant), participant=participant)
    log_sensitive_read(request=request, target=participant, what="subject access export (PDF)")
    return _download(content, "application/pdf", sar.filename(participant, "pdf"))


@capability_required(Capability.ADMIN)
def erase(request, org_slug, pk):
    participant = _participant(pk)
    form = EraseForm(request.POST or None, expected=participant.preferred_name)
    if request.method == "POST" and form.is_valid():
        name = participant.preferred_name
        services.participant_erase(participant=participant, actor=request.user, request=request)
        messages.success(
            request, f"{name}'s identity has been erased. Their anonymous record stays for totals."
        )
        return redirect("people:list", org_slug=org_slug)
    return render(request, "people/erase.html", {"participant": participant, "form": form})

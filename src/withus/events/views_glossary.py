"""The organisation's glossary: words and abbreviations explained in plain language, which
meeting packs include wherever the papers use them.

Terms come through the scoped manager, so another organisation's term answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from withus.events import services_glossary
from withus.events.forms_documents import GlossaryTermForm
from withus.events.models import Event, GlossaryTerm
from withus.forms import apply_errors
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required


def _event_from_query(request) -> Event | None:
    """The event named by ?event=<id> (to go back to its pack), if it is one of ours."""
    raw = request.GET.get("event", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        return None
    return Event.objects.filter(pk=int(raw)).first()


def _back(org_slug, event: Event | None):
    if event is not None:
        return redirect("events:pack", org_slug=org_slug, pk=event.pk)
    return redirect("events:glossary", org_slug=org_slug)


@capability_required(Capability.MANAGE_PEOPLE)
def glossary(request, org_slug):
    terms = GlossaryTerm.objects.annotate(events_count=Count("events")).order_by("term")
    return render(request, "events/glossary/list.html", {"terms": terms})


@capability_required(Capability.MANAGE_PEOPLE)
def glossary_add(request, org_slug):
    event = _event_from_query(request)
    form = GlossaryTermForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services_glossary.glossary_term_create(
                organisation=request.organisation,
                data=form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{term.term}” has been added to the glossary.")
            return _back(org_slug, event)
    return render(
        request,
        "events/glossary/form.html",
        {"form": form, "title": "Add a word to the glossary", "button": "Add", "event": event},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def glossary_edit(request, org_slug, term_id):
    term = get_object_or_404(
        GlossaryTerm.objects.annotate(events_count=Count("events")), pk=term_id
    )
    form = GlossaryTermForm(request.POST if request.method == "POST" else None, instance=term)
    if request.method == "POST" and form.is_valid():
        try:
            services_glossary.glossary_term_update(
                term=term, data=form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{term.term}” has been saved.")
            return redirect("events:glossary", org_slug=org_slug)
    if request.method == "POST":  # the form wrote what was typed onto it: show the saved one
        term.refresh_from_db(fields=["term", "meaning"])
    return render(
        request,
        "events/glossary/form.html",
        {"form": form, "title": "Change a glossary entry", "button": "Save", "term": term},
    )


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def glossary_delete(request, org_slug, term_id):
    term = get_object_or_404(GlossaryTerm.objects, pk=term_id)
    label = term.term
    services_glossary.glossary_term_delete(term=term, actor=request.user, request=request)
    messages.success(request, f"“{label}” has been removed from the glossary.")
    return redirect("events:glossary", org_slug=org_slug)

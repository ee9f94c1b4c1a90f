"""Venues and their access facts. Objects come through the scoped managers (other
organisations' ids answer 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from withus.events import selectors, services
from withus.events.forms import VenueForm
from withus.events.models import Venue
from withus.forms import apply_errors
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required


@capability_required(Capability.MANAGE_PEOPLE)
def venue_list(request, org_slug):
    show_all = request.GET.get("all") == "1"
    venues = selectors.venue_list(include_archived=show_all)
    return render(request, "events/venues/list.html", {"venues": venues, "show_all": show_all})


def _save(request, form, venue=None):
    try:
        return services.venue_save(
            organisation=request.organisation,
            venue=venue,
            data=form.cleaned_data,
            can_manage_safeguarding=request.membership.has(Capability.MANAGE_SAFEGUARDING),
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None


@capability_required(Capability.MANAGE_PEOPLE)
def venue_add(request, org_slug):
    form = VenueForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (venue := _save(request, form)):
        messages.success(request, f"{venue.name} added.")
        return redirect("events:venues", org_slug=org_slug)
    return render(request, "events/venues/form.html", {"form": form, "title": "Add a venue"})


@capability_required(Capability.MANAGE_PEOPLE)
def venue_edit(request, org_slug, venue_id):
    venue = get_object_or_404(Venue.objects.all(), pk=venue_id)
    form = VenueForm(request.POST or None, instance=venue)
    if request.method == "POST" and form.is_valid() and _save(request, form, venue):
        messages.success(request, f"{venue.name} saved.")
        return redirect("events:venues", org_slug=org_slug)
    return render(
        request,
        "events/venues/form.html",
        {"form": form, "title": f"Change {venue.name}", "venue": venue},
    )

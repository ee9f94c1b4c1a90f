"""Staff pages: open testimonial and reference requests from the portal, and marking one done."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.portal import services_record
from withus.portal.models import TestimonialRequest

PAGE = 100


class DoneForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, who wrote it and where it was sent.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@capability_required(Capability.MANAGE_PEOPLE)
def testimonials(request, org_slug):
    rows = (
        TestimonialRequest.objects.filter(done_at__isnull=True)
        .select_related("participant", "participant__named_contact")
        .order_by("created_at", "pk")
    )
    done = (
        TestimonialRequest.objects.filter(done_at__isnull=False)
        .select_related("participant", "done_by")
        .order_by("-done_at", "-pk")
    )
    return render(
        request,
        "portal/staff/testimonials.html",
        {
            "rows": list(rows[:PAGE]),
            "done": list(done[:20]),
            "organisation": request.organisation,
        },
    )


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def testimonial_done(request, org_slug, pk):
    asked = get_object_or_404(TestimonialRequest.objects.select_related("participant"), pk=pk)
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep the note under 1,000 letters.")
        return redirect("portal:testimonials", org_slug=org_slug)
    services_record.testimonial_done(
        asked=asked, note=form.cleaned_data["note"], actor=request.user, request=request
    )
    messages.success(
        request, f"Marked as done: the request from {asked.participant.preferred_name}."
    )
    return redirect("portal:testimonials", org_slug=org_slug)

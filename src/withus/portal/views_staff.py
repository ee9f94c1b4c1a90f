"""Staff pages: issue a printed access code for someone without a phone (shown once); view the
portal as a participant sees it (read-only, audited)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from withus.audit.services import log_action
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people.models import Participant
from withus.portal import services, session


@capability_required(Capability.MANAGE_PEOPLE)
def issue_access_code(request, org_slug, pk):
    participant = get_object_or_404(Participant.objects, pk=pk)
    code = None
    if request.method == "POST":
        code = services.issue_access_code(participant=participant, actor=request.user)
    return render(
        request,
        "portal/issue_access_code.html",
        {"participant": participant, "code": code, "organisation": request.organisation},
    )


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def view_as(request, org_slug, pk):
    """Read-only view of the portal as this person sees it; audited when it starts and for
    every page seen."""
    participant = get_object_or_404(Participant.objects, pk=pk)
    session.start_viewing_as(request, participant)
    log_action(
        action="portal.view_as.start",
        summary=f"Started a read-only view of the portal as {participant}",
        actor=request.user,
        request=request,
        target=participant,
    )
    return redirect("portal:home")

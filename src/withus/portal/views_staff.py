"""Staff page: issue a printed access code for someone without a phone (shown once)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people.models import Participant
from withus.portal import services


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

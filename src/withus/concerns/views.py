"""Staff inbox for concerns and complaints. Complaints and concerns need MANAGE_PEOPLE;
safeguarding items ("worried about something") also need MANAGE_SAFEGUARDING — 403 without it,
as for safeguarding restrictions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from withus.audit.services import log_sensitive_read
from withus.concerns import selectors, services
from withus.concerns.forms import RespondForm
from withus.concerns.models import (
    ACKNOWLEDGE_WITHIN_WORKING_DAYS,
    RESPOND_WITHIN_WORKING_DAYS,
    Concern,
)
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required

SHOW = {"open": "Open", "closed": "Closed", "all": "All"}


def _concern(request, pk) -> Concern:
    concern = get_object_or_404(Concern.objects.select_related("participant"), pk=pk)
    if concern.is_safeguarding and not request.membership.has(Capability.MANAGE_SAFEGUARDING):
        raise PermissionDenied("Safeguarding items need the can_manage_safeguarding capability.")
    if not services.may_see(request.membership, concern):
        raise PermissionDenied("Complaints about a member of staff go to admins only.")
    return concern


@capability_required(Capability.MANAGE_PEOPLE)
def inbox(request, org_slug):
    show = request.GET.get("show", "open")
    if show not in SHOW:
        show = "open"
    today = timezone.localdate()
    rows = []
    for concern in selectors.inbox(request.membership, show=show)[:200]:
        rows.append(
            {
                "concern": concern,
                "age": (today - timezone.localdate(concern.created_at)).days,
                "ack_overdue": concern.acknowledgement_overdue(today),
                "response_overdue": concern.response_overdue(today),
            }
        )
    return render(
        request,
        "concerns/inbox.html",
        {
            "rows": rows,
            "show": show,
            "shows": SHOW.items(),
            "ack_days": ACKNOWLEDGE_WITHIN_WORKING_DAYS,
            "respond_days": RESPOND_WITHIN_WORKING_DAYS,
            "can_safeguard": request.membership.has(Capability.MANAGE_SAFEGUARDING),
        },
    )


def _detail(request, concern, form=None, status=200):
    today = timezone.localdate()
    return render(
        request,
        "concerns/detail.html",
        {
            "concern": concern,
            "form": form or RespondForm(concern=concern),
            "history": selectors.history(concern).select_related("actor"),
            "ack_overdue": concern.acknowledgement_overdue(today),
            "response_overdue": concern.response_overdue(today),
            "age": (today - timezone.localdate(concern.created_at)).days,
        },
        status=status,
    )


@capability_required(Capability.MANAGE_PEOPLE)
def detail(request, org_slug, pk):
    concern = _concern(request, pk)
    if concern.is_safeguarding:
        log_sensitive_read(request=request, target=concern, what="a safeguarding item")
    return _detail(request, concern)


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def acknowledge(request, org_slug, pk):
    concern = _concern(request, pk)
    try:
        services.concern_acknowledge(concern=concern, actor=request.user, request=request)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Marked as acknowledged.")
    return redirect("concerns:detail", org_slug=org_slug, pk=pk)


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def respond(request, org_slug, pk):
    concern = _concern(request, pk)
    form = RespondForm(request.POST, concern=concern)
    if not form.is_valid():
        return _detail(request, concern, form)
    try:
        services.concern_respond(
            concern=concern,
            response=form.cleaned_data["response"],
            sent_by=form.cleaned_data["sent_by"],
            send_message=form.cleaned_data.get("send_message", False),
            actor=request.user,
            request=request,
        )
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Response recorded.")
    return redirect("concerns:detail", org_slug=org_slug, pk=pk)


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def close(request, org_slug, pk):
    concern = _concern(request, pk)
    try:
        services.concern_close(concern=concern, actor=request.user, request=request)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Closed.")
    return redirect("concerns:detail", org_slug=org_slug, pk=pk)

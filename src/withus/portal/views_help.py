"""Participant pages: get help (who to call), complaints and concerns, "worried about
something?". Every record is fetched through the signed-in participant."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from withus.audit.services import log_action
from withus.concerns import selectors, services
from withus.concerns.models import (
    ACKNOWLEDGE_WITHIN_WORKING_DAYS,
    RESPOND_WITHIN_WORKING_DAYS,
    Concern,
    add_working_days,
)
from withus.orgs.capabilities import Capability
from withus.portal import session
from withus.portal.context_processors import is_easy_read
from withus.portal.forms_help import ConcernForm

K = Concern.Kind

TOO_MANY = (
    "You have sent a lot today, so we could not send this one. Talk to your contact, or try "
    "again tomorrow. If someone is in danger, call 999."
)

# The page title for each kind (standard, Easy Read).
TITLES = {
    K.COMPLAINT: ("Make a complaint", "Tell us you are not happy"),
    K.CONCERN: ("Tell us about a concern", "Tell us something is wrong"),
    K.WORRIED: ("Worried about someone", "Worried someone is not safe"),
}


def _targets() -> dict:
    today = timezone.localdate()
    return {
        "acknowledge_by": add_working_days(today, ACKNOWLEDGE_WITHIN_WORKING_DAYS),
        "respond_by": add_working_days(today, RESPOND_WITHIN_WORKING_DAYS),
        "ack_days": ACKNOWLEDGE_WITHIN_WORKING_DAYS,
        "respond_days": RESPOND_WITHIN_WORKING_DAYS,
    }


@session.portal_required
def help_home(request):
    participant = request.participant
    return render(
        request,
        "portal/help/home.html",
        {
            "participant": participant,
            "organisation": participant.organisation,
            "contact": participant.named_contact,
            "has_concerns": selectors.for_participant(participant).exists(),
            **_targets(),
        },
    )


@session.portal_required
def concern_new(request):
    kind = request.GET.get("kind", "")
    if kind not in K.values:  # no kind (or a made-up one): ask which they mean
        return render(request, "portal/help/choose.html", {})
    participant = request.participant
    easy = is_easy_read(request)
    form = ConcernForm(request.POST or None, kind=kind, easy_read=easy)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = services.concern_raise(
                participant=participant,
                kind=kind,
                about=data["about"],
                wanted=data["wanted"],
                reply_by=data["reply_by"],
                anonymous=data.get("anonymous", False),
                about_staff=data.get("about_staff", False),
                request=request,
            )
        except services.TooMany:
            form.add_error(None, TOO_MANY)
        else:
            if concern.participant_id is None:
                return redirect(f"{reverse('portal:concern_sent')}?kind={kind}")
            return redirect(f"{reverse('portal:concern', kwargs={'pk': concern.pk})}?sent=1")
    title = TITLES[K(kind)][1 if easy else 0]
    return render(
        request,
        "portal/help/new.html",
        {
            "form": form,
            "kind": kind,
            "title": title,
            "organisation": participant.organisation,
            "contact": participant.named_contact,
            **_targets(),
        },
    )


@session.portal_required
def concern_sent(request):
    """After an anonymous one: nothing links it to them, so there is nothing of theirs to show."""
    kind = request.GET.get("kind", "")
    return render(
        request,
        "portal/help/sent.html",
        {
            "kind": kind if kind in K.values else K.COMPLAINT,
            "organisation": request.participant.organisation,
            **_targets(),
        },
    )


def _worries_allowed(request) -> bool:
    """The person sees their own "worried" items; a member of staff viewing as them only with
    the safeguarding capability (as in the staff inbox)."""
    return session.staff_may_see(request, Capability.MANAGE_SAFEGUARDING)


def _log_staff_read(request, concern: Concern) -> None:
    """A member of staff viewing as the person read a safeguarding item: recorded, as in the
    staff inbox."""
    if getattr(request, "portal_read_only", False) and concern.is_safeguarding:
        log_action(
            action="sensitive.read",
            summary="Viewed a safeguarding item (viewing as the participant in the portal)",
            actor=request.user,
            organisation=concern.organisation,
            target=concern,
            request=request,
        )


@session.portal_required
def concern_list(request):
    participant = request.participant
    concerns = selectors.for_participant(participant)
    if not _worries_allowed(request):
        concerns = concerns.exclude(kind=K.WORRIED)
    concerns = list(concerns[:100])
    for concern in concerns:
        _log_staff_read(request, concern)
    return render(
        request,
        "portal/help/list.html",
        {
            "participant": participant,
            "concerns": concerns,
        },
    )


@session.portal_required
def concern_detail(request, pk: int):
    concern = get_object_or_404(Concern.objects, pk=pk, participant=request.participant)
    if concern.organisation_id != request.participant.organisation_id:  # belt and braces
        raise Http404
    if concern.is_safeguarding and not _worries_allowed(request):
        raise PermissionDenied("Safeguarding items need the can_manage_safeguarding capability.")
    _log_staff_read(request, concern)
    return render(
        request,
        "portal/help/detail.html",
        {
            "concern": concern,
            "organisation": request.participant.organisation,
            "sent": request.GET.get("sent") == "1",
        },
    )

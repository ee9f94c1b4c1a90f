"""The participant's Meetings pages: their invitations, one meeting's details, replying, the
pack in their format, the papers and a calendar file.

Every object is fetched through the signed-in participant (404 for anyone else's), and POST
views look the invitation up before reading the form. Thin: reads are in selectors_events,
writes in services_events.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from withus.documents import download
from withus.events import pack as packs
from withus.events import pack_render
from withus.events.ics import event_ics
from withus.events.models import EventInvitation
from withus.forms import apply_errors
from withus.people.choices import Status
from withus.portal import selectors_events as selectors
from withus.portal import services_events as services
from withus.portal import session
from withus.portal.contact import contact_name
from withus.portal.context_processors import is_easy_read
from withus.portal.forms_events import YES, ReplyForm

R = EventInvitation.Reply
KINDS = ("pdf", "docx")


@session.portal_required
def events(request):
    return render(
        request,
        "portal/events/list.html",
        {"meetings": selectors.meetings(request.participant)},
    )


def _detail_context(request, invitation: EventInvitation, form: ReplyForm | None = None) -> dict:
    event = invitation.event
    easy = is_easy_read(request)
    if form is None:
        form = ReplyForm(
            easy_read=easy,
            initial={
                "reply": YES if invitation.reply in (R.ACCEPTED, R.WAITING) else None,
                "requests": invitation.requests,
                "companion_name": invitation.companion_name,
                "pack_format": invitation.pack_format,
            },
        )
    return {
        "invitation": invitation,
        "event": event,
        "when": packs.when_words(event),
        "venue_facts": packs.venue_facts(event.venue) if event.venue else [],
        "provided": packs.provided(event),
        "statement": selectors.statement(invitation),
        "papers": selectors.papers(invitation),
        "contact_name": contact_name(invitation.participant, contact=event.contact),
        "on_break": invitation.participant.status == Status.PAUSED,
        "contact": event.contact or invitation.participant.named_contact,
        "cannot_reply": services.can_reply(invitation),
        "can_have_pack": invitation.reply in selectors.PAPER_REPLIES and not event.is_cancelled,
        "can_have_calendar": invitation.reply in selectors.CALENDAR_REPLIES,
        "pack_formats": [
            ("standard", "Standard print", "Normal writing"),
            ("large_print", "Large print", "Big writing"),
            ("easy_read", "Easy Read", "Easy Read, with pictures"),
        ],
        "form": form,
    }


@session.portal_required
def event(request, pk: int):
    invitation = selectors.invitation_for(request.participant, pk)
    return render(request, "portal/events/detail.html", _detail_context(request, invitation))


OUTCOME_TEXT = {
    services.Outcome.GOING: "Thank you. You are going to {event}. We will send you a message "
    "to confirm. You can add it to your calendar below.",
    services.Outcome.WAITING: "{event} is full, so you are on the waiting list. If a place "
    "comes up, we will give it to you and send you a message.",
    services.Outcome.NOT_GOING: "Thank you for telling us. You are not going to {event}. "
    "If you change your mind, you can reply again on this page.",
    services.Outcome.NEEDS_CHECK: "Thank you. Before we can give you a place at {event}, we "
    "need to check a few things. {contact} will get in touch with you about it.",
    services.Outcome.ON_BREAK: "You are taking a break, so we have not said you are going to "
    "{event}. If you want to go, come back from your break first, then reply again. You can "
    "come back at any time, on this page.",
}


@require_POST
@session.portal_required
def event_reply(request, pk: int):
    invitation = selectors.invitation_for(request.participant, pk)  # 404 before the form
    form = ReplyForm(request.POST, easy_read=is_easy_read(request))
    why = services.can_reply(invitation)
    if why:
        messages.error(request, why)
        return redirect("portal:event", pk=invitation.pk)
    if form.is_valid():
        data = form.cleaned_data
        arrangements = {k: data[k] for k in services.ARRANGEMENTS if k in request.POST}
        try:
            outcome = services.reply(
                invitation=invitation,
                coming=data["reply"] == YES,
                arrangements=arrangements,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            text = OUTCOME_TEXT[outcome].format(
                event=invitation.event.title,
                contact=contact_name(invitation.participant, contact=invitation.event.contact),
            )
            if outcome == services.Outcome.GOING:
                messages.success(request, text)
            else:
                messages.info(request, text)
            return redirect("portal:event", pk=invitation.pk)
    return render(
        request,
        "portal/events/detail.html",
        _detail_context(request, invitation, form),
        status=200,
    )


@require_GET
@session.portal_required
def event_pack(request, pk: int, format: str, kind: str):  # noqa: A002 (the URL's word)
    if format not in packs.INVITATION_FORMATS or kind not in KINDS:
        raise Http404("No such pack.")
    invitation = selectors.invitation_for(request.participant, pk)
    if invitation.reply not in selectors.PAPER_REPLIES or invitation.event.is_cancelled:
        raise Http404("No pack for this meeting.")
    event = packs.pack_events().get(pk=invitation.event_id)
    the_pack = packs.pack_for(event, packs.INVITATION_FORMATS[format], invitation=invitation)
    content, content_type = pack_render.render(the_pack, kind)
    return download(content, content_type, the_pack.filename(kind))


@require_GET
@session.portal_required
def event_paper(request, pk: int, document_id: int):
    invitation = selectors.invitation_for(request.participant, pk)
    document = selectors.paper_for(invitation, document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=document.content_type
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@session.portal_required
def event_calendar(request, pk: int):
    invitation = selectors.invitation_for(request.participant, pk)
    if invitation.reply not in selectors.CALENDAR_REPLIES:
        raise Http404("No calendar file for this meeting.")
    return download(event_ics(invitation.event), "text/calendar", "meeting.ics")

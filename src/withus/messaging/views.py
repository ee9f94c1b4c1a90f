"""Messaging pages: the outbox, letters to print, the call list, wording, and one person's
messages. Thin: reads through selectors, writes through services."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from withus.messaging import selectors, services
from withus.messaging.channels import outbox_in_use
from withus.messaging.forms import CallOutcomeForm, ComposeForm, TemplateForm, new_form_token
from withus.messaging.models import Channel, Message, MessageAttachment, MessageTemplate
from withus.messaging.rendering import SMS_LIMIT, TemplateText, template_for
from withus.messaging.rendering import render as render_message
from withus.messaging.templates_default import DEFAULTS, PLACEHOLDERS, SAMPLE_CONTEXT, STAFF
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people.models import Participant

PAGE_SIZE = 50
S = Message.Status
# A message id as a database will take it: 1 to 18 digits (below 2**63), no sign or spaces.
_ID = re.compile(r"[0-9]{1,18}")


def _message(message_id) -> Message:
    try:
        return selectors.message_detail(message_id)
    except Message.DoesNotExist:
        raise Http404("No such message.") from None


def _participant(pk) -> Participant:
    try:
        return Participant.objects.select_related("named_contact").get(pk=pk)
    except Participant.DoesNotExist:
        raise Http404("No such participant.") from None


def _ids(values) -> list[int]:
    """The ids among these values; anything else (words, signs, numbers too big for the
    database) is ignored."""
    ids = []
    for value in values:
        if isinstance(value, str) and _ID.fullmatch(value) and int(value) > 0:
            ids.append(int(value))
    return ids[:1000]


@capability_required(Capability.MANAGE_PEOPLE)
def outbox(request, org_slug):
    channel = request.GET.get("channel", "")
    channel = channel if channel in Channel.values else ""
    status = request.GET.get("status", "")
    status = status if status in S.values else ""
    page = Paginator(selectors.outbox(channel=channel, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "messaging/outbox.html",
        {
            "page": page,
            "query": query.urlencode(),
            "channel": channel,
            "status": status,
            "channels": Channel.choices,
            "statuses": S.choices,
            "outbox_in_use": outbox_in_use(),
            "waiting": selectors.counts_waiting(),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def detail(request, org_slug, message_id):
    message = _message(message_id)
    return render(
        request,
        "messaging/detail.html",
        {"message": message, "outbox_in_use": outbox_in_use()},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def attachment(request, org_slug, message_id, attachment_id):
    try:
        file = selectors.attachment(message_id, attachment_id)
    except MessageAttachment.DoesNotExist:
        raise Http404("No such file.") from None
    response = HttpResponse(bytes(file.content), content_type="application/octet-stream")
    safe_name = "".join(ch for ch in file.filename if ch.isalnum() or ch in "._- ") or "file"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response


# Letters ----------------------------------------------------------------------------------


@capability_required(Capability.MANAGE_PEOPLE)
def letters(request, org_slug):
    services.recheck_waiting(organisation=request.organisation, channel=Channel.POST)
    return render(
        request, "messaging/letters.html", {"letters": list(selectors.letters_to_print())}
    )


@capability_required(Capability.MANAGE_PEOPLE)
def letters_pdf(request, org_slug):
    from withus.messaging.letters import letters_pdf as build

    ids = _ids(request.GET.getlist("message")) if "message" in request.GET else None
    services.recheck_waiting(
        organisation=request.organisation, channel=Channel.POST, message_ids=ids
    )
    letters = list(selectors.letters_to_print(ids))
    pdf = build(request.organisation, letters, today=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="letters-to-print.pdf"'
    return response


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def letters_printed(request, org_slug):
    ids = _ids(request.POST.getlist("message"))
    if not ids:
        messages.error(request, "Choose the letters you have printed.")
        return redirect("messaging:letters", org_slug=org_slug)
    stopped = services.recheck_waiting(
        organisation=request.organisation, channel=Channel.POST, message_ids=ids
    )
    count = services.letters_mark_printed(
        organisation=request.organisation, message_ids=ids, actor=request.user, request=request
    )
    if stopped:
        one = stopped == 1
        messages.error(
            request,
            f"{stopped} letter{' was' if one else 's were'} not marked as printed: a rule now "
            f"stops {'it' if one else 'them'}, for example the person took a break or the event "
            f"was cancelled. Do not post {'it' if one else 'them'}. The outbox says why.",
        )
    messages.success(request, f"{count} letter{'s' if count != 1 else ''} marked as printed.")
    return redirect("messaging:letters", org_slug=org_slug)


# Calls ------------------------------------------------------------------------------------


@capability_required(Capability.MANAGE_PEOPLE)
def calls(request, org_slug):
    services.recheck_waiting(organisation=request.organisation, channel=Channel.PHONE)
    return render(
        request,
        "messaging/calls.html",
        {
            "calls": list(selectors.call_list()),
            "outcomes": Message.CallOutcome.choices,
            "now": timezone.now(),
        },
    )


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def call_done(request, org_slug, message_id):
    try:
        message = Message.objects.select_related("participant", "organisation").get(
            pk=message_id, channel=Channel.PHONE
        )
    except Message.DoesNotExist:
        raise Http404("No such call.") from None
    form = CallOutcomeForm(request.POST)
    if message.status != S.TO_CALL:
        messages.info(request, "That call is already off the list.")
    elif not form.is_valid():
        messages.error(request, "Choose how the call went.")
    else:
        who = message.participant.preferred_name if message.participant else "them"
        message = services.call_record(
            message=message,
            outcome=form.cleaned_data["outcome"],
            actor=request.user,
            request=request,
        )
        outcome = Message.CallOutcome(form.cleaned_data["outcome"])
        if message.status == S.NOT_SENT:
            messages.error(
                request,
                f"The call to {who} was not recorded and is off the list: {message.status_reason}",
            )
        elif outcome == Message.CallOutcome.NO_ANSWER:
            messages.success(request, f"No answer from {who}. The call stays on the list.")
        else:
            messages.success(request, f"Call to {who} recorded: {outcome.label.lower()}.")
    return redirect("messaging:calls", org_slug=org_slug)


# Templates --------------------------------------------------------------------------------


@capability_required(Capability.MANAGE_PEOPLE)
def templates(request, org_slug):
    custom = selectors.custom_template_keys()
    rows = [(t, t.key in custom) for t in DEFAULTS.values()]
    return render(
        request,
        "messaging/templates.html",
        {
            "participant_templates": [r for r in rows if r[0].audience != STAFF],
            "staff_templates": [r for r in rows if r[0].audience == STAFF],
        },
    )


def _preview(text: TemplateText) -> dict:
    email = render_message(text, SAMPLE_CONTEXT, Channel.EMAIL)
    sms = render_message(text, SAMPLE_CONTEXT, Channel.SMS)
    return {
        "subject": email.subject,
        "body": email.body,
        "sms": sms.body,
        "sms_length": len(sms.body),
        "sms_too_long": len(sms.body) > SMS_LIMIT,
    }


@capability_required(Capability.MANAGE_PEOPLE)
def template_edit(request, org_slug, key):
    default = DEFAULTS.get(key)
    if default is None:
        raise Http404("No such message template.")
    current = template_for(request.organisation, key)
    row = MessageTemplate.objects.filter(key=key).first()
    initial = {
        "subject": current.subject,
        "body": current.body,
        # Their own text version as they wrote it (empty means "send the full message").
        "sms_body": row.sms_body if row is not None else default.sms_body,
    }
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    if action == "reset":
        services.template_reset(
            organisation=request.organisation, key=key, actor=request.user, request=request
        )
        messages.success(request, f"'{default.label}' is back to the standard wording.")
        return redirect("messaging:templates", org_slug=org_slug)
    form = TemplateForm(
        request.POST if action else None, initial=initial, allowed=default.placeholders
    )
    preview_text = current
    if action and form.is_valid():
        data = form.cleaned_data
        if action == "save":
            services.template_save(
                organisation=request.organisation,
                key=key,
                subject=data["subject"],
                body=data["body"],
                sms_body=data["sms_body"],
                actor=request.user,
                request=request,
            )
            messages.success(request, f"The wording of '{default.label}' is saved.")
            return redirect("messaging:templates", org_slug=org_slug)
        preview_text = TemplateText(
            key,
            default.label,
            data["subject"] or default.subject,
            data["body"],
            data["sms_body"] or data["body"],
            True,
        )
    return render(
        request,
        "messaging/template_edit.html",
        {
            "form": form,
            "template": default,
            "custom": current.custom,
            "preview": _preview(preview_text),
            "placeholders": [(k, PLACEHOLDERS[k]) for k in default.placeholders],
            "sms_limit": SMS_LIMIT,
        },
    )


# One participant --------------------------------------------------------------------------


@capability_required(Capability.MANAGE_PEOPLE)
def participant_history(request, org_slug, pk):
    participant = _participant(pk)
    page = Paginator(selectors.participant_messages(participant), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "messaging/participant_history.html",
        {"participant": participant, "page": page, "query": ""},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def compose(request, org_slug, pk):
    participant = _participant(pk)
    if participant.erased_at is not None:
        raise Http404("No such participant.")
    form = ComposeForm(request.POST or None, initial={"token": new_form_token()})
    essential = form.is_bound and form.is_valid() and form.cleaned_data["essential"]
    plan = services.plan_for(participant, essential=bool(essential))
    if request.method == "POST" and form.is_valid():
        # The form's one-time token is the message's dedupe key: pressing Send twice, or the
        # browser sending the form again, records and sends one message, not two.
        key = f"compose:{participant.pk}:{form.cleaned_data['token']}"
        already = selectors.message_with_key(key)
        message = already or services.message_participant(
            participant=participant,
            template="general",
            context={"message": form.cleaned_data["text"]},
            essential=form.cleaned_data["essential"],
            dedupe_key=key,
            actor=request.user,
        )
        if already is not None:
            messages.info(
                request,
                "This form was already used to send this message, so it was not sent again. "
                "To send another message, open the send a message page again.",
            )
        elif message.status == S.NOT_SENT:
            messages.error(request, f"Not sent: {message.status_reason}")
        else:
            messages.success(
                request, f"Message to {participant.preferred_name}: {message.get_status_display()}."
            )
        return redirect("messaging:detail", org_slug=org_slug, message_id=message.pk)
    if form.is_bound and "token" in form.errors:
        # Show the form again with a fresh token, so that pressing Send once more works.
        form.data = form.data.copy()
        form.data["token"] = new_form_token()
    return render(
        request,
        "messaging/compose.html",
        {"participant": participant, "form": form, "plan": plan},
    )

"""Decisions and actions ("we did"), and telling people what happened (closing the loop)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from withus.forms import apply_errors, parse_id
from withus.messaging.models import Message
from withus.messaging.rendering import render as render_message
from withus.messaging.rendering import template_for
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import any_capability_required, capability_required
from withus.voice import selectors, services
from withus.voice.forms import ActionForm
from withus.voice.models import Action, Feedback

READ = (Capability.MANAGE_PEOPLE, Capability.VIEW_REPORTS)
PAGE_SIZE = 50


@any_capability_required(*READ)
def action_list(request, org_slug):
    today = timezone.localdate()
    rows = selectors.action_list()
    if request.GET.get("overdue"):
        rows = rows.filter(due_on__lt=today, done_on__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "voice/actions/list.html",
        {
            "page": page,
            "today": today,
            "overdue_only": bool(request.GET.get("overdue")),
            "can_edit": request.membership.has(Capability.MANAGE_PEOPLE),
        },
    )


def _action_form(request, action=None):
    initial = {}
    if action is None:
        initial["decided_on"] = timezone.localdate()
        picked = request.GET.getlist("contribution")
        if picked:
            initial["contributions"] = [p for p in picked if parse_id(p)]
    form = ActionForm(
        request.POST or None, instance=action, initial=initial, organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "contributions"}
        try:
            saved = services.action_save(
                organisation=request.organisation,
                data=data,
                contributions=form.cleaned_data["contributions"],
                action=action,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Decision saved. Now tell people what happened.")
            return redirect("voice:action_tell", org_slug=request.organisation.slug, pk=saved.pk)
    title = "Change this decision" if action else "Respond: what we decided and did"
    return render(
        request, "voice/actions/form.html", {"form": form, "title": title, "action": action}
    )


@capability_required(Capability.MANAGE_PEOPLE)
def action_add(request, org_slug):
    return _action_form(request)


@capability_required(Capability.MANAGE_PEOPLE)
def action_edit(request, org_slug, pk):
    return _action_form(request, get_object_or_404(Action.objects, pk=pk))


@any_capability_required(*READ)
def action_detail(request, org_slug, pk):
    action = get_object_or_404(
        Action.objects.select_related("owner").prefetch_related(
            "contributions__themes", "contributions__contributors"
        ),
        pk=pk,
    )
    can_edit = request.membership.has(Capability.MANAGE_PEOPLE)
    if not can_edit:
        # Viewers see what people said only as the board may show it, and no names.
        action.said = selectors.board_said(action)
    return render(
        request,
        "voice/actions/detail.html",
        {
            "action": action,
            "feedback": Feedback.objects.filter(action=action).select_related(
                "participant", "contribution", "message"
            ),
            "today": timezone.localdate(),
            "can_edit": can_edit,
        },
    )


def _contact(person, organisation) -> str:
    """Who to talk to about it: as the message itself will say (messaging uses the same rule)."""
    contact = person.named_contact
    if contact is not None:
        return contact.full_name or contact.email
    return organisation.name


def _tell_rows(request, action):
    """One row per (contribution, contributor) with the preview and what has happened so far."""
    template = template_for(request.organisation, "you_said_we_did")
    contributions = list(
        action.contributions.prefetch_related("contributors__named_contact").order_by("id")
    )
    feedback = Feedback.objects.filter(contribution__in=contributions).select_related("message")
    told = {(f.contribution_id, f.participant_id): f for f in feedback if f.participant_id}
    board = {f.contribution_id for f in feedback if f.method == Feedback.Method.BOARD}
    keys = [services.dedupe_key(c, p, action) for c in contributions for p in c.contributors.all()]
    last = {m.dedupe_key: m for m in Message.objects.filter(dedupe_key__in=keys)}
    rows = []
    for contribution in contributions:
        context = services.feedback_context(contribution=contribution, action=action)
        if contribution.anonymous:
            rows.append(
                {"contribution": contribution, "anonymous": True, "board": contribution.pk in board}
            )
            continue
        for person in contribution.contributors.all():
            preview = render_message(
                template,
                {
                    "name": person.preferred_name,
                    "organisation": request.organisation.name,
                    "contact": _contact(person, request.organisation),
                    **context,
                },
                "email",
            )
            rows.append(
                {
                    "contribution": contribution,
                    "person": person,
                    "preview": preview,
                    "feedback": told.get((contribution.pk, person.pk)),
                    "message": last.get(services.dedupe_key(contribution, person, action)),
                }
            )
    return rows


@capability_required(Capability.MANAGE_PEOPLE)
def action_tell(request, org_slug, pk):
    action = get_object_or_404(Action.objects, pk=pk)
    if request.method == "POST":
        how = request.POST.get("how")
        contribution = None
        person = None
        if parse_id(request.POST.get("contribution")):
            contribution = action.contributions.filter(pk=request.POST["contribution"]).first()
        if contribution is not None and parse_id(request.POST.get("participant")):
            person = contribution.contributors.filter(pk=request.POST["participant"]).first()
        if how == "everyone":
            sent = blocked = 0
            for item in action.contributions.prefetch_related("contributors"):
                told = set(
                    Feedback.objects.filter(contribution=item).values_list(
                        "participant_id", flat=True
                    )
                )
                for someone in item.contributors.all():
                    if someone.pk in told:
                        continue
                    message, feedback = services.tell_by_message(
                        contribution=item,
                        action=action,
                        participant=someone,
                        actor=request.user,
                        request=request,
                    )
                    sent += feedback is not None
                    blocked += feedback is None
            text = f"{sent} message{'s' if sent != 1 else ''} sent or queued."
            if blocked:
                text += f" {blocked} could not be sent: tell them in person, then record it."
            messages.success(request, text)
        elif how in ("message", "in_person") and person is not None:
            if how == "message":
                message, feedback = services.tell_by_message(
                    contribution=contribution,
                    action=action,
                    participant=person,
                    actor=request.user,
                    request=request,
                )
                if feedback is None:
                    messages.error(
                        request, f"Not sent to {person.preferred_name}: {message.status_reason}"
                    )
                else:
                    messages.success(request, f"Message to {person.preferred_name} on its way.")
            else:
                services.tell_in_person(
                    contribution=contribution,
                    action=action,
                    participant=person,
                    actor=request.user,
                    request=request,
                )
                messages.success(request, f"Recorded: {person.preferred_name} was told in person.")
        else:
            messages.error(request, "Choose who to tell and how.")
        return redirect("voice:action_tell", org_slug=request.organisation.slug, pk=action.pk)
    return render(
        request, "voice/actions/tell.html", {"action": action, "rows": _tell_rows(request, action)}
    )

"""Rate cards and payments: draft (from attendance or by hand), check, approve, correct.

Coordinators draft payments; finance officers approve and correct them. Objects come through
the scoped managers, so another organisation's id answers 404.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from withus.audit.services import log_sensitive_read
from withus.events.models import Event
from withus.forms import apply_errors
from withus.money import services
from withus.money.forms import ApproveForm, DraftForm, PaymentForm, RateCardForm, ReverseForm
from withus.money.models import Payment, RateCard
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import any_capability_required, capability_required

EITHER = (Capability.MANAGE_PEOPLE, Capability.APPROVE_PAYMENTS)
PAGE_SIZE = 50


# --- rate cards --------------------------------------------------------------------------------


@any_capability_required(*EITHER)
def rate_cards(request, org_slug):
    cards = RateCard.objects.order_by("name", "-valid_from")
    return render(
        request,
        "money/rate_cards/list.html",
        {"cards": cards, "can_edit": request.membership.has(Capability.APPROVE_PAYMENTS)},
    )


def _rate_card_form(request, rate_card=None):
    form = RateCardForm(request.POST or None, instance=rate_card)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.rate_card_save(
                organisation=request.organisation,
                rate_card=rate_card,
                data=form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{saved.name} saved.")
            return redirect("money:rate_cards", org_slug=request.organisation.slug)
    title = f"Change {rate_card.name}" if rate_card else "Add a rate card"
    return render(request, "money/rate_cards/form.html", {"form": form, "title": title})


@capability_required(Capability.APPROVE_PAYMENTS)
def rate_card_add(request, org_slug):
    return _rate_card_form(request)


@capability_required(Capability.APPROVE_PAYMENTS)
def rate_card_edit(request, org_slug, rate_card_id):
    return _rate_card_form(request, get_object_or_404(RateCard.objects.all(), pk=rate_card_id))


# --- payments ----------------------------------------------------------------------------------


@any_capability_required(*EITHER)
def payment_list(request, org_slug):
    status = request.GET.get("status", "")
    payments = Payment.objects.select_related("participant", "event", "rate_card").order_by(
        "-activity_date", "-id"
    )
    if status in Payment.Status.values:
        payments = payments.filter(status=status)
    event_id = request.GET.get("event", "")
    if event_id.isascii() and event_id.isdigit():
        payments = payments.filter(event_id=int(event_id))
    page = Paginator(payments, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    from withus.money.checks import payments_findings  # noqa: PLC0415 (being written alongside)

    findings = payments_findings([p for p in rows if p.status == Payment.Status.DRAFT])
    return render(
        request,
        "money/payments/list.html",
        {
            "page": page,
            "rows": [(p, findings.get(p.pk, [])) for p in rows],
            "status": status,
            "statuses": Payment.Status.choices,
            "query": request.GET.urlencode(),
        },
    )


@any_capability_required(*EITHER)
def payment_add(request, org_slug):
    form = PaymentForm(
        request.POST or None,
        initial={"key": secrets.token_hex(8), "activity_date": None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.payment_create(
                organisation=request.organisation,
                participant=data["participant"],
                kind=data["kind"],
                method=data["method"],
                amount=data["amount"],
                hours=data["hours"],
                description=data["description"],
                activity_date=data["activity_date"],
                rate_card=data["rate_card"],
                idempotency_key=f"manual:{request.user.pk}:{data['key']}",
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Payment drafted. Check it, then it can be approved.")
            return redirect("money:payment", org_slug=org_slug, payment_id=payment.pk)
    return render(request, "money/payments/add.html", {"form": form})


def _payment(payment_id) -> Payment:
    return get_object_or_404(
        Payment.objects.select_related(
            "participant",
            "event",
            "rate_card",
            "batch",
            "claim",
            "reverses",
            "approved_by",
            "created_by",
            "organisation",
        ),
        pk=payment_id,
    )


@any_capability_required(*EITHER)
def payment_detail(request, org_slug, payment_id):
    payment = _payment(payment_id)
    from withus.money.checks import payment_findings  # noqa: PLC0415 (being written alongside)

    findings = payment_findings(payment) if payment.status == Payment.Status.DRAFT else []
    if any(f.code == "benefits" for f in findings):
        # The benefits check shows which benefit someone gets: a read of sensitive data.
        log_sensitive_read(
            request=request,
            target=payment.participant,
            what=f"benefits check on a payment to {payment.participant.preferred_name}",
        )
    can_approve = request.membership.has(Capability.APPROVE_PAYMENTS)
    reversal = Payment.objects.filter(reverses=payment).first()
    return render(
        request,
        "money/payments/detail.html",
        {
            "payment": payment,
            "findings": findings,
            "blocked": services.blocking(findings),
            "can_approve": can_approve,
            "approve_form": ApproveForm(),
            "reverse_form": ReverseForm(),
            "reversal": reversal,
        },
    )


@any_capability_required(*EITHER)
def payment_edit(request, org_slug, payment_id):
    payment = _payment(payment_id)
    if payment.status != Payment.Status.DRAFT:
        messages.info(request, "Only drafts can be changed. Make a correction instead.")
        return redirect("money:payment", org_slug=org_slug, payment_id=payment.pk)
    form = DraftForm(request.POST or None, instance=payment)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_update_draft(
                payment=payment, data=form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Draft saved.")
            return redirect("money:payment", org_slug=org_slug, payment_id=payment.pk)
    return render(request, "money/payments/edit.html", {"form": form, "payment": payment})


@require_POST
@any_capability_required(*EITHER)
def payment_delete(request, org_slug, payment_id):
    payment = _payment(payment_id)
    try:
        services.payment_delete_draft(payment=payment, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("money:payment", org_slug=org_slug, payment_id=payment.pk)
    messages.success(request, "Draft deleted.")
    return redirect("money:payments", org_slug=org_slug)


@require_POST
@capability_required(Capability.APPROVE_PAYMENTS)
def payment_approve(request, org_slug, payment_id):
    payment = _payment(payment_id)
    form = ApproveForm(request.POST)
    form.is_valid()
    try:
        services.payment_approve(
            payment=payment,
            override_reason=form.cleaned_data.get("override_reason", ""),
            actor=request.user,
            request=request,
        )
    except services.PaymentBlocked as blocked:
        messages.error(
            request,
            "Not approved: "
            + " ".join(f.message for f in blocked.findings)
            + " Give a reason to approve it anyway.",
        )
    else:
        messages.success(request, "Payment approved.")
    return redirect("money:payment", org_slug=org_slug, payment_id=payment.pk)


@capability_required(Capability.APPROVE_PAYMENTS)
def payment_reverse(request, org_slug, payment_id):
    payment = _payment(payment_id)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = services.payment_reverse(
                payment=payment,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Correction made. The payment is cancelled by a minus line.")
            return redirect("money:payment", org_slug=org_slug, payment_id=reversal.pk)
    return render(request, "money/payments/reverse.html", {"form": form, "payment": payment})


@require_POST
@any_capability_required(*EITHER)
def event_draft_payments(request, org_slug, event_id):
    event = get_object_or_404(
        Event.objects.select_related("rate_card", "organisation", "project"), pk=event_id
    )
    try:
        result = services.payments_draft_from_attendance(
            event=event, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("events:detail", org_slug=org_slug, pk=event.pk)
    text = f"{len(result['drafted'])} payments drafted."
    if result["existing"]:
        text += f" {len(result['existing'])} were drafted before and were left as they are."
    if result["skipped"]:
        names = ", ".join(f"{p.preferred_name} ({why.lower()})" for p, why in result["skipped"])
        text += f" Not paid, by their choice: {names}."
    messages.success(request, text)
    return redirect(f"{_url('money:payments', org_slug)}?event={event.pk}")


def _url(name, org_slug):
    from django.urls import reverse

    return reverse(name, kwargs={"org_slug": org_slug})

"""Participant Money pages: claims and payments, claiming expenses with a receipt photo, one
claim, and a statement of totals by tax year (on screen and as a PDF). Thin: the reads are in
selectors_money, the writes in services_money (which use the money app's services).

Every object is fetched through the signed-in participant: someone else's claim is a 404."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from withus.documents import download, html_to_pdf
from withus.money.models import ExpenseClaim, Payment
from withus.money.services_claims import expense_method_for
from withus.portal import selectors_money as selectors
from withus.portal import services_money as services
from withus.portal import session
from withus.portal.forms_money import ClaimItemForm, apply_service_errors


def _today() -> dt.date:
    return timezone.localdate()


def _next_steps(participant) -> dict:
    method = expense_method_for(participant)
    return {
        "target_days": participant.organisation.expense_target_days,
        "pay_by_bank": method == Payment.Method.BANK,
        "contact": participant.named_contact,
    }


@session.portal_required
def money(request):
    participant = request.participant
    today = _today()
    statement = selectors.statement(participant, start=selectors.tax_year_start(today), today=today)
    return render(
        request,
        "portal/money/home.html",
        {
            "participant": participant,
            "claims": selectors.claim_rows(participant, today=today),
            "payments": selectors.payment_rows(participant),
            "statement": statement,
        },
    )


def _mileage_check(request, form, participant, data) -> tuple[bool, object]:
    """Mileage is worked out and shown before it is sent. (True, amount) when the person has
    seen this amount and pressed Send again; (False, amount) to show it first; (False, None)
    when the miles cannot be worked out (the errors are on the form)."""
    try:
        amount = services.mileage_amount(participant=participant, data=data, today=_today())
    except ValidationError as error:
        apply_service_errors(form, error)
        return False, None
    return form.cleaned_data.get("mileage_seen") == str(amount), amount


def _claim_form_page(request, form, *, claim=None, mileage_amount=None, added=False):
    return render(
        request,
        "portal/money/claim_form.html",
        {
            "form": form,
            "claim": claim,
            "mileage_amount": mileage_amount,
            "added": added,
            **_next_steps(request.participant),
        },
    )


@session.portal_required
def claim_new(request):
    participant = request.participant
    events = selectors.recent_events(participant, now=timezone.now())
    if request.method != "POST":
        # ?event=<id> (from a meeting's page) chooses that meeting, if it is one of theirs.
        event = selectors.wanted_id(request.GET.get("event", ""))
        initial = {"event": event} if event is not None else {}
        return _claim_form_page(request, ClaimItemForm(events=events, initial=initial))
    form = ClaimItemForm(request.POST, request.FILES, events=events)
    if not form.is_valid():
        return _claim_form_page(request, form)
    data = form.service_data()
    if data["category"] == "mileage":
        seen, amount = _mileage_check(request, form, participant, data)
        if not seen:
            return _claim_form_page(request, form, mileage_amount=amount)
    try:
        sent = services.claim_send(
            participant=participant,
            data=data,
            receipt_upload=form.receipt_upload,
            event=form.cleaned_data.get("event"),
            token=form.cleaned_data.get("token", ""),
            request=request,
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return _claim_form_page(request, form)
    if request.POST.get("another"):
        return redirect(reverse("portal:claim_add", kwargs={"pk": sent.claim.pk}) + "?added=1")
    return redirect(reverse("portal:claim", kwargs={"pk": sent.claim.pk}) + "?sent=1")


def _own_claim(request, pk: int) -> ExpenseClaim:
    claim = (
        ExpenseClaim.objects.filter(pk=pk, participant=request.participant)
        .select_related("participant__organisation")
        .first()
    )
    if claim is None:
        raise Http404("No such claim")
    return claim


@session.portal_required
def claim_add(request, pk: int):
    claim = _own_claim(request, pk)  # 404 before anything else
    participant = request.participant
    if claim.status != ExpenseClaim.Status.SUBMITTED:
        return redirect(reverse("portal:claim", kwargs={"pk": claim.pk}) + "?closed=1")
    added = request.GET.get("added") == "1"
    if request.method != "POST":
        return _claim_form_page(request, ClaimItemForm(), claim=claim, added=added)
    form = ClaimItemForm(request.POST, request.FILES)
    if not form.is_valid():
        return _claim_form_page(request, form, claim=claim)
    data = form.service_data()
    if data["category"] == "mileage":
        seen, amount = _mileage_check(request, form, participant, data)
        if not seen:
            return _claim_form_page(request, form, claim=claim, mileage_amount=amount)
    try:
        services.claim_add(
            claim=claim,
            data=data,
            receipt_upload=form.receipt_upload,
            token=form.cleaned_data.get("token", ""),
            request=request,
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return _claim_form_page(request, form, claim=claim)
    if request.POST.get("another"):
        return redirect(reverse("portal:claim_add", kwargs={"pk": claim.pk}) + "?added=1")
    return redirect(reverse("portal:claim", kwargs={"pk": claim.pk}) + "?sent=1")


@session.portal_required
def claim(request, pk: int):
    participant = request.participant
    row = selectors.claim_row(participant, pk, today=_today())
    if row is None:
        raise Http404("No such claim")
    return render(
        request,
        "portal/money/claim.html",
        {
            "row": row,
            "claim": row.claim,
            "sent": request.GET.get("sent") == "1",
            "closed": request.GET.get("closed") == "1",
            **_next_steps(participant),
        },
    )


def _statement(request):
    today = _today()
    start = selectors.statement_start(request.GET.get("year", ""), today=today)
    statement = selectors.statement(request.participant, start=start, today=today)
    if start not in statement.years:
        current = selectors.tax_year_start(today)
        statement = selectors.statement(request.participant, start=current, today=today)
    return statement, today


def _statement_context(request, statement, today) -> dict:
    return {
        "participant": request.participant,
        "organisation": request.participant.organisation,
        "statement": statement,
        "today": today,
        "current": statement.start == selectors.tax_year_start(today),
        "contact": request.participant.named_contact,
    }


@session.portal_required
def statement(request):
    statement, today = _statement(request)
    return render(
        request, "portal/money/statement.html", _statement_context(request, statement, today)
    )


@session.portal_required
def statement_pdf(request):
    statement, today = _statement(request)
    html = render_to_string(
        "portal/money/statement_pdf.html", _statement_context(request, statement, today)
    )
    return download(
        html_to_pdf(html), "application/pdf", f"money-statement-{statement.start.year}.pdf"
    )

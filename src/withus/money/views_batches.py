"""Paying people: batches, the bank file, marking paid, and the voucher and cash registers.

Finance only (`can_approve_payments`; the middleware insists on MFA for that role). Thin:
objects come through the scoped managers (another organisation's id answers 404) and every
change goes through services_batches.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from withus.forms import apply_errors
from withus.money import services_batches as services
from withus.money.bank_file import BankFileRefused, payment_reference
from withus.money.forms_batches import BatchCreateForm, CashForm, MarkPaidForm, VoucherForm
from withus.money.models import CashReceipt, Payment, PaymentBatch, VoucherIssue
from withus.orgs.capabilities import Capability
from withus.orgs.models import Membership
from withus.orgs.permissions import capability_required

FINANCE = Capability.APPROVE_PAYMENTS
PAGE_SIZE = 50
# The most payments offered on one page for a batch or a register; the oldest come first.
CHOOSE_LIMIT = 500


def _batch(batch_id) -> PaymentBatch:
    return get_object_or_404(PaymentBatch.objects.select_related("organisation"), pk=batch_id)


def _to_detail(batch):
    return redirect("money:batch_detail", org_slug=batch.organisation.slug, batch_id=batch.pk)


def _method_label(method: str) -> str:
    return dict(Payment.Method.choices).get(method, method)


def _waiting(method: str):
    return list(
        services.payable(method)
        .select_related("participant")
        .order_by("activity_date", "pk")[:CHOOSE_LIMIT]
    )


@capability_required(FINANCE)
def batches(request, org_slug):
    page = Paginator(services.batches_with_counts(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for batch in page.object_list:
        batch.method_label = _method_label(batch.method)
    return render(
        request,
        "money/batches/list.html",
        {"page": page, "waiting": services.waiting_by_method()},
    )


@capability_required(FINANCE)
def batch_create(request, org_slug):
    method = request.POST.get("method") or request.GET.get("method") or Payment.Method.BANK
    method = method if method in services.BATCH_METHODS else Payment.Method.BANK
    form = BatchCreateForm(request.POST or None, initial={"method": method})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.batch_create(
                organisation=request.organisation,
                payment_ids=form.cleaned_data["payments"],
                method=form.cleaned_data["method"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            batch = created.batch
            messages.success(
                request, f"Batch {batch.reference} made with a total of £{batch.total:,.2f}."
            )
            if created.left_out:
                messages.warning(
                    request,
                    f"{len(created.left_out)} of the payments you chose were left out: they "
                    "were already in a batch or no longer waiting to be paid.",
                )
            return _to_detail(batch)
    payments = _waiting(method)
    return render(
        request,
        "money/batches/new.html",
        {
            "form": form,
            "method": method,
            "method_label": Payment.Method(method).label,
            "methods": [(m, Payment.Method(m).label) for m in services.BATCH_METHODS],
            "payments": payments,
            "limited": len(payments) == CHOOSE_LIMIT,
            "chosen": (
                {str(pk) for pk in request.POST.getlist("payments")}
                if request.method == "POST"
                else {str(p.pk) for p in payments}
            ),
            "total": sum((p.amount for p in payments), start=0),
        },
    )


def _detail(request, batch, form=None, status=200):
    payments = list(
        batch.payments.select_related("participant", "reverses").order_by(
            "participant__preferred_name", "pk"
        )
    )
    paid = batch.status == PaymentBatch.Status.PAID
    problems = [] if paid else services.batch_problems(batch, payments)
    remitted = services.remitted_ids(p.pk for p in payments) if paid else set()
    for payment in payments:
        payment.bank_reference = payment_reference(payment)
        payment.remitted = payment.pk in remitted
    missing_remittance = (
        sum(1 for p in payments if not p.remitted)
        if paid and batch.method in services.BATCH_METHODS
        else 0
    )
    today = services.local_today(request.organisation)
    return render(
        request,
        "money/batches/detail.html",
        {
            "batch": batch,
            "method_label": _method_label(batch.method),
            "payments": payments,
            "problems": problems,
            "form": form or MarkPaidForm(initial={"paid_on": today}, today=today),
            "is_bank": batch.method == Payment.Method.BANK,
            "can_download": batch.method == Payment.Method.BANK and not problems,
            "can_remove": batch.status == PaymentBatch.Status.OPEN,
            "can_mark_paid": (
                not paid
                and batch.method in services.BATCH_METHODS
                and not (
                    batch.method == Payment.Method.BANK and batch.status == PaymentBatch.Status.OPEN
                )
                and bool(payments)
                and not (problems and batch.status == PaymentBatch.Status.OPEN)
            ),
            "missing_remittance": missing_remittance,
            "remits": paid and batch.method in services.BATCH_METHODS,
            "voucher": VoucherIssue.objects.filter(payment__batch=batch).first()
            if batch.method == Payment.Method.VOUCHER
            else None,
            "cash": CashReceipt.objects.filter(payment__batch=batch)
            .select_related("handed_over_by")
            .first()
            if batch.method == Payment.Method.CASH
            else None,
        },
        status=status,
    )


@capability_required(FINANCE)
def batch_detail(request, org_slug, batch_id):
    return _detail(request, _batch(batch_id))


@capability_required(FINANCE)
def batch_csv(request, org_slug, batch_id):
    batch = _batch(batch_id)
    if batch.method != Payment.Method.BANK:
        messages.error(request, "Only bank transfer batches have a bank file.")
        return _to_detail(batch)
    try:
        content, _count = services.batch_bank_file(batch=batch, actor=request.user, request=request)
    except BankFileRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem.message)
        messages.error(request, "The bank file was not made. Put these right, then try again.")
        return _to_detail(batch)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bank-file-{batch.reference}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@capability_required(FINANCE)
def batch_paid(request, org_slug, batch_id):
    batch = _batch(batch_id)
    today = services.local_today(request.organisation)
    if batch.status == PaymentBatch.Status.PAID:
        # Finishing off: only remittance advice that is still missing goes out.
        result = services.batch_mark_paid(
            batch=batch, paid_on=batch.paid_on, actor=request.user, request=request
        )
        _say_remitted(request, result)
        return _to_detail(batch)
    form = MarkPaidForm(request.POST, today=today)
    if form.is_valid():
        try:
            result = services.batch_mark_paid(
                batch=batch,
                paid_on=form.cleaned_data["paid_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Batch {batch.reference} is marked as paid.")
            _say_remitted(request, result)
            return _to_detail(batch)
    return _detail(request, batch, form=form)


def _say_remitted(request, result) -> None:
    if result.remitted:
        messages.success(
            request,
            f"Remittance advice made for {result.remitted} payment"
            f"{'s' if result.remitted != 1 else ''}.",
        )
    if result.remittance_failed:
        messages.warning(
            request,
            f"Remittance advice for {result.remittance_failed} payment"
            f"{'s' if result.remittance_failed != 1 else ''} could not be made. "
            "Use 'Send the missing remittance advice' to try again.",
        )


@require_POST
@capability_required(FINANCE)
def batch_remove(request, org_slug, batch_id, payment_id):
    batch = _batch(batch_id)
    payment = get_object_or_404(Payment.objects, pk=payment_id)
    try:
        services.batch_remove_payment(
            batch=batch, payment=payment, actor=request.user, request=request
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            f"Payment {payment.pk} is out of the batch and waiting to be paid again.",
        )
    return _to_detail(batch)


# --- registers ---------------------------------------------------------------------------------


def _preselect(request, payments) -> dict:
    wanted = request.GET.get("payment", "")
    chosen = next((p for p in payments if str(p.pk) == wanted), None)
    return {"payment": chosen.pk, "value": chosen.amount} if chosen else {}


@capability_required(FINANCE)
def vouchers(request, org_slug):
    today = services.local_today(request.organisation)
    waiting = _waiting(Payment.Method.VOUCHER)
    initial = {"issued_on": today, **_preselect(request, waiting)}
    form = VoucherForm(request.POST or None, payments=waiting, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issue = services.voucher_record(
                payment=form.chosen(),
                code=data["code"],
                provider=data["provider"],
                value=data["value"],
                issued_on=data["issued_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Voucher {issue.code} recorded for {issue.payment.participant.preferred_name}. "
                "The payment is marked as paid.",
            )
            return redirect("money:vouchers", org_slug=request.organisation.slug)
    issued = VoucherIssue.objects.select_related(
        "payment__participant", "payment__batch", "issued_by"
    ).order_by("-issued_on", "-id")
    page = Paginator(issued, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "money/batches/vouchers.html",
        {"form": form, "page": page, "waiting": waiting, "limited": len(waiting) == CHOOSE_LIMIT},
    )


def _staff():
    return [m.user for m in Membership.objects.select_related("user").order_by("user__email")]


@capability_required(FINANCE)
def cash(request, org_slug):
    today = services.local_today(request.organisation)
    waiting = _waiting(Payment.Method.CASH)
    staff = _staff()
    initial = {"paid_on": today, "handed_over_by": request.user.pk, **_preselect(request, waiting)}
    initial.pop("value", None)
    form = CashForm(
        request.POST or None, payments=waiting, staff=staff, today=today, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = services.cash_record(
                payment=form.chosen(),
                paid_on=data["paid_on"],
                handed_over_by=form.handed_over_user(),
                witness=data["witness"],
                receipt_signed=data["receipt_signed"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Cash handover recorded for {receipt.payment.participant.preferred_name}. "
                "The payment is marked as paid.",
            )
            return redirect("money:cash", org_slug=request.organisation.slug)
    receipts = CashReceipt.objects.select_related(
        "payment__participant", "payment__batch", "handed_over_by"
    ).order_by("-paid_on", "-id")
    page = Paginator(receipts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "money/batches/cash.html",
        {"form": form, "page": page, "waiting": waiting, "limited": len(waiting) == CHOOSE_LIMIT},
    )

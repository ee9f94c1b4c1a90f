"""Expense claims: list, start, add items with receipts, decide; receipts; pre-booked travel.

Coordinators record claims (can_manage_people); finance officers decide them
(can_approve_payments); both see the lists. Thin: writes go through
`withus.money.services_claims`. Objects come through the scoped managers, so another
organisation's id answers 404, the same as a missing one.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from withus.forms import apply_errors
from withus.money import services_claims as services
from withus.money.forms_claims import (
    ClaimStartForm,
    DecisionForm,
    ExpenseItemForm,
    FindPersonForm,
    PrebookedForm,
    find_people,
)
from withus.money.models import ExpenseClaim, PrebookedTravel, Receipt
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import any_capability_required, capability_required
from withus.people.models import Participant

EITHER = (Capability.MANAGE_PEOPLE, Capability.APPROVE_PAYMENTS)
PAGE_SIZE = 50
CS = ExpenseClaim.Status
UNPAID = (CS.SUBMITTED, CS.APPROVED)
SHOW = {
    "waiting": ("Waiting for approval", Q(status=CS.SUBMITTED)),
    "approved": ("Approved, to pay", Q(status=CS.APPROVED)),
    "paid": ("Paid", Q(status=CS.PAID)),
    "rejected": ("Not approved", Q(status=CS.REJECTED)),
    "all": ("All claims", Q()),
}


def _id(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def _overdue_before(organisation) -> dt.datetime:
    """Claims submitted before this moment and not yet paid are overdue (the organisation's
    reimbursement target, default 7 days)."""
    return timezone.now() - dt.timedelta(days=organisation.expense_target_days)


def _can(request, capability) -> bool:
    return request.membership.has(capability)


# --- the list ----------------------------------------------------------------------------------


@any_capability_required(*EITHER)
def claim_list(request, org_slug):
    show = request.GET.get("show", "waiting")
    show = show if show in SHOW or show == "overdue" else "waiting"
    overdue_before = _overdue_before(request.organisation)
    overdue_q = Q(status__in=UNPAID, submitted_at__lt=overdue_before)
    where = overdue_q if show == "overdue" else SHOW[show][1]
    counts = ExpenseClaim.objects.aggregate(
        **{key: Count("pk", filter=q) for key, (_label, q) in SHOW.items() if key != "all"},
        overdue=Count("pk", filter=overdue_q),
    )
    # Unpaid claims oldest first (the longest waiting are the most urgent); the rest newest first.
    oldest_first = show in ("waiting", "overdue", "approved")
    claims = (
        ExpenseClaim.objects.filter(where)
        .select_related("participant", "event")
        .annotate(
            claimed=Sum("items__amount_claimed"),
            reimbursed=Sum("items__amount_reimbursed"),
            n_items=Count("items"),
        )
        .order_by(*(("submitted_at", "id") if oldest_first else ("-submitted_at", "-id")))
    )
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for claim in page.object_list:
        claim.age_days = (today - timezone.localtime(claim.submitted_at).date()).days
        claim.overdue = claim.status in UNPAID and claim.submitted_at < overdue_before
    tabs = [(key, label, counts.get(key)) for key, (label, _q) in SHOW.items()]
    tabs.insert(1, ("overdue", "Overdue", counts["overdue"]))
    return render(
        request,
        "money/claims/list.html",
        {
            "page": page,
            "query": f"show={show}",
            "show": show,
            "tabs": tabs,
            "target_days": request.organisation.expense_target_days,
            "can_record": _can(request, Capability.MANAGE_PEOPLE),
        },
    )


# --- starting a claim --------------------------------------------------------------------------


def _chosen_person(request) -> Participant | None:
    pk = _id(request.GET.get("participant") or request.POST.get("participant"))
    if pk is None:
        return None
    return get_object_or_404(Participant.objects.filter(erased_at__isnull=True), pk=pk)


def _chosen_event_id(request) -> int | None:
    pk = _id(request.GET.get("event") or request.POST.get("event"))
    if pk is None:
        return None
    from withus.events.models import Event

    # Another organisation's event answers 404, like a missing one.
    get_object_or_404(Event.objects.all(), pk=pk)
    return pk


@capability_required(Capability.MANAGE_PEOPLE)
def claim_add(request, org_slug):
    person = _chosen_person(request)
    event_id = _chosen_event_id(request)
    if person is None:
        find = FindPersonForm(request.GET if "q" in request.GET else None)
        found = find_people(find.cleaned_data["q"]) if find.is_valid() else []
        return render(
            request,
            "money/claims/find_person.html",
            {
                "find": find,
                "found": found,
                "searched": find.is_bound,
                "event_id": event_id,
                "title": "Record an expense claim",
                "next_url": "money:claim_add",
            },
        )
    form = ClaimStartForm(
        request.POST or None,
        participant=person,
        event_id=event_id,
        initial={"participant": person.pk, "event": event_id, "token": secrets.token_urlsafe(16)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_create(
                organisation=request.organisation,
                participant=form.cleaned_data["participant"],
                event=form.cleaned_data["event"],
                idempotency_key=f"form:{form.cleaned_data['token']}",
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Claim started. Now add what was spent.")
            return redirect("money:claim_item_add", org_slug=org_slug, claim_id=claim.pk)
    return render(request, "money/claims/start.html", {"form": form, "person": person})


# --- one claim ---------------------------------------------------------------------------------


def _claim(claim_id) -> ExpenseClaim:
    return get_object_or_404(
        ExpenseClaim.objects.select_related(
            "participant", "event", "project", "submitted_by", "decided_by"
        ),
        pk=claim_id,
    )


def _detail(request, claim: ExpenseClaim, *, form: DecisionForm | None = None, status=200):
    from withus.money.checks import claim_findings

    items = services.claim_items(claim)
    waiting = claim.status == CS.SUBMITTED
    plan = services.decision_plan(claim, items) if waiting else None
    can_decide = waiting and bool(items) and _can(request, Capability.APPROVE_PAYMENTS)
    if can_decide and form is None:
        form = DecisionForm(claim=claim, plan=plan)
    findings = sorted(
        claim_findings(claim, today=timezone.localdate()) if waiting else [],
        key=lambda f: {"blocking": 0, "warning": 1}.get(f.severity, 2),
    )
    overdue = claim.status in UNPAID and claim.submitted_at < _overdue_before(claim.organisation)
    return render(
        request,
        "money/claims/detail.html",
        {
            "claim": claim,
            "items": items,
            "plan": plan,
            "rows": plan.items if plan else None,
            "findings": findings,
            "form": form if can_decide else None,
            "payments": list(claim.payments.order_by("id")),
            "can_record": waiting and _can(request, Capability.MANAGE_PEOPLE),
            "overdue": overdue,
            "target_days": claim.organisation.expense_target_days,
        },
        status=status,
    )


@any_capability_required(*EITHER)
def claim_detail(request, org_slug, claim_id):
    return _detail(request, _claim(claim_id))


@capability_required(Capability.MANAGE_PEOPLE)
def claim_item_add(request, org_slug, claim_id):
    claim = _claim(claim_id)
    if claim.status != CS.SUBMITTED:
        messages.info(request, "This claim has been decided. Start a new claim for more items.")
        return redirect("money:claim_detail", org_slug=org_slug, claim_id=claim.pk)
    form = ExpenseItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_add(
                claim=claim,
                data=form.service_data(),
                receipt_upload=form.cleaned_data.get("receipt"),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"{item.get_category_display()} of £{item.amount_claimed} added."
            )
            if request.POST.get("another"):
                return redirect("money:claim_item_add", org_slug=org_slug, claim_id=claim.pk)
            return redirect("money:claim_detail", org_slug=org_slug, claim_id=claim.pk)
    return render(request, "money/claims/item_form.html", {"form": form, "claim": claim})


@require_POST
@capability_required(Capability.APPROVE_PAYMENTS)
def claim_decide(request, org_slug, claim_id):
    from withus.money.services import PaymentBlocked

    claim = _claim(claim_id)
    if claim.status != CS.SUBMITTED:
        # A repeated or late submission: the decision stands and nothing is paid twice.
        messages.info(request, f"This claim was already decided: {claim.get_status_display()}.")
        return redirect("money:claim_detail", org_slug=org_slug, claim_id=claim.pk)
    items = services.claim_items(claim)
    plan = services.decision_plan(claim, items)
    form = DecisionForm(request.POST, claim=claim, plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.claim_decide(
                claim=claim,
                actor=request.user,
                approve=data["decision"] == "approve",
                method=data.get("method") or "",
                note=data.get("note") or "",
                accepted=form.accepted(),
                include_prebooked=form.include_prebooked(),
                record_above_cost=bool(data.get("record_above_cost")),
                override_reason=data.get("override_reason") or "",
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PaymentBlocked as blocked:
            for finding in blocked.findings:
                form.add_error(
                    "override_reason",
                    f"{finding.message} Give a reason to go ahead, or do not approve.",
                )
        else:
            if decision.already:
                messages.info(request, "This claim was already decided. Nothing was changed.")
            elif decision.payment is not None:
                text = (
                    f"Approved. £{decision.payment.amount} will be paid back by "
                    f"{decision.payment.get_method_display().lower()}."
                )
                if decision.above_cost_payment is not None:
                    text += (
                        f" £{decision.above_cost_payment.amount} is drafted as an involvement "
                        "payment, for approval."
                    )
                messages.success(request, text)
            else:
                messages.success(request, "The claim is marked as not approved.")
            return redirect("money:claim_detail", org_slug=org_slug, claim_id=claim.pk)
    return _detail(request, claim, form=form)


# --- receipts ----------------------------------------------------------------------------------


@any_capability_required(*EITHER)
def receipt_download(request, org_slug, receipt_id):
    receipt = get_object_or_404(Receipt.objects.all(), pk=receipt_id)
    try:
        handle = receipt.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing.") from None
    # Photos open in the browser; PDFs download. Either way the browser must not guess the type,
    # must not keep a copy, and may not run anything in it.
    response = FileResponse(
        handle,
        as_attachment=not receipt.content_type.startswith("image/"),
        filename=receipt.filename,
        content_type=receipt.content_type,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


# --- pre-booked travel ---------------------------------------------------------------------------


@any_capability_required(*EITHER)
def prebooked(request, org_slug):
    can_record = _can(request, Capability.MANAGE_PEOPLE)
    if request.method == "POST" and not can_record:
        raise PermissionDenied("Recording pre-booked travel needs can_manage_people.")
    person = _chosen_person(request)
    event_id = _chosen_event_id(request)
    form = None
    if person is not None and can_record:
        form = PrebookedForm(
            request.POST or None,
            participant=person,
            event_id=event_id,
            initial={"participant": person.pk, "event": event_id},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                travel = services.prebooked_add(
                    organisation=request.organisation,
                    participant=data["participant"],
                    event=data["event"],
                    travel_on=data["travel_on"],
                    description=data["description"],
                    amount=data["amount"],
                    actor=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Recorded. Travel for {travel.participant.preferred_name} on that day "
                    "will not be reimbursed again.",
                )
                return redirect("money:prebooked", org_slug=org_slug)
    elif request.method == "POST":
        return redirect("money:prebooked", org_slug=org_slug)
    find = FindPersonForm(request.GET if "q" in request.GET else None)
    found = find_people(find.cleaned_data["q"]) if find.is_valid() else []
    rows = PrebookedTravel.objects.select_related("participant", "event", "booked_by")
    if person is not None:
        rows = rows.filter(participant=person)
    page = Paginator(rows.order_by("-travel_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "money/claims/prebooked.html",
        {
            "page": page,
            "query": f"participant={person.pk}" if person else "",
            "person": person,
            "form": form,
            "find": find,
            "found": found,
            "searched": find.is_bound,
            "event_id": event_id,
            "can_record": can_record,
        },
    )

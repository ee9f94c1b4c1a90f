"""What the portal's Money pages show: only the signed-in participant's own claims and payments
(always read inside their organisation's scope, always filtered by the participant).

Each function runs a fixed number of queries whatever the number of rows. Totals follow the
money app's rules (withus.money.selectors.person_ledger): amounts count in the tax year and
month they were PAID; a correction of a paid line counts against the month that line was paid
in; drafts are only proposals and never shown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from withus.events.models import Event
from withus.money import selectors as money_selectors
from withus.money.models import ExpenseClaim, ExpenseItem, Payment
from withus.money_utils import money

K = Payment.Kind
S = Payment.Status
CS = ExpenseClaim.Status
C = ExpenseItem.Category
ZERO = Decimal("0.00")
SHOWN = (S.APPROVED, S.PAID)  # drafts are proposals: the person is not told about them
LIST_LIMIT = 50  # claims and payments on the money page (newest first)
EVENT_WINDOW = dt.timedelta(days=92)  # "which meeting": their own, from the last 3 months

tax_year_start = money_selectors.tax_year_start
tax_year_label = money_selectors.tax_year_label

METHOD_WORDS = {
    Payment.Method.BANK: "Into your bank account",
    Payment.Method.VOUCHER: "Voucher",
    Payment.Method.CASH: "Cash",
    Payment.Method.OTHER: "Another way",
}


# --- claims --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemShort:
    """Why less than claimed was paid back for one item, in plain words ('' when all of it)."""

    item: ExpenseItem
    reason: str


def item_shortfall_reason(item: ExpenseItem) -> str:
    """Plain words for why an item was paid back less than was claimed (after a decision)."""
    if item.amount_reimbursed is None or item.amount_reimbursed >= item.amount_claimed:
        return ""
    paid = f"£{item.amount_reimbursed:,.2f}"
    if item.amount_reimbursed == 0 and item.category in (C.TRAVEL, C.MILEAGE):
        return "We had already booked and paid for your travel that day, so we did not pay again."
    if item.receipt_id and item.receipted_amount is not None:
        return (
            f"We pay back exactly what the receipt shows: £{item.receipted_amount:,.2f}. "
            "Paying more would count as income, not expenses."
        )
    if item.category == C.MILEAGE:
        return f"We worked out your miles at the official rates: {paid}."
    if item.amount_reimbursed == 0:
        return "There was no receipt, and we could not pay this back."
    return f"There was no receipt. We agreed to pay back {paid}."


@dataclass
class ClaimStatus:
    key: str  # waiting, approved, paid, part, rejected
    text: str  # the headline, e.g. "We have your claim"
    detail: str = ""
    tag: str = ""  # GOV.UK tag colour class


def pay_by(claim: ExpenseClaim, *, target_days: int) -> dt.date:
    """The day we aim to have paid the claim: the organisation's target after it was sent."""
    return timezone.localtime(claim.submitted_at).date() + dt.timedelta(days=target_days)


def claim_status(
    claim: ExpenseClaim,
    *,
    items: list[ExpenseItem],
    paid_on: dt.date | None,
    target_days: int,
    today: dt.date,
) -> ClaimStatus:
    """The claim's status in the words a participant reads."""
    from withus.pages.templatetags.withus_format import nice_date

    if claim.status == CS.REJECTED:
        why = claim.decision_note or "Ask your contact why."
        return ClaimStatus("rejected", "Not approved", f"Why: {why}", "govuk-tag--red")
    if claim.status == CS.SUBMITTED:
        by = pay_by(claim, target_days=target_days)
        detail = (
            f"We will check it. We aim to pay you by {nice_date(by)}."
            if by >= today
            else "We will check it soon. Sorry it is taking longer than we said."
        )
        return ClaimStatus("waiting", "We have your claim", detail, "govuk-tag--blue")
    short = any(item_shortfall_reason(i) for i in items)
    if claim.status == CS.PAID:
        when = f"Paid on {nice_date(paid_on)}" if paid_on else "Paid"
        if short:
            return ClaimStatus(
                "part",
                "Some of it was not approved",
                f"{when}. See why below.",
                "govuk-tag--yellow",
            )
        return ClaimStatus("paid", when, "", "govuk-tag--green")
    by = pay_by(claim, target_days=target_days)
    headline = (
        f"Approved: we will pay you by {nice_date(by)}"
        if by >= today
        else "Approved: we will pay you soon"
    )
    if short:
        return ClaimStatus(
            "part",
            "Some of it was not approved",
            f"{headline}. See why below.",
            "govuk-tag--yellow",
        )
    return ClaimStatus("approved", headline, "", "govuk-tag--turquoise")


@dataclass
class ClaimRow:
    claim: ExpenseClaim
    items: list[ExpenseItem]
    status: ClaimStatus
    paid_on: dt.date | None
    claimed: Decimal
    reimbursed: Decimal | None  # None until decided
    shortfalls: list[ItemShort] = field(default_factory=list)

    @property
    def what(self) -> str:
        kinds = []
        for item in self.items:
            label = CATEGORY_WORDS.get(item.category, item.get_category_display())
            if label not in kinds:
                kinds.append(label)
        return ", ".join(kinds) or "Nothing added yet"


CATEGORY_WORDS = {
    C.TRAVEL: "Travel",
    C.MILEAGE: "Miles in your own vehicle",
    C.MEALS: "Food and drinks",
    C.CHILDCARE: "Childcare",
    C.CARER: "Carer cover",
    C.STATIONERY: "Stamps, paper and pens",
    C.OTHER: "Something else",
}


def _claims(participant):
    return (
        ExpenseClaim.objects.filter(participant=participant)
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ExpenseItem.objects.order_by("spent_on", "id"),
            ),
            Prefetch(
                "payments",
                queryset=Payment.objects.filter(kind=K.EXPENSES).order_by("id"),
                to_attr="expense_payments",
            ),
        )
        .order_by("-submitted_at", "-id")
    )


def _row(claim: ExpenseClaim, *, target_days: int, today: dt.date) -> ClaimRow:
    items = list(claim.items.all())
    for item in items:
        item.plain_category = CATEGORY_WORDS.get(item.category, item.get_category_display())
    payments = getattr(claim, "expense_payments", [])
    paid_on = max((p.paid_on for p in payments if p.paid_on), default=None)
    decided = claim.status in (CS.APPROVED, CS.PAID)
    return ClaimRow(
        claim=claim,
        items=items,
        status=claim_status(
            claim, items=items, paid_on=paid_on, target_days=target_days, today=today
        ),
        paid_on=paid_on,
        claimed=money(sum((i.amount_claimed for i in items), ZERO)),
        reimbursed=(
            money(sum((i.amount_reimbursed or ZERO for i in items), ZERO)) if decided else None
        ),
        shortfalls=[
            ItemShort(i, reason) for i in items if decided and (reason := item_shortfall_reason(i))
        ],
    )


def claim_rows(participant, *, today: dt.date, limit: int = LIST_LIMIT) -> list[ClaimRow]:
    target = participant.organisation.expense_target_days
    return [_row(c, target_days=target, today=today) for c in _claims(participant)[:limit]]


def claim_row(participant, pk: int, *, today: dt.date) -> ClaimRow | None:
    """One of the person's own claims, or None (someone else's claim is never found)."""
    claim = _claims(participant).filter(pk=pk).first()
    if claim is None:
        return None
    return _row(claim, target_days=participant.organisation.expense_target_days, today=today)


# --- payments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentRow:
    payment: Payment
    what: str
    how: str
    paid: bool


def payment_rows(participant, *, limit: int = LIST_LIMIT) -> list[PaymentRow]:
    """Their approved and paid ledger lines, newest first (drafts are not shown)."""
    rows = []
    payments = (
        Payment.objects.filter(participant=participant, status__in=SHOWN)
        .select_related("event")
        .order_by("-activity_date", "-id")[:limit]
    )
    for p in payments:
        if p.kind == K.REVERSAL:
            what = "A correction to an earlier payment"
        elif p.kind == K.EXPENSES:
            what = f"Money back for your claim {p.claim_id}" if p.claim_id else "Money back"
            if p.event_id:
                what += f" ({p.event.title})"
        else:
            what = p.event.title if p.event_id else p.description
        rows.append(
            PaymentRow(
                payment=p,
                what=what,
                how=METHOD_WORDS.get(p.method, p.get_method_display()),
                paid=p.status == S.PAID,
            )
        )
    return rows


# --- totals by tax year and month -----------------------------------------------------------------


@dataclass
class Month:
    start: dt.date
    payments: Decimal = ZERO  # payments for taking part, vouchers included
    vouchers: Decimal = ZERO  # the part of `payments` given as vouchers
    expenses: Decimal = ZERO  # exact costs paid back

    @property
    def total(self) -> Decimal:
        return self.payments + self.expenses

    @property
    def label(self) -> str:
        return f"{self.start:%B %Y}"


@dataclass
class Statement:
    start: dt.date
    months: list[Month]
    to_pay_payments: Decimal
    to_pay_expenses: Decimal
    years: list[dt.date]  # tax years the person can choose (newest first)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start.year + 1, 4, 5)

    @property
    def label(self) -> str:
        return tax_year_label(self.start)

    @property
    def payments(self) -> Decimal:
        return money(sum((m.payments for m in self.months), ZERO))

    @property
    def vouchers(self) -> Decimal:
        return money(sum((m.vouchers for m in self.months), ZERO))

    @property
    def expenses(self) -> Decimal:
        return money(sum((m.expenses for m in self.months), ZERO))

    @property
    def total(self) -> Decimal:
        return self.payments + self.expenses

    @property
    def to_pay(self) -> Decimal:
        return self.to_pay_payments + self.to_pay_expenses

    @property
    def active_months(self) -> list[Month]:
        return [m for m in self.months if m.payments or m.expenses]


def _months(start: dt.date) -> list[dt.date]:
    """The first day of each calendar month the tax year touches (April to April: 13 months,
    because it starts on 6 April and ends on 5 April)."""
    out, year, month = [], start.year, start.month
    for _ in range(13):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def statement(participant, *, start: dt.date, today: dt.date) -> Statement:
    """Paid amounts in the tax year starting `start`, month by month, by the date paid, and what
    is approved but not paid yet. One query, with the staff person totals' rules
    (withus.money.selectors.person_ledger)."""
    ledger = money_selectors.person_ledger(participant)
    end = dt.date(start.year + 1, 4, 5)
    months = {m: Month(m) for m in _months(start)}
    years = {tax_year_start(today)}
    for line in ledger.paid:
        years.add(tax_year_start(line.day))
        if not (start <= line.day <= end):
            continue
        month = months[dt.date(line.day.year, line.day.month, 1)]
        if line.kind == K.INVOLVEMENT:
            month.payments += line.amount
            if line.method == Payment.Method.VOUCHER:
                month.vouchers += line.amount
        else:
            month.expenses += line.amount
    for month in months.values():
        month.payments, month.vouchers = money(month.payments), money(month.vouchers)
        month.expenses = money(month.expenses)
    return Statement(
        start=start,
        months=list(months.values()),
        to_pay_payments=ledger.to_pay_payments,
        to_pay_expenses=ledger.to_pay_expenses,
        years=sorted(years, reverse=True),
    )


FIRST_YEAR = 2000  # no statement is offered for a tax year before this


def statement_start(wanted: str, *, today: dt.date) -> dt.date:
    """The tax year asked for in ?year=2025 (its first day, 6 April), or this tax year when the
    value is not four plain digits in a sensible range (never an error)."""
    current = tax_year_start(today)
    if not re.fullmatch(r"[0-9]{4}", wanted or ""):
        return current
    year = int(wanted)
    if not FIRST_YEAR <= year <= current.year:
        return current
    return dt.date(year, 4, 6)


# --- the claim form ------------------------------------------------------------------------------


def wanted_id(value: str) -> int | None:
    """An id from the address (?event=12): plain digits only, else None (never an error)."""
    return int(value) if re.fullmatch(r"[0-9]{1,11}", value or "") else None


def recent_events(participant, *, now: dt.datetime):
    """Meetings they were invited to that started in the last 3 months (for 'which meeting')."""
    return (
        Event.objects.filter(
            invitations__participant=participant,
            starts_at__gte=now - EVENT_WINDOW,
            starts_at__lte=now,
        )
        .distinct()
        .order_by("-starts_at", "-id")
    )

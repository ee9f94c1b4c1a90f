"""The checks before approving money: facts read from the database, then the pure rules in
`withus.money.rules`.

Each function loads what it needs in a fixed number of queries, whatever the number of payments
or claim items, and must be called inside the organisation's scope (django-scopes), so another
organisation's rows never count.

Which payments count towards totals (benefits periods, regular vouchers and cash): every
involvement payment that is drafted, approved or paid — drafts count because they are about to
be paid, and a flag before approval is the point. A reversal subtracts from the benefits totals
(on its own activity date); a payment that has been reversed is not counted as a voucher or cash
occasion, nor compared for joint rates. Expenses reimbursements never count as earnings.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from withus.checks import Finding
from withus.money import mileage
from withus.money.models import (
    BenefitLimit,
    ExpenseClaim,
    ExpenseItem,
    MinimumWageRate,
    Payment,
    PrebookedTravel,
    RateCard,
)
from withus.money.rules import worst_first
from withus.money.rules.benefits import BenefitsFacts, Counted, Limit, benefits_findings
from withus.money.rules.claims import (
    MILEAGE,
    TRAVEL_CATEGORIES,
    ItemFacts,
    OtherItem,
    Prebooked,
    above_real_cost,
    claim_overdue,
    duplicate_claim,
    mileage_rate,
    no_receipt,
    prebooked_travel,
)
from withus.money.rules.joint import joint_rate, role_pay
from withus.money.rules.regular import regular_cash, regular_vouchers
from withus.money.rules.status import inactive_person, payment_choice
from withus.money.rules.wage import WageRate, minimum_wage
from withus.money_utils import money
from withus.orgs.models import Organisation
from withus.people.models import BenefitsRecord, Participant

INVOLVEMENT = Payment.Kind.INVOLVEMENT
EXPENSES = Payment.Kind.EXPENSES
REVERSAL = Payment.Kind.REVERSAL
VOUCHER = Payment.Method.VOUCHER
CASH = Payment.Method.CASH
HOURLY = RateCard.Basis.HOURLY
REJECTED = ExpenseClaim.Status.REJECTED

# How far around the payments' dates the history is read: the 12-month windows before, and the
# longest benefits period (a month) after.
HISTORY_BEFORE = dt.timedelta(days=367)
HISTORY_AFTER = dt.timedelta(days=31)


def local_today(organisation) -> dt.date:
    return timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(organisation.timezone)).date()


def wage_rates() -> list[WageRate]:
    """The whole minimum wage table (a few dozen rows), in one query."""
    return [
        WageRate(r.effective_from, r.band, r.hourly, r.nlw_min_age)
        for r in MinimumWageRate.objects.all()
    ]


def statement_total(*, rate_card: RateCard, sessions: int = 1) -> Decimal:
    """The total a person would receive for `sessions` at this rate (never an hourly figure):
    for an hourly rate, the rate times its expected hours. Raises ValueError for an hourly rate
    card without expected hours (there is no total to state) or fewer than one session."""
    if sessions < 1:
        raise ValueError("A statement is for one session or more.")
    if rate_card.basis == HOURLY:
        if not rate_card.expected_hours:
            raise ValueError(
                "An hourly rate card needs its expected hours before a total can be stated."
            )
        return money(rate_card.amount * rate_card.expected_hours * sessions)
    return money(rate_card.amount * sessions)


# --- payments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One ledger line as the rules need it (from the database or a payment being checked)."""

    key: object  # the payment id, or a placeholder for a payment not saved yet
    participant_id: int
    kind: str
    method: str
    amount: Decimal
    day: dt.date
    hours: Decimal | None
    event_id: int | None
    responsibility: str | None
    basis: str | None
    card_amount: Decimal | None
    reversed: bool
    reverses_kind: str | None


HISTORY_FIELDS = (
    "id",
    "participant_id",
    "kind",
    "method",
    "amount",
    "activity_date",
    "hours",
    "event_id",
    "rate_card__responsibility",
    "rate_card__basis",
    "rate_card__amount",
    "reversed_by__id",
    "reverses__kind",
)


def _db_row(values: dict) -> _Row:
    return _Row(
        key=values["id"],
        participant_id=values["participant_id"],
        kind=values["kind"],
        method=values["method"],
        amount=values["amount"],
        day=values["activity_date"],
        hours=values["hours"],
        event_id=values["event_id"],
        responsibility=values["rate_card__responsibility"],
        basis=values["rate_card__basis"],
        card_amount=values["rate_card__amount"],
        reversed=values["reversed_by__id"] is not None,
        reverses_kind=values["reverses__kind"],
    )


def _benefits_facts(person: Participant) -> BenefitsFacts | None:
    try:
        record = person.benefits
    except BenefitsRecord.DoesNotExist:
        return None
    if not record.consent_given or not record.benefits:
        return None
    return BenefitsFacts(
        benefits=tuple(record.benefits),
        other_benefit=record.other_benefit,
        uc_assessment_day=record.uc_assessment_day,
        signposted_on=record.signposted_on,
        signposted_to=record.signposted_to,
    )


def _counted(row: _Row) -> Counted | None:
    if row.kind == INVOLVEMENT:
        return Counted(row.day, row.amount)
    if row.kind == REVERSAL and row.reverses_kind == INVOLVEMENT:
        return Counted(row.day, row.amount)
    return None


def _findings_for(payments: Sequence[Payment], today: dt.date | None) -> list[list[Finding]]:
    if not payments:
        return []
    participant_ids = {p.participant_id for p in payments}
    people = {
        person.pk: person
        for person in Participant.objects.filter(pk__in=participant_ids).select_related("benefits")
    }
    card_ids = {p.rate_card_id for p in payments if p.rate_card_id}
    cards = {card.pk: card for card in RateCard.objects.filter(pk__in=card_ids)} if card_ids else {}
    event_ids = {p.event_id for p in payments if p.event_id}
    partners: dict[int, str] = {}
    if event_ids:
        from withus.events.models import Event

        partners = {
            e["id"]: e["partner_organisations"].strip()
            for e in Event.objects.filter(pk__in=event_ids).values("id", "partner_organisations")
        }
    joint_events = {pk for pk, names in partners.items() if names}
    involvement = [p for p in payments if p.kind == INVOLVEMENT]
    rates = wage_rates() if involvement else []
    facts = {pk: _benefits_facts(person) for pk, person in people.items()}
    benefits = {b for f in facts.values() if f for b in f.benefits}
    org_ids = {p.organisation_id for p in payments}
    limits: dict[int, list[Limit]] = {pk: [] for pk in org_ids}
    if benefits and involvement:
        for row in BenefitLimit.objects.filter(organisation_id__in=org_ids, benefit__in=benefits):
            limits[row.organisation_id].append(
                Limit(
                    row.benefit,
                    row.label,
                    row.period,
                    row.amount,
                    row.effective_from,
                    row.effective_to,
                )
            )
    organisations = {}
    if any(p.method == VOUCHER for p in involvement):
        organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=org_ids)}

    first = min(p.activity_date for p in payments) - HISTORY_BEFORE
    last = max(p.activity_date for p in payments) + HISTORY_AFTER
    wanted = Q(participant_id__in=participant_ids, activity_date__range=(first, last))
    if joint_events:
        wanted |= Q(event_id__in=joint_events)
    rows: dict[object, _Row] = {
        values["id"]: _db_row(values)
        for values in Payment.objects.filter(wanted).values(*HISTORY_FIELDS)
    }
    # The payments being checked, as they are now (a draft may be unsaved or changed).
    keys = []
    for index, p in enumerate(payments):
        key = p.pk if p.pk is not None else ("new", index)
        keys.append(key)
        saved = rows.get(key)
        card = cards.get(p.rate_card_id)
        reverses_kind = saved.reverses_kind if saved else None
        if p.kind == REVERSAL and reverses_kind is None and p.reverses_id in rows:
            reverses_kind = rows[p.reverses_id].kind
        rows[key] = _Row(
            key=key,
            participant_id=p.participant_id,
            kind=p.kind,
            method=p.method,
            amount=p.amount,
            day=p.activity_date,
            hours=p.hours,
            event_id=p.event_id,
            responsibility=card.responsibility if card else None,
            basis=card.basis if card else None,
            card_amount=card.amount if card else None,
            reversed=saved.reversed if saved else False,
            reverses_kind=reverses_kind,
        )
    by_person: dict[int, list[_Row]] = {}
    by_event: dict[int, list[_Row]] = {}
    for row in rows.values():
        by_person.setdefault(row.participant_id, []).append(row)
        if row.event_id in joint_events:
            by_event.setdefault(row.event_id, []).append(row)

    results = []
    for key, p in zip(keys, payments, strict=True):
        this = rows[key]
        person = people.get(p.participant_id)
        if person is None or p.kind == REVERSAL:
            results.append([])
            continue
        name = person.preferred_name
        others = [r for r in by_person.get(p.participant_id, []) if r.key != key]
        found = inactive_person(name=name, status=person.status)
        if p.kind == INVOLVEMENT:
            card = cards.get(p.rate_card_id)
            hourly_rate = None
            hours = p.hours
            if hours is None and card is not None:
                if card.basis == HOURLY:
                    hourly_rate = card.amount
                else:
                    hours = card.expected_hours
            found += payment_choice(name=name, choice=person.payment_choice, kind=p.kind)
            found += minimum_wage(
                name=name,
                day=p.activity_date,
                amount=p.amount,
                hours=hours,
                hourly_rate=hourly_rate,
                date_of_birth=person.date_of_birth,
                age_band=person.age_band,
                rates=rates,
            )
            found += benefits_findings(
                name=name,
                day=p.activity_date,
                amount=p.amount,
                facts=facts.get(p.participant_id),
                payments=[c for c in map(_counted, others) if c is not None],
                limits=limits.get(p.organisation_id, []),
            )
            if p.method == VOUCHER:
                found += regular_vouchers(
                    name=name,
                    day=p.activity_date,
                    voucher_days=[
                        r.day
                        for r in others
                        if r.kind == INVOLVEMENT and r.method == VOUCHER and not r.reversed
                    ],
                    count_needed=organisations[p.organisation_id].regular_voucher_count,
                )
            if p.event_id in joint_events and card is not None:
                found += joint_rate(
                    partners=partners[p.event_id],
                    role=card.get_responsibility_display(),
                    this=_role_pay(this),
                    others=[
                        _role_pay(r)
                        for r in by_event.get(p.event_id, [])
                        if r.key != key
                        and r.kind == INVOLVEMENT
                        and not r.reversed
                        and r.responsibility == card.responsibility
                    ],
                )
        if p.method == CASH:
            found += regular_cash(
                name=name,
                day=p.activity_date,
                cash_days=[
                    r.day
                    for r in others
                    if r.kind in (INVOLVEMENT, EXPENSES) and r.method == CASH and not r.reversed
                ],
                has_no_bank_account=person.has_no_bank_account,
                bank_account_support=person.bank_account_support,
            )
        results.append(worst_first(found))
    return results


def _role_pay(row: _Row):
    return role_pay(
        amount=row.amount, hours=row.hours, basis=row.basis or "", card_amount=row.card_amount
    )


def payment_findings(payment: Payment, *, today: dt.date | None = None) -> list[Finding]:
    """Findings before approving one payment (a draft, saved or not, or any other), worst
    first. `today` is accepted for symmetry with `claim_findings`: no payment rule needs it."""
    return _findings_for([payment], today)[0]


def payments_findings(
    payments: Iterable[Payment], *, today: dt.date | None = None
) -> dict[int, list[Finding]]:
    """Findings for many saved payments at once (list pages), by payment id, in a fixed number
    of queries."""
    payments = [p for p in payments if p.pk is not None]
    return {p.pk: found for p, found in zip(payments, _findings_for(payments, today), strict=True)}


# --- expense claims ------------------------------------------------------------------------------


OTHER_ITEM_FIELDS = (
    "id",
    "claim_id",
    "spent_on",
    "amount_claimed",
    "receipt__sha256",
    "claim__participant_id",
)


def _item_facts(item: ExpenseItem) -> ItemFacts:
    receipt = item.receipt
    return ItemFacts(
        id=item.pk,
        category=item.category,
        label=item.get_category_display(),
        spent_on=item.spent_on,
        amount_claimed=item.amount_claimed,
        receipted_amount=item.receipted_amount,
        amount_reimbursed=item.amount_reimbursed,
        receipt_id=item.receipt_id,
        receipt_sha256=receipt.sha256 if receipt is not None else "",
        no_receipt_reason=item.no_receipt_reason,
        no_receipt_approved=item.no_receipt_approved_by_id is not None,
        vehicle=item.vehicle,
        miles=item.miles,
    )


def claim_findings(claim: ExpenseClaim, *, today: dt.date | None = None) -> list[Finding]:
    """Findings before approving an expense claim, in a fixed number of queries whatever the
    number of items."""
    claim = ExpenseClaim.objects.select_related("organisation").get(pk=claim.pk)
    organisation = claim.organisation
    today = today or local_today(organisation)
    items = [
        _item_facts(item)
        for item in ExpenseItem.objects.filter(claim_id=claim.pk).select_related("receipt")
    ]
    found = claim_overdue(
        status=claim.status,
        submitted_on=timezone.localtime(
            claim.submitted_at, zoneinfo.ZoneInfo(organisation.timezone)
        ).date(),
        today=today,
        target_days=organisation.expense_target_days,
    )
    if not items:
        return worst_first(found)

    dates = {item.spent_on for item in items}
    shas = {item.receipt_sha256 for item in items if item.receipt_sha256}
    nearby = Q(claim__participant_id=claim.participant_id, spent_on__in=dates)
    if shas:
        nearby |= Q(receipt__sha256__in=shas)
    others = [
        OtherItem(
            id=o["id"],
            claim_id=o["claim_id"],
            spent_on=o["spent_on"],
            amount_claimed=o["amount_claimed"],
            receipt_sha256=o["receipt__sha256"] or "",
            same_person=o["claim__participant_id"] == claim.participant_id,
        )
        for o in ExpenseItem.objects.filter(nearby)
        .exclude(claim__status=REJECTED)
        .values(*OTHER_ITEM_FIELDS)
    ]

    travel = [item for item in items if item.category in TRAVEL_CATEGORIES]
    prebooked: list[Prebooked] = []
    if travel:
        when = Q(travel_on__in={item.spent_on for item in travel})
        if claim.event_id:
            when |= Q(event_id=claim.event_id)
        prebooked = [
            Prebooked(p.travel_on, p.event_id, p.description, p.amount)
            for p in PrebookedTravel.objects.filter(when, participant_id=claim.participant_id)
        ]

    expected: dict[int | None, Decimal | None] = {}
    miles_items = [item for item in items if item.category == MILEAGE]
    if miles_items:
        rates = mileage.load_rates()
        first = min(mileage.tax_year_start(item.spent_on) for item in miles_items)
        last = max(item.spent_on for item in miles_items)
        rows = mileage.mileage_rows(claim.participant_id, first, last, vehicle=None)
        for item in miles_items:
            if not item.vehicle or item.miles is None:
                expected[item.id] = None
                continue
            before = mileage.miles_before(
                ((i, d, m) for i, d, m, v in rows if v == item.vehicle),
                item.spent_on,
                item_id=item.id,
            )
            try:
                expected[item.id] = mileage.mileage_amount(
                    vehicle=item.vehicle,
                    miles=item.miles,
                    day=item.spent_on,
                    miles_before=before,
                    rates=rates,
                )
            except (LookupError, ValueError):
                expected[item.id] = None

    for item in items:
        found += no_receipt(item)
        found += above_real_cost(item)
        found += duplicate_claim(item, others)
        found += prebooked_travel(item, prebooked, claim_event_id=claim.event_id)
        if item.category == MILEAGE:
            found += mileage_rate(item, expected.get(item.id))
    return worst_first(found)

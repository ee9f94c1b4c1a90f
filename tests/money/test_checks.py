"""The money checks against the database: facts loaded in a fixed number of queries, the rules
applied to real payments and claims, organisation limits seeded from confirmed figures only, and
another organisation's rows never counting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.events.builders import make_event
from tests.money.builders import make_payment, make_rate_card
from withus.checks import Severity
from withus.money.checks import (
    claim_findings,
    payment_findings,
    payments_findings,
    statement_total,
)
from withus.money.limits import UNCONFIRMED, ensure_benefit_limits
from withus.money.models import (
    BenefitLimit,
    ExpenseClaim,
    ExpenseItem,
    Payment,
    PrebookedTravel,
    RateCard,
    Receipt,
)
from withus.people.models import BenefitsRecord, Participant

D = Decimal
MAY_2025 = dt.date(2025, 5, 20)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def only(findings, code):
    return [f for f in findings if f.code == code]


@pytest.fixture
def card(world, in_org_a):
    return make_rate_card(world.org_a, amount=D("40.00"), expected_hours=D("2.5"))


# --- statement ---------------------------------------------------------------------------------


def test_statement_total_is_a_total_not_an_hourly_figure(world, in_org_a):
    session = make_rate_card(world.org_a, amount=D("40.00"))
    assert statement_total(rate_card=session, sessions=3) == D("120.00")
    hourly = make_rate_card(
        world.org_a, basis=RateCard.Basis.HOURLY, amount=D("12.75"), expected_hours=D("2.5")
    )
    assert statement_total(rate_card=hourly) == D("31.88")  # £31.875, half up
    no_hours = make_rate_card(world.org_a, basis=RateCard.Basis.HOURLY, expected_hours=None)
    with pytest.raises(ValueError):
        statement_total(rate_card=no_hours)
    with pytest.raises(ValueError):
        statement_total(rate_card=session, sessions=0)


# --- minimum wage ------------------------------------------------------------------------------


def test_a_session_below_the_minimum_wage_for_its_hours_is_blocking(world, people, card):
    jo = people["jo"]
    low = make_rate_card(world.org_a, amount=D("20.00"), expected_hours=D("2.5"))
    payment = make_payment(
        world.org_a, jo, amount=D("20.00"), rate_card=low, activity_date=dt.date(2026, 5, 1)
    )
    (finding,) = only(payment_findings(payment), "minimum_wage")
    assert finding.severity == Severity.BLOCKING
    assert "£20.00 for 2.5 hours" in finding.message
    assert "£12.71 an hour" in finding.message
    assert "They are 36 on that day." in finding.message
    fair = make_payment(world.org_a, jo, rate_card=card, activity_date=dt.date(2026, 5, 1))
    assert only(payment_findings(fair), "minimum_wage") == []  # £40 for 2.5 hours = £16


def test_the_payments_own_hours_come_before_the_rate_cards(world, people, card):
    payment = make_payment(world.org_a, people["sam"], rate_card=card, hours=D("4"))
    (finding,) = only(payment_findings(payment), "minimum_wage")
    assert "£40.00 for 4 hours" in finding.message
    assert "date of birth and age band are not recorded" in finding.message


def test_an_unsaved_draft_is_checked(world, people, card):
    draft = Payment(
        organisation=world.org_a,
        participant=people["jo"],
        kind=Payment.Kind.INVOLVEMENT,
        method=Payment.Method.BANK,
        amount=D("10.00"),
        activity_date=dt.date(2026, 5, 1),
        rate_card=card,
        description="Forum",
    )
    assert "minimum_wage" in codes(payment_findings(draft))
    assert payments_findings([draft]) == {}  # list pages show saved payments only


def test_hourly_rate_cards_compare_the_rate_itself(world, people, in_org_a):
    hourly = make_rate_card(
        world.org_a, basis=RateCard.Basis.HOURLY, amount=D("12.00"), expected_hours=None
    )
    payment = make_payment(world.org_a, people["jo"], amount=D("60.00"), rate_card=hourly)
    (finding,) = only(payment_findings(payment), "minimum_wage")
    assert "The rate card pays Jo Bloggs £12.00 an hour" in finding.message


def test_unknown_hours_ask_for_them(world, people, in_org_a):
    payment = make_payment(world.org_a, people["jo"])
    (finding,) = only(payment_findings(payment), "minimum_wage")
    assert finding.severity == Severity.WARNING


def test_expenses_and_reversals_are_not_wages(world, people, in_org_a):
    jo = people["jo"]
    expenses = make_payment(
        world.org_a, jo, kind=Payment.Kind.EXPENSES, amount=D("3.00"), description="Bus"
    )
    assert "minimum_wage" not in codes(payment_findings(expenses))
    original = make_payment(world.org_a, jo, amount=D("3.00"))
    reversal = make_payment(
        world.org_a, jo, kind=Payment.Kind.REVERSAL, amount=D("-3.00"), reverses=original
    )
    assert payment_findings(reversal) == []


# --- benefits ----------------------------------------------------------------------------------


def test_benefits_total_over_the_uc_period_against_the_organisations_limits(world, people, card):
    ensure_benefit_limits(world.org_a)
    jo = people["jo"]
    make_payment(
        world.org_a,
        jo,
        amount=D("300.00"),
        method=Payment.Method.VOUCHER,
        activity_date=dt.date(2025, 5, 2),
    )
    make_payment(  # exact expenses never count
        world.org_a, jo, kind=Payment.Kind.EXPENSES, amount=D("200"), activity_date=MAY_2025
    )
    make_payment(world.org_a, jo, amount=D("500.00"), activity_date=dt.date(2025, 4, 30))
    # A row for jo under another organisation never counts in organisation A.
    Payment.unscoped.create(
        organisation=world.org_b,
        participant=jo,
        kind=Payment.Kind.INVOLVEMENT,
        method=Payment.Method.BANK,
        amount=D("900.00"),
        description="Elsewhere",
        activity_date=MAY_2025,
        idempotency_key="org-b-1",
    )
    payment = make_payment(
        world.org_a, jo, amount=D("150.00"), rate_card=card, activity_date=MAY_2025
    )
    (finding,) = only(payment_findings(payment), "benefits")
    assert finding.severity == Severity.WARNING
    assert "Jo Bloggs gets Universal Credit" in finding.message
    assert (
        "calendar month from Thursday 1 May 2025 to Saturday 31 May 2025 come to £450.00"
        in finding.message
    )
    assert "with housing element (£411.00 a month)" in finding.message
    assert "calendar months are used" in finding.advice
    assert "Signposting to independent benefits advice has not been recorded" in finding.advice


def test_reversals_subtract_and_the_assessment_day_is_used(world, people, card):
    ensure_benefit_limits(world.org_a)
    jo = people["jo"]
    BenefitsRecord.objects.filter(participant=jo).update(
        uc_assessment_day=15, signposted_on=dt.date(2025, 1, 10)
    )
    original = make_payment(world.org_a, jo, amount=D("300.00"), activity_date=dt.date(2025, 5, 16))
    make_payment(world.org_a, jo, amount=D("300.00"), activity_date=dt.date(2025, 5, 14))
    payment = make_payment(world.org_a, jo, rate_card=card, activity_date=MAY_2025)
    (before,) = only(payment_findings(payment), "benefits")
    assert before.severity == Severity.INFO  # £340 from 15 May to 14 June
    assert "assessment period from Thursday 15 May 2025 to Saturday 14 June 2025" in before.message
    assert "come to £340.00" in before.message
    assert "on Friday 10 January 2025" in before.advice
    make_payment(world.org_a, jo, amount=D("100.00"), activity_date=dt.date(2025, 6, 1))
    (after,) = only(payment_findings(payment), "benefits")
    assert after.severity == Severity.WARNING
    make_payment(
        world.org_a,
        jo,
        kind=Payment.Kind.REVERSAL,
        amount=D("-300.00"),
        reverses=original,
        activity_date=dt.date(2025, 5, 16),
    )
    (reversed_,) = only(payment_findings(payment), "benefits")
    assert "come to £140.00" in reversed_.message
    assert reversed_.severity == Severity.INFO


def test_unconfirmed_limits_are_not_invented(world, people, card):
    ensure_benefit_limits(world.org_a)
    payment = make_payment(
        world.org_a, people["jo"], rate_card=card, activity_date=dt.date(2026, 5, 1)
    )
    (finding,) = only(payment_findings(payment), "benefits")
    assert finding.severity == Severity.INFO
    assert "has not entered a limit for Universal Credit" in finding.message


def test_no_benefits_flag_without_consent_or_for_pip(world, people, card):
    jo = people["jo"]
    payment = make_payment(world.org_a, jo, rate_card=card, activity_date=MAY_2025)
    BenefitsRecord.objects.filter(participant=jo).update(benefits=["pip_dla"])
    assert only(payment_findings(payment), "benefits") == []
    BenefitsRecord.objects.filter(participant=jo).update(benefits=["uc"], consent_given=False)
    assert only(payment_findings(payment), "benefits") == []


# --- limits ------------------------------------------------------------------------------------


def test_benefit_limits_are_seeded_once_from_confirmed_figures(world, in_org_a):
    first = ensure_benefit_limits(world.org_a)
    count = BenefitLimit.objects.count()
    assert len(first) == count > 0
    assert ensure_benefit_limits(world.org_a) == first
    assert BenefitLimit.objects.count() == count
    uc = BenefitLimit.objects.filter(benefit="uc").order_by("effective_from", "amount")
    assert [(row.effective_from, row.effective_to, row.amount) for row in uc] == [
        (dt.date(2024, 4, 6), dt.date(2025, 4, 5), D("404.00")),
        (dt.date(2024, 4, 6), dt.date(2025, 4, 5), D("673.00")),
        (dt.date(2025, 4, 6), dt.date(2026, 4, 5), D("411.00")),
        (dt.date(2025, 4, 6), dt.date(2026, 4, 5), D("684.00")),
    ]
    for benefit, label, year in UNCONFIRMED:
        assert not BenefitLimit.objects.filter(
            benefit=benefit, label=label, effective_from=dt.date(year, 4, 6)
        ).exists()
    carers = BenefitLimit.objects.get(benefit="carers", effective_from=dt.date(2026, 4, 6))
    assert carers.amount == D("204.00")
    assert "secondary source" in carers.source
    assert not BenefitLimit.objects.filter(benefit="pip_dla").exists()
    assert BenefitLimit.objects.filter(effective_to__isnull=True).count() == 0
    # An organisation's own edit survives seeding again.
    row = BenefitLimit.objects.get(benefit="esa", effective_from=dt.date(2025, 4, 6), amount=20)
    BenefitLimit.objects.filter(pk=row.pk).update(amount=D("21.00"))
    ensure_benefit_limits(world.org_a)
    row.refresh_from_db()
    assert row.amount == D("21.00")
    assert BenefitLimit.unscoped.filter(organisation=world.org_b).count() == 0


# --- regular payments, joint events, the person ------------------------------------------------


def test_vouchers_for_three_activities_in_twelve_months(world, people, card):
    sam = people["sam"]
    voucher = {"method": Payment.Method.VOUCHER, "rate_card": card}
    make_payment(world.org_a, sam, activity_date=dt.date(2025, 5, 1), **voucher)
    second = make_payment(world.org_a, sam, activity_date=dt.date(2025, 9, 1), **voucher)
    assert only(payment_findings(second), "regular_vouchers") == []
    make_payment(world.org_a, sam, activity_date=dt.date(2026, 1, 1), **voucher)
    # 1 May 2025 is more than 12 months before 1 May 2026: three activities, not four.
    third = make_payment(world.org_a, sam, activity_date=dt.date(2026, 5, 1), **voucher)
    (finding,) = only(payment_findings(third), "regular_vouchers")
    assert "vouchers for 3 activities" in finding.message
    world.org_a.regular_voucher_count = 4
    world.org_a.save()
    assert only(payment_findings(third), "regular_vouchers") == []


def test_reversed_vouchers_do_not_count(world, people, card):
    sam = people["sam"]
    voucher = {"method": Payment.Method.VOUCHER, "rate_card": card}
    first = make_payment(world.org_a, sam, activity_date=dt.date(2026, 1, 1), **voucher)
    make_payment(world.org_a, sam, activity_date=dt.date(2026, 2, 1), **voucher)
    make_payment(world.org_a, sam, kind=Payment.Kind.REVERSAL, amount=D("-40"), reverses=first)
    third = make_payment(world.org_a, sam, activity_date=dt.date(2026, 5, 1), **voucher)
    assert only(payment_findings(third), "regular_vouchers") == []


def test_regular_cash_and_no_bank_account(world, people, card):
    sam = people["sam"]
    cash = {"method": Payment.Method.CASH, "rate_card": card}
    first = make_payment(world.org_a, sam, activity_date=dt.date(2026, 3, 1), **cash)
    assert only(payment_findings(first), "regular_cash") == []
    second = make_payment(
        world.org_a,
        sam,
        kind=Payment.Kind.EXPENSES,
        amount=D("4.50"),
        activity_date=dt.date(2026, 5, 1),
        method=Payment.Method.CASH,
    )
    (advice,) = only(payment_findings(second), "regular_cash")
    assert advice.severity == Severity.INFO
    Participant.objects.filter(pk=sam.pk).update(has_no_bank_account=True)
    (support,) = only(payment_findings(second), "regular_cash")
    assert support.severity == Severity.WARNING


def test_the_same_role_gets_the_same_rate_at_a_joint_event(world, people, in_org_a):
    chairing = {"responsibility": RateCard.Responsibility.CHAIRING}
    forty = make_rate_card(world.org_a, name="Chair (ours)", amount=D("40"), **chairing)
    fifty = make_rate_card(world.org_a, name="Chair (theirs)", amount=D("50"), **chairing)
    attending = make_rate_card(world.org_a, name="Attending", amount=D("30"))
    event = make_event(world.org_a, day=dt.date(2026, 5, 1), partner_organisations="Nacro")
    on_event = {"event": event, "activity_date": dt.date(2026, 5, 1)}
    jo_pay = make_payment(world.org_a, people["jo"], rate_card=forty, amount=D("40"), **on_event)
    make_payment(world.org_a, people["lee"], rate_card=attending, amount=D("30"), **on_event)
    assert only(payment_findings(jo_pay), "joint_rate") == []
    sam_pay = make_payment(world.org_a, people["sam"], rate_card=fifty, amount=D("50"), **on_event)
    found = payments_findings([jo_pay, sam_pay])
    (for_jo,) = only(found[jo_pay.pk], "joint_rate")
    assert "run jointly with Nacro" in for_jo.message
    assert "pays £40.00, but other payments for the same role at the event pay £50.00" in (
        for_jo.message
    )
    assert only(found[sam_pay.pk], "joint_rate")
    event.partner_organisations = ""
    event.save()
    assert only(payment_findings(jo_pay), "joint_rate") == []


def test_paused_people_and_payment_choices(world, people, card):
    lee = people["lee"]
    Participant.objects.filter(pk=lee.pk).update(status="paused", payment_choice="declines")
    payment = make_payment(world.org_a, lee, rate_card=card)
    found = payment_findings(payment)
    assert only(found, "inactive_person")[0].severity == Severity.INFO
    assert only(found, "payment_choice")[0].severity == Severity.WARNING
    expenses = make_payment(world.org_a, lee, kind=Payment.Kind.EXPENSES, amount=D("2"))
    assert codes(payment_findings(expenses)) == ["inactive_person"]


def test_findings_are_worst_first(world, people, in_org_a):
    lee = people["lee"]
    Participant.objects.filter(pk=lee.pk).update(status="exited", payment_choice="declines")
    low = make_rate_card(world.org_a, amount=D("5"), expected_hours=D("2"))
    found = payment_findings(make_payment(world.org_a, lee, rate_card=low, amount=D("5")))
    order = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
    assert [order[f.severity] for f in found] == sorted(order[f.severity] for f in found)
    assert found[0].code == "minimum_wage"


def test_payments_findings_run_a_fixed_number_of_queries(world, people, in_org_a):
    ensure_benefit_limits(world.org_a)
    card = make_rate_card(world.org_a, responsibility=RateCard.Responsibility.CHAIRING)
    event = make_event(world.org_a, day=dt.date(2026, 5, 1), partner_organisations="Nacro")
    made = []
    for i in range(20):
        person = [people["jo"], people["sam"], people["lee"]][i % 3]
        made.append(
            make_payment(
                world.org_a,
                person,
                rate_card=card,
                event=event if i % 2 == 0 else None,
                method=[Payment.Method.VOUCHER, Payment.Method.CASH][i % 2],
                amount=D("40.00") + i,
                activity_date=dt.date(2026, 5, 1) - dt.timedelta(days=9 * i),
            )
        )
    payments = list(Payment.objects.filter(pk__in=[p.pk for p in made]))
    one = [p for p in payments if p.pk == made[0].pk]
    with CaptureQueriesContext(connection) as for_one:
        single = payments_findings(one)
    with CaptureQueriesContext(connection) as for_twenty:
        everything = payments_findings(payments)
    assert len(everything) == 20
    assert single[made[0].pk] == everything[made[0].pk]
    assert len(for_one) == len(for_twenty) <= 7
    with CaptureQueriesContext(connection) as for_payment:
        payment_findings(one[0])
    assert len(for_payment) == len(for_one)


# --- claims ------------------------------------------------------------------------------------

TODAY = dt.date(2026, 5, 10)


def _claim(org, person, *, status="submitted", event=None, submitted_on=TODAY):
    submitted_at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(12)))
    return ExpenseClaim.unscoped.create(
        organisation=org, participant=person, status=status, event=event, submitted_at=submitted_at
    )


def _receipt(org, sha):
    return Receipt.unscoped.create(
        organisation=org,
        file="receipts/test.jpg",
        filename="ticket.jpg",
        content_type="image/jpeg",
        sha256=sha,
    )


def _item(claim, **fields):
    fields.setdefault("category", ExpenseItem.Category.TRAVEL)
    fields.setdefault("spent_on", dt.date(2026, 5, 6))
    fields.setdefault("amount_claimed", D("12.40"))
    return ExpenseItem.unscoped.create(organisation=claim.organisation, claim=claim, **fields)


def test_a_receipted_claim_reimbursed_exactly_has_no_findings(world, people, in_org_a):
    claim = _claim(world.org_a, people["jo"])
    receipt = _receipt(world.org_a, "a" * 64)
    _item(claim, receipt=receipt, receipted_amount=D("12.40"))
    assert claim_findings(claim, today=TODAY) == []


def test_claim_findings(world, people, in_org_a):
    jo = people["jo"]
    org = world.org_a
    event = make_event(org, day=dt.date(2026, 5, 6))
    claim = _claim(org, jo, event=event, submitted_on=TODAY - dt.timedelta(days=9))
    _item(claim, category=ExpenseItem.Category.MEALS, amount_claimed=D("6.00"))  # no receipt
    _item(
        claim,
        category=ExpenseItem.Category.MEALS,
        amount_claimed=D("10.00"),
        receipted_amount=D("8.20"),
        receipt=_receipt(org, "b" * 64),
    )
    _item(claim, spent_on=dt.date(2026, 5, 7), no_receipt_reason="Bus, paid in cash")
    found = claim_findings(claim, today=TODAY)
    assert found[0].code == "no_receipt"  # blocking findings come first
    assert [f.severity for f in only(found, "no_receipt")] == [Severity.BLOCKING, Severity.WARNING]
    assert "Reimburse exactly £8.20" in only(found, "above_real_cost")[0].advice
    (overdue,) = only(found, "claim_overdue")
    assert "9 days ago" in overdue.message
    assert only(found, "prebooked_travel") == []
    PrebookedTravel.unscoped.create(
        organisation=org,
        participant=jo,
        event=event,
        travel_on=dt.date(2026, 5, 6),
        description="Return bus pass",
        amount=D("5.00"),
    )
    (prebooked,) = only(claim_findings(claim, today=TODAY), "prebooked_travel")
    assert prebooked.severity == Severity.BLOCKING  # the 7 May bus: same event
    assert "Return bus pass" in prebooked.message


def test_duplicates_across_claims_but_not_rejected_ones_nor_other_organisations(
    world, people, in_org_a
):
    jo = people["jo"]
    org = world.org_a
    claim = _claim(org, jo)
    _item(claim, receipt=_receipt(org, "c" * 64), receipted_amount=D("12.40"))
    assert only(claim_findings(claim, today=TODAY), "duplicate_claim") == []
    rejected = _claim(org, jo, status="rejected")
    _item(rejected, receipt=_receipt(org, "c" * 64), receipted_amount=D("12.40"))
    claim_b = ExpenseClaim.unscoped.create(organisation=world.org_b, participant=people["bo"])
    _item(claim_b, receipt=_receipt(world.org_b, "c" * 64), receipted_amount=D("12.40"))
    assert only(claim_findings(claim, today=TODAY), "duplicate_claim") == []
    earlier = _claim(org, jo, status="paid")
    _item(earlier, receipted_amount=D("12.40"), receipt=_receipt(org, "d" * 64))
    (same_day,) = only(claim_findings(claim, today=TODAY), "duplicate_claim")
    assert f"claim {earlier.pk}" in same_day.message
    other = _claim(org, people["sam"])
    _item(
        other,
        spent_on=dt.date(2026, 1, 1),
        receipt=_receipt(org, "c" * 64),
        receipted_amount=D("12.40"),
    )
    receipt_reused = only(claim_findings(claim, today=TODAY), "duplicate_claim")
    assert any("another person's" in f.message for f in receipt_reused)


def test_mileage_crossing_the_threshold_with_earlier_claims(world, people, in_org_a):
    jo = people["jo"]
    org = world.org_a
    earlier = _claim(org, jo, status="paid")
    mileage = {"category": ExpenseItem.Category.MILEAGE, "vehicle": "car"}
    _item(
        earlier,
        spent_on=dt.date(2025, 6, 1),
        miles=D("9950"),
        amount_claimed=D("4477.50"),
        **mileage,
    )
    _item(
        earlier, spent_on=dt.date(2025, 4, 5), miles=D("5000"), amount_claimed=D("2250"), **mileage
    )
    claim = _claim(org, jo)
    _item(claim, spent_on=dt.date(2025, 7, 1), miles=D("100"), amount_claimed=D("45.00"), **mileage)
    (finding,) = only(claim_findings(claim, today=dt.date(2025, 7, 2)), "mileage_rate")
    assert "100 miles at HMRC's approved mileage rates come to £35.00, not £45.00" in (
        finding.message
    )
    # Rejected claims never count: with that one rejected, a new claim for the same journey.
    ExpenseClaim.objects.filter(pk=claim.pk).update(status="rejected")
    right = _claim(org, jo)
    _item(right, spent_on=dt.date(2025, 7, 1), miles=D("100"), amount_claimed=D("35.00"), **mileage)
    assert only(claim_findings(right, today=dt.date(2025, 7, 2)), "mileage_rate") == []


def test_claim_findings_run_a_fixed_number_of_queries(world, people, in_org_a):
    jo = people["jo"]
    org = world.org_a
    event = make_event(org, day=dt.date(2026, 5, 6))

    def claim_with(n):
        claim = _claim(org, jo, event=event)
        for i in range(n):
            kind = i % 3
            if kind == 0:
                _item(claim, receipt=_receipt(org, f"{n}-{i}"), receipted_amount=D("12.40"))
            elif kind == 1:
                _item(
                    claim,
                    category=ExpenseItem.Category.MILEAGE,
                    vehicle="car",
                    miles=D("10") + i,
                    amount_claimed=D("4.50"),
                    spent_on=dt.date(2026, 5, 6) - dt.timedelta(days=i),
                )
            else:
                _item(claim, category=ExpenseItem.Category.MEALS, no_receipt_reason="Cafe")
        return claim

    small, large = claim_with(3), claim_with(20)
    with CaptureQueriesContext(connection) as for_small:
        claim_findings(small, today=TODAY)
    with CaptureQueriesContext(connection) as for_large:
        claim_findings(large, today=TODAY)
    assert len(for_small) == len(for_large) <= 6

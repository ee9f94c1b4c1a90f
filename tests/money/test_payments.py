"""The payments ledger as people use it: draft from attendance, approve with checks, correct."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.events.builders import invite, make_event
from tests.money.builders import make_payment, make_rate_card
from withus.audit.models import AuditEvent
from withus.money import services
from withus.money.models import Payment, RateCard
from withus.people import services as people_services

D = Decimal


def money_url(name, org, **kwargs):
    return reverse(f"money:{name}", kwargs={"org_slug": org.slug, **kwargs})


def _past_event(org, rate_card, **fields):
    return make_event(
        org,
        day=dt.date(2026, 5, 12),
        start=dt.time(10, 0),
        end=dt.time(12, 30),
        rate_card=rate_card,
        **fields,
    )


def test_the_same_key_never_makes_two_payments(world, people):
    with scope(organisation=world.org_a):
        args = dict(
            organisation=world.org_a,
            participant=people["jo"],
            kind=Payment.Kind.INVOLVEMENT,
            method=Payment.Method.BANK,
            amount=D("40"),
            description="Forum",
            activity_date=dt.date(2026, 5, 1),
            idempotency_key="retry-me",
            actor=world.alice,
        )
        first = services.payment_create(**args)
        again = services.payment_create(**{**args, "amount": D("999")})
    assert first.pk == again.pk
    assert Payment.unscoped.filter(idempotency_key="retry-me").count() == 1


def test_people_from_another_organisation_cannot_be_paid(world, people):
    with scope(organisation=world.org_a), pytest.raises(ValidationError):
        services.payment_create(
            organisation=world.org_a,
            participant=people["bo"],
            kind=Payment.Kind.INVOLVEMENT,
            method=Payment.Method.BANK,
            amount=D("40"),
            description="Forum",
            activity_date=dt.date(2026, 5, 1),
            idempotency_key="other-org",
            actor=world.alice,
        )


def test_drafts_from_attendance_respect_choices_and_never_double(world, people):
    card = make_rate_card(world.org_a, amount=D("40.00"), expected_hours=D("2.5"))
    event = _past_event(world.org_a, card)
    with scope(organisation=world.org_a):
        people["sam"].payment_choice = "declines"
        people["sam"].save()
        lee = people["lee"]
        invite(event, people["jo"], reply="accepted", attendance="attended")
        invite(event, people["sam"], reply="accepted", attendance="attended")
        invite(event, lee, reply="accepted", attendance="no_show")
        first = services.payments_draft_from_attendance(event=event, actor=world.alice)
        second = services.payments_draft_from_attendance(event=event, actor=world.alice)
    assert [p.participant for p in first["drafted"]] == [people["jo"]]
    assert [p for p, _ in first["skipped"]] == [people["sam"]]
    assert second["drafted"] == [] and len(second["existing"]) == 1
    payment = Payment.unscoped.get(event=event)
    assert (payment.amount, payment.hours, payment.status) == (D("40.00"), D("2.5"), "draft")
    assert payment.activity_date == dt.date(2026, 5, 12)


def test_hourly_rates_pay_for_the_length_of_the_event(world, people):
    card = make_rate_card(
        world.org_a, basis=RateCard.Basis.HOURLY, amount=D("13.00"), expected_hours=None
    )
    event = _past_event(world.org_a, card)
    with scope(organisation=world.org_a):
        invite(event, people["jo"], reply="accepted", attendance="late")
        [payment] = services.payments_draft_from_attendance(event=event, actor=world.alice)[
            "drafted"
        ]
    assert payment.hours == D("2.5")
    assert payment.amount == D("32.50")


def test_below_minimum_wage_needs_a_reason_to_approve(world, people):
    # £20 for 2.5 hours is £8 an hour: below the £12.71 National Living Wage (April 2026).
    with scope(organisation=world.org_a):
        payment = make_payment(
            world.org_a,
            people["jo"],
            amount=D("20.00"),
            hours=D("2.5"),
            activity_date=dt.date(2026, 5, 12),
        )
        with pytest.raises(services.PaymentBlocked) as blocked:
            services.payment_approve(payment=payment, actor=world.finance_a)
        assert any(f.code == "minimum_wage" for f in blocked.value.findings)
        payment.refresh_from_db()
        assert payment.status == "draft"
        services.payment_approve(
            payment=payment, actor=world.finance_a, override_reason="Agreed volunteer honorarium"
        )
    payment.refresh_from_db()
    assert payment.status == "approved"
    assert payment.override_reason == "Agreed volunteer honorarium"
    assert payment.approved_by == world.finance_a
    with scopes_disabled():
        event = AuditEvent.unscoped.get(action="payment.approve")
    assert "minimum_wage" in event.summary


def test_a_correction_is_a_reversal_and_happens_once(world, people):
    with scope(organisation=world.org_a):
        payment = make_payment(world.org_a, people["jo"], amount=D("40"), hours=D("2"))
        services.payment_approve(payment=payment, actor=world.finance_a)
        with pytest.raises(ValidationError):
            services.payment_reverse(payment=payment, reason="", actor=world.finance_a)
        reversal = services.payment_reverse(
            payment=payment, reason="Paid twice", actor=world.finance_a
        )
        again = services.payment_reverse(payment=payment, reason="Again", actor=world.finance_a)
    payment.refresh_from_db()
    assert again.pk == reversal.pk
    assert reversal.amount == D("-40.00") and reversal.status == "approved"
    assert payment.amount == D("40.00") and payment.status == "approved"


def test_drafts_cannot_be_reversed_and_approved_cannot_be_edited(world, people):
    with scope(organisation=world.org_a):
        draft = make_payment(world.org_a, people["jo"], hours=D("2"))
        with pytest.raises(ValidationError):
            services.payment_reverse(payment=draft, reason="x", actor=world.finance_a)
        services.payment_approve(payment=draft, actor=world.finance_a)
        with pytest.raises(ValidationError):
            services.payment_update_draft(payment=draft, data={"amount": D("1")}, actor=world.alice)
        with pytest.raises(ValidationError):
            services.payment_delete_draft(payment=draft, actor=world.alice)


def test_coordinators_draft_and_finance_approves(client, world, people):
    with scope(organisation=world.org_a):
        payment = make_payment(world.org_a, people["jo"], amount=D("40"), hours=D("2"))
    client.force_login(world.alice)
    assert client.get(money_url("payment", world.org_a, payment_id=payment.pk)).status_code == 200
    assert (
        client.post(money_url("payment_approve", world.org_a, payment_id=payment.pk)).status_code
        == 403
    )
    client.force_login(world.finance_a)
    response = client.post(money_url("payment_approve", world.org_a, payment_id=payment.pk))
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == "approved"


def test_payment_by_hand_is_safe_to_submit_twice(client, world, people):
    client.force_login(world.alice)
    data = {
        "participant": people["jo"].pk,
        "kind": "involvement",
        "method": "bank",
        "amount": "40.00",
        "hours": "2",
        "description": "Speaking at a conference",
        "activity_date": "2026-05-12",
        "key": "form-token-1",
    }
    assert client.post(money_url("payment_add", world.org_a), data).status_code == 302
    assert client.post(money_url("payment_add", world.org_a), data).status_code == 302
    assert Payment.unscoped.filter(description="Speaking at a conference").count() == 1


def test_event_button_drafts_payments(client, world, people):
    card = make_rate_card(world.org_a)
    event = _past_event(world.org_a, card)
    invite(event, people["jo"], reply="accepted", attendance="attended")
    client.force_login(world.alice)
    response = client.post(money_url("event_draft_payments", world.org_a, event_id=event.pk))
    assert response.status_code == 302
    assert Payment.unscoped.filter(event=event).count() == 1


def _count(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_payment_list_queries_do_not_grow(client, world):
    client.force_login(world.finance_a)
    with scope(organisation=world.org_a):
        people = [
            people_services.participant_create(
                organisation=world.org_a,
                data={"preferred_name": f"Payee {n}", "status": "active"},
                actor=world.alice,
            )
            for n in range(20)
        ]
    make_payment(world.org_a, people[0], hours=D("2"))
    one = _count(client, money_url("payments", world.org_a))
    for person in people[1:]:
        make_payment(world.org_a, person, hours=D("2"))
    assert _count(client, money_url("payments", world.org_a)) == one

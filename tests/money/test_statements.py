"""Statements in advance: the total (never an hourly figure), exact costs on top, the person's
choice, and independent advice for anyone on benefits, sent once per total."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.events.builders import invite, make_event
from tests.money.builders import make_rate_card
from tests.url_registry import _role
from withus.audit.models import AuditEvent
from withus.events.models import Event
from withus.messaging.models import Message
from withus.messaging.rendering import render, template_for
from withus.money import statements
from withus.money.models import RateCard
from withus.recruitment.models import Opportunity


@pytest.fixture
def session_card(world):
    # £40 for a session of 2.5 hours: £16 an hour, which must never be what people are told.
    return make_rate_card(world.org_a, amount=Decimal("40.00"), expected_hours=Decimal("2.5"))


@pytest.fixture
def invitation(world, people, session_card):
    event = make_event(
        world.org_a,
        title="Women's forum",
        day=dt.date(2030, 3, 5),
        start=dt.time(10),
        end=dt.time(12, 30),
        rate_card=session_card,
    )
    return invite(event, people["jo"])


def _opportunity(world, card, sessions=4):
    return Opportunity.unscoped.create(
        organisation=world.org_a,
        role=_role(world),
        title="Peer researcher",
        rate_card=card,
        expected_sessions=sessions,
    )


def _no_hourly_figure(text: str, *hourly: str):
    assert "hour" not in text.lower()
    for figure in hourly:
        assert figure not in text


def test_invitation_statement_gives_the_session_total(invitation):
    statement = statements.statement_for_invitation(invitation)
    assert statement.total == Decimal("40.00")
    assert statement.total_text == "£40.00"
    assert statement.when == "Tuesday 5 March 2030, 10am to 12:30pm"
    assert (
        statement.dedupe_key
        == f"statement:invitation:{invitation.pk}:{invitation.participant_id}:40.00"
    )


def test_hourly_rate_is_turned_into_the_total_for_the_event(world, people):
    card = make_rate_card(
        world.org_a, basis=RateCard.Basis.HOURLY, amount=Decimal("15.00"), expected_hours=None
    )
    event = make_event(world.org_a, start=dt.time(10), end=dt.time(12), rate_card=card)
    statement = statements.statement_for_invitation(invite(event, people["jo"]))
    assert statement.total == Decimal("30.00")
    plan, rendered = statements.preview(statement)
    assert "£30.00" in rendered.body
    _no_hourly_figure(rendered.body, "£15")


def test_no_statement_without_a_rate_card_or_for_a_cancelled_event(world, people, session_card):
    unpaid = make_event(world.org_a)
    assert statements.statement_for_invitation(invite(unpaid, people["jo"])) is None
    cancelled = make_event(world.org_a, rate_card=session_card, status=Event.Status.CANCELLED)
    assert statements.statement_for_invitation(invite(cancelled, people["jo"])) is None


def test_opportunity_statement_is_rate_times_sessions(world, people, session_card):
    statement = statements.statement_for_opportunity(
        _opportunity(world, session_card), people["sam"]
    )
    assert statement.total == Decimal("160.00")
    assert statement.total_text == "£160.00 in total, for 4 sessions"
    assert (
        statements.statement_for_opportunity(
            _opportunity(world, session_card, sessions=None), people["sam"]
        )
        is None
    )
    assert statements.statement_for_opportunity(_opportunity(world, None), people["sam"]) is None


@pytest.mark.parametrize("channel", ["email", "sms", "post"])
def test_the_words_give_the_total_the_choice_and_advice_but_no_hourly_rate(
    world, people, session_card, channel
):
    statement = statements.statement_for_opportunity(
        _opportunity(world, session_card), people["sam"]
    )
    context = {"name": "Sam", "organisation": "Org A", "contact": "Alice", **statement.context()}
    text = render(template_for(world.org_a, "payment_statement"), context, channel).body
    assert "£160.00 in total, for 4 sessions" in text
    assert "exact travel and other costs" in text
    assert "expenses only" in text and "not paid" in text or "not be paid" in text
    assert re.search(r"[Ii]ndependent advice", text)
    assert "benefits" in text
    _no_hourly_figure(text, "£16.00")
    if channel == "sms":
        assert len(text) <= 300


def test_words_never_assume_the_person_is_on_benefits(world, people, invitation):
    # Sam has no benefits recorded, Jo has Universal Credit: both get the same wording.
    sam = statements.statement_for_invitation(invite(invitation.event, people["sam"]))
    jo = statements.statement_for_invitation(invitation)
    template = template_for(world.org_a, "payment_statement")
    words = [
        render(template, {"name": "X", **statement.context()}, "email").body
        for statement in (sam, jo)
    ]
    assert words[0] == words[1]
    assert "If you get benefits" in words[0] and "Universal Credit" not in words[1]


def test_sending_is_deduplicated_per_total(world, people, invitation, session_card):
    statement = statements.statement_for_invitation(invitation)
    first = statements.send_statement(statement=statement, actor=world.alice)
    again = statements.send_statement(
        statement=statements.statement_for_invitation(invitation), actor=world.alice
    )
    assert first.pk == again.pk
    assert first.template == "payment_statement"
    assert "£40.00" in first.body
    assert (
        Message.unscoped.filter(participant=people["jo"], template="payment_statement").count() == 1
    )
    assert AuditEvent.unscoped.filter(action="money.statement_send").count() == 1
    # A new rate means a new total: a new statement.
    RateCard.unscoped.filter(pk=session_card.pk).update(amount=Decimal("45.00"))
    invitation.event.rate_card.refresh_from_db()
    changed = statements.send_statement(
        statement=statements.statement_for_invitation(invitation), actor=world.alice
    )
    assert changed.pk != first.pk and "£45.00" in changed.body


def test_statement_page_previews_then_sends_once(client, world, people, invitation):
    client.force_login(world.alice)
    url = reverse(
        "money:statement_invitation",
        kwargs={"org_slug": world.org_a.slug, "invitation_id": invitation.pk},
    )
    page = client.get(url).content.decode()
    assert "£40.00" in page and "Send the statement" in page
    _no_hourly_figure(page.split("<main")[1].split("What it says")[1], "£16.00")
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Message.unscoped.filter(template="payment_statement").count() == 1
    after = client.get(url).content.decode()
    assert "Send the statement" not in after and "will not be sent twice" in after


def test_statement_page_explains_when_there_is_nothing_to_pay(client, world, people):
    client.force_login(world.alice)
    event = make_event(world.org_a)
    url = reverse(
        "money:statement_invitation",
        kwargs={"org_slug": world.org_a.slug, "invitation_id": invite(event, people["jo"]).pk},
    )
    assert "no rate card" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Message.unscoped.filter(template="payment_statement").exists()


def test_opportunity_statement_page(client, world, people, session_card):
    client.force_login(world.alice)
    opportunity = _opportunity(world, session_card)
    url = reverse(
        "money:statement_opportunity",
        kwargs={
            "org_slug": world.org_a.slug,
            "opportunity_id": opportunity.pk,
            "pk": people["sam"].pk,
        },
    )
    assert "£160.00 in total, for 4 sessions" in client.get(url).content.decode()
    other = reverse(
        "money:statement_opportunity",
        kwargs={
            "org_slug": world.org_a.slug,
            "opportunity_id": opportunity.pk,
            "pk": people["bo"].pk,
        },
    )
    assert client.get(other).status_code == 404

"""Statements in advance: before someone commits, tell them the total they would receive.

The guide: people on benefits need to know the *total* in advance, not an hourly rate, so they
can check with an independent adviser first. So a statement always gives the total (for the
session, or for every session of a role), says exact travel and other costs are paid back on
top, says the choice is theirs (be paid, take expenses only, or not be paid), and points to
independent advice for anyone on benefits. It never assumes the person is on benefits and never
shows an hourly figure.

    statement = statement_for_invitation(invitation)          # None: nothing is paid
    statement = statement_for_opportunity(opportunity, person)
    message = send_statement(statement=statement, actor=request.user)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django_scopes import scope

from withus.audit.services import log_action
from withus.money.checks import statement_total
from withus.money.models import RateCard
from withus.money_utils import money

TEMPLATE = "payment_statement"


def _statement_total(rate_card: RateCard, sessions: int, hours: Decimal | None) -> Decimal | None:
    """The total for `sessions` sessions. Hourly cards need the hours of one session (the
    event's length, or the card's expected hours); without them there is no honest total."""
    if rate_card.basis == RateCard.Basis.HOURLY:
        hours = hours if hours is not None else rate_card.expected_hours
        if not hours:
            return None
        return money(rate_card.amount * hours * sessions)
    return statement_total(rate_card=rate_card, sessions=sessions)


@dataclass(frozen=True)
class Statement:
    participant: object
    about: str  # the event or role, as the person knows it
    total: Decimal
    sessions: int
    rate_card: RateCard
    related: object  # the invitation or the opportunity
    kind: str  # "invitation" or "opportunity"
    when: str = ""  # for an event: the day and time

    @property
    def total_text(self) -> str:
        """'£40.00' for one session; '£150.00 in total, for 4 sessions' for more."""
        if self.sessions == 1:
            return f"£{self.total:,.2f}"
        return f"£{self.total:,.2f} in total, for {self.sessions} sessions"

    @property
    def dedupe_key(self) -> str:
        # A changed total is a new statement; the same one twice is sent once.
        return f"statement:{self.kind}:{self.related.pk}:{self.participant.pk}:{self.total}"

    @property
    def choice_note(self) -> str:
        """What the person told us about being paid, if anything (shown to staff)."""
        return (
            self.participant.get_payment_choice_display() if self.participant.payment_choice else ""
        )

    @property
    def related_object(self):
        """What the message is about: the event (for an invitation) or the opportunity."""
        return self.related.event if self.kind == "invitation" else self.related

    def context(self) -> dict:
        return {"event": self.about, "total": self.total_text, "when": self.when}


def statement_for_invitation(invitation) -> Statement | None:
    """The total for one event at its rate card, or None when the event pays nothing (no rate
    card), is cancelled, or the person's record was erased."""
    from withus.events.timing import local
    from withus.pages.templatetags.withus_format import nice_date, nice_time

    event = invitation.event
    person = invitation.participant
    if event.rate_card_id is None or event.is_cancelled or person.erased_at is not None:
        return None
    hours = Decimal(int(event.duration.total_seconds() // 60)) / Decimal(60)
    total = _statement_total(event.rate_card, 1, hours)
    if total is None:
        return None
    tz = event.organisation.timezone
    start, end = local(event.starts_at, tz), local(event.ends_at, tz)
    return Statement(
        participant=person,
        about=event.title,
        total=total,
        sessions=1,
        rate_card=event.rate_card,
        related=invitation,
        kind="invitation",
        when=f"{nice_date(start)}, {nice_time(start)} to {nice_time(end)}",
    )


def statement_for_opportunity(opportunity, participant) -> Statement | None:
    """The rate card times the number of sessions the role expects, or None when the role is
    unpaid, its number of sessions is not set, or the person's record was erased."""
    if opportunity.rate_card_id is None or not opportunity.expected_sessions:
        return None
    if participant.erased_at is not None:
        return None
    total = _statement_total(opportunity.rate_card, opportunity.expected_sessions, None)
    if total is None:
        return None
    return Statement(
        participant=participant,
        about=opportunity.title,
        total=total,
        sessions=opportunity.expected_sessions,
        rate_card=opportunity.rate_card,
        related=opportunity,
        kind="opportunity",
    )


def preview(statement: Statement):
    """(plan, rendered) for the statement as it would go to the person right now."""
    from withus.messaging.models import Channel
    from withus.messaging.rendering import render, template_for
    from withus.messaging.services import _contact_for, plan_for

    person = statement.participant
    plan = plan_for(person)
    context = {
        "name": person.preferred_name,
        "organisation": person.organisation.name,
        "contact": _contact_for(person),
        **statement.context(),
    }
    channel = plan.route.channel if plan.route else Channel.EMAIL
    return plan, render(template_for(person.organisation, TEMPLATE), context, channel)


def send_statement(*, statement: Statement, actor, request=None):
    """Send it through the person's channel (or letters / call list). Sending the same
    statement again returns the first message; a new total is a new message."""
    from withus.messaging.services import message_participant

    person = statement.participant
    organisation = person.organisation
    with scope(organisation=organisation):
        from withus.messaging.models import Message

        already = Message.unscoped.filter(
            organisation=organisation, dedupe_key=statement.dedupe_key
        ).exists()
        message = message_participant(
            participant=person,
            template=TEMPLATE,
            context=statement.context(),
            related=statement.related
            if statement.kind == "opportunity"
            else statement.related.event,
            dedupe_key=statement.dedupe_key,
            actor=actor,
        )
        if not already:
            log_action(
                organisation=organisation,
                actor=actor,
                action="money.statement_send",
                target=person,
                summary=f"Told {person.preferred_name} the total for {statement.about}: "
                f"{statement.total_text} ({message.get_status_display()})",
                request=request,
            )
    return message

"""Demo money: rate cards, event rate cards, payments from past attendance and from a longer
history of group sessions, expense claims with items, corrections, and paid batches with the
voucher and cash registers.

Rows are inserted in their final state with bulk inserts, never changed afterwards: the
database refuses edits to approved and paid payments (money migration 0002), so a paid payment
is created paid, inside its paid batch. The ledger is kept exact the way services_batches keeps
it: every paid payment belongs to one paid batch whose total is the sum of its payments (bank
transfers in weekly runs; a voucher or cash handover is a batch of one, with its register row).

No receipt files are made: demo items are mileage (paid at HMRC's rate, no receipt needed) or
items without a receipt, each with its reason and, once approved, who accepted it.

`seed_money([org])` is used for the small demo (idempotent: an organisation with rate cards is
left alone); `seed_national_money(orgs)` for national scale. Both run the same bulk builder, so
the number of queries does not grow with the number of organisations or rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection, models, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.events.timing import aware, local
from withus.money.models import (
    CashReceipt,
    ExpenseClaim,
    ExpenseItem,
    Payment,
    PaymentBatch,
    RateCard,
    VoucherIssue,
)
from withus.money_utils import money
from withus.orgs.models import Membership
from withus.people import choices as pc
from withus.people.models import Participant

BATCH = 2000
INSERT_CHUNK = 5000
K = Payment.Kind
M = Payment.Method
S = Payment.Status
CS = ExpenseClaim.Status
R = RateCard.Responsibility
B = RateCard.Basis

# Every rate is at least the National Living Wage for its expected hours (preparation included),
# and none assumes the person is on benefits.
FORUM = "Forum or group session"
FOCUS = "Focus group"
CHAIR = "Chairing a meeting"
PANEL = "Interview panel (half day)"
TRAINING_DAY = "Training day"
TRAINER = "Delivering training (day)"
RESEARCH = "Peer research"
RATE_CARDS = [
    (FORUM, R.ATTENDING, B.SESSION, "37.50", "2.5", "A meeting of up to two and a half hours."),
    (FOCUS, R.ATTENDING, B.SESSION, "30.00", "2", "A two-hour focus group."),
    (CHAIR, R.CHAIRING, B.SESSION, "60.00", "3.5", "Chairing, with an hour to prepare."),
    (PANEL, R.INTERVIEW_PANEL, B.HALF_DAY, "65.00", "4", "Briefing, interviews and scoring."),
    (TRAINING_DAY, R.ATTENDING, B.DAY, "90.00", "6", "A training day, lunch included."),
    (TRAINER, R.TRAINING, B.DAY, "150.00", "7", "Delivering a day's training, with preparation."),
    (RESEARCH, R.PEER_RESEARCH, B.HOURLY, "16.00", None, "Interviews and analysis, by the hour."),
]
EVENT_CARDS = {
    Event.Kind.FORUM: FORUM,
    Event.Kind.FOCUS_GROUP: FOCUS,
    Event.Kind.INTERVIEW_PANEL: PANEL,
    Event.Kind.TRAINING: TRAINING_DAY,
}
# Sessions in a person's history before the demo events: (card, weight, what).
HISTORY = [
    (FORUM, 10, "monthly forum"),
    (FOCUS, 3, "views on the drop-in times"),
    (CHAIR, 1, "chairing the monthly forum"),
    (RESEARCH, 2, "peer research interviews"),
    (TRAINER, 1, "training new staff"),
]
NO_RECEIPT_REASONS = {
    "travel": [
        "Paid the bus fare in cash; the driver gave no ticket.",
        "The ticket was kept by the station barrier.",
        "Lost the ticket on the way home.",
    ],
    "childcare": ["Paid a neighbour to look after the children; no receipt."],
    "meals": ["Bought lunch from a market stall that gave no receipt."],
}
PROVIDERS = ["Love2shop", "One4all", "Tesco"]


@dataclass(frozen=True)
class Volume:
    share: float  # of the people who could have been paid, how many have a history
    sessions: tuple[int, int]  # sessions each, at least and at most
    days_back: int  # how far back the history goes
    claim_rate: float  # how many sessions have an expense claim
    reversal_rate: float  # how many approved payments were corrected
    stuck_rate: float  # of claims two to six weeks old, how many still wait (overdue)


SMALL = Volume(
    share=0.6, sessions=(6, 14), days_back=560, claim_rate=0.5, reversal_rate=0.05, stuck_rate=0.25
)
NATIONAL = Volume(
    share=0.6, sessions=(2, 8), days_back=540, claim_rate=0.4, reversal_rate=0.004, stuck_rate=0.1
)


@dataclass
class Session:
    org_id: int
    person: dict
    day: dt.date
    card: RateCard
    what: str
    event_id: int | None = None
    invitation_id: int | None = None
    project_id: int | None = None
    hours: Decimal | None = None


class Row(SimpleNamespace):
    """One row to insert: its fields by attribute name (`organisation_id`, not `organisation`).
    Far cheaper to build than model instances, which matters at hundreds of thousands."""


def _converter(field):
    """How a value reaches the database driver, the way Django's own insert prepares it."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if isinstance(
        field,
        models.ForeignKey
        | models.IntegerField
        | models.CharField
        | models.TextField
        | models.BooleanField,
    ):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _new_ids(model, count: int) -> list[int]:
    """Primary keys for `count` new rows: from the sequence on PostgreSQL (safe alongside other
    writers), after the highest ever used on SQLite."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        highest = model._base_manager.aggregate(highest=Max("pk"))["highest"] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            highest = max(highest, found[0] if found else 0)
    return list(range(highest + 1, highest + 1 + count))


def _insert(model, rows: list[Row]) -> None:
    """Insert `rows` with one prepared statement per chunk (executemany), giving each its `id`.
    Fields a row leaves out get the model's default. Model save() and signals are skipped, as
    with bulk_create; database constraints and triggers still apply."""
    if not rows:
        return
    for row, pk in zip(rows, _new_ids(model, len(rows)), strict=True):
        row.id = pk
    fields = model._meta.concrete_fields
    plan = [(f.attname, _converter(f), f.get_default()) for f in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    params = []
    for row in rows:
        values = vars(row)
        params.append(
            tuple(
                (convert(values.get(name, default)) if convert else values.get(name, default))
                for name, convert, default in plan
            )
        )
    with connection.cursor() as cursor:
        for start in range(0, len(params), INSERT_CHUNK):
            cursor.executemany(sql, params[start : start + INSERT_CHUNK])


def _friday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


def _at(day: dt.date, hour: int, tz_name: str) -> dt.datetime:
    return aware(day, dt.time(hour), tz_name)


class _Builder:
    """Builds every row in memory for a set of organisations, then inserts them in bulk."""

    def __init__(self, organisations: list, *, volume: Volume, seed: int):
        self.orgs = {o.pk: o for o in organisations}
        self.volume = volume
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = {o.pk: local(self.now, o.timezone).date() for o in organisations}
        self.counts: dict[str, int] = defaultdict(int)
        self.references: dict[tuple[int, str], itertools.count] = {}
        self.vouchers = itertools.count(1)

    # --- staff and rate cards ---

    def staff(self) -> None:
        """Who approves (finance, else an admin, else a coordinator) and who drafts."""
        order = {"finance": 0, "admin": 1, "coordinator": 2}
        self.approver: dict[int, int] = {}
        self.coordinator: dict[int, int] = {}
        rows = Membership.of_user.filter(
            organisation_id__in=list(self.orgs), role__in=list(order)
        ).values_list("organisation_id", "user_id", "role")
        best: dict[int, tuple[int, int]] = {}
        for org_id, user_id, role in rows.order_by("user_id"):
            if org_id not in best or order[role] < best[org_id][0]:
                best[org_id] = (order[role], user_id)
            if role == "coordinator":
                self.coordinator.setdefault(org_id, user_id)
        for org_id, (_, user_id) in best.items():
            self.approver[org_id] = user_id
            self.coordinator.setdefault(org_id, user_id)

    def rate_cards(self) -> None:
        cards = []
        for org_id, today in self.today.items():
            valid_from = dt.date(today.year - 3, 4, 1)
            for name, responsibility, basis, amount, hours, notes in RATE_CARDS:
                cards.append(
                    RateCard(
                        organisation_id=org_id,
                        name=name,
                        responsibility=responsibility,
                        basis=basis,
                        amount=Decimal(amount),
                        expected_hours=Decimal(hours) if hours else None,
                        valid_from=valid_from,
                        notes=notes,
                        created_at=_at(valid_from, 9, self.orgs[org_id].timezone),
                    )
                )
        RateCard.objects.bulk_create(cards, batch_size=BATCH)
        self.cards: dict[tuple[int, str], RateCard] = {
            (c.organisation_id, c.name): c for c in cards
        }
        self.counts["rate cards"] = len(cards)
        # Each kind of event pays at its card (information sessions and catch-ups are unpaid).
        for kind, name in EVENT_CARDS.items():
            Event.objects.filter(organisation_id__in=list(self.orgs), kind=kind).update(
                rate_card_id=Subquery(
                    RateCard.objects.filter(
                        organisation_id=OuterRef("organisation_id"), name=name
                    ).values("id")[:1]
                )
            )

    # --- sessions: who was paid for what ---

    def people(self) -> None:
        self.by_id: dict[int, dict] = {}
        self.pools: dict[int, list[dict]] = defaultdict(list)
        rows = (
            Participant.objects.filter(organisation_id__in=list(self.orgs), erased_at__isnull=True)
            .exclude(status=pc.Status.ENQUIRY)
            .order_by("id")
            .values(
                "id",
                "organisation_id",
                "preferred_name",
                "payment_choice",
                "payment_method",
                "has_no_bank_account",
            )
        )
        for row in rows.iterator(chunk_size=BATCH):
            self.by_id[row["id"]] = row
            self.pools[row["organisation_id"]].append(row)

    def sessions(self) -> list[Session]:
        made: list[Session] = []
        attended = (
            EventInvitation.objects.filter(
                organisation_id__in=list(self.orgs),
                attendance__in=["attended", "late"],
                event__status=Event.Status.PLANNED,
                event__ends_at__lt=self.now,
                event__rate_card__isnull=False,
            )
            .order_by("event__starts_at", "id")
            .values_list(
                "id",
                "organisation_id",
                "participant_id",
                "event_id",
                "event__title",
                "event__kind",
                "event__starts_at",
                "event__project_id",
                "event__rate_card__name",
            )
        )
        chaired: set[int] = set()
        for (
            inv_id,
            org_id,
            person_id,
            event_id,
            title,
            kind,
            starts_at,
            project_id,
            card,
        ) in attended.iterator(chunk_size=BATCH):
            person = self.by_id.get(person_id)
            if person is None:
                continue
            if kind == Event.Kind.FORUM and event_id not in chaired:
                chaired.add(event_id)  # a peer chairs each forum, at the chairing rate
                card = CHAIR
            made.append(
                Session(
                    org_id=org_id,
                    person=person,
                    day=local(starts_at, self.orgs[org_id].timezone).date(),
                    card=self.cards[(org_id, card)],
                    what=title,
                    event_id=event_id,
                    invitation_id=inv_id,
                    project_id=project_id,
                )
            )
        names = [name for name, weight, _ in HISTORY for _ in range(weight)]
        whats = {name: what for name, _, what in HISTORY}
        low, high = self.volume.sessions
        for org_id, pool in self.pools.items():
            today = self.today[org_id]
            chosen = self.rng.sample(pool, int(len(pool) * self.volume.share))
            for person in chosen:
                for _ in range(self.rng.randint(low, high)):
                    name = self.rng.choice(names)
                    # Most are months old; some are recent, so there are drafts and claims
                    # waiting too.
                    back = (
                        self.rng.randint(3, 28)
                        if self.rng.random() < 0.12
                        else self.rng.randint(29, self.volume.days_back)
                    )
                    day = today - dt.timedelta(days=back)
                    if day.weekday() >= 5:
                        day -= dt.timedelta(days=day.weekday() - 4)
                    hours = None
                    if name == RESEARCH:
                        hours = Decimal(self.rng.choice(["2", "2.5", "3", "4"]))
                    made.append(
                        Session(
                            org_id=org_id,
                            person=person,
                            day=day,
                            card=self.cards[(org_id, name)],
                            what=whats[name],
                            hours=hours,
                        )
                    )
        return made

    # --- what happened to each payment ---

    def _status(self, org_id: int, day: dt.date, method: str) -> tuple[str, dt.date | None]:
        """Draft, approved or paid (with the day paid) for something done on `day`."""
        age = (self.today[org_id] - day).days
        roll = self.rng.random()
        if age <= 7:
            return (S.DRAFT if roll < 0.5 else S.APPROVED), None
        if age <= 21 and roll < 0.5:
            return S.APPROVED, None
        if age > 21 and roll < 0.02:
            return S.APPROVED, None  # a few older ones still waiting: owed now
        if method in (M.BANK, M.OTHER):
            paid_on = _friday_on_or_after(day + dt.timedelta(days=self.rng.randint(2, 6)))
        else:
            paid_on = day + dt.timedelta(days=self.rng.choice([0, 0, 0, 1, 3, 7]))
        if paid_on > self.today[org_id]:
            return S.APPROVED, None
        return S.PAID, paid_on

    @staticmethod
    def _involvement_method(person: dict) -> str:
        if person["payment_choice"] == pc.PaymentChoice.VOUCHERS:
            return M.VOUCHER
        method = {
            pc.PaymentMethod.VOUCHER: M.VOUCHER,
            pc.PaymentMethod.CASH: M.CASH,
        }.get(person["payment_method"], M.BANK)
        return M.CASH if method == M.BANK and person["has_no_bank_account"] else method

    @staticmethod
    def _expenses_method(person: dict) -> str:
        if person["has_no_bank_account"] or person["payment_method"] == pc.PaymentMethod.CASH:
            return M.CASH
        return M.BANK

    def _payment(self, session: Session, **fields) -> Row:
        org_id = session.org_id
        tz = self.orgs[org_id].timezone
        status = fields["status"]
        approved = status != S.DRAFT
        approved_day = min(
            fields.pop("approved_day", session.day + dt.timedelta(days=1)),
            fields.get("paid_on") or self.today[org_id],
            self.today[org_id],
        )
        return Row(
            organisation_id=org_id,
            participant_id=session.person["id"],
            event_id=session.event_id,
            project_id=session.project_id,
            created_by_id=self.coordinator.get(org_id),
            created_at=min(self.now, _at(session.day, 16, tz)),
            approved_by_id=self.approver.get(org_id) if approved else None,
            approved_at=min(self.now, _at(approved_day, 17, tz)) if approved else None,
            **fields,
        )

    @staticmethod
    def _vary(payments: list[Row]) -> None:
        """Every organisation's newest payment is a draft and the next approved, if no other
        is, so each has something to approve and something to pay."""
        seen: dict[int, set[str]] = defaultdict(set)
        for payment in payments:
            seen[payment.organisation_id].add(payment.status)
        newest = sorted(payments, key=lambda p: p.activity_date, reverse=True)
        for wanted in (S.DRAFT, S.APPROVED):
            for payment in newest:
                org_id = payment.organisation_id
                if wanted in seen[org_id] or payment.status == S.DRAFT:
                    continue
                seen[org_id].add(wanted)
                payment.status, payment.paid_on = wanted, None
                if wanted == S.DRAFT:
                    payment.approved_by_id = payment.approved_at = None

    def involvement(self, sessions: list[Session]) -> list[Row]:
        payments = []
        for session in sessions:
            person = session.person
            if person["payment_choice"] in (
                pc.PaymentChoice.DECLINES,
                pc.PaymentChoice.EXPENSES_ONLY,
            ):
                continue  # their choice: no payment (expenses are still paid back)
            card = session.card
            if card.basis == B.HOURLY:
                hours = session.hours or Decimal("2")
                amount = money(card.amount * hours)
            else:
                hours, amount = card.expected_hours, card.amount
            method = self._involvement_method(person)
            status, paid_on = self._status(session.org_id, session.day, method)
            key = (
                f"attendance:{session.invitation_id}"
                if session.invitation_id
                else f"demo:{person['id']}:{session.day:%Y%m%d}:{len(payments)}"
            )
            payments.append(
                self._payment(
                    session,
                    kind=K.INVOLVEMENT,
                    method=method,
                    status=status,
                    amount=amount,
                    hours=hours,
                    rate_card_id=card.pk,
                    description=f"{card.name}: {session.what}"[:200],
                    activity_date=session.day,
                    paid_on=paid_on,
                    invitation_id=session.invitation_id,
                    idempotency_key=key,
                )
            )
        self._vary(payments)
        return payments

    # --- expense claims ---

    def _items(self, session: Session) -> list[Row]:
        rng = self.rng
        org_id = session.org_id
        items = []
        if rng.random() < 0.25:
            miles = Decimal(rng.randint(40, 300)) / 10
            items.append(
                Row(
                    organisation_id=org_id,
                    category=ExpenseItem.Category.MILEAGE,
                    spent_on=session.day,
                    description="Drove to the session and back",
                    vehicle="car",
                    miles=miles,
                    amount_claimed=money(miles * Decimal("0.45")),
                    no_receipt_reason="",
                )
            )
        else:
            mode, amount = rng.choice(
                [
                    ("Bus", "4.80"),
                    ("Bus", "5.60"),
                    ("Train", "9.20"),
                    ("Train", "12.60"),
                    ("Taxi (access needs)", "14.00"),
                ]
            )
            items.append(
                Row(
                    organisation_id=org_id,
                    category=ExpenseItem.Category.TRAVEL,
                    spent_on=session.day,
                    travel_mode=mode,
                    from_place="Home",
                    to_place="The meeting and back",
                    amount_claimed=Decimal(amount),
                    no_receipt_reason=rng.choice(NO_RECEIPT_REASONS["travel"]),
                )
            )
        if rng.random() < 0.15:
            items.append(
                Row(
                    organisation_id=org_id,
                    category=ExpenseItem.Category.CHILDCARE,
                    spent_on=session.day,
                    description="Childcare while at the session",
                    amount_claimed=Decimal(rng.choice(["15.00", "18.00", "24.00"])),
                    no_receipt_reason=NO_RECEIPT_REASONS["childcare"][0],
                )
            )
        elif rng.random() < 0.1:
            items.append(
                Row(
                    organisation_id=org_id,
                    category=ExpenseItem.Category.MEALS,
                    spent_on=session.day,
                    description="Lunch on a long day",
                    amount_claimed=Decimal(rng.choice(["4.50", "6.20", "7.80"])),
                    no_receipt_reason=NO_RECEIPT_REASONS["meals"][0],
                )
            )
        return items

    def claims(self, sessions: list[Session]) -> list[Row]:
        """Claims with their items, and the expenses payment for each approved or paid one."""
        rng = self.rng
        plans = []
        for session in sessions:
            if rng.random() >= self.volume.claim_rate:
                continue
            org_id = session.org_id
            tz = self.orgs[org_id].timezone
            submitted_on = min(
                session.day + dt.timedelta(days=rng.randint(0, 3)), self.today[org_id]
            )
            age = (self.today[org_id] - submitted_on).days
            roll = rng.random()
            if age >= 14:
                # Some recent claims were missed: overdue now (none forgotten for months).
                stuck = self.volume.stuck_rate if age < 45 else 0
                status = (
                    CS.SUBMITTED
                    if roll < stuck
                    else CS.REJECTED
                    if roll < stuck + 0.02
                    else CS.PAID
                )
            elif age >= 7:
                status = CS.SUBMITTED if roll < 0.1 else CS.APPROVED if roll < 0.5 else CS.PAID
            else:
                status = CS.SUBMITTED if roll < 0.7 else CS.APPROVED
            method = self._expenses_method(session.person)
            paid_on = None
            if status == CS.PAID:
                if method == M.BANK:
                    paid_on = _friday_on_or_after(submitted_on + dt.timedelta(days=1))
                else:
                    paid_on = submitted_on + dt.timedelta(days=rng.choice([0, 1, 2, 3]))
                if paid_on > self.today[org_id]:
                    status, paid_on = CS.APPROVED, None
            decided = status != CS.SUBMITTED
            decided_on = min(submitted_on + dt.timedelta(days=1), paid_on or self.today[org_id])
            claim = Row(
                organisation_id=org_id,
                participant_id=session.person["id"],
                event_id=session.event_id,
                project_id=session.project_id,
                status=status,
                submitted_at=min(self.now, _at(submitted_on, 18, tz)),
                # Half were made by staff with the person, half by the person in the portal.
                submitted_by_id=self.coordinator.get(org_id) if rng.random() < 0.5 else None,
                decided_by_id=self.approver.get(org_id) if decided else None,
                decided_at=min(self.now, _at(decided_on, 12, tz)) if decided else None,
                decision_note=(
                    "The same journey was already claimed on another claim."
                    if status == CS.REJECTED
                    else ""
                ),
            )
            items = self._items(session)
            if status in (CS.APPROVED, CS.PAID):
                for item in items:
                    item.amount_reimbursed = item.amount_claimed
                    if item.no_receipt_reason:
                        item.no_receipt_approved_by_id = self.approver.get(org_id)
            plans.append([session, claim, items, method, paid_on, decided_on])
        # Every organisation has a claim waiting for a decision: its newest, if none is.
        waiting = {plan[1].organisation_id for plan in plans if plan[1].status == CS.SUBMITTED}
        for plan in sorted(plans, key=lambda plan: plan[1].submitted_at, reverse=True):
            claim = plan[1]
            if claim.organisation_id not in waiting:
                waiting.add(claim.organisation_id)
                claim.status, claim.decided_by_id, claim.decided_at = CS.SUBMITTED, None, None
                claim.decision_note = ""
                plan[4] = None
                for item in plan[2]:
                    item.amount_reimbursed = item.no_receipt_approved_by_id = None
        claims = [claim for _, claim, *_ in plans]
        _insert(ExpenseClaim, claims)
        items = []
        payments = []
        for session, claim, claim_items, method, paid_on, decided_on in plans:
            for item in claim_items:
                item.claim_id = claim.id
            items += claim_items
            if claim.status not in (CS.APPROVED, CS.PAID):
                continue
            title = f": {session.what}" if session.event_id else ""
            payments.append(
                self._payment(
                    session,
                    kind=K.EXPENSES,
                    method=method,
                    status=S.PAID if claim.status == CS.PAID else S.APPROVED,
                    amount=sum((i.amount_claimed for i in claim_items), Decimal("0")),
                    description=f"Expenses, claim {claim.id}{title}"[:200],
                    activity_date=max(i.spent_on for i in claim_items),
                    paid_on=paid_on,
                    claim_id=claim.id,
                    idempotency_key=f"claim:{claim.id}",
                    approved_day=decided_on,
                )
            )
        _insert(ExpenseItem, items)
        self.counts["expense claims"] = len(claims)
        self.counts["expense items"] = len(items)
        return payments

    # --- batches, registers, corrections ---

    def _reference(self, org_id: int, day: dt.date) -> str:
        counter = self.references.setdefault((org_id, f"{day:%Y-%m}"), itertools.count(1))
        return f"WU-{day:%Y-%m}-{next(counter):04d}"

    def batches(self, payments: list[Row]) -> None:
        """Put every paid payment in a paid batch: weekly bank runs, one batch per voucher or
        cash handover. Totals are the sums of their payments."""
        runs: dict[tuple[int, dt.date, str], list[Row]] = defaultdict(list)
        singles: list[Row] = []
        for payment in payments:
            if payment.status != S.PAID:
                continue
            if payment.method in (M.BANK, M.OTHER):
                runs[(payment.organisation_id, payment.paid_on, payment.method)].append(payment)
            else:
                singles.append(payment)
        groups = [(key, members) for key, members in runs.items()]
        groups += [((p.organisation_id, p.paid_on, p.method), [p]) for p in singles]
        groups.sort(key=lambda group: (group[0][0], group[0][1]))
        batches = []
        for (org_id, paid_on, method), members in groups:
            tz = self.orgs[org_id].timezone
            made = _at(paid_on - dt.timedelta(days=1 if method in (M.BANK, M.OTHER) else 0), 10, tz)
            batches.append(
                Row(
                    organisation_id=org_id,
                    reference=self._reference(org_id, paid_on),
                    status=PaymentBatch.Status.PAID,
                    method=method,
                    total=sum((p.amount for p in members), Decimal("0")),
                    created_by_id=self.approver.get(org_id),
                    created_at=min(self.now, made),
                    exported_at=min(self.now, made) if method in (M.BANK, M.OTHER) else None,
                    paid_on=paid_on,
                    paid_by_id=self.approver.get(org_id),
                )
            )
        _insert(PaymentBatch, batches)
        for batch, (_, members) in zip(batches, groups, strict=True):
            for payment in members:
                payment.batch_id = batch.id
        self.counts["paid batches"] = len(batches)

    def registers(self, payments: list[Row]) -> None:
        vouchers, cash = [], []
        for payment in payments:
            if payment.status != S.PAID:
                continue
            if payment.method == M.VOUCHER:
                vouchers.append(
                    Row(
                        organisation_id=payment.organisation_id,
                        payment_id=payment.id,
                        code=f"DEMO-{payment.organisation_id}-{next(self.vouchers):07d}",
                        provider=self.rng.choice(PROVIDERS),
                        value=payment.amount,
                        issued_on=payment.paid_on,
                        issued_by_id=self.approver.get(payment.organisation_id),
                    )
                )
            elif payment.method == M.CASH:
                cash.append(
                    Row(
                        organisation_id=payment.organisation_id,
                        payment_id=payment.id,
                        paid_on=payment.paid_on,
                        handed_over_by_id=self.coordinator.get(payment.organisation_id),
                        receipt_signed=self.rng.random() < 0.9,
                        witness="" if self.rng.random() < 0.7 else "Duty manager",
                    )
                )
        _insert(VoucherIssue, vouchers)
        _insert(CashReceipt, cash)
        self.counts["vouchers"] = len(vouchers)
        self.counts["cash receipts"] = len(cash)

    def corrections(self, payments: list[Row]) -> list[Row]:
        """A few approved payments were at the wrong rate: each is reversed (a negative,
        approved row pointing at it) and paid again at the right amount, still to be paid."""
        made = []
        for payment in payments:
            if (
                payment.kind != K.INVOLVEMENT
                or payment.status != S.APPROVED
                or self.rng.random() >= self.volume.reversal_rate
            ):
                continue
            common = {
                "organisation_id": payment.organisation_id,
                "participant_id": payment.participant_id,
                "method": payment.method,
                "activity_date": payment.activity_date,
                "event_id": payment.event_id,
                "project_id": payment.project_id,
                "rate_card_id": payment.rate_card_id,
                "created_by_id": payment.approved_by_id,
                "created_at": payment.approved_at,
                "approved_by_id": payment.approved_by_id,
                "approved_at": payment.approved_at,
            }
            made.append(
                Row(
                    **common,
                    kind=K.REVERSAL,
                    status=S.APPROVED,
                    amount=-payment.amount,
                    description=f"Correction of payment {payment.id}: paid at the wrong rate",
                    reverses_id=payment.id,
                    override_reason="Paid at the wrong rate",
                    idempotency_key=f"reversal:{payment.id}",
                )
            )
            made.append(
                Row(
                    **common,
                    kind=K.INVOLVEMENT,
                    status=S.APPROVED,
                    amount=payment.amount + Decimal("5.00"),
                    hours=payment.hours,
                    description=f"{payment.description} (corrected)"[:200],
                    idempotency_key=f"demo:corrected:{payment.id}",
                )
            )
        _insert(Payment, made)
        self.counts["corrections"] = len(made) // 2
        return made

    @transaction.atomic
    def run(self) -> dict[str, int]:
        # One transaction: row by row inserts outside one would each wait for the disk.
        self.staff()
        self.rate_cards()
        self.people()
        sessions = self.sessions()
        payments = self.involvement(sessions)
        payments += self.claims(sessions)
        self.batches(payments)
        _insert(Payment, payments)
        self.registers(payments)
        payments += self.corrections(payments)
        self.counts["payments"] = len(payments)
        return dict(self.counts)


def seed_money(organisations: list, *, seed: int = 6) -> dict[str, int]:
    """Money for the small demo organisations that have none yet (idempotent)."""
    have = set(
        RateCard.objects.filter(organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    todo = [o for o in organisations if o.pk not in have]
    if not todo:
        return {}
    return _Builder(todo, volume=SMALL, seed=seed).run()


def seed_national_money(organisations: list, *, seed: int) -> dict[str, int]:
    """Money for new national organisations, in bulk (hundreds of thousands of rows at the
    default size)."""
    if not organisations:
        return {}
    return _Builder(organisations, volume=NATIONAL, seed=seed).run()

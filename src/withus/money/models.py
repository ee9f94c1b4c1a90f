"""Money: rate cards, the payments ledger, expense claims with receipts, batches, vouchers and
cash, and the dated tables the rules read (minimum wage, mileage, benefits limits).

The ledger rule (DESIGN.md): approved or paid rows are never edited. A correction is a new
reversal row pointing at the original. The database enforces it (triggers in migration 0002), so
no code path — admin, shell or a bug — can change an approved amount.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel

MONEY = {"max_digits": 10, "decimal_places": 2}


# --- dated tables (not organisation-owned: the law is the same for everyone) -----------------


class MinimumWageRate(models.Model):
    """One hourly rate for one age band from a date (National Minimum / Living Wage)."""

    class Band(models.TextChoices):
        NLW = "nlw", "National Living Wage (21 and over from April 2024)"
        AGE_21_22 = "21_22", "21 to 22 (23 to 24 before April 2021)"
        AGE_18_20 = "18_20", "18 to 20"
        AGE_16_17 = "16_17", "16 to 17"
        APPRENTICE = "apprentice", "Apprentice"

    effective_from = models.DateField()
    band = models.CharField(max_length=12, choices=Band.choices)
    nlw_min_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For the NLW row: the age it starts at (25, 23 or 21)."
    )
    hourly = models.DecimalField(**MONEY)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_from", "band"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "band"], name="one_wage_rate_per_band"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_band_display()} from {self.effective_from}: £{self.hourly}"


class MileageRate(models.Model):
    """HMRC approved mileage rates, per tax year (from 6 April), per vehicle."""

    class Vehicle(models.TextChoices):
        CAR = "car", "Car or van"
        MOTORCYCLE = "motorcycle", "Motorcycle"
        BICYCLE = "bicycle", "Bicycle"
        PASSENGER = "passenger", "Passenger (each)"

    effective_from = models.DateField()
    vehicle = models.CharField(max_length=12, choices=Vehicle.choices)
    per_mile = models.DecimalField(max_digits=5, decimal_places=3)
    per_mile_after_threshold = models.DecimalField(max_digits=5, decimal_places=3)
    threshold_miles = models.PositiveIntegerField(default=10_000)

    class Meta:
        ordering = ["-effective_from", "vehicle"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "vehicle"], name="one_mileage_rate_per_vehicle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_vehicle_display()} from {self.effective_from}"


class BenefitLimit(ScopedModel):
    """An organisation's dated limit used for benefits-awareness flags (never advice).

    Seeded from DOMAIN.md's confirmed figures; UNCONFIRMED figures are left for the organisation
    to enter, so withus never invents a limit.
    """

    class Period(models.TextChoices):
        WEEK = "week", "Per week"
        MONTH = "month", "Per monthly assessment period"

    benefit = models.CharField(max_length=20)  # people.choices.Benefit value
    label = models.CharField(max_length=150)
    period = models.CharField(max_length=10, choices=Period.choices)
    amount = models.DecimalField(**MONEY)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["benefit", "-effective_from"]

    def __str__(self) -> str:
        return self.label


# --- rate cards --------------------------------------------------------------------------------


class RateCard(ScopedModel):
    class Basis(models.TextChoices):
        HOURLY = "hourly", "Per hour"
        SESSION = "session", "Per session"
        HALF_DAY = "half_day", "Per half day"
        DAY = "day", "Per day"
        ACTIVITY = "activity", "Per activity"

    class Responsibility(models.TextChoices):
        ATTENDING = "attending", "Attending and taking part"
        CHAIRING = "chairing", "Chairing"
        TRAINING = "training", "Delivering training"
        PEER_RESEARCH = "peer_research", "Peer research"
        INTERVIEW_PANEL = "interview_panel", "Interview panel"
        REPRESENTING = "representing", "Representing others"
        MENTORING = "mentoring", "Peer mentoring"
        OTHER = "other", "Other"

    name = models.CharField(max_length=120)
    responsibility = models.CharField(max_length=20, choices=Responsibility.choices)
    basis = models.CharField(max_length=10, choices=Basis.choices)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    expected_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For anything not paid by the hour: how many hours it usually takes, "
        "including preparation. Used for the minimum wage check.",
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["name", "-valid_from"]

    def __str__(self) -> str:
        return self.name


# --- receipts, claims ------------------------------------------------------------------------


def _receipt_path(instance, filename: str) -> str:
    import uuid

    return f"receipts/{instance.organisation_id}/{uuid.uuid4().hex}"


class Receipt(ScopedModel):
    """A photo or PDF of a receipt. Re-encoded on upload; served only through checked views."""

    file = models.FileField(upload_to=_receipt_path, max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=now)


class ExpenseClaim(ScopedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for approval"
        APPROVED = "approved", "Approved, to pay"
        PAID = "paid", "Paid"
        REJECTED = "rejected", "Not approved"

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="expense_claims"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(default=now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the person claimed themselves in the portal.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="unique_claim_idempotency_key",
            ),
        ]


class ExpenseItem(ScopedModel):
    class Category(models.TextChoices):
        TRAVEL = "travel", "Travel (fares, tickets, taxi)"
        MILEAGE = "mileage", "Mileage (own vehicle)"
        MEALS = "meals", "Meals and drinks"
        CHILDCARE = "childcare", "Childcare"
        CARER = "carer", "Carer cover"
        STATIONERY = "stationery", "Stationery and postage"
        OTHER = "other", "Other"

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(max_length=12, choices=Category.choices)
    spent_on = models.DateField()
    description = models.CharField(max_length=200, blank=True)
    travel_mode = models.CharField(max_length=40, blank=True, help_text="Bus, train, taxi…")
    from_place = models.CharField(max_length=120, blank=True)
    to_place = models.CharField(max_length=120, blank=True)
    vehicle = models.CharField(max_length=12, choices=MileageRate.Vehicle.choices, blank=True)
    miles = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    amount_claimed = models.DecimalField(**MONEY)
    receipted_amount = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        help_text="What the receipt shows. Reimbursement is exactly this.",
    )
    receipt = models.ForeignKey(
        Receipt, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    no_receipt_reason = models.CharField(max_length=300, blank=True)
    no_receipt_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount_reimbursed = models.DecimalField(
        **MONEY, null=True, blank=True, help_text="Set when the claim is approved."
    )
    idempotency_key = models.CharField(
        max_length=80, blank=True, help_text="The form that added it: sent twice, added once."
    )

    class Meta(ScopedModel.Meta):
        ordering = ["spent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="unique_item_idempotency_key",
            ),
        ]


class PrebookedTravel(ScopedModel):
    """Travel the organisation booked and paid for in advance: never reimbursed again."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="prebooked_travel"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    travel_on = models.DateField()
    description = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["-travel_on", "-id"]


# --- the ledger ----------------------------------------------------------------------------------


class PaymentBatch(ScopedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Being prepared"
        EXPORTED = "exported", "Sent to the bank"
        PAID = "paid", "Paid"

    reference = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    method = models.CharField(max_length=10)  # Payment.Method value; one method per batch
    total = models.DecimalField(**MONEY, default=Decimal("0"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    exported_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="unique_batch_reference"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Payment(ScopedModel):
    """One line of the ledger: an involvement payment, an expenses reimbursement, or a reversal.

    Draft rows can be changed or deleted. From approval on, only the move to paid (batch,
    paid_on) is allowed; the database refuses anything else.
    """

    class Kind(models.TextChoices):
        INVOLVEMENT = "involvement", "Involvement payment"
        EXPENSES = "expenses", "Expenses reimbursed"
        REVERSAL = "reversal", "Correction (reversal)"

    class Method(models.TextChoices):
        BANK = "bank", "Bank transfer"
        VOUCHER = "voucher", "Voucher"
        CASH = "cash", "Cash"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        PAID = "paid", "Paid"

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="payments"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    method = models.CharField(max_length=10, choices=Method.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    amount = models.DecimalField(**MONEY)  # negative only for reversals
    description = models.CharField(max_length=200)
    activity_date = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    rate_card = models.ForeignKey(
        RateCard, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    invitation = models.ForeignKey(
        "events.EventInvitation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    claim = models.ForeignKey(
        ExpenseClaim, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    override_reason = models.TextField(
        blank=True, help_text="Why it was approved despite a finding (recorded at approval)."
    )
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(null=True, blank=True)
    # A retried request or a re-run job presents the same key and gets the same row back.
    idempotency_key = models.CharField(max_length=80)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["-activity_date", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status", "activity_date"]),
            models.Index(fields=["organisation", "participant", "activity_date"]),
            # Money home, spend summaries and reports total what was paid in a period.
            models.Index(fields=["organisation", "status", "paid_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"], name="unique_payment_idempotency_key"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="reversal", amount__lt=0)
                | (~models.Q(kind="reversal") & models.Q(amount__gt=0)),
                name="payment_amount_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(paid_on__isnull=False),
                name="paid_payment_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class VoucherIssue(ScopedModel):
    """The voucher register: which voucher went to whom, for which payment."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="voucher")
    code = models.CharField(max_length=80)
    provider = models.CharField(max_length=80, blank=True)
    value = models.DecimalField(**MONEY)
    issued_on = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_voucher_code"),
        ]


class CashReceipt(ScopedModel):
    """The cash register: who handed over cash, who received it, and the signed receipt."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="cash_receipt")
    paid_on = models.DateField()
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    witness = models.CharField(max_length=120, blank=True)
    receipt_signed = models.BooleanField("The person signed a receipt", default=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-paid_on", "-id"]

"""Participants: the people with lived experience at the centre of withus.

Everything here is organisation-owned and scoped. Sensitive parts (restrictions, benefits,
equality monitoring, bank details) live in their own tables so that they can only be read
through selectors that check capabilities and audit the read.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django_scopes import ScopedManager

from withus.people import choices as c


class ScopedModel(models.Model):
    """Base for organisation-owned rows: the scoped default manager plus an unscoped one."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE)

    objects = ScopedManager(organisation="organisation")
    unscoped = models.Manager()  # noqa: DJ012 (ScopedManager is not recognised as a manager)

    class Meta:
        abstract = True
        base_manager_name = "unscoped"

    def __str__(self) -> str:
        # Used in audit labels; never shows sensitive values.
        return f"{self._meta.verbose_name} {self.pk}"


class Skill(ScopedModel):
    name = models.CharField(max_length=60)

    class Meta(ScopedModel.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_skill_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Participant(ScopedModel):
    preferred_name = models.CharField("Preferred name", max_length=120)
    legal_name = models.CharField(
        "Legal name",
        max_length=200,
        blank=True,
        help_text="Only needed for payments. Leave empty if it is the same as the preferred name.",
    )
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age_band = models.CharField(
        max_length=10,
        choices=c.AgeBand.choices,
        blank=True,
        help_text="If you do not know their date of birth. Needed for minimum wage rates.",
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField("Postal address", blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    area = models.CharField(max_length=80, blank=True, help_text="Town or area, for matching.")
    justice_relationship = models.CharField(
        "Connection to the justice system",
        max_length=20,
        choices=c.JusticeRelationship.choices,
        blank=True,
    )
    named_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Named staff contact",
    )
    key_worker_name = models.CharField("Key worker's name", max_length=120, blank=True)
    key_worker_contact = models.CharField("Key worker's phone or email", max_length=200, blank=True)

    status = models.CharField(max_length=10, choices=c.Status.choices, default=c.Status.ENQUIRY)
    check_back_on = models.DateField(null=True, blank=True)

    # What they want and offer
    skills = models.ManyToManyField(Skill, blank=True, related_name="participants")
    motivations = models.TextField(blank=True)
    put_offs = models.TextField("What might put them off", blank=True)
    curfew_time = models.TimeField(null=True, blank=True)
    travel_home_minutes = models.PositiveSmallIntegerField(
        "Usual travel time home (minutes)", null=True, blank=True
    )
    travels_by = models.CharField(
        "How they usually travel", max_length=10, choices=c.TravelsBy.choices, blank=True
    )
    access_notes = models.TextField("Other access needs", blank=True)

    # Communication
    channel_order = models.JSONField(default=list, blank=True)
    best_times = models.CharField("Best times to contact", max_length=200, blank=True)

    # Payment preferences (bank details are in BankDetails, encrypted)
    payment_choice = models.CharField(max_length=20, choices=c.PaymentChoice.choices, blank=True)
    payment_method = models.CharField(max_length=10, choices=c.PaymentMethod.choices, blank=True)
    has_no_bank_account = models.BooleanField(default=False)
    bank_account_support = models.TextField("Support to open a basic bank account", blank=True)

    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["preferred_name", "id"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "preferred_name"]),
            models.Index(fields=["organisation", "-updated_at"]),
            models.Index(fields=["organisation", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.preferred_name

    @property
    def in_prison(self) -> bool:
        return self.justice_relationship == c.JusticeRelationship.IN_PRISON

    def age_on(self, day: dt.date) -> int | None:
        if not self.date_of_birth:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class StatusChange(ScopedModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=10, choices=c.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=c.Status.choices)
    check_back_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["-changed_at", "-id"]


class Interest(ScopedModel):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="interests")
    method = models.CharField(max_length=20, choices=c.Method.choices)

    class Meta(ScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["participant", "method"], name="unique_interest"),
        ]


class AccessNeed(ScopedModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="access_needs"
    )
    need = models.CharField(max_length=20, choices=c.AccessNeed.choices)

    class Meta(ScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["participant", "need"], name="unique_access_need"),
        ]


class Availability(ScopedModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="availability"
    )
    day = models.PositiveSmallIntegerField(choices=c.Day.choices)
    period = models.CharField(max_length=10, choices=c.Period.choices)

    class Meta(ScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "day", "period"], name="unique_availability"
            ),
        ]


class ConsentEvent(ScopedModel):
    """One consent decision. Append-only: the current state is the latest event per purpose."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consent_events"
    )
    purpose = models.CharField(max_length=20, choices=c.ConsentPurpose.choices)
    state = models.CharField(max_length=10, choices=c.ConsentState.choices)
    method = models.CharField(max_length=10, choices=c.ConsentMethod.choices)
    partner = models.CharField(
        "Partner organisation",
        max_length=200,
        blank=True,
        help_text="For sharing: which organisation.",
    )
    review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["participant", "purpose", "-recorded_at"])]


class BankDetails(ScopedModel):
    """Encrypted at rest (withus.people.crypto); only ever shown masked."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="bank_details"
    )
    account_name_encrypted = models.TextField()
    sort_code_encrypted = models.TextField()
    account_number_encrypted = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=now)


class BenefitsRecord(ScopedModel):
    """Optional, with consent. Used for flags and signposting, never advice."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="benefits"
    )
    consent_given = models.BooleanField("They agreed to us keeping this", default=False)
    benefits = models.JSONField(default=list, blank=True)
    other_benefit = models.CharField(max_length=120, blank=True)
    signposted_on = models.DateField(
        "Signposted to independent benefits advice on", null=True, blank=True
    )
    signposted_to = models.CharField("Where to", max_length=200, blank=True)
    pw1_noted = models.BooleanField("Permitted work form (PW1) noted", default=False)
    uc_assessment_day = models.PositiveSmallIntegerField(
        "Universal Credit assessment period starts on day",
        null=True,
        blank=True,
        help_text="The day of the month their assessment period starts (1 to 31), from their "
        "UC statement. If you do not know, calendar months are used.",
    )
    updated_at = models.DateTimeField(auto_now=True)


class Restriction(ScopedModel):
    """What a safeguarding decision means for involvement. Never offence details."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="restrictions"
    )
    kind = models.CharField(max_length=30, choices=c.RestrictionKind.choices)
    other_participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="restricted_by"
    )
    place = models.CharField("Area or venue", max_length=200, blank=True)
    meaning = models.TextField(
        "What this means for involvement",
        help_text="For example: do not invite to the same meeting. Do not record offence details.",
    )
    review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["-recorded_at"]


class EqualityRecord(ScopedModel):
    """Voluntary equality monitoring. Every answer may be 'prefer not to say'; blank = not asked."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="equality"
    )
    age_group = models.CharField(max_length=12, blank=True)
    sex = models.CharField(max_length=12, blank=True)
    gender_same_as_birth = models.CharField(max_length=12, blank=True)
    sexual_orientation = models.CharField(max_length=20, blank=True)
    ethnicity = models.CharField(max_length=20, blank=True)
    religion = models.CharField(max_length=20, blank=True)
    disability = models.CharField(max_length=20, blank=True)
    marital_status = models.CharField(max_length=20, blank=True)
    pregnancy_maternity = models.CharField(max_length=12, blank=True)
    care_experience = models.CharField(max_length=12, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class ImportBatch(ScopedModel):
    """An uploaded file of participants, checked and waiting for someone to confirm it."""

    class State(models.TextChoices):
        PREVIEW = "preview", "Checked, waiting for confirmation"
        IMPORTED = "imported", "Imported"
        CANCELLED = "cancelled", "Cancelled"

    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # cleaned rows, each {"row": n, "data": {...}}
    errors = models.JSONField(default=list)  # [{"row": n, "messages": [...]}]
    total_rows = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    imported_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["-created_at"]

"""Moving on (Clinks 2016, section 5.6) and the safeguarding concerns log.

- ExitRecord: when and why a person stopped being involved and where they went next.
- LetterVersion: a testimonial letter and CV wording, drafted from the person's real record,
  edited by staff and signed. Every save makes a new numbered version; a signed version never
  changes (changing it makes a new draft).
- SignpostOrganisation: the directory of other organisations people can be pointed to, seeded
  with the organisations the guide lists and editable.
- SafeguardingConcern, SafeguardingDecision: the safeguarding lead's log, with decisions, review
  dates and the Charity Commission serious-incident category when the incident is reportable.
  Only people with the MANAGE_SAFEGUARDING capability ever see these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel


class ExitRecord(ScopedModel):
    """One per person: when they stopped, why, and where they went. Changing it keeps one row."""

    class Reason(models.TextChoices):
        GOALS = "goals", "Reached their goals, or ready for something new"
        ROLE_ENDED = "role_ended", "Their role or the project came to an end"
        CIRCUMSTANCES = "circumstances", "Their circumstances changed (health, family, housing)"
        MOVED_AWAY = "moved_away", "Moved away"
        WORK_OR_STUDY = "work_or_study", "Started work or study and no longer has time"
        LEFT_SERVICE = "left_service", "Left our service"
        NOT_RIGHT = "not_right", "Involvement was not right for them"
        ASKED_TO_LEAVE = "asked_to_leave", "We asked them to stop"
        UNKNOWN = "unknown", "They did not say"
        OTHER = "other", "Something else"

    class Destination(models.TextChoices):
        VOLUNTEERING = "volunteering", "Volunteering"
        PAID_WORK = "paid_work", "Paid work"
        TRAINING = "training", "Training or education"
        ANOTHER_SERVICE = "another_service", "Another service or organisation"
        OTHER = "other", "Something else"
        UNKNOWN = "unknown", "Not known"

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="exit_records"
    )
    left_on = models.DateField("Date they moved on")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    reason_detail = models.TextField(
        "More about why",
        blank=True,
        help_text="In their words if you can. Do not record offence details.",
    )
    destination = models.CharField(
        "Where they went next", max_length=20, choices=Destination.choices
    )
    destination_detail = models.CharField(
        "Name of the employer, course, service or organisation", max_length=200, blank=True
    )
    signposted_to = models.ManyToManyField(
        "exits.SignpostOrganisation", blank=True, related_name="exits"
    )
    keep_in_touch = models.BooleanField(
        "They would like to hear about future opportunities", default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["-left_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["participant"], name="one_exit_record_per_person"),
        ]
        indexes = [models.Index(fields=["organisation", "left_on"])]

    def __str__(self) -> str:
        return f"Exit record {self.pk}"


class LetterVersion(ScopedModel):
    """A testimonial letter and CV wording for one person, as saved at one moment."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="testimonial_letters"
    )
    number = models.PositiveIntegerField()
    addressed_to = models.CharField(
        "Who it is to", max_length=200, default="To whom it may concern"
    )
    body = models.TextField("The letter")
    cv_wording = models.TextField("Wording for their CV", blank=True)
    signer_name = models.CharField("Name of the person signing", max_length=120, blank=True)
    signer_job = models.CharField("Their job title", max_length=120, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "number"], name="unique_letter_version"),
        ]

    def __str__(self) -> str:
        return f"Letter version {self.number}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class SignpostOrganisation(ScopedModel):
    """Somewhere outside the organisation a person can be pointed to when they move on."""

    class Offer(models.TextChoices):
        VOLUNTEERING = "volunteering", "Volunteering"
        EMPLOYMENT = "employment", "Work and employment support"
        TRAINING = "training", "Training and education"
        LIVED_EXPERIENCE = "lived_experience", "Involvement and lived experience networks"
        MENTAL_HEALTH = "mental_health", "Mental health"
        HOUSING = "housing", "Housing and homelessness"
        WOMEN = "women", "Women"
        YOUNG_ADULTS = "young_adults", "Young adults"
        ADVICE = "advice", "Advice and information"
        OTHER = "other", "Other support"

    name = models.CharField(max_length=150)
    offers = models.TextField("What they offer")
    kinds = models.JSONField("Kinds of help", default=list, blank=True)
    area = models.CharField(
        "Area they cover", max_length=120, blank=True, help_text="For example England, or Leeds."
    )
    address = models.CharField(max_length=250, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.CharField(max_length=200, blank=True)
    source = models.CharField(
        max_length=120,
        blank=True,
        help_text='Where the details came from, for example "Clinks (2016)".',
    )
    checked_on = models.DateField(
        "Details last checked", null=True, blank=True, help_text="Contact details go out of date."
    )
    archived = models.BooleanField("Hide from the directory", default=False)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_signpost_organisation_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(self.Offer.choices)
        return [labels[k] for k in self.kinds if k in labels]


# The Charity Commission's categories of serious incident (England and Wales), from its guidance
# "How to report a serious incident in your charity" on GOV.UK, as we understand it in 2026:
# trustees must report promptly an incident that has caused, or risks causing, significant harm
# to the charity's beneficiaries, staff, volunteers or others, or to its money, property, work or
# reputation. The guidance groups incidents as below. Check the current guidance before
# reporting: the Commission changes its wording from time to time, and the decision to report
# belongs to the trustees. NONE means "not a serious incident for the Commission".
class IncidentCategory(models.TextChoices):
    NONE = "", "Not a serious incident for the Charity Commission"
    SAFEGUARDING = (
        "safeguarding",
        "Protecting people and safeguarding: harm or abuse, or an allegation of it, to anyone "
        "who comes into contact with the charity",
    )
    FINANCIAL_CRIME = "financial_crime", "Fraud, theft, cyber-crime or money laundering"
    UNVERIFIED_DONATION = (
        "unverified_donation",
        "A large donation from an unknown or unverifiable source, or suspicious use of the "
        "charity's money",
    )
    FINANCIAL_LOSS = "financial_loss", "Other significant financial loss"
    TERRORISM = "terrorism", "Links to terrorism or extremism"
    INVESTIGATION = (
        "investigation",
        "The charity, a trustee or staff member is under police or regulator investigation, "
        "or criminal activity is suspected",
    )
    DISQUALIFIED = "disqualified", "A disqualified person acting as a trustee or senior manager"
    NO_SAFEGUARDING = (
        "no_safeguarding",
        "No safeguarding policy or vetting in place, or it was not followed",
    )
    DATA_BREACH = "data_breach", "A significant data breach or loss"
    OTHER = (
        "other",
        "Another significant incident (insolvency, loss of banking, an incident at a partner)",
    )


# Shown to staff where a concern is marked reportable, so the caveat above is not only a comment.
COMMISSION_SOURCE = (
    "the Charity Commission's guidance "
    "\u201cHow to report a serious incident in your charity\u201d on GOV.UK"
)
COMMISSION_NOTE = (
    "The serious-incident categories below are the Charity Commission's own, as it publishes "
    "them in {source}. We wrote them down in our own words in 2026; our notes do not record "
    "the date of the version of the guidance we used. The Commission changes its guidance "
    "from time to time, so check its current guidance before you report. Reporting a serious "
    "incident is the trustees' responsibility: ticking the box here records what was decided, "
    "it does not report anything."
)


class SafeguardingConcern(ScopedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    summary = models.CharField("What the concern is, in a few words", max_length=200)
    details = models.TextField(
        "What happened or was said",
        help_text="Facts: who, what, where and when. What it means for involvement, not "
        "offence details.",
    )
    raised_on = models.DateField("Date it was raised")
    raised_by = models.CharField(
        "Who raised it", max_length=150, help_text="A name and role, or 'anonymous'."
    )
    people = models.ManyToManyField(
        "people.Participant",
        blank=True,
        related_name="safeguarding_concerns",
        verbose_name="Participants involved",
    )
    others_involved = models.TextField(
        "Other people involved",
        blank=True,
        help_text="Staff, volunteers or others who are not participants.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    review_on = models.DateField("Next review", null=True, blank=True)
    category = models.CharField(
        "Charity Commission serious-incident category",
        max_length=30,
        choices=IncidentCategory.choices,
        blank=True,
        default="",
    )
    reportable = models.BooleanField(
        "This is a serious incident to report to the Charity Commission", default=False
    )
    reported_on = models.DateField("Date reported to the Commission", null=True, blank=True)
    reported_by = models.CharField(
        "Who reported it", max_length=150, blank=True, help_text="Usually a trustee."
    )
    commission_reference = models.CharField("Commission's reference", max_length=60, blank=True)
    reported_elsewhere = models.TextField(
        "Also reported to",
        blank=True,
        help_text="For example the police, the local authority, probation or a funder, with dates.",
    )
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "review_on"])]

    def __str__(self) -> str:
        return f"Safeguarding concern {self.pk}"


class SafeguardingDecision(ScopedModel):
    concern = models.ForeignKey(
        SafeguardingConcern, on_delete=models.CASCADE, related_name="decisions"
    )
    decided_on = models.DateField("Date of the decision")
    decision = models.TextField("What was decided, and why")
    decided_by = models.CharField("Who decided", max_length=150)
    review_on = models.DateField("Review the concern again on", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"Safeguarding decision {self.pk}"

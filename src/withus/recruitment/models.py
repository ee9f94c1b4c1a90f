"""Role descriptions, terms of reference, opportunities and the recruitment pipeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel


class RoleDescription(ScopedModel):
    """What a role involves (guide section 5.2), handed to people before they commit."""

    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="roles"
    )
    title = models.CharField(max_length=150)
    summary = models.TextField("What the role is about")
    skills = models.TextField("Skills needed", blank=True)
    abilities_interests = models.TextField("Abilities or interests that help", blank=True)
    tasks = models.TextField("What you would do", blank=True)
    who_else = models.TextField("Who else is involved", blank=True)
    frequency = models.CharField("How often", max_length=200, blank=True)
    duration = models.CharField("How long for", max_length=200, blank=True)
    payment_policy = models.TextField("Payment and expenses", blank=True)
    support_offered = models.TextField("Support and training offered", blank=True)
    accessibility = models.TextField("Accessibility", blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class TermsOfReference(ScopedModel):
    """How a group works: purpose, membership, meetings, decisions, confidentiality, conduct."""

    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="terms"
    )
    group_name = models.CharField(max_length=150)
    purpose = models.TextField()
    membership = models.TextField("Who can be a member", blank=True)
    meeting_frequency = models.CharField("How often it meets", max_length=200, blank=True)
    decision_making = models.TextField("How decisions are made", blank=True)
    confidentiality = models.TextField(blank=True)
    code_of_conduct = models.TextField("Code of conduct", blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        ordering = ["group_name", "id"]

    def __str__(self) -> str:
        return self.group_name


class Channel(models.TextChoices):
    """How people heard about an opportunity (guide section 5.3)."""

    KEY_WORKER = "key_worker", "Key worker"
    WORD_OF_MOUTH = "word_of_mouth", "Word of mouth"
    POSTER = "poster", "Poster"
    OUTREACH = "outreach", "Outreach workshop"
    EVENT = "event", "Large event"
    ONLINE = "online", "Social media or website"
    PORTAL = "portal", "Through the portal"
    OTHER = "other", "Other"


class Stage(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    INFO_SESSION = "info_session", "Information session"
    TERMS_AGREED = "terms_agreed", "Terms agreed"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrew"


# The forward path through the pipeline; declined and withdrawn can happen from any stage.
PIPELINE = [Stage.ENQUIRY, Stage.INFO_SESSION, Stage.TERMS_AGREED, Stage.ACTIVE]
CLOSED_STAGES = {Stage.DECLINED, Stage.WITHDRAWN}


class Opportunity(ScopedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    role = models.ForeignKey(
        RoleDescription, on_delete=models.PROTECT, related_name="opportunities"
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    title = models.CharField(max_length=150)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    places = models.PositiveSmallIntegerField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    rate_card = models.ForeignKey(
        "money.RateCard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
        help_text="What the role pays. Leave empty if it is unpaid.",
    )
    expected_sessions = models.PositiveSmallIntegerField(
        "How many sessions the commitment is",
        null=True,
        blank=True,
        help_text="Used to tell people the total they would receive before they commit.",
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Candidate(ScopedModel):
    """A person's way through one opportunity's pipeline."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="candidates"
    )
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="candidacies"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.ENQUIRY)
    reason = models.CharField("Reason (if declined or withdrew)", max_length=300, blank=True)
    created_at = models.DateTimeField(default=now)
    stage_changed_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "participant"], name="one_candidacy"),
        ]


class StageChange(ScopedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    reason = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["changed_at", "id"]

"""Voice and impact: what people said, what the organisation decided and did about it, telling
the people who raised it ("you said, we did"), outcomes for people, and impact on the organisation.

A contribution's loop is closed when every named contributor has been told what happened (or,
for an anonymous contribution, when the answer is published on the "You said, we did" board).
`Contribution.loop_closed_at` is kept by `voice.services` so that closure rates are cheap to count.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel


class Theme(ScopedModel):
    """A tag for what a contribution is about (housing, staff attitudes, the waiting room …)."""

    name = models.CharField(max_length=60)

    class Meta(ScopedModel.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_theme_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Contribution(ScopedModel):
    class Source(models.TextChoices):
        EVENT = "event", "At a meeting or event"
        SURVEY = "survey", "In a survey"
        SUGGESTION_BOX = "suggestion_box", "Anonymous suggestion box"
        PEER_RESEARCH = "peer_research", "Peer research"
        ONE_TO_ONE = "one_to_one", "One-to-one conversation"
        PORTAL = "portal", "Through the participant portal"
        OTHER = "other", "Other"

    class Quote(models.TextChoices):
        NO = "no", "Do not quote"
        ANONYMOUS = "anonymous", "May be quoted without a name"
        NAMED = "named", "May be quoted with the person's name"

    text = models.TextField("What was said, suggested or raised")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.EVENT)
    received_on = models.DateField("Date it was raised")
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="contributions")
    anonymous = models.BooleanField(
        default=False, help_text="Nobody is named. The answer goes on the board instead."
    )
    contributors = models.ManyToManyField(
        "people.Participant", blank=True, related_name="contributions"
    )
    # Quoting is only allowed when every contributor has given the matching consent
    # (people.ConsentPurpose.NAMED_QUOTES / ANONYMOUS_QUOTES); voice.rules checks it.
    quote = models.CharField(max_length=10, choices=Quote.choices, default=Quote.NO)
    loop_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "received_on"]),
            models.Index(fields=["organisation", "loop_closed_at"]),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Action(ScopedModel):
    """A decision about one or more contributions and what was done: the "we did"."""

    class Response(models.TextChoices):
        ACCEPTED = "accepted", "Yes, we will do this"
        PARTLY = "partly", "We will do part of this"
        NOT_POSSIBLE = "not_possible", "We cannot do this"
        CONSIDERING = "considering", "We are still thinking about it"

    class ChangeKind(models.TextChoices):
        POLICY = "policy", "Policy"
        DELIVERY = "delivery", "How the service is delivered"
        SERVICE_DESIGN = "service_design", "Service design"
        STAFF_PRACTICE = "staff_practice", "Staff practice"
        COMMISSIONING = "commissioning", "Commissioning or contracts"
        FUNDING = "funding", "Funding"
        NONE = "none", "No change"

    contributions = models.ManyToManyField(Contribution, related_name="actions")
    response = models.CharField(max_length=12, choices=Response.choices)
    we_did = models.TextField(
        '"We did": what happened, in plain words',
        help_text="This is what the people who raised it will read.",
    )
    reason = models.TextField(
        "Why not", blank=True, help_text="Needed when the answer is that we cannot do it."
    )
    action_taken = models.TextField("The action, for staff", blank=True)
    change_kind = models.CharField(
        "Kind of change", max_length=16, choices=ChangeKind.choices, default=ChangeKind.NONE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(
        blank=True, help_text="What shows the change happened: a new policy, minutes, a leaflet."
    )
    on_board = models.BooleanField('Show on the "You said, we did" board', default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-decided_on", "-id"]


class Feedback(ScopedModel):
    """Telling one contributor what happened to what they said (one row per person told)."""

    class Method(models.TextChoices):
        MESSAGE = "message", "Sent through their preferred channel"
        IN_PERSON = "in_person", "Told in person"
        BOARD = "board", 'Published on the "You said, we did" board (anonymous)'

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="feedback"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    participant = models.ForeignKey(
        "people.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback_received",
    )
    method = models.CharField(max_length=10, choices=Method.choices)
    message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(default=now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["organisation", "contribution"])]


class PersonOutcome(ScopedModel):
    """Something that changed for a person, recorded only with their agreement."""

    class Kind(models.TextChoices):
        EDUCATION = "education", "Started training or education"
        VOLUNTEERING = "volunteering", "Started volunteering"
        PAID_WORK = "paid_work", "Started paid work"
        ACCOMMODATION = "accommodation", "Moved to more secure accommodation"
        QUALIFICATION = "qualification", "Gained a qualification"
        CONFIDENCE = "confidence", "Self-rated confidence"
        SKILLS = "skills", "Self-rated skills"
        OTHER = "other", "Something else"

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    achieved_on = models.DateField("Date")
    description = models.CharField(max_length=300, blank=True)
    # Self-ratings (confidence, skills) on a 1–5 scale, before and now.
    rating_before = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_after = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_agreed = models.BooleanField(
        "The person agreed to this being recorded and counted in reports", default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-achieved_on", "-id"]
        indexes = [models.Index(fields=["organisation", "achieved_on"])]


class ImpactRecord(ScopedModel):
    """A difference involvement made to the organisation (guide section 4.6), with evidence."""

    class Kind(models.TextChoices):
        SERVICE_IMPROVED = "service_improved", "A service improved"
        STAFF_UNDERSTANDING = "staff_understanding", "Staff understanding grew"
        COMMISSIONERS = "commissioners", "Commissioners impressed or a contract won"
        POLICY = "policy", "Policymakers influenced"
        FUNDING = "funding", "Funding secured"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    evidence = models.TextField(help_text="What shows it: a letter, a contract, minutes, a quote.")
    happened_on = models.DateField()
    amount = models.DecimalField(
        "Amount (for funding or contracts)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="impacts")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-happened_on", "-id"]

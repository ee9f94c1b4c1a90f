"""Surveys: questionnaires for participants or staff, feedback forms for events, and
before/after pairs (the same questions at the start and end of a project, matched per person).

Answers arrive through a personal link (a secret token per person), the portal (later), or are
typed in by staff from a paper form. For an anonymous survey the response holds no participant;
before/after matching still works through `respondent_key`, a keyed hash of the person and the
pair that cannot be turned back into a name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel


class Survey(ScopedModel):
    class Audience(models.TextChoices):
        PARTICIPANTS = "participants", "People with lived experience"
        STAFF = "staff", "Staff and volunteers"

    class Kind(models.TextChoices):
        GENERAL = "general", "Survey"
        EVENT_FEEDBACK = "event_feedback", "Feedback form for an event"
        BEFORE = "before", "Before (start of a project)"
        AFTER = "after", "After (end of a project)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Being written"
        OPEN = "open", "Open for answers"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    intro = models.TextField(
        "What to tell people first",
        blank=True,
        help_text="Why you are asking, how long it takes, and what you will do with the answers.",
    )
    audience = models.CharField(
        max_length=12, choices=Audience.choices, default=Audience.PARTICIPANTS
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    anonymous = models.BooleanField(
        default=True, help_text="Answers are not linked to names. Staff cannot see who said what."
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys"
    )
    # An "after" survey points at its "before": the questions with the same pair_key are compared.
    before = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="after"
    )
    closes_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Question(ScopedModel):
    class Kind(models.TextChoices):
        SCALE = "scale", "A scale from 1 to 5"
        YES_NO = "yes_no", "Yes or no"
        SINGLE = "single", "Choose one"
        MULTIPLE = "multiple", "Choose any"
        TEXT = "text", "Their own words"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    options = models.JSONField(default=list, blank=True)  # for SINGLE and MULTIPLE
    scale_low = models.CharField(max_length=40, blank=True, default="Not at all")
    scale_high = models.CharField(max_length=40, blank=True, default="Very much")
    required = models.BooleanField(default=False)
    pair_key = models.CharField(
        max_length=40, blank=True, help_text="Matches this question to the same one in its pair."
    )

    class Meta(ScopedModel.Meta):
        ordering = ["position", "id"]


class SurveyInvite(ScopedModel):
    """A personal link to answer a survey. Only a hash of the token is stored."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invites")
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="survey_invites"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "participant"], name="unique_survey_invite"),
        ]


class Response(ScopedModel):
    class Source(models.TextChoices):
        LINK = "link", "Personal link"
        PORTAL = "portal", "Participant portal"
        PAPER = "paper", "Paper form typed in by staff"
        STAFF = "staff", "A member of staff, signed in"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(
        "people.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_responses",
        help_text="Empty for anonymous surveys.",
    )
    respondent_key = models.CharField(max_length=64, blank=True, db_index=True)
    source = models.CharField(max_length=8, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["-submitted_at", "-id"]


class Answer(ScopedModel):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True, blank=True)  # scale 1–5; yes=1, no=0
    choices = models.JSONField(default=list, blank=True)  # SINGLE / MULTIPLE option texts
    text = models.TextField(blank=True)

    class Meta(ScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="unique_answer"),
        ]


class StaffAnswered(ScopedModel):
    """Which members of staff have answered a staff survey, so nobody answers twice.

    It says who answered, never which answers are theirs: for an anonymous staff survey the
    response keeps no user and only the day (surveys.services.answered_when)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="staff_answered")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answered_on = models.DateField()

    class Meta(ScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="unique_staff_answered"),
        ]

"""Self-assessment: the whole-systems jigsaw statements, assessment rounds with their ratings,
the ladder of participation (overall and per project), and the action plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from withus.assessment.starters import Level, Piece
from withus.people.models import ScopedModel


class Statement(ScopedModel):
    """One statement of good practice under a piece of the jigsaw (the organisation's own copy)."""

    piece = models.CharField(max_length=10, choices=Piece.choices)
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField("Statement", max_length=300)
    evidence_hint = models.CharField("What evidence might look like", max_length=300, blank=True)
    active = models.BooleanField(
        "Use it in new assessments",
        default=True,
        help_text="Statements no longer used stay in earlier assessments.",
    )

    class Meta(ScopedModel.Meta):
        ordering = ["piece", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Assessment(ScopedModel):
    """One round of self-assessment, held on a date by staff and people with lived experience."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        FINISHED = "finished", "Finished"

    held_on = models.DateField("Date of the assessment")
    title = models.CharField(max_length=120, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="Staff who took part"
    )
    participants = models.ManyToManyField(
        "people.Participant",
        blank=True,
        related_name="assessments",
        verbose_name="People with lived experience who took part",
    )
    others = models.CharField(
        "Anyone else who took part",
        max_length=300,
        blank=True,
        help_text="For example two trustees, or a partner organisation.",
    )
    ladder_now = models.ForeignKey(
        "projects.LadderRung",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Where the organisation is now",
    )
    ladder_target = models.ForeignKey(
        "projects.LadderRung",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Where the organisation wants to be",
    )
    # Rung positions kept with the round, so a later edit of the ladder does not rewrite history.
    ladder_now_position = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    ladder_target_position = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    ladder_notes = models.TextField("Why you chose these rungs", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title or f"Self-assessment {self.held_on:%d %B %Y}"

    @property
    def finished(self) -> bool:
        return self.status == self.Status.FINISHED


class Rating(ScopedModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="ratings")
    # The words as they were rated (the statement may be reworded later).
    piece = models.CharField(max_length=10, choices=Piece.choices)
    text = models.CharField(max_length=300)
    level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    evidence = models.TextField(blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["piece", "statement__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement"], name="unique_rating_per_statement"
            ),
        ]


class ProjectRung(ScopedModel):
    """Where a project is on the ladder in this round, next to the rung it aims for."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="project_rungs"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="assessment_rungs"
    )
    now_rung = models.ForeignKey(
        "projects.LadderRung",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Where it is now",
    )
    now_position = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    target_position = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    target_name = models.CharField(max_length=80, blank=True, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["project__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "project"], name="unique_project_rung_per_assessment"
            ),
        ]


class ActionItem(ScopedModel):
    """One item of the action plan: a task with an owner and a due date.

    Not a projects.Task: a Task must belong to a project, while most actions from a
    self-assessment are about the whole organisation (a strategy, a budget line, training).
    The shape is the same (title, staff or participant owner, due date, status)."""

    class Status(models.TextChoices):
        TODO = "todo", "To do"
        DOING = "doing", "In progress"
        DONE = "done", "Done"

    assessment = models.ForeignKey(
        Assessment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name="Self-assessment it came from",
    )
    statement = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name="Statement it improves",
    )
    piece = models.CharField(
        "Piece of the jigsaw", max_length=10, choices=Piece.choices, blank=True
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment_actions",
        verbose_name="Project it is about",
    )
    title = models.CharField("Action", max_length=200)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Member of staff who owns it",
    )
    participant = models.ForeignKey(
        "people.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment_actions",
        verbose_name="Person with lived experience who owns it",
    )
    due_on = models.DateField("Due by", null=True, blank=True)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.TODO)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.title[:80]

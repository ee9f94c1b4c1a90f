"""Involvement projects: the plan (matrix, aims, outcomes), tasks, budget and risks."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel


class LadderRung(ScopedModel):
    """One rung of the organisation's ladder of participation (editable per organisation)."""

    position = models.PositiveSmallIntegerField(help_text="1 is the bottom rung.")
    name = models.CharField(max_length=80)
    group = models.CharField(max_length=40, blank=True, help_text='For example "doing with".')
    description = models.TextField(blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "position"], name="unique_rung_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Project(ScopedModel):
    class Status(models.TextChoices):
        PLANNING = "planning", "Planning"
        ACTIVE = "active", "Running"
        PAUSED = "paused", "Paused"
        FINISHED = "finished", "Finished"
        CANCELLED = "cancelled", "Cancelled"

    name = models.CharField(max_length=150)
    methods = models.JSONField(default=list, blank=True)  # people.choices.Method values
    rung = models.ForeignKey(
        LadderRung,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name="Level of participation it aims for",
    )
    # The planning matrix (guide section 4.2)
    what = models.TextField("What do you want to involve people in?", blank=True)
    why = models.TextField("Why do you want to involve them?", blank=True)
    who = models.TextField("Who do you want to involve?", blank=True)
    when = models.TextField("When will it happen?", blank=True)
    where = models.TextField("Where will it happen?", blank=True)
    how = models.TextField("How will you do it?", blank=True)
    aims = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Lead member of staff",
    )
    partners = models.TextField("Partner organisations", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNING)
    co_planners = models.ManyToManyField(
        "people.Participant",
        blank=True,
        related_name="co_planned_projects",
        verbose_name="People with lived experience who planned it",
    )
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Outcome(ScopedModel):
    class Measure(models.TextChoices):
        MANUAL = "manual", "Recorded by hand"
        TASKS_DONE = "tasks_done", "Tasks done (counted by withus)"
        PEOPLE_RECRUITED = (
            "people_recruited",
            "People who became active through recruitment (counted by withus)",
        )
        CO_PLANNERS = (
            "co_planners",
            "People with lived experience who planned it (counted by withus)",
        )

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    description = models.CharField(max_length=300)
    measure = models.CharField(max_length=20, choices=Measure.choices, default=Measure.MANUAL)
    target = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    recorded_value = models.PositiveIntegerField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["due_on", "id"]


class Task(ScopedModel):
    class For(models.TextChoices):
        PARTICIPANT = "participant", "Someone with lived experience"
        STAFF = "staff", "Staff"

    class Status(models.TextChoices):
        TODO = "todo", "To do"
        DOING = "doing", "In progress"
        DONE = "done", "Done"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    for_whom = models.CharField(max_length=12, choices=For.choices, default=For.PARTICIPANT)
    skills_needed = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.TODO)
    participant = models.ForeignKey(
        "people.Participant", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        ordering = ["status", "due_on", "id"]


class BudgetLine(ScopedModel):
    class Category(models.TextChoices):
        TRAINING = "training", "Training"
        VENUE = "venue", "Venue"
        CATERING = "catering", "Catering"
        PUBLICITY = "publicity", "Publicity"
        FACILITATION = "facilitation", "Facilitation"
        CARE_COVER = "care_cover", "Childcare and carer cover"
        ACCESS = "access", "Access (interpreters, hearing loop, large print)"
        PAYMENTS = "payments", "Payments to participants"
        EXPENSES = "expenses", "Participants' expenses"
        PUBLICATIONS = "publications", "Publications"
        COMMUNICATIONS = "communications", "Communications, IT, phones and credit"
        OTHER = "other", "Other"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.CharField(max_length=200)
    quantity = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("1"))
    unit_cost = models.DecimalField(max_digits=10, decimal_places=2)
    actual = models.DecimalField(max_digits=11, decimal_places=2, null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["category", "id"]


class Risk(ScopedModel):
    class Level(models.IntegerChoices):
        LOW = 1, "Low"
        MEDIUM = 2, "Medium"
        HIGH = 3, "High"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField("Risk", max_length=300)
    likelihood = models.PositiveSmallIntegerField(
        choices=Level.choices, validators=[MaxValueValidator(3)]
    )
    impact = models.PositiveSmallIntegerField(
        choices=Level.choices, validators=[MaxValueValidator(3)]
    )
    mitigation = models.TextField("What we will do about it")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_on = models.DateField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["-likelihood", "-impact", "id"]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

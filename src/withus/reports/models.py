"""Reports: the equality baseline (who the organisation serves, per year) and report runs built
in the background, with their progress and the files they produced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel


class EqualityBaseline(ScopedModel):
    """How many of the organisation's service users gave each answer, for one year.

    Questions and answers are the keys in people.equality.QUESTIONS, so the people involved
    can be compared with the population the organisation serves.
    """

    year = models.PositiveSmallIntegerField()
    question = models.CharField(max_length=30)
    answer = models.CharField(max_length=20)
    count = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        ordering = ["-year", "question", "answer"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "question", "answer"],
                name="unique_equality_baseline",
            ),
        ]


def _report_path(instance: ReportRun, filename: str) -> str:
    import uuid

    return f"reports/{instance.organisation_id}/{uuid.uuid4().hex}-{filename}"


class ReportRun(ScopedModel):
    class Audience(models.TextChoices):
        TRUSTEES = "trustees", "Trustees and senior managers"
        FUNDER = "funder", "A funder"
        PARTNERS = "partners", "Partner organisations"
        PARTICIPANTS = "participants", "Participants (Easy Read)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being built"
        DONE = "done", "Ready"
        FAILED = "failed", "Could not be built"

    audience = models.CharField(max_length=12, choices=Audience.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    step = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)
    figures = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(upload_to=_report_path, max_length=200, blank=True)
    docx = models.FileField(upload_to=_report_path, max_length=200, blank=True)
    xlsx = models.FileField(upload_to=_report_path, max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["-created_at", "-id"]

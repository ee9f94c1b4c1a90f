"""Concerns and complaints that participants raise in the portal, and how staff answer them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel

# How quickly we aim to answer, for every organisation, in working days (Monday to Friday, not
# Christmas Day, Boxing Day or New Year's Day; other bank holidays, which move from year to year
# and differ across the UK, are not counted out). Two working days to say "we have got it",
# twenty to give a full answer: the usual promise in a charity's complaints policy. Change them
# here and nowhere else.
ACKNOWLEDGE_WITHIN_WORKING_DAYS = 2
RESPOND_WITHIN_WORKING_DAYS = 20
CLOSED_EVERY_YEAR = {(12, 25), (12, 26), (1, 1)}  # (month, day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in CLOSED_EVERY_YEAR


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start`."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


class Concern(ScopedModel):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint about us or a member of staff"
        CONCERN = "concern", "Concern about how things are going"
        WORRIED = "worried", "Worried about someone (safeguarding)"

    class Reply(models.TextChoices):
        USUAL = "usual", "The way we usually contact them"
        PHONE = "phone", "A phone call"
        NONE = "none", "No reply needed"

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"

    class SentBy(models.TextChoices):
        MESSAGE = "message", "Message through withus (their usual way)"
        PHONE = "phone", "Phone call"
        IN_PERSON = "in_person", "In person"
        LETTER = "letter", "Letter"
        NOT_SENT = "not_sent", "Not sent (anonymous or no reply wanted)"

    # Empty when the person chose to stay anonymous (or their record was later erased). An
    # anonymous one keeps only the day it came (created_at is midnight, local time): an exact
    # time could be matched to the person's other activity in the portal.
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A complaint or concern about a member of staff goes to the organisation's admins only, so
    # the person complained about is not the one who reads it (or is emailed about it).
    about_staff = models.BooleanField("About a member of staff", default=False)
    about = models.TextField("What it is about")
    wanted = models.TextField("What they would like to happen", blank=True)
    reply_by = models.CharField(
        "How they want a reply", max_length=20, choices=Reply.choices, default=Reply.USUAL
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(default=now, editable=False)
    # False only while an anonymous one waits for the next daily run to tell staff: an email the
    # moment it is sent could be matched with the sender's other actions by its time.
    staff_told = models.BooleanField(default=True, editable=False)
    acknowledge_by = models.DateField("Acknowledge by")
    respond_by = models.DateField("Respond by")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    response = models.TextField(blank=True)
    response_sent_by = models.CharField(
        "How the response was sent", max_length=20, choices=SentBy.choices, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(ScopedModel.Meta):
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"], name="concern_org_status")]

    def __str__(self) -> str:
        # Used in audit labels: never the words they wrote.
        return f"{self.get_kind_display().split(' (')[0]} {self.pk}"

    @property
    def is_safeguarding(self) -> bool:
        return self.kind == self.Kind.WORRIED

    def acknowledgement_overdue(self, today: dt.date) -> bool:
        waiting = self.acknowledged_at is None and self.closed_at is None
        return waiting and today > self.acknowledge_by

    def response_overdue(self, today: dt.date) -> bool:
        return self.responded_at is None and self.closed_at is None and today > self.respond_by

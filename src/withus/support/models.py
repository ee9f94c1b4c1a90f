"""Training and support for everyone involved: participants and staff (Clinks 2016, section 5.4).

- `Course`: the organisation's training catalogue. Until it has any courses, pages show the
  starter list from `starters.COURSES` without saving it; it is saved by the first change that
  needs it (adding the starter courses, adding a course, recording a need or a completion:
  `services.ensure_catalogue`), never by a page being viewed. Editable after that.
- `TrainingNeed`: what a person said they need when asked: who asked, when, and their words.
- `Completion`: a course someone finished: date, provider, certificate or not.
- `SupportArrangement`: mentoring, peer support or supervision: who, how often, start and end.
- `SupervisionNote`: a staff member's note from supervision about a participant's involvement
  role. Sensitive: only people who may manage people read or write them, and reads are audited.
- `StaffSupervisionNote`: a manager's note from supervision with a member of staff about their
  involvement role. Read and written by organisation admins (ADMIN); the staff member may always
  read the notes about themselves. Reads and writes are audited.

Needs, completions and arrangements belong to exactly one person: a participant, or a staff
member of the organisation (a user with a membership). The database enforces "exactly one".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from withus.people.models import ScopedModel


class Audience(models.TextChoices):
    PARTICIPANTS = "participants", "People with lived experience"
    STAFF = "staff", "Staff and volunteers"
    EVERYONE = "everyone", "Everyone"


class Course(ScopedModel):
    """One course or kind of training in the catalogue."""

    key = models.SlugField(
        max_length=40, blank=True, editable=False, help_text="Set for the starter courses."
    )
    title = models.CharField(max_length=120)
    audience = models.CharField(
        "Who it is for", max_length=12, choices=Audience.choices, default=Audience.PARTICIPANTS
    )
    description = models.TextField(
        "What it covers", help_text="In plain words: what people will learn and why it helps."
    )
    active = models.BooleanField(
        "Offer this course",
        default=True,
        help_text="Untick to hide it from new records. Past records keep it.",
    )
    position = models.PositiveSmallIntegerField(default=100, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"], name="support_unique_course_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ForPerson(ScopedModel):
    """A row about one person: a participant or a member of staff, never both."""

    participant = models.ForeignKey(
        "people.Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="Staff member",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        abstract = True

    @property
    def person_name(self) -> str:
        if self.participant_id:
            return self.participant.preferred_name
        return str(self.staff)


def _one_person(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(participant__isnull=False) & Q(staff__isnull=True))
        | (Q(participant__isnull=True) & Q(staff__isnull=False)),
        name=name,
    )


class TrainingNeed(ForPerson):
    """What a person said they need, in their words, when someone asked them."""

    asked_on = models.DateField("Date they were asked")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Who asked",
    )
    said = models.TextField(
        "What they said they need",
        help_text="Their own words where you can. Training, support, or both.",
    )
    courses = models.ManyToManyField(
        Course, blank=True, related_name="needs", verbose_name="Courses that would help"
    )
    met_on = models.DateField(
        "Date the need was met",
        null=True,
        blank=True,
        help_text="Leave empty while it is still open.",
    )

    class Meta(ForPerson.Meta):
        ordering = ["-asked_on", "-id"]
        constraints = [_one_person("support_need_one_person")]
        indexes = [models.Index(fields=["organisation", "asked_on"])]


class Completion(ForPerson):
    """A course someone completed."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField("Date completed")
    provider = models.CharField(
        "Who ran it", max_length=120, help_text="Your organisation, a partner or a trainer."
    )
    certificate = models.BooleanField("They received a certificate", default=False)
    notes = models.CharField(max_length=300, blank=True)

    class Meta(ForPerson.Meta):
        ordering = ["-completed_on", "-id"]
        constraints = [_one_person("support_completion_one_person")]
        indexes = [models.Index(fields=["organisation", "completed_on"])]


class SupportKind(models.TextChoices):
    MENTOR = "mentor", "Mentoring"
    PEER = "peer", "Peer support or buddy"
    SUPERVISION = "supervision", "Supervision"
    DEBRIEF = "debrief", "Briefing and debrief"
    OTHER = "other", "Other support"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every three months"
    AS_NEEDED = "as_needed", "When needed"


class SupportArrangement(ForPerson):
    """Ongoing support for one person: who gives it, how often, from when until when."""

    kind = models.CharField("Kind of support", max_length=12, choices=SupportKind.choices)
    given_by = models.CharField(
        "Who gives it",
        max_length=120,
        help_text="A name: a member of staff, a peer mentor or an outside supervisor.",
    )
    how_often = models.CharField(
        "How often", max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date", null=True, blank=True, help_text="Leave empty if open.")
    notes = models.CharField(max_length=300, blank=True)

    class Meta(ForPerson.Meta):
        ordering = ["-starts_on", "-id"]
        constraints = [_one_person("support_arrangement_one_person")]

    def is_current(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class SupervisionNote(ScopedModel):
    """A staff member's note from supervision about a participant's involvement role.

    Sensitive: read and written only with the MANAGE_PEOPLE capability; every read is audited.
    It is about the role (how it is going, what support would help), not the person's private
    life, and it is never shown to viewers, in exports or in the person's record for others.
    """

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="+"
    )
    met_on = models.DateField("Date of the supervision")
    role = models.CharField(
        "Their involvement role",
        max_length=120,
        blank=True,
        help_text="For example forum member, peer researcher, interview panel member.",
    )
    note = models.TextField(
        "Notes",
        help_text="How the role is going, what they are proud of, what is hard, and what "
        "support or training would help. Write only what the role needs.",
    )
    next_on = models.DateField("Next supervision", null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-met_on", "-id"]
        indexes = [models.Index(fields=["organisation", "participant"])]


class StaffSupervisionNote(ScopedModel):
    """A manager's note from supervision with a member of staff about their involvement role.

    Clinks (2016) suggests talking about staff's involvement work at supervision and appraisal.
    Read and written by people with the ADMIN capability; the staff member it is about may always
    read it (never change it). Every read and write is audited, writes without the words.
    """

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="Member of staff",
    )
    met_on = models.DateField("Date of the supervision")
    role = models.CharField(
        "Their involvement role",
        max_length=120,
        blank=True,
        help_text="For example involvement lead, forum facilitator, peer research supervisor.",
    )
    went_well = models.TextField(
        "What went well", blank=True, help_text="Involvement work they are proud of."
    )
    worries = models.TextField(
        "Worries", blank=True, help_text="What is hard or worrying about their involvement work."
    )
    training_agreed = models.TextField(
        "Training or support agreed",
        blank=True,
        help_text="What you agreed would help, and who will arrange it.",
    )
    next_on = models.DateField("Next supervision", null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-met_on", "-id"]
        indexes = [models.Index(fields=["organisation", "staff"])]

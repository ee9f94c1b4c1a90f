"""Venues, events (meetings, forums, panels, training), their agenda and papers, who is invited
and who came. The checks that run on an event are pure rules in `events/rules.py`.

Times are stored as aware datetimes (UTC in the database) and always shown in the
organisation's time zone, so a meeting at 6pm stays at 6pm across the clock changes.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel


class Venue(ScopedModel):
    """A place where people meet, with the access facts the guide asks about (section 4.4).

    Each fact is Yes, No or Not checked yet (None), so an unknown is never read as a Yes.
    """

    name = models.CharField(max_length=150)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    directions = models.TextField(
        "How to get there", blank=True, help_text="Bus routes, the nearest station, which door."
    )
    step_free = models.BooleanField("Step-free access", null=True, blank=True)
    accessible_toilet = models.BooleanField("Accessible toilet", null=True, blank=True)
    hearing_loop = models.BooleanField("Hearing loop", null=True, blank=True)
    public_transport = models.BooleanField("Near public transport", null=True, blank=True)
    last_bus_or_train = models.TimeField(
        "Last bus or train home (roughly)",
        null=True,
        blank=True,
        help_text="For the late-finish check. Leave empty if you do not know.",
    )
    parking = models.BooleanField("Parking", null=True, blank=True)
    quiet_room = models.BooleanField("Quiet room", null=True, blank=True)
    smoking_area = models.BooleanField("Smoking area", null=True, blank=True)
    independent_access = models.BooleanField(
        "People can get in and out without relying on someone",
        null=True,
        blank=True,
        help_text="For example, no buzzer entry or escort needed.",
    )
    children_on_site = models.BooleanField(
        "Children are often on site",
        null=True,
        blank=True,
        help_text="For example a family centre or a school. Used in safeguarding checks.",
    )
    neutral_and_safe = models.TextField(
        "Is the place neutral and safe?",
        blank=True,
        help_text="For example: not a police station or probation office; who else uses it.",
    )
    notes = models.TextField(blank=True)
    archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Event(ScopedModel):
    class Kind(models.TextChoices):
        FORUM = "forum", "Forum meeting"
        FOCUS_GROUP = "focus_group", "Focus group"
        WORKSHOP = "workshop", "Workshop"
        TRAINING = "training", "Training"
        INTERVIEW_PANEL = "interview_panel", "Interview panel"
        BOARD = "board", "Board meeting"
        CONFERENCE = "conference", "Conference"
        INFO_SESSION = "info_session", "Information session"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FORUM)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    opportunity = models.ForeignKey(
        "recruitment.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name="Recruitment opportunity (for information sessions and interviews)",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    online_link = models.URLField("Online meeting link", blank=True)
    capacity = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many people can come. Leave empty for no limit."
    )
    briefing = models.TextField(
        "What the meeting is about", blank=True, help_text="A short, plain-language briefing."
    )
    papers_due_on = models.DateField(
        "Send papers by",
        help_text="The organisation's setting decides the default (usually 14 days before).",
    )
    papers_sent_at = models.DateTimeField(null=True, blank=True)
    dress_code = models.CharField(max_length=200, blank=True)
    ground_rules = models.TextField(blank=True)
    # What the event provides
    refreshments = models.CharField(max_length=200, blank=True)
    dietary_notes = models.TextField("Dietary needs catered for", blank=True)
    childcare = models.BooleanField("Childcare provided", default=False)
    bsl = models.BooleanField("BSL interpreter booked", default=False)
    large_print = models.BooleanField("Large print papers", default=False)
    easy_read = models.BooleanField("Easy Read papers", default=False)
    hearing_loop = models.BooleanField("Hearing loop in the room", default=False)
    quiet_space = models.BooleanField("Quiet space available", default=False)
    children_present = models.BooleanField(
        "Children will be present", default=False, help_text="Used in safeguarding checks."
    )
    photos_planned = models.BooleanField("Photos will be taken", default=False)
    filming_planned = models.BooleanField("Filming is planned", default=False)
    travel_arrangements = models.TextField(
        blank=True, help_text="Tickets booked for people, taxis, meeting points."
    )
    rate_card = models.ForeignKey(
        "money.RateCard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="What people are paid for taking part. Leave empty if it is unpaid.",
    )
    partner_organisations = models.CharField(
        "Run jointly with",
        max_length=300,
        blank=True,
        help_text="Partner organisations, if it is a joint event: the same role must get the "
        "same rate from each of you.",
    )
    expenses_arrangements = models.TextField(
        "Expenses and payment", blank=True, help_text="What we pay, and how to claim expenses."
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Named contact for special requests",
    )
    glossary_terms = models.ManyToManyField(
        "events.GlossaryTerm",
        blank=True,
        related_name="events",
        help_text="Extra terms to explain in the pack (terms found in the papers are added).",
    )
    debrief_notes = models.TextField("Debrief: what happened and what next", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["organisation", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at


class AgendaItem(ScopedModel):
    """One item on the agenda. Start times follow from the event start and the items before."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField("How long (minutes)")
    is_break = models.BooleanField("This is a break", default=False)
    led_by = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["position", "id"]


def _document_path(instance: EventDocument, filename: str) -> str:
    # Random name on disk: the original name is kept in `filename` and given back on download.
    import uuid

    return f"events/{instance.organisation_id}/{uuid.uuid4().hex}"


class EventDocument(ScopedModel):
    """A paper for the meeting. Served only through a checked view, never from a public URL."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_document_path, max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        ordering = ["uploaded_at", "id"]


class GlossaryTerm(ScopedModel):
    """The organisation's glossary: words in papers explained in plain language."""

    term = models.CharField(max_length=80)
    meaning = models.TextField()

    class Meta(ScopedModel.Meta):
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "term"], name="unique_glossary_term"),
        ]

    def __str__(self) -> str:
        return self.term


class EventInvitation(ScopedModel):
    """A person invited to an event: their reply, their place on the waiting list, who comes with
    them, and whether they came."""

    class Reply(models.TextChoices):
        INVITED = "invited", "Invited, no reply yet"
        ACCEPTED = "accepted", "Coming"
        DECLINED = "declined", "Not coming"
        WAITING = "waiting", "On the waiting list"
        WITHDRAWN = "withdrawn", "Invitation withdrawn"

    class Attendance(models.TextChoices):
        UNKNOWN = "", "Not recorded"
        ATTENDED = "attended", "Attended"
        LATE = "late", "Came late"
        NO_SHOW = "no_show", "Did not come"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="event_invitations"
    )
    reply = models.CharField(max_length=10, choices=Reply.choices, default=Reply.INVITED)
    invited_at = models.DateTimeField(default=now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the person replied themselves (in the portal).",
    )
    waiting_since = models.DateTimeField(null=True, blank=True)
    buddy = models.ForeignKey(
        "people.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buddy_for",
        verbose_name="Buddy (another participant)",
    )
    companion_name = models.CharField(
        "Companion or carer coming with them", max_length=120, blank=True
    )
    requests = models.TextField("Access needs or requests for this event", blank=True)
    pack_format = models.CharField(
        max_length=12,
        choices=[
            ("standard", "Standard"),
            ("large_print", "Large print"),
            ("easy_read", "Easy Read"),
        ],
        default="standard",
    )
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    # A safeguarding check blocked this invitation and the safeguarding lead allowed it.
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"], name="unique_event_invitation"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "participant"])]

    @property
    def is_coming(self) -> bool:
        return self.reply == self.Reply.ACCEPTED


class CalendarFeed(ScopedModel):
    """A staff member's private calendar feed address. Only a hash of the secret is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)

    class Meta(ScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_feed_per_member"),
        ]

"""Strategy and policy documents (Clinks 2016, sections 3.1 to 3.5, 5.5 and 5.6).

An organisation keeps one document of each kind. Every save makes a new numbered version, so the
history of what was agreed is never lost. A version starts as a draft; someone with the admin
capability approves it, and who approved it and when is kept. Approved versions never change:
editing one makes a new draft. People with lived experience can be named as co-authors.

A version's sections are stored as a list of {"key", "heading", "text", "data"}: "text" is what
staff wrote and "data" is what withus filled in from the organisation's records when the version
was saved (for example the review of current involvement in the strategy), so an old version
still shows the figures it was approved with. For the same reason a version keeps the title and
the co-authors' names it was saved with: renaming the document or a person later does not change
what an approved version says. A co-author who is later erased is no longer named.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from withus.people.models import ScopedModel


class PolicyDocument(ScopedModel):
    class Kind(models.TextChoices):
        STRATEGY = "strategy", "Involvement strategy"
        PRINCIPLES = "principles", "Involvement policy and principles"
        REWARD = "reward", "Reward and recognition (payment) policy"
        CONDUCT = "conduct", "Code of conduct"
        COMPLAINTS = "complaints", "Complaints and concerns process"
        SAFEGUARDING = "safeguarding", "Safeguarding statement"
        EXIT = "exit", "Moving on (exit) policy"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="unique_policy_document_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PolicyVersion(ScopedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # The document's title and the co-authors' names when this version was saved.
    title = models.CharField(max_length=150, blank=True)
    co_author_names = models.JSONField(default=list, blank=True)  # [{"id": pk, "name": "Jo"}]
    sections = models.JSONField(default=list)
    change_note = models.CharField("What changed", max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    co_authors = models.ManyToManyField(
        "people.Participant",
        blank=True,
        related_name="co_authored_policies",
        verbose_name="People with lived experience who wrote it with us",
    )

    class Meta(ScopedModel.Meta):
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_policy_version"),
        ]

    def __str__(self) -> str:
        return f"{self.document} version {self.number}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def shown_title(self) -> str:
        return self.title or self.document.title

    @property
    def shown_co_authors(self) -> list[str]:
        """The co-authors' names as saved with this version, leaving out anyone erased since
        (prefetch `co_authors` to keep this to no extra queries)."""
        named = {p.pk for p in self.co_authors.all() if p.erased_at is None}
        return [
            str(entry.get("name", ""))
            for entry in self.co_author_names or []
            if isinstance(entry, dict) and entry.get("id") in named and entry.get("name")
        ]

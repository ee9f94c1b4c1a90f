"""Participant sign-in without passwords: one-time codes and printed access codes.

Only hashes of codes (and of the number or email typed) are kept. SignInCode and SignInAttempt
are not scoped: a person types a number before anyone knows which organisation holds them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from withus.people.models import ScopedModel


class SignInCode(models.Model):
    """A 6-digit code sent to a phone number or email. Made for unknown identifiers too (never
    sent), so the limits behave the same whether or not we know the person."""

    identifier_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    channel = models.CharField(max_length=10)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    wrong_tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["identifier_hash", "created_at"])]

    def __str__(self) -> str:
        return f"Sign-in code {self.pk}"


class SignInAttempt(models.Model):
    """Every request for a code and every code typed, for the per-address limits."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Asked for a code"
        CHECK = "check", "Typed a code"
        ACCESS = "access", "Typed an access code"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField()
    succeeded = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["ip", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"Sign-in attempt {self.pk}"


class AccessCode(ScopedModel):
    """A printed code for someone without a phone. Issuing a new one revokes the old one."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="access_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Access code for {self.participant}"


class TestimonialRequest(ScopedModel):
    """A participant asked, in the portal, for a testimonial or reference (guide 5.6). Their
    named contact (or the organisation's admins) is emailed; staff mark it done with a note."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="testimonial_requests"
    )
    purpose = models.TextField("What it is for", blank=True)
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta(ScopedModel.Meta):
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organisation", "done_at"])]

    def __str__(self) -> str:
        return f"Testimonial request {self.pk}"

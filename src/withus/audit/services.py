"""Writing to the audit trail. Every change that matters goes through log_action()."""

from __future__ import annotations

from typing import Any

from django.db import models

from withus.audit.models import AuditEvent

# Field names whose values are never written to the trail; the trail records only that they changed.
SECRET_MARKERS = ("password", "token", "secret", "bank", "account_number", "sort_code", "otp")
REDACTED = "(changed, value not recorded)"


def _is_secret(field: str) -> bool:
    folded = field.lower()
    return any(marker in folded for marker in SECRET_MARKERS)


def redact_changes(changes: dict[str, Any] | None) -> dict[str, Any]:
    """Return {field: [old, new]} safe to store: secret values replaced, others stringified."""
    safe: dict[str, Any] = {}
    for field, values in (changes or {}).items():
        if _is_secret(field):
            safe[field] = REDACTED
        else:
            old, new = values
            safe[field] = [None if old is None else str(old), None if new is None else str(new)]
    return safe


def client_ip(request) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR is the proxy's address behind a reverse proxy; deploying.md explains how
    # to have gunicorn trust X-Forwarded-For so that REMOTE_ADDR is the client's.
    return request.META.get("REMOTE_ADDR") or None


def log_action(
    *,
    action: str,
    summary: str,
    actor=None,
    organisation=None,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    request=None,
) -> AuditEvent:
    if organisation is None and request is not None:
        organisation = getattr(request, "organisation", None)
    return AuditEvent.unscoped.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=(actor.email if actor is not None and actor.is_authenticated else ""),
        action=action,
        object_type=target._meta.label if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=str(target)[:200] if target is not None else "",
        summary=summary[:500],
        changes=redact_changes(changes),
        ip_address=client_ip(request),
    )


def log_sensitive_read(*, request, target: models.Model, what: str) -> AuditEvent:
    """Record that someone looked at sensitive detail (restrictions, benefits, bank details…)."""
    return log_action(
        action="sensitive.read",
        summary=f"Viewed {what}",
        actor=request.user,
        target=target,
        request=request,
    )


def diff_fields(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict:
    """{field: [old, new]} for the fields whose value differs from `before`."""
    return {
        field: [before.get(field), getattr(instance, field)]
        for field in fields
        if before.get(field) != getattr(instance, field)
    }

"""Writing to the audit trail. Every change that matters goes through log_action()."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
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
        if _is_secret(field) or values == REDACTED:
            safe[field] = REDACTED
        else:
            old, new = values
            safe[field] = [None if old is None else str(old), None if new is None else str(new)]
    return safe


def client_ip(request) -> str | None:
    """The client's address: the connection's, or behind N trusted proxies, the address the
    outermost trusted proxy saw (X-Forwarded-For, N entries from the right). Entries further
    left are written by the client and cannot be trusted."""
    if request is None:
        return None
    proxies = settings.WITHUS_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return None
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

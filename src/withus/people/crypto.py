"""Encryption at rest for the most sensitive fields (bank details).

Keys come from FIELD_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first, so keys can
be rotated: old values still decrypt, new values use the first key). Outside production a key
is derived from SECRET_KEY so `make run` needs no setup.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        derived = base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest())
        keys = [derived.decode()]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # Wrong or retired key: never show ciphertext, never crash a page.
        return ""


def mask(value: str, visible: int = 2) -> str:
    """'12345678' -> '••••••78'. Shown where finance needs to confirm which account."""
    if not value:
        return ""
    return "•" * max(len(value) - visible, 0) + value[-visible:]

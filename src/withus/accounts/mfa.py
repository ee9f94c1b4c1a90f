"""Whether a person has multi-factor authentication set up (through django-allauth)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()

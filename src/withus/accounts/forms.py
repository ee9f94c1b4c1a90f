from __future__ import annotations

import re

from django import forms

from withus.accounts.models import User

PHONE_CHARS = re.compile(r"^[0-9 +()\-]*$")


def clean_phone_text(value: str) -> str:
    """A phone number people can tap to call: numbers, spaces, +, brackets and dashes only
    (so it makes a working tel: link). Empty is allowed."""
    phone = " ".join((value or "").split())
    if not PHONE_CHARS.match(phone) or (phone and sum(ch.isdigit() for ch in phone) < 6):
        raise forms.ValidationError(
            "Enter a phone number using numbers, spaces and +, like 020 7946 0000"
        )
    return phone


class YouForm(forms.ModelForm):
    """What a member of staff may change about themselves here (email and password have their
    own pages)."""

    class Meta:
        model = User
        fields = ["full_name", "phone"]
        labels = {"full_name": "Your name", "phone": "Work phone (optional)"}
        help_texts = {
            "phone": "Participants you are the named contact for see this in the portal, with a "
            "button to call you. Use a work number, never a personal one.",
        }

    def clean_phone(self) -> str:
        return clean_phone_text(self.cleaned_data.get("phone", ""))

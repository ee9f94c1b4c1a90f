"""Forms for the messaging pages. Plain Django forms, drawn with the GOV.UK renderer."""

from __future__ import annotations

import re
import secrets

from django import forms

from withus.messaging.models import Message
from withus.messaging.rendering import unknown_placeholders
from withus.messaging.templates_default import PLACEHOLDERS


class TemplateForm(forms.Form):
    subject = forms.CharField(
        label="Email subject and letter heading",
        max_length=200,
        required=False,
        help_text="Leave empty to use the standard subject.",
    )
    body = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Used for emails, letters and phone calls. Short sentences work best.",
    )
    sms_body = forms.CharField(
        label="Text message version",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Keep it under 300 characters. Leave empty to send the full message.",
    )

    def __init__(self, *args, allowed: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean(self):
        cleaned = super().clean()
        for name in ("subject", "body", "sms_body"):
            unknown = unknown_placeholders(cleaned.get(name) or "")
            if unknown:
                known = ", ".join("{" + key + "}" for key in (self.allowed or PLACEHOLDERS))
                self.add_error(
                    name,
                    f"withus does not know {', '.join('{' + u + '}' for u in unknown)}. "
                    f"You can use: {known}.",
                )
        return cleaned


_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def new_form_token() -> str:
    """A one-time token for a form that sends something: random, and new each time the page is
    drawn."""
    return secrets.token_urlsafe(24)


class ComposeForm(forms.Form):
    text = forms.CharField(
        label="What do you want to say?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Short sentences and everyday words. A text message should be under 250 "
        "characters.",
    )
    essential = forms.BooleanField(
        label="This is essential: it is about money we owe them",
        required=False,
        help_text="Only essential messages go to people who are taking a break or have moved on.",
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_token(self) -> str:
        token = self.cleaned_data.get("token") or ""
        if not _TOKEN.fullmatch(token):
            raise forms.ValidationError(
                "This page was out of date. Check your message and press Send message again."
            )
        return token


class CallOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="How did the call go?",
        choices=Message.CallOutcome.choices,
        widget=forms.RadioSelect,
    )

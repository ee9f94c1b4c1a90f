from __future__ import annotations

from django import forms

from withus.portal.services import parse_identifier


class IdentifierForm(forms.Form):
    identifier = forms.CharField(
        label="Your mobile number or email",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": "Enter your mobile number or email"},
    )

    def clean_identifier(self):
        value = self.cleaned_data["identifier"]
        if parse_identifier(value) is None:
            raise forms.ValidationError(
                "Enter a mobile number, like 07700 900123, or an email address"
            )
        return value


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Your code",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the 6-digit code we sent you"},
    )
    remember = forms.BooleanField(label="Remember this phone for 30 days", required=False)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code we sent you")
        return code


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label="Your access code",
        max_length=30,
        error_messages={"required": "Enter the access code on your letter"},
    )
    remember = forms.BooleanField(label="Remember this phone for 30 days", required=False)

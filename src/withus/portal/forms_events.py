"""The participant's reply to an invitation: yes or no, and (if yes) what would help them come."""

from __future__ import annotations

from django import forms

YES = "yes"
NO = "no"

PACK_FORMATS = [
    ("standard", "Standard print"),
    ("large_print", "Large print (bigger writing)"),
    ("easy_read", "Easy Read (short sentences and pictures)"),
]
EASY_PACK_FORMATS = [
    ("standard", "Normal writing"),
    ("large_print", "Big writing"),
    ("easy_read", "Easy Read, with pictures"),
]


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label="Can you come?",
        choices=[(YES, "Yes, I can come"), (NO, "No, I cannot come")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose yes or no",
            "invalid_choice": "Choose yes or no",
        },
    )
    requests = forms.CharField(
        label="Is there anything you need so you can come? (optional)",
        help_text="For example: a ramp, a quiet room, a sign language interpreter, "
        "food you can eat, or help with travel.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Write 1,000 letters or fewer"},
    )
    companion_name = forms.CharField(
        label="Is someone coming with you? (optional)",
        help_text="For example a carer or a support worker. Write their name.",
        max_length=120,
        required=False,
        error_messages={"max_length": "Write 120 letters or fewer"},
    )
    pack_format = forms.ChoiceField(
        label="How do you want your papers?",
        choices=PACK_FORMATS,
        widget=forms.RadioSelect,
        initial="standard",
        required=False,
        error_messages={"invalid_choice": "Choose how you want your papers"},
    )

    def __init__(self, *args, easy_read: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if easy_read:
            self.fields["reply"].label = "Can you come?"
            self.fields["reply"].choices = [(YES, "Yes"), (NO, "No")]
            self.fields["requests"].label = "Do you need anything? (you can leave this empty)"
            self.fields[
                "requests"
            ].help_text = "For example: a ramp, a quiet room, or help to get there."
            self.fields[
                "companion_name"
            ].label = "Is someone coming with you? (you can leave this empty)"
            self.fields["companion_name"].help_text = "Write their name."
            self.fields["pack_format"].label = "How do you want your papers?"
            self.fields["pack_format"].choices = EASY_PACK_FORMATS

    def clean_requests(self):
        return self.cleaned_data["requests"].strip()

    def clean_companion_name(self):
        return " ".join(self.cleaned_data["companion_name"].split())

    def clean_pack_format(self):
        return self.cleaned_data.get("pack_format") or "standard"

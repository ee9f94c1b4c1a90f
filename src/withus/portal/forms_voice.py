"""Portal forms for "Your say": the suggestion box."""

from __future__ import annotations

from django import forms

ANONYMOUS = "anonymous"
NAMED = "named"

QUOTE_CHOICES = {
    "no": "No, do not use my words",
    "anonymous": "Yes, but without my name",
    "named": "Yes, with my name",
}


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label="Your idea, or what is not working",
        help_text="Write as much or as little as you like.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Write your idea or what we could do better",
            "max_length": "Keep it under 3,000 letters",
        },
    )
    who = forms.ChoiceField(
        label="Do you want to give your name?",
        choices=[
            (ANONYMOUS, "No, keep it anonymous. Nobody will know it was me."),
            (NAMED, "Yes, use my name. I want to hear back about it."),
        ],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose if you want to give your name"},
    )
    quote = forms.ChoiceField(
        label="If you give your name: can we use your words, for example in a report?",
        required=False,
        widget=forms.RadioSelect,
        initial="no",
    )

    def __init__(self, *args, allowed_quotes: list[str] | None = None, **kwargs):
        """allowed_quotes: the kinds of quote the person has agreed to ("anonymous", "named");
        only those are offered, with "no" always first."""
        super().__init__(*args, **kwargs)
        allowed = ["no", *[q for q in ("anonymous", "named") if q in (allowed_quotes or [])]]
        self.fields["quote"].choices = [(key, QUOTE_CHOICES[key]) for key in allowed]
        if len(allowed) == 1:
            del self.fields["quote"]

    @property
    def named(self) -> bool:
        return self.cleaned_data.get("who") == NAMED

    def clean(self):
        data = super().clean()
        if data.get("who") != NAMED:
            data["quote"] = "no"
        else:
            data["quote"] = data.get("quote") or "no"
        return data

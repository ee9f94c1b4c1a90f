"""Forms for the glossary and for choosing which extra terms a pack explains."""

from __future__ import annotations

from django import forms

from withus.events.models import GlossaryTerm


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "meaning"]
        labels = {"term": "Word, phrase or abbreviation", "meaning": "What it means"}
        help_texts = {
            "term": "For example: ROTL, licence conditions, peer mentor.",
            "meaning": (
                "Explain it in everyday words, in a sentence or two, as you would to someone "
                "hearing it for the first time. Spell out abbreviations."
            ),
        }
        widgets = {"meaning": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "term": {"required": "Enter the word, phrase or abbreviation"},
            "meaning": {"required": "Enter what it means"},
        }

    def clean_term(self):
        return " ".join(self.cleaned_data["term"].split())

    def clean_meaning(self):
        meaning = self.cleaned_data["meaning"].strip()
        if not meaning:
            raise forms.ValidationError("Enter what it means")
        return meaning


class TermChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: GlossaryTerm) -> str:
        meaning = " ".join(obj.meaning.split())
        return f"{obj.term}: {meaning[:90]}{'…' if len(meaning) > 90 else ''}"


class PackGlossaryForm(forms.Form):
    terms = TermChoiceField(
        label="Other words to explain in the pack",
        help_text="Words that are not in the papers but might come up on the day.",
        queryset=GlossaryTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose words from the glossary",
            "invalid_pk_value": "Choose words from the glossary",
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terms"].queryset = choices

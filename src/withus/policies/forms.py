from __future__ import annotations

from django import forms

from withus.people.models import Participant
from withus.policies.models import PolicyDocument
from withus.policies.starters import specs_for
from withus.projects.models import Project

MAX_CHOICES = 200

SECTION_HINTS = {
    "review": "Withus adds the projects, methods, rungs, people and spend under this text.",
    "planned": "Withus adds the projects being planned or running under this text.",
    "rates": "Withus adds your current rate cards under this text.",
    "expenses": "Withus adds your expenses target and the mileage rates under this text.",
    "complaints": "Withus adds the times we aim to answer within under this text.",
}


def _people_choices() -> list[tuple[str, str]]:
    people = Participant.objects.filter(
        erased_at__isnull=True, status__in=["active", "enquiry", "paused"]
    ).order_by("preferred_name", "id")[:MAX_CHOICES]
    return [(str(p.pk), p.preferred_name) for p in people]


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which document do you want to start?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a document to start"},
    )

    def __init__(self, *args, started: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in PolicyDocument.Kind.choices if value not in started
        ]


class VersionForm(forms.Form):
    """One text box per section of the document's kind, the co-authors and a change note."""

    title = forms.CharField(
        max_length=150, error_messages={"required": "Enter a title for the document"}
    )

    def __init__(self, *args, document: PolicyDocument, sections: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        texts = {s.get("key"): s.get("text", "") for s in sections if isinstance(s, dict)}
        self.section_keys = []
        for spec in specs_for(document.kind):
            name = f"section_{spec.key}"
            self.fields[name] = forms.CharField(
                label=spec.heading,
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=SECTION_HINTS.get(
                    spec.data, "Start a line with a dash (-) to make a bullet point."
                ),
            )
            self.initial.setdefault(name, texts.get(spec.key, ""))
            self.section_keys.append(spec.key)
        self.fields["co_authors"] = forms.MultipleChoiceField(
            label="People with lived experience who wrote it with you",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=_people_choices(),
            help_text="They are named as co-authors in the document.",
        )
        self.fields["change_note"] = forms.CharField(
            label="What changed in this version (optional)", required=False, max_length=300
        )

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"section_{key}", "") for key in self.section_keys}

    def co_author_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("co_authors", [])]


class WelcomeForm(forms.Form):
    participant = forms.TypedChoiceField(
        label="Who is joining?",
        coerce=int,
        error_messages={"required": "Choose the person who is joining"},
    )
    project = forms.TypedChoiceField(
        label="Which project are they joining?",
        coerce=int,
        error_messages={"required": "Choose the project"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [("", "Choose a person"), *_people_choices()]
        projects = Project.objects.exclude(status=Project.Status.CANCELLED).order_by("name", "id")
        self.fields["project"].choices = [
            ("", "Choose a project"),
            *[(str(p.pk), p.name) for p in projects[:MAX_CHOICES]],
        ]

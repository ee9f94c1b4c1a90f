from __future__ import annotations

from django import forms

from withus.forms import parse_id
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


LIVE_STATUSES = ["active", "enquiry", "paused"]


def _posted_ids(values) -> list[int]:
    return [pk for pk in (parse_id(v) for v in values or []) if pk is not None]


def _posted_list(data, name: str) -> list:
    getlist = getattr(data, "getlist", None)
    if getlist is not None:
        return getlist(name)
    value = data.get(name)
    return list(value) if isinstance(value, list | tuple) else [value]


def _picker(queryset, *, label, search: str, keep=(), posted=()) -> tuple[list, bool]:
    """The choices a picker shows: the first MAX_CHOICES rows by name (those whose name has
    `search` in it, when given), plus `keep` (what the record already holds, whatever it is
    now) and any `posted` ids that are still allowed, so a choice is never dropped just because
    it is not on the list. Returns (choices, cut): cut is true when rows were left off."""
    shown = queryset.filter(**{f"{label}__icontains": search}) if search else queryset
    rows = list(shown.order_by(label, "id")[: MAX_CHOICES + 1])
    cut = len(rows) > MAX_CHOICES
    rows = rows[:MAX_CHOICES]
    seen = {row.pk for row in rows}
    extra = [row for row in keep if row.pk not in seen]
    seen |= {row.pk for row in extra}
    missing = [pk for pk in _posted_ids(posted) if pk not in seen]
    if missing:
        extra += list(queryset.filter(pk__in=missing))
    if extra:
        rows = sorted([*rows, *extra], key=lambda row: (getattr(row, label), row.pk))
    return [(str(row.pk), getattr(row, label)) for row in rows], cut


def people_choices(*, search: str = "", keep=(), posted=()) -> tuple[list, bool]:
    """People who can be picked (not erased; taking part, enquiring or paused), plus `keep`:
    people the record already names, even if they have moved on since."""
    eligible = Participant.objects.filter(erased_at__isnull=True, status__in=LIVE_STATUSES)
    keep = [p for p in keep if p.erased_at is None]
    return _picker(eligible, label="preferred_name", search=search, keep=keep, posted=posted)


def project_choices(*, search: str = "", posted=()) -> tuple[list, bool]:
    eligible = Project.objects.exclude(status=Project.Status.CANCELLED)
    return _picker(eligible, label="name", search=search, posted=posted)


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

    def __init__(
        self,
        *args,
        document: PolicyDocument,
        sections: list[dict],
        co_authors=(),
        search: str = "",
        **kwargs,
    ):
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
        # The version's co-authors are always offered, so saving again keeps them even if
        # they have moved on or are not among the first names on the list.
        choices, self.people_cut = people_choices(
            search=search,
            keep=co_authors,
            posted=_posted_list(self.data, "co_authors") if self.is_bound else (),
        )
        self.search, self.max_choices = search, MAX_CHOICES
        self.fields["co_authors"] = forms.MultipleChoiceField(
            label="People with lived experience who wrote it with you",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=choices,
            help_text="They are named as co-authors in the document.",
        )
        if not self.is_bound:
            self.initial.setdefault("co_authors", [str(p.pk) for p in co_authors])
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

    def __init__(self, *args, search: str = "", project_search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data if self.is_bound else {}
        people, self.people_cut = people_choices(
            search=search, posted=[data.get("participant")] if data else ()
        )
        projects, self.projects_cut = project_choices(
            search=project_search, posted=[data.get("project")] if data else ()
        )
        self.search, self.project_search = search, project_search
        self.max_choices = MAX_CHOICES
        self.fields["participant"].choices = [("", "Choose a person"), *people]
        self.fields["project"].choices = [("", "Choose a project"), *projects]

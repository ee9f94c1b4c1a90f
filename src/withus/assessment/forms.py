from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from withus.assessment.models import ActionItem, Assessment, Statement
from withus.assessment.starters import LEVEL_HINTS, PIECE_ORDER, Level, Piece
from withus.forms import IdsModelMultipleChoiceField
from withus.people.forms import DateInput, staff_choices
from withus.people.models import Participant
from withus.projects.models import LadderRung, Project

# The participants picker lists at most this many people at once; past that the page says so
# and offers "Find a person by name" (a plain GET ?q= filter, so it works without JavaScript).
PEOPLE_SHOWN = 200


def _people_who_can_take_part():
    """People who can be ticked as having taken part: not erased, active or at enquiry."""
    return Participant.objects.filter(erased_at__isnull=True, status__in=["active", "enquiry"])


def _int_ids(values) -> list[int]:
    return [int(getattr(v, "pk", v)) for v in values]


class AssessmentForm(forms.ModelForm):
    staff = forms.MultipleChoiceField(
        label="Staff who took part",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = IdsModelMultipleChoiceField(
        label="People with lived experience who took part",
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Co-production means the people who use your services assess you too.",
        error_messages={
            "invalid_choice": "Choose people from the list",
            "invalid_pk_value": "Choose people from the list",
        },
    )

    class Meta:
        model = Assessment
        fields = ["held_on", "title", "others"]
        widgets = {"held_on": DateInput()}
        labels = {"title": "Name (optional)"}
        help_texts = {"title": 'For example "Spring review with the forum".'}
        error_messages = {"held_on": {"required": "Enter the date of the assessment"}}

    def __init__(self, *args, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Who is linked now stays in the choices, so saving the round again keeps a member of
        # staff who has since left or a participant who has moved on (a round is a record).
        linked_staff = list(self.instance.staff.all()) if self.instance.pk else []
        linked_people = list(self.instance.participants.all()) if self.instance.pk else []
        staff = staff_choices()[1:]
        listed = {value for value, _ in staff}
        self.fields["staff"].choices = staff + [
            (str(u.pk), str(u)) for u in linked_staff if str(u.pk) not in listed
        ]
        self._participant_choices(search, linked_people)
        if self.instance.pk:
            self.initial["staff"] = [str(u.pk) for u in linked_staff]
            self.initial["participants"] = [str(p.pk) for p in linked_people]
        else:
            self.initial.setdefault("held_on", timezone.localdate())

    def _participant_choices(self, search: str, linked: list[Participant]) -> None:
        """Validation accepts anyone who can take part plus whoever is linked already; the
        page lists the first PEOPLE_SHOWN of them (or of those whose name matches `search`),
        always with the people already linked, and says when the list was cut."""
        field = self.fields["participants"]
        linked_ids = [p.pk for p in linked]
        field.queryset = Participant.objects.filter(
            Q(pk__in=linked_ids) | Q(pk__in=_people_who_can_take_part().values("pk"))
        )
        shown = _people_who_can_take_part().order_by("preferred_name", "id")
        if search:
            shown = shown.filter(preferred_name__icontains=search)
        options = list(shown[: PEOPLE_SHOWN + 1])
        self.people_cut = len(options) > PEOPLE_SHOWN
        self.people_shown = PEOPLE_SHOWN
        self.people_search = search
        options = options[:PEOPLE_SHOWN]
        seen = {p.pk for p in options}
        options = [p for p in linked if p.pk not in seen] + options
        field.widget.choices = [(str(p.pk), p.preferred_name) for p in options]

    def service_kwargs(self) -> dict:
        return {
            "held_on": self.cleaned_data["held_on"],
            "title": self.cleaned_data.get("title", ""),
            "others": self.cleaned_data.get("others", ""),
            "staff_ids": _int_ids(self.cleaned_data.get("staff", [])),
            "participant_ids": _int_ids(self.cleaned_data.get("participants", [])),
        }


def _level_choices():
    return [(str(value), f"{label}: {LEVEL_HINTS[Level(value)]}") for value, label in Level.choices]


class RatingsForm(forms.Form):
    """A level and evidence for each statement of one piece of the jigsaw."""

    def __init__(self, *args, ratings, last_time: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = list(ratings)
        last_time = last_time or {}
        for number, rating in enumerate(self.ratings, start=1):
            self.fields[f"level_{rating.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {rating.text}",
                choices=_level_choices(),
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
                initial=None if rating.level is None else str(rating.level),
                help_text=(
                    f"Last time: {Level(last_time[rating.statement_id]).label}"
                    if last_time.get(rating.statement_id) is not None
                    else ""
                ),
            )
            self.fields[f"evidence_{rating.pk}"] = forms.CharField(
                label=f"Evidence for statement {number}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=(
                    f"For example: {rating.statement.evidence_hint}"
                    if rating.statement.evidence_hint
                    else ""
                ),
                initial=rating.evidence,
            )

    def values(self) -> dict[int, tuple[int | None, str]]:
        result = {}
        for rating in self.ratings:
            level = self.cleaned_data.get(f"level_{rating.pk}")
            result[rating.pk] = (
                None if level in (None, "") else int(level),
                self.cleaned_data.get(f"evidence_{rating.pk}", "").strip(),
            )
        return result

    def pairs(self):
        """(rating, level field, evidence field) for the template."""
        return [(r, self[f"level_{r.pk}"], self[f"evidence_{r.pk}"]) for r in self.ratings]


class LadderForm(forms.Form):
    now_rung = forms.ModelChoiceField(
        label="Where is the organisation now?",
        queryset=LadderRung.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        empty_label=None,
        help_text="Think about the opportunities people have today across all your work.",
    )
    target_rung = forms.ModelChoiceField(
        label="Where does it want to be?",
        queryset=LadderRung.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        empty_label=None,
        help_text="Be honest and realistic: the right rung for the right job.",
    )
    notes = forms.CharField(
        label="Why you chose these rungs",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rungs = LadderRung.objects.order_by("position")
        for name in ("now_rung", "target_rung"):
            self.fields[name].queryset = rungs
            self.fields[name].label_from_instance = _rung_label


def _rung_label(rung: LadderRung) -> str:
    group = f" ({rung.group})" if rung.group else ""
    return f"{rung.position}. {rung.name}{group}: {rung.description}".rstrip(": ")


class ProjectRungsForm(forms.Form):
    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        rungs = LadderRung.objects.order_by("position")
        for row in self.rows:
            target = (
                f"It aims for {row.target_position}. {row.target_name}."
                if row.target_position
                else "It has no target rung yet: set one on the project's plan."
            )
            self.fields[f"rung_{row.pk}"] = forms.ModelChoiceField(
                label=f"{row.project.name}: where is it now?",
                queryset=rungs,
                required=False,
                empty_label="Not sure yet",
                help_text=target,
                initial=row.now_rung_id,
            )
            self.fields[f"rung_{row.pk}"].label_from_instance = lambda r: f"{r.position}. {r.name}"

    def values(self) -> dict:
        return {row.pk: self.cleaned_data.get(f"rung_{row.pk}") for row in self.rows}


class ActionItemForm(forms.ModelForm):
    staff = forms.TypedChoiceField(
        label="Member of staff who owns it", required=False, coerce=int, empty_value=None
    )
    participant = forms.ModelChoiceField(
        label="Person with lived experience who owns it",
        queryset=Participant.objects.none(),
        required=False,
        empty_label="Nobody",
        help_text="Actions can be owned by people with lived experience too.",
    )
    project = forms.ModelChoiceField(
        label="Project it is about (optional)",
        queryset=Project.objects.none(),
        required=False,
        empty_label="The whole organisation",
    )

    class Meta:
        model = ActionItem
        fields = ["title", "piece", "due_on", "status", "participant", "project"]
        widgets = {"due_on": DateInput(), "status": forms.RadioSelect}
        labels = {"title": "Action", "piece": "Piece of the jigsaw it strengthens"}
        error_messages = {"title": {"required": "Describe the action"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["piece"].choices = [("", "Not chosen")] + [
            (p.value, p.label) for p in PIECE_ORDER
        ]
        self.fields["staff"].choices = [("", "Nobody yet")] + staff_choices()[1:]
        self.fields["participant"].queryset = Participant.objects.filter(
            erased_at__isnull=True
        ).exclude(status="exited")
        self.fields["project"].queryset = Project.objects.order_by("name")
        if self.instance.pk:
            self.initial["staff"] = self.instance.staff_id

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("staff") and not cleaned.get("participant"):
            self.add_error("staff", "Choose who owns the action: a member of staff or a person")
        return cleaned

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "staff"}
        data["staff_id"] = self.cleaned_data.get("staff")
        return data


class StatementForm(forms.ModelForm):
    class Meta:
        model = Statement
        fields = ["piece", "text", "evidence_hint", "active"]
        widgets = {"piece": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 2})}
        labels = {"piece": "Piece of the jigsaw"}
        error_messages = {"text": {"required": "Write the statement"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["piece"].choices = [(p.value, p.label) for p in PIECE_ORDER]


__all__ = ["Piece"]

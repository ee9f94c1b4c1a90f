from __future__ import annotations

from django import forms

from withus.people.choices import Method
from withus.people.forms import DateInput, staff_choices
from withus.people.models import Participant
from withus.projects.models import BudgetLine, LadderRung, Outcome, Project, Risk, Task
from withus.projects.starters import METHOD_GUIDANCE

MATRIX_HINTS = {
    "what": "The service, decision or piece of work people will shape.",
    "why": "What you want to change, and what people will get out of it.",
    "who": "Which people: current or past service users, families, carers, a particular group?",
    "when": "Timescale, how often, and times of day that fit curfews and other commitments.",
    "where": "A neutral, safe, accessible place with good public transport.",
    "how": "The methods you will use and the support people will get.",
}


def _method_choices():
    return [
        (value, f"{label}: {METHOD_GUIDANCE[Method(value)]}") for value, label in Method.choices
    ]


class ProjectForm(forms.ModelForm):
    methods = forms.MultipleChoiceField(
        label="Involvement methods",
        choices=_method_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose all that apply. Offering a choice of ways to take part "
        "helps more people get involved.",
    )
    # Scoped querysets can only be read inside a request, so they are set in __init__.
    rung = forms.ModelChoiceField(
        label="Level of participation it aims for",
        queryset=LadderRung.objects.none(),
        required=False,
        empty_label="Not chosen yet",
        help_text="The right rung for the right job: not every project needs to be at the top.",
    )
    lead = forms.TypedChoiceField(
        label="Lead member of staff", required=False, coerce=int, empty_value=None
    )
    co_planners = forms.MultipleChoiceField(
        label="People with lived experience who helped plan it",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Bring people's voice into planning as early as you can.",
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "methods",
            "rung",
            "what",
            "why",
            "who",
            "when",
            "where",
            "how",
            "aims",
            "starts_on",
            "ends_on",
            "partners",
            "status",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            **{f: forms.Textarea(attrs={"rows": 2}) for f in MATRIX_HINTS},
            "aims": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = MATRIX_HINTS
        error_messages = {"name": {"required": "Enter a name for the project"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rung"].queryset = LadderRung.objects.all()
        self.fields["lead"].choices = [("", "Not chosen yet")] + staff_choices()[1:]
        people = Participant.objects.filter(
            erased_at__isnull=True, status__in=["active", "enquiry"]
        )
        self.fields["co_planners"].choices = [(str(p.pk), p.preferred_name) for p in people[:200]]
        if self.instance.pk:
            self.initial["lead"] = self.instance.lead_id
            self.initial["co_planners"] = [str(p.pk) for p in self.instance.co_planners.all()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return cleaned

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("lead", "co_planners")}
        data["lead_id"] = self.cleaned_data.get("lead")
        return data

    def co_planner_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("co_planners", [])]


class NewProjectForm(ProjectForm):
    starter_tasks = forms.BooleanField(
        label="Add starter tasks for the methods chosen",
        required=False,
        initial=True,
        help_text="For example for a focus group: tell peers, design a poster, book a venue. "
        "You can change or delete them.",
    )


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["description", "measure", "target", "recorded_value", "due_on"]
        widgets = {"due_on": DateInput(), "measure": forms.RadioSelect}
        labels = {
            "description": "Outcome",
            "target": "Target number",
            "recorded_value": "Number so far (if recorded by hand)",
        }
        help_texts = {
            "description": "Something you can count, for example: 12 women attend "
            "the forum regularly."
        }
        error_messages = {
            "description": {"required": "Describe the outcome"},
            "target": {"required": "Enter a target number"},
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("measure") != Outcome.Measure.MANUAL and cleaned.get("recorded_value"):
            self.add_error("recorded_value", "withus counts this one: leave the number empty")
        return cleaned


class TaskForm(forms.ModelForm):
    participant = forms.ModelChoiceField(
        label="Person with lived experience doing it",
        queryset=Participant.objects.none(),
        required=False,
        empty_label="Nobody yet",
    )
    staff = forms.TypedChoiceField(
        label="Member of staff doing it", required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = Task
        fields = ["title", "for_whom", "skills_needed", "due_on", "status", "participant"]
        widgets = {
            "due_on": DateInput(),
            "for_whom": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        labels = {"title": "Task", "for_whom": "Who is it for?"}
        error_messages = {"title": {"required": "Describe the task"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            erased_at__isnull=True
        ).exclude(status="exited")
        self.fields["staff"].choices = [("", "Nobody yet")] + staff_choices()[1:]
        if self.instance.pk:
            self.initial["staff"] = self.instance.staff_id

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "staff"}
        data["staff_id"] = self.cleaned_data.get("staff")
        return data


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "description", "quantity", "unit_cost", "actual", "notes"]
        labels = {"unit_cost": "Cost of each (£)", "actual": "Actual spent so far (£)"}
        help_texts = {"quantity": "For example 10 sessions, or 6 people × 4 meetings = 24."}
        error_messages = {
            "description": {"required": "Describe what the money is for"},
            "unit_cost": {"required": "Enter the cost of each"},
        }

    def clean(self):
        cleaned = super().clean()
        for field in ("quantity", "unit_cost", "actual"):
            value = cleaned.get(field)
            if value is not None and value < 0:
                self.add_error(field, "Enter an amount of zero or more")
        return cleaned


class RiskForm(forms.ModelForm):
    owner = forms.TypedChoiceField(
        label="Who is responsible", required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = Risk
        fields = ["description", "likelihood", "impact", "mitigation", "review_on"]
        widgets = {
            "likelihood": forms.RadioSelect,
            "impact": forms.RadioSelect,
            "review_on": DateInput(),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "description": {"required": "Describe the risk"},
            "mitigation": {"required": "Say what you will do about it"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Nobody yet")] + staff_choices()[1:]
        if self.instance.pk:
            self.initial["owner"] = self.instance.owner_id

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "owner"}
        data["owner_id"] = self.cleaned_data.get("owner")
        return data


class LadderForm(forms.Form):
    def __init__(self, *args, rungs, **kwargs):
        super().__init__(*args, **kwargs)
        self.rungs = rungs
        for rung in rungs:
            p = rung.position
            self.fields[f"name_{p}"] = forms.CharField(
                label=f"Rung {p}: name", max_length=80, initial=rung.name
            )
            self.fields[f"group_{p}"] = forms.CharField(
                label=f"Rung {p}: group", max_length=40, required=False, initial=rung.group
            )
            self.fields[f"description_{p}"] = forms.CharField(
                label=f"Rung {p}: what it means",
                required=False,
                initial=rung.description,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rung_values(self) -> list[dict]:
        return [
            {
                "name": self.cleaned_data[f"name_{r.position}"],
                "group": self.cleaned_data[f"group_{r.position}"],
                "description": self.cleaned_data[f"description_{r.position}"],
            }
            for r in self.rungs
        ]

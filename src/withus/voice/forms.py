"""Forms for voice and impact. Querysets are read inside the organisation scope."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from withus.forms import MAX_ID, IdsModelMultipleChoiceField
from withus.people.forms import DateInput
from withus.people.models import Participant
from withus.voice import rules
from withus.voice.models import Action, Contribution, ImpactRecord, PersonOutcome, Theme
from withus.voice.services import ACTION_FIELDS


def _participants():
    return Participant.objects.order_by("preferred_name")


def _staff(organisation):
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation)
        .order_by("full_name", "email")
    )


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "full_name", "") or obj.email


EARLIEST = dt.date(2000, 1, 1)


def check_date(value, *, future_ok: bool = True):
    """Refuse dates before 2000 (a typing slip) and, where asked, dates after today."""
    if value is None:
        return value
    if value < EARLIEST:
        raise forms.ValidationError("The date must be on or after 1 January 2000.")
    if not future_ok and value > timezone.localdate():
        raise forms.ValidationError("The date must be today or in the past.")
    return value


class PersonChoices(IdsModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.preferred_name


def _project_field():
    from withus.projects.models import Project  # noqa: PLC0415

    return forms.ModelChoiceField(
        queryset=Project.unscoped.none(), required=False, label="Project (optional)"
    )


class ContributionForm(forms.ModelForm):
    project = _project_field()
    event = forms.ModelChoiceField(queryset=None, required=False, label="Event (optional)")
    contributors = PersonChoices(
        queryset=Participant.unscoped.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who said it",
        help_text="Leave empty and tick anonymous if nobody is named.",
    )
    themes = IdsModelMultipleChoiceField(
        queryset=Theme.unscoped.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Themes",
    )
    new_themes = forms.CharField(
        required=False,
        max_length=300,
        label="New themes (optional)",
        help_text="Separate themes with commas, for example: housing, waiting room.",
    )

    class Meta:
        model = Contribution
        fields = [
            "text",
            "source",
            "received_on",
            "project",
            "event",
            "anonymous",
            "contributors",
            "themes",
            "quote",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "received_on": DateInput,
            "quote": forms.RadioSelect,
        }
        labels = {"anonymous": "Anonymous: nobody is named", "quote": "Can we quote it?"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributors"].queryset = _participants()
        self.fields["themes"].queryset = Theme.objects.all()
        from withus.events.models import Event  # noqa: PLC0415
        from withus.projects.models import Project  # noqa: PLC0415

        self.fields["project"].queryset = Project.objects.all()
        self.fields["event"].queryset = Event.objects.order_by("-id")
        self.fields["project"].required = False
        self.fields["event"].required = False
        self.order_fields(
            [
                "text",
                "source",
                "received_on",
                "anonymous",
                "contributors",
                "themes",
                "new_themes",
                "quote",
                "project",
                "event",
            ]
        )

    def clean_received_on(self):
        return check_date(self.cleaned_data.get("received_on"), future_ok=False)

    def clean(self):
        data = super().clean()
        anonymous = data.get("anonymous")
        contributors = list(data.get("contributors") or [])
        if anonymous and contributors:
            self.add_error(
                "contributors", "An anonymous contribution cannot name anyone. Untick anonymous."
            )
        elif not anonymous and not contributors:
            self.add_error("contributors", "Pick who said it, or tick anonymous.")
        elif data.get("quote"):
            finding = rules.quote_permission(
                contributors=contributors, anonymous=bool(anonymous), quote=data["quote"]
            )
            if finding is not None:
                self.add_error("quote", f"{finding.message} {finding.advice}".strip())
        return data


class ContributionFilterForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.unscoped.none(), required=False)
    source = forms.ChoiceField(
        choices=[("", "Any source"), *Contribution.Source.choices], required=False
    )
    loop = forms.ChoiceField(
        label="Loop",
        choices=[("", "Open or closed"), ("open", "Open"), ("closed", "Closed")],
        required=False,
    )
    project = forms.ModelChoiceField(queryset=None, required=False)
    event = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    age = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.all()
        self.fields["theme"].empty_label = "Any theme"
        from withus.projects.models import Project  # noqa: PLC0415

        self.fields["project"].queryset = Project.objects.all()
        self.fields["project"].empty_label = "Any project"


class EventPointForm(forms.Form):
    text = forms.CharField(
        label="What was said", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    who = forms.ChoiceField(label="Who said it", required=False)
    themes = forms.CharField(label="Themes (comma separated)", required=False, max_length=300)

    def __init__(self, *args, attendees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [
            ("", "The group (anonymous)"),
            *[(str(p.pk), p.preferred_name) for p in attendees],
        ]


class ActionForm(forms.ModelForm):
    contributions = IdsModelMultipleChoiceField(
        queryset=Contribution.unscoped.none(),
        widget=forms.CheckboxSelectMultiple,
        label="What people said that this answers",
    )
    owner = StaffChoice(queryset=None, required=False, label="Who owns it")

    class Meta:
        model = Action
        fields = ["contributions", *ACTION_FIELDS]
        widgets = {
            "response": forms.RadioSelect,
            "we_did": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "action_taken": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "decided_on": DateInput,
            "due_on": DateInput,
            "done_on": DateInput,
        }
        labels = {
            "decided_on": "Date decided",
            "due_on": "Due by (optional)",
            "done_on": "Done on (optional)",
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q  # noqa: PLC0415

        keep = Q(loop_closed_at__isnull=True)
        if self.instance.pk:
            keep |= Q(actions=self.instance)
        self.fields["contributions"].queryset = (
            Contribution.objects.filter(keep).distinct().order_by("-received_on", "-id")
        )
        self.fields["owner"].queryset = _staff(organisation)

    def clean_decided_on(self):
        return check_date(self.cleaned_data.get("decided_on"))

    def clean_due_on(self):
        return check_date(self.cleaned_data.get("due_on"))

    def clean_done_on(self):
        return check_date(self.cleaned_data.get("done_on"))

    def clean(self):
        data = super().clean()
        if (
            data.get("response") == Action.Response.NOT_POSSIBLE
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Say why it cannot be done: people need to know why.")
        return data


class OutcomeForm(forms.ModelForm):
    project = _project_field()
    participant = forms.ModelChoiceField(queryset=Participant.unscoped.none(), label="Person")

    class Meta:
        model = PersonOutcome
        fields = [
            "participant",
            "kind",
            "achieved_on",
            "description",
            "rating_before",
            "rating_after",
            "project",
            "person_agreed",
        ]
        widgets = {"achieved_on": DateInput, "kind": forms.RadioSelect}
        labels = {
            "rating_before": "Rating before, 1 to 5 (for confidence or skills)",
            "rating_after": "Rating now, 1 to 5 (for confidence or skills)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from withus.projects.models import Project  # noqa: PLC0415

        self.fields["participant"].queryset = _participants()
        self.fields["participant"].label_from_instance = lambda p: p.preferred_name
        self.fields["project"].queryset = Project.objects.all()
        for name in ("rating_before", "rating_after"):
            self.fields[name].widget.attrs.update({"min": 1, "max": 5})

    def clean_achieved_on(self):
        return check_date(self.cleaned_data.get("achieved_on"), future_ok=False)

    def clean(self):
        data = super().clean()
        if not data.get("person_agreed"):
            self.add_error("person_agreed", "Only record this if the person agreed.")
        rated = data.get("kind") in (PersonOutcome.Kind.CONFIDENCE, PersonOutcome.Kind.SKILLS)
        for name in ("rating_before", "rating_after"):
            if not rated:
                # Ratings only mean something for confidence or skills: never keep them otherwise.
                data[name] = None
                self.errors.pop(name, None)
                continue
            value = data.get(name)
            if name not in self.errors and (value is None or not 1 <= value <= 5):
                self.add_error(name, "Give a rating from 1 to 5.")
        return data


class ImpactForm(forms.ModelForm):
    project = _project_field()
    actions = IdsModelMultipleChoiceField(
        queryset=Action.unscoped.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Decisions it came from (optional)",
    )

    class Meta:
        model = ImpactRecord
        fields = [
            "kind",
            "title",
            "description",
            "evidence",
            "happened_on",
            "amount",
            "project",
            "actions",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "happened_on": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from withus.projects.models import Project  # noqa: PLC0415

        self.fields["actions"].queryset = Action.objects.all()
        self.fields["actions"].label_from_instance = lambda a: a.we_did[:80]
        self.fields["project"].queryset = Project.objects.all()

    def clean_happened_on(self):
        return check_date(self.cleaned_data.get("happened_on"), future_ok=False)

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount < 0:
            raise forms.ValidationError("The amount cannot be less than 0.")
        return amount

    def clean(self):
        data = super().clean()
        if data.get("kind") == ImpactRecord.Kind.FUNDING and data.get("amount") is None:
            self.add_error("amount", "Give the amount of funding secured.")
        return data

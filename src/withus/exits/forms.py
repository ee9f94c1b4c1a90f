from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from withus.exits.models import (
    ExitRecord,
    IncidentCategory,
    SafeguardingConcern,
    SignpostOrganisation,
)
from withus.forms import parse_id
from withus.people.forms import DateInput
from withus.people.models import Participant

MAX_CHOICES = 300


class ExitForm(forms.ModelForm):
    signposted_to = forms.MultipleChoiceField(
        label="Organisations you pointed them to (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ExitRecord
        fields = [
            "left_on",
            "reason",
            "reason_detail",
            "destination",
            "destination_detail",
            "keep_in_touch",
        ]
        widgets = {
            "left_on": DateInput(),
            "reason": forms.RadioSelect,
            "destination": forms.RadioSelect,
            "reason_detail": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "left_on": {"required": "Enter the date they moved on", "invalid": "Enter a real date"},
            "reason": {"required": "Choose why they moved on"},
            "destination": {"required": "Choose where they went next"},
        }

    def __init__(self, *args, entries: list[SignpostOrganisation], **kwargs):
        super().__init__(*args, **kwargs)
        # The record's own links stay choices even when the entry is now hidden from the
        # directory (archived) or past the directory's limit, so a re-save keeps them.
        linked = list(self.instance.signposted_to.all()) if self.instance.pk else []
        shown = list(entries)
        seen = {e.pk for e in shown}
        shown += [e for e in linked if e.pk not in seen]
        self.entries = {str(e.pk): e for e in shown}
        self.fields["signposted_to"].choices = [
            (str(e.pk), f"{e.name} (hidden from the directory)" if e.archived else e.name)
            for e in shown
        ]
        self.fields["reason_detail"].max_length = 2000
        if linked and not self.is_bound:
            self.initial["signposted_to"] = [str(e.pk) for e in linked]

    def chosen_entries(self) -> list[SignpostOrganisation]:
        return [self.entries[pk] for pk in self.cleaned_data.get("signposted_to", [])]


class LetterForm(forms.Form):
    addressed_to = forms.CharField(
        label="Who it is to",
        max_length=200,
        initial="To whom it may concern",
        help_text="For example Dear Ms Khan, or To whom it may concern.",
    )
    body = forms.CharField(
        label="The letter",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Start a line with a dash (-) to make a bullet point. Replace the note in "
        "square brackets with your own words before signing.",
        error_messages={"required": "Enter the letter"},
    )
    cv_wording = forms.CharField(
        label="Wording for their CV",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="A few lines they can copy onto their CV. Check it with them.",
    )
    signer_name = forms.CharField(
        label="Name of the person signing", required=False, max_length=120
    )
    signer_job = forms.CharField(label="Their job title", required=False, max_length=120)


class DirectoryForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label="Kinds of help",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=SignpostOrganisation.Offer.choices,
    )

    class Meta:
        model = SignpostOrganisation
        fields = [
            "name",
            "offers",
            "kinds",
            "area",
            "address",
            "phone",
            "email",
            "website",
            "source",
            "checked_on",
            "archived",
        ]
        widgets = {"offers": forms.Textarea(attrs={"rows": 4}), "checked_on": DateInput()}
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "offers": {"required": "Enter what they offer"},
            "email": {"invalid": "Enter an email address like name@example.org"},
            "checked_on": {"invalid": "Enter a real date"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offers"].max_length = 3000


def _people_choices(
    extra: list[Participant], query: str = ""
) -> tuple[list[tuple[str, str]], bool]:
    """Up to MAX_CHOICES people by name (whose name holds `query`, when given), then `extra`
    (the people already linked or just ticked) so they always stay choices. The flag says the
    list was cut, so the page can say so and offer the name filter."""
    people = Participant.objects.filter(erased_at__isnull=True)
    if query:
        people = people.filter(preferred_name__icontains=query)
    people = list(people.order_by("preferred_name", "id")[: MAX_CHOICES + 1])
    cut = len(people) > MAX_CHOICES
    people = people[:MAX_CHOICES]
    seen = {p.pk for p in people}
    people += [p for p in extra if p.pk not in seen]
    return [(str(p.pk), p.preferred_name) for p in people], cut


class ConcernForm(forms.ModelForm):
    people = forms.MultipleChoiceField(
        label="Participants involved (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SafeguardingConcern
        fields = [
            "summary",
            "details",
            "raised_on",
            "raised_by",
            "others_involved",
            "status",
            "review_on",
            "reportable",
            "category",
            "reported_on",
            "reported_by",
            "commission_reference",
            "reported_elsewhere",
        ]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 6}),
            "others_involved": forms.Textarea(attrs={"rows": 2}),
            "reported_elsewhere": forms.Textarea(attrs={"rows": 2}),
            "raised_on": DateInput(),
            "review_on": DateInput(),
            "reported_on": DateInput(),
            "status": forms.RadioSelect,
            "category": forms.RadioSelect,
        }
        help_texts = {
            "category": "From the Charity Commission's guidance on reporting serious incidents. "
            "Check its current guidance before you report.",
            "review_on": "Recording a decision with a review date changes this too.",
        }
        error_messages = {
            "summary": {"required": "Enter what the concern is, in a few words"},
            "details": {"required": "Enter what happened or was said"},
            "raised_on": {
                "required": "Enter the date it was raised",
                "invalid": "Enter a real date",
            },
            "raised_by": {"required": "Enter who raised it"},
            "review_on": {"invalid": "Enter a real date"},
            "reported_on": {"invalid": "Enter a real date"},
        }

    def __init__(self, *args, query: str = "", today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        linked = list(self.instance.people.all()) if self.instance.pk else []
        ticked = []
        if self.is_bound:
            # Whoever was ticked (under any name filter) stays a choice when the form comes back.
            posted = self.fields["people"].widget.value_from_datadict(
                self.data, self.files, self.add_prefix("people")
            )
            ids = [parse_id(v) for v in (posted or [])[:MAX_CHOICES]]
            ticked = list(
                Participant.objects.filter(
                    pk__in=[i for i in ids if i is not None], erased_at__isnull=True
                ).order_by("preferred_name", "id")
            )
        self.query = query
        self.fields["people"].choices, self.people_cut = _people_choices(linked + ticked, query)
        if self.people_cut:
            self.fields["people"].help_text = (
                f"This shows the first {MAX_CHOICES} people by name"
                + (f" whose name contains “{query}”" if query else "")
                + ". Use “Find a person by name” above to find someone else."
            )
        self.fields["category"].choices = IncidentCategory.choices
        self.fields["category"].required = False
        self.fields["details"].max_length = 10_000
        if linked and not self.is_bound:
            self.initial["people"] = [str(p.pk) for p in linked]

    def clean(self):
        from withus.exits.services import check_concern

        cleaned = super().clean()
        try:
            check_concern(cleaned, self.today)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)
        return cleaned

    def chosen_people(self) -> list[Participant]:
        ids = [int(pk) for pk in self.cleaned_data.get("people", [])]
        return list(Participant.objects.filter(pk__in=ids, erased_at__isnull=True))


class DecisionForm(forms.Form):
    decided_on = forms.DateField(
        label="Date of the decision",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the decision",
            "invalid": "Enter a real date",
        },
    )
    decision = forms.CharField(
        label="What was decided, and why",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was decided"},
    )
    decided_by = forms.CharField(
        label="Who decided",
        max_length=150,
        error_messages={"required": "Enter who decided"},
    )
    review_on = forms.DateField(
        label="Review the concern again on (optional)",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date"},
    )

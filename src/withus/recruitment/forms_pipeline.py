"""Forms for opportunities, the pipeline and matching. Services do the checking that matters."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef

from withus.money.models import RateCard
from withus.people import choices as pc
from withus.people.forms import AVAILABILITY_CHOICES, DateInput
from withus.people.models import Participant
from withus.recruitment.models import CLOSED_STAGES, Candidate, Channel, RoleDescription, Stage

# The person picker lists at most this many people; a search narrows it.
PICKER_SIZE = 200


class OpportunityForm(forms.Form):
    role = forms.ModelChoiceField(
        label="Role description",
        queryset=RoleDescription.objects.none(),
        empty_label="Choose a role description",
        help_text="What the role involves, so people can find out before they commit.",
        error_messages={
            "required": "Choose the role description this opportunity is for",
            "invalid_choice": "Choose a role description from the list",
        },
    )
    title = forms.CharField(
        label="Title (optional)",
        max_length=150,
        required=False,
        help_text="Leave empty to use the role description's title.",
        error_messages={"max_length": "The title must be 150 characters or fewer"},
    )
    places = forms.IntegerField(
        label="Number of places (optional)",
        required=False,
        min_value=1,
        max_value=999,
        error_messages={
            "invalid": "Enter the number of places as a whole number, like 8",
            "min_value": "Enter 1 or more places, or leave it empty",
            "max_value": "Enter 999 places or fewer",
        },
    )
    closes_on = forms.DateField(
        label="Closing date (optional)",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, like 27 3 2027"},
    )

    rate_card = forms.ModelChoiceField(
        label="What it pays (optional)",
        queryset=RateCard.objects.none(),
        required=False,
        empty_label="Unpaid (expenses only)",
    )
    expected_sessions = forms.IntegerField(
        label="How many sessions the commitment is (optional)",
        required=False,
        min_value=1,
        max_value=365,
        help_text="With the rate, this tells people the total they would receive before they "
        "commit.",
        error_messages={"invalid": "Enter a whole number, like 6"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = RoleDescription.objects.order_by("title", "id")
        self.fields["rate_card"].queryset = RateCard.objects.all()


def _clean_phone(phone: str) -> str:
    phone = phone.strip()
    digits = phone.replace(" ", "").replace("+", "")
    if phone and (not digits.isdigit() or not 10 <= len(digits) <= 13):
        raise forms.ValidationError("Enter a phone number, like 07700 900 982")
    return phone


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        return f"{obj.preferred_name} ({obj.get_status_display().lower()})"


class CandidateForm(forms.Form):
    """Someone already on withus, or a new enquirer (name and a way to reach them)."""

    participant = PersonChoiceField(
        label="Someone already on withus",
        queryset=Participant.objects.none(),
        required=False,
        empty_label="Choose a person",
        error_messages={"invalid_choice": "Choose a person from the list"},
    )
    preferred_name = forms.CharField(
        label="Their preferred name",
        max_length=120,
        required=False,
        help_text="The name they want to be called.",
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.org"
        },
    )
    channel = forms.ChoiceField(
        label="How did they hear about it?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how they heard about it",
            "invalid_choice": "Choose how they heard about it from the list",
        },
    )
    next = forms.ChoiceField(
        choices=[("", ""), ("matches", "matches")], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, opportunity, search: str = "", preselect: int | None = None, **kw):
        super().__init__(*args, **kw)
        eligible = Participant.objects.filter(erased_at__isnull=True).exclude(
            Exists(Candidate.objects.filter(opportunity=opportunity, participant=OuterRef("pk")))
        )
        field = self.fields["participant"]
        field.queryset = eligible  # validation accepts anyone eligible
        shown = eligible.order_by("preferred_name", "id")
        if search:
            shown = shown.filter(preferred_name__icontains=search)
        options = list(shown[:PICKER_SIZE])
        if preselect and all(p.pk != preselect for p in options):
            options = [*eligible.filter(pk=preselect), *options]
        self.picker_size = PICKER_SIZE
        self.more_people = len(options) >= PICKER_SIZE
        # Render only a manageable list; the queryset above still validates any eligible person.
        field.widget.choices = [("", field.empty_label)] + [
            (p.pk, field.label_from_instance(p)) for p in options
        ]

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        person = data.get("participant")
        name = (data.get("preferred_name") or "").strip()
        if person is None and not name and "participant" not in self.errors:
            raise forms.ValidationError(
                "Choose someone already on withus, or enter a new person's name"
            )
        if person is not None and (name or data.get("phone") or data.get("email")):
            raise forms.ValidationError(
                "Choose someone already on withus or enter a new person, not both"
            )
        if person is None and name and not (data.get("phone") or data.get("email")):
            self.add_error(
                "phone", "Enter a phone number or an email address, so you can reach them"
            )
        return data

    def new_person(self) -> dict | None:
        if self.cleaned_data.get("participant") is not None:
            return None
        return {
            "preferred_name": self.cleaned_data["preferred_name"].strip(),
            "phone": self.cleaned_data["phone"],
            "email": self.cleaned_data["email"],
        }


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(
        label="Move them to",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the stage to move them to",
            "invalid_choice": "Choose a stage from the list",
        },
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Needed if they declined or withdrew. A few words are enough. "
            "Do not record offence details."
        ),
        error_messages={"max_length": "Keep the reason to 300 characters or fewer"},
    )

    def __init__(self, *args, options: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, _stage_option_label(s)) for s in options]

    def clean(self):
        data = super().clean()
        if data.get("to_stage") in CLOSED_STAGES and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why they declined or withdrew, in a few words")
        return data


def _stage_option_label(stage: str) -> str:
    return {
        Stage.INFO_SESSION: "Information session: finding out what is involved",
        Stage.TERMS_AGREED: "Terms agreed: they know what is involved and want to go ahead",
        Stage.ACTIVE: "Active: taking part",
        Stage.DECLINED: "Declined: it was decided not to go ahead",
        Stage.WITHDRAWN: "Withdrew: they chose not to carry on",
    }.get(stage, Stage(stage).label)


class MatchNeedForm(forms.Form):
    """What the activity needs and offers, to sharpen the matches (all optional, GET)."""

    times = forms.MultipleChoiceField(
        label="When will it happen?",
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick the times, if you know them. People free then rank higher.",
    )
    provisions = forms.MultipleChoiceField(
        label="Which access needs can it meet?",
        choices=pc.AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=(
            "If you tick nothing, people's access needs are listed for you to check instead."
        ),
    )

    def slots(self) -> list[tuple[int, str]]:
        if not self.is_valid():
            return []
        pairs = []
        for value in self.cleaned_data["times"]:
            day, period = value.split(":")
            pairs.append((int(day), period))
        return pairs

    def provision_set(self) -> list[str] | None:
        if not self.is_valid() or not self.cleaned_data["provisions"]:
            return None
        return self.cleaned_data["provisions"]

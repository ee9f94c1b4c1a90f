from __future__ import annotations

from django import forms
from django.utils import timezone

from withus.orgs.models import Membership
from withus.people import choices as c
from withus.people.equality import QUESTIONS
from withus.people.models import Participant


class DateInput(forms.DateInput):
    """A browser date picker. It only shows a value given as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 (Django's argument name)
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


def staff_choices() -> list[tuple[str, str]]:
    return [("", "No named contact")] + [
        (str(m.user_id), str(m.user)) for m in Membership.objects.select_related("user")
    ]


class ParticipantForm(forms.ModelForm):
    named_contact = forms.TypedChoiceField(
        label="Named staff contact",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The member of staff they can always get hold of.",
    )

    class Meta:
        model = Participant
        fields = [
            "preferred_name",
            "legal_name",
            "pronouns",
            "date_of_birth",
            "age_band",
            "phone",
            "email",
            "address",
            "postcode",
            "area",
            "justice_relationship",
            "key_worker_name",
            "key_worker_contact",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "preferred_name": "The name they want to be called. withus uses it everywhere.",
            "justice_relationship": (
                "People in prison can only be contacted through staff or by post."
            ),
        }
        error_messages = {
            "preferred_name": {"required": "Enter the name they want to be called"},
            "email": {
                "invalid": "Enter an email address in the right format, like name@example.org"
            },
        }

    def __init__(
        self, *args, show_date_of_birth: bool = True, show_legal_name: bool = True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["named_contact"].choices = staff_choices()
        if self.instance.pk:
            self.initial["named_contact"] = self.instance.named_contact_id
        if not show_date_of_birth:
            # Date of birth is sensitive: people without can_view_sensitive never see it.
            del self.fields["date_of_birth"]
        if not show_legal_name:
            # The legal name is for payments: only finance and sensitive-data roles see it.
            del self.fields["legal_name"]

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and born >= timezone.localdate():
            raise forms.ValidationError("Date of birth must be in the past")
        if born and born.year < 1900:
            raise forms.ValidationError("Enter a real date of birth")
        return born

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = phone.replace(" ", "").replace("+", "")
        if phone and (not digits.isdigit() or not 10 <= len(digits) <= 13):
            raise forms.ValidationError("Enter a phone number, like 07700 900 982")
        return phone

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "named_contact"}
        data["named_contact_id"] = self.cleaned_data.get("named_contact")
        return data


AVAILABILITY_CHOICES = [
    (f"{day.value}:{period.value}", f"{day.label} {period.label.lower()}")
    for day in c.Day
    for period in c.Period
]


class InvolvementForm(forms.Form):
    interests = forms.MultipleChoiceField(
        label="What kinds of involvement interest them?",
        choices=c.Method.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    skills = forms.CharField(
        label="Skills they offer",
        required=False,
        help_text="Separate skills with commas, for example: IT, design, public speaking",
    )
    availability = forms.MultipleChoiceField(
        label="When are they usually free?",
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    curfew_time = forms.TimeField(
        label="Curfew time (if they have one)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=(
            "For example a hostel or licence curfew, so meetings finish in time for them "
            "to get home."
        ),
    )
    travel_home_minutes = forms.IntegerField(
        label="Usual travel time home, in minutes", required=False, min_value=0, max_value=600
    )
    travels_by = forms.ChoiceField(
        label="How do they usually travel?",
        choices=[("", "Not known"), *c.TravelsBy.choices],
        required=False,
        help_text="People on buses and trains need meetings to finish in time for the last one.",
    )
    motivations = forms.CharField(
        label="What motivates them (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: to give something back, to gain skills, to change things.",
    )
    put_offs = forms.CharField(
        label="What might put them off (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def availability_pairs(self) -> list[tuple[int, str]]:
        pairs = []
        for value in self.cleaned_data["availability"]:
            day, period = value.split(":")
            pairs.append((int(day), period))
        return pairs

    def skill_names(self) -> list[str]:
        return [s for s in (self.cleaned_data["skills"] or "").split(",") if s.strip()]


class AccessNeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label="What do they need to take part fully?",
        choices=c.AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    access_notes = forms.CharField(
        label="Anything else, or more detail",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "For example: dietary needs, health needs staff should know about, seating or lighting."
        ),
    )


CHANNEL_CHOICES = [("", "None")] + list(c.Channel.choices)


class CommunicationForm(forms.Form):
    first = forms.ChoiceField(label="First choice", choices=CHANNEL_CHOICES, required=False)
    second = forms.ChoiceField(label="Second choice", choices=CHANNEL_CHOICES, required=False)
    third = forms.ChoiceField(label="Third choice", choices=CHANNEL_CHOICES, required=False)
    best_times = forms.CharField(
        label="Best times to get in touch",
        required=False,
        max_length=200,
        help_text="For example: weekday mornings, not after 6pm",
    )

    def clean(self):
        cleaned = super().clean()
        order = [cleaned.get(k) for k in ("first", "second", "third") if cleaned.get(k)]
        if len(order) != len(set(order)):
            raise forms.ValidationError("Choose each way of getting in touch only once")
        cleaned["channel_order"] = order
        return cleaned


class PaymentPreferencesForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["payment_choice", "payment_method", "has_no_bank_account", "bank_account_support"]
        labels = {
            "payment_choice": "How do they want to be rewarded?",
            "payment_method": "How should money reach them?",
            "has_no_bank_account": "They do not have a bank account",
        }
        widgets = {
            "payment_choice": forms.RadioSelect,
            "payment_method": forms.RadioSelect,
            "bank_account_support": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "payment_choice": (
                "People can choose expenses only, or no payment, for example because of benefits."
            ),
            "bank_account_support": (
                "Regular payments should go by bank transfer. "
                "Record help given to open a basic account."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Blank choices are not useful as radio options.
        self.fields["payment_choice"].choices = c.PaymentChoice.choices
        self.fields["payment_method"].choices = c.PaymentMethod.choices


class BankDetailsForm(forms.Form):
    account_name = forms.CharField(
        label="Name on the account",
        max_length=140,
        error_messages={"required": "Enter the name on the account"},
    )
    sort_code = forms.CharField(
        label="Sort code",
        max_length=8,
        help_text="Must be 6 digits long",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter a sort code"},
    )
    account_number = forms.CharField(
        label="Account number",
        max_length=10,
        help_text="Must be 8 digits long",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter an account number"},
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label="Status",
        choices=c.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status"},
    )
    check_back_on = forms.DateField(
        label="If taking a break: when should we check back?",
        required=False,
        widget=DateInput(),
        help_text="They can come back at any time before this.",
    )
    reason = forms.CharField(label="Reason or note (optional)", required=False, max_length=300)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label="What is the consent for?", choices=c.ConsentPurpose.choices)
    state = forms.ChoiceField(
        label="Their decision",
        choices=c.ConsentState.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their decision"},
    )
    method = forms.ChoiceField(
        label="How did they tell us?",
        choices=c.ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they told us"},
    )
    partner = forms.CharField(
        label="Partner organisation (for sharing only)", required=False, max_length=200
    )
    review_on = forms.DateField(
        label="Review date (optional)",
        required=False,
        widget=DateInput(),
        help_text="When to check they are still happy with this.",
    )


class BenefitsForm(forms.Form):
    consent_given = forms.BooleanField(
        label="They agreed to us keeping a note of their benefits",
        required=False,
        help_text=(
            "Only used to warn about payments that might affect benefits. "
            "withus never gives benefits advice."
        ),
    )
    benefits = forms.MultipleChoiceField(
        label="Benefits they receive",
        choices=c.Benefit.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_benefit = forms.CharField(label="Other benefit", required=False, max_length=120)
    signposted_on = forms.DateField(
        label="Date signposted to independent benefits advice", required=False, widget=DateInput()
    )
    signposted_to = forms.CharField(label="Signposted to", required=False, max_length=200)
    pw1_noted = forms.BooleanField(
        label="Permitted work form (PW1) noted, for people on ESA", required=False
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("consent_given") and (
            cleaned.get("benefits") or cleaned.get("other_benefit") or cleaned.get("signposted_to")
        ):
            raise forms.ValidationError(
                "Only record benefits if they agreed. "
                "Tick the agreement box, or clear the other answers."
            )
        return cleaned


class EqualityForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (question, options) in QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                label=question, choices=options, widget=forms.RadioSelect, required=False
            )


class RestrictionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of restriction?",
        choices=c.RestrictionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of restriction"},
    )
    other_participant = forms.TypedChoiceField(
        label="Which participant must they not be in contact with?",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The restriction applies both ways.",
    )
    place = forms.CharField(label="Area or venue", required=False, max_length=200)
    meaning = forms.CharField(
        label="What this means for involvement",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: do not invite to the same meeting. Never record offence details.",
        error_messages={"required": "Say what this means for involvement"},
    )
    review_on = forms.DateField(label="Review date", required=False, widget=DateInput())

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        others = Participant.objects.filter(erased_at__isnull=True).exclude(pk=participant.pk)
        self.fields["other_participant"].choices = [("", "Not about another participant")] + list(
            others.order_by("preferred_name").values_list("pk", "preferred_name")
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV or Excel (.xlsx) file",
        help_text="Up to 5 MB and 10,000 rows. The first row must hold the column names.",
    )

"""Forms for the participant's "About you" pages. Plain words; every error says what to do."""

from __future__ import annotations

from django import forms

from withus.people import choices as c
from withus.portal.services import normalise_phone

# What each way of contact is called in the portal.
CHANNEL_WORDS = {
    c.Channel.SMS: "Text message",
    c.Channel.PHONE: "Phone call",
    c.Channel.EMAIL: "Email",
    c.Channel.POST: "Letter in the post",
    c.Channel.KEY_WORKER: "Through your key worker",
}
CHANNEL_CHOICES = [("", "None")] + [(k.value, v) for k, v in CHANNEL_WORDS.items()]

# What each access need is called in the portal (the same list staff use).
NEED_WORDS = {
    c.AccessNeed.STEP_FREE: "Step-free access (no stairs)",
    c.AccessNeed.LARGE_PRINT: "Large print",
    c.AccessNeed.EASY_READ: "Easy Read",
    c.AccessNeed.BSL: "British Sign Language interpreter",
    c.AccessNeed.HEARING_LOOP: "Hearing loop",
    c.AccessNeed.CHILDCARE: "Childcare",
    c.AccessNeed.DIETARY: "Special food or diet",
    c.AccessNeed.QUIET_SPACE: "A quiet space",
    c.AccessNeed.BREAKS: "Regular breaks",
    c.AccessNeed.COMPANION: "Someone to come with me",
    c.AccessNeed.TRAVEL_HELP: "Help with travel",
}

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"]


class DateInput(forms.DateInput):
    """The phone's own date picker; without one, a text box that takes 3/6/2027."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ContactForm(forms.Form):
    phone = forms.CharField(
        label="Your phone number",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Your email",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    address = forms.CharField(
        label="Your address",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text="So we can send you letters. Leave it empty if you do not want letters.",
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        error_messages={"max_length": "A postcode is 10 letters or fewer, like E8 1AA"},
    )
    first = forms.ChoiceField(label="First choice", choices=CHANNEL_CHOICES, required=False)
    second = forms.ChoiceField(label="Second choice", choices=CHANNEL_CHOICES, required=False)
    third = forms.ChoiceField(label="Third choice", choices=CHANNEL_CHOICES, required=False)
    best_times = forms.CharField(
        label="Best times to get in touch",
        required=False,
        max_length=200,
        help_text="For example: weekday mornings, not after 6pm",
        error_messages={"max_length": "Keep this short: 200 letters or fewer"},
    )

    def __init__(self, *args, participant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant

    def _has_key_worker(self) -> bool:
        person = self.participant
        return person is None or bool(person.key_worker_name or person.key_worker_contact)

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not normalise_phone(value):
            raise forms.ValidationError("Enter a phone number, like 07700 900123")
        return value

    def clean(self):
        cleaned = super().clean()
        order = [cleaned.get(k) for k in ("first", "second", "third") if cleaned.get(k)]
        if len(order) != len(set(order)):
            raise forms.ValidationError("Choose each way of getting in touch only once")
        need = {
            c.Channel.SMS: ("phone", "To get text messages, enter your phone number"),
            c.Channel.PHONE: ("phone", "To get phone calls, enter your phone number"),
            c.Channel.EMAIL: ("email", "To get emails, enter your email"),
            c.Channel.POST: ("address", "To get letters, enter your address"),
        }
        for channel in order:
            if channel in need:
                field, message = need[channel]
                if field in cleaned and not cleaned.get(field):
                    self.add_error(field, message)
            elif channel == c.Channel.KEY_WORKER and not self._has_key_worker():
                self.add_error(
                    None,
                    "We do not have your key worker's details. Ask your contact to add "
                    "them, or choose another way.",
                )
        cleaned["channel_order"] = order
        return cleaned


class AccessForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label="What helps you take part?",
        choices=[(k.value, v) for k, v in NEED_WORDS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick all that help you.",
        error_messages={"invalid_choice": "Choose from the list"},
    )
    access_notes = forms.CharField(
        label="Anything else we should know?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: food you cannot eat, where you like to sit, or the lighting.",
        error_messages={"max_length": "Keep this to 2,000 letters or fewer"},
    )


DAY_PERIOD_CHOICES = [
    (f"{day.value}:{period.value}", f"{day.label} {period.label.lower()}")
    for day in c.Day
    for period in c.Period
]


class AvailabilityForm(forms.Form):
    slots = forms.MultipleChoiceField(
        choices=DAY_PERIOD_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose from the days and times shown"},
    )

    def pairs(self) -> list[tuple[int, str]]:
        result = []
        for value in self.cleaned_data["slots"]:
            day, period = value.split(":")
            result.append((int(day), period))
        return result


class ConsentChangeForm(forms.Form):
    purpose = forms.ChoiceField(choices=c.ConsentPurpose.choices)
    state = forms.ChoiceField(
        choices=[
            (c.ConsentState.GIVEN, "Yes"),
            (c.ConsentState.WITHDRAWN, "No, not any more"),
            (c.ConsentState.REFUSED, "No"),
        ]
    )


class PauseForm(forms.Form):
    until = forms.DateField(
        label="I need a break until",
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text="For example, 3/6/2027. You can come back before then.",
        error_messages={
            "required": "Enter the date you think you will be ready to come back",
            "invalid": "Enter a real date, like 3/6/2027",
        },
    )
    reason = forms.CharField(
        label="Do you want to tell us why? (you do not have to)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep this to 300 letters or fewer"},
    )


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label="Do you want to tell us why you are leaving? (you do not have to)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep this to 300 letters or fewer"},
    )
    confirm = forms.BooleanField(
        label="Yes, I want to leave",
        error_messages={"required": "Tick the box to say you want to leave"},
    )

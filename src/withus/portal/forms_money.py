"""The portal's expense claim form: one short form for a phone, in plain words.

The form checks what was typed and asks the questions in the participant's words; the money
rules (what needs a receipt, how mileage is worked out, what is paid back) stay in
withus.money.services_claims, whose errors are shown on this form too.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone

from withus.events.models import Event
from withus.money.models import ExpenseItem, MileageRate
from withus.people.forms import DateInput

C = ExpenseItem.Category

CATEGORY_CHOICES = [
    (C.TRAVEL, "Travel: bus, train, tram or taxi"),
    (C.MILEAGE, "Miles in your own car, van, motorbike or bike"),
    (C.MEALS, "Food and drinks"),
    (C.CHILDCARE, "Childcare"),
    (C.CARER, "Carer cover (someone to care for a person while you were out)"),
    (C.STATIONERY, "Stamps, paper or pens"),
    (C.OTHER, "Something else"),
]
TRAVEL_CHOICES = [
    ("", "Choose"),
    ("Bus", "Bus"),
    ("Train", "Train"),
    ("Tram", "Tram or metro"),
    ("Taxi", "Taxi"),
    ("Coach", "Coach"),
    ("Other", "Other"),
]
VEHICLE_CHOICES = [
    (MileageRate.Vehicle.CAR, "Car or van"),
    (MileageRate.Vehicle.MOTORCYCLE, "Motorbike"),
    (MileageRate.Vehicle.BICYCLE, "Bike"),
    (MileageRate.Vehicle.PASSENGER, "I was a passenger in someone's car"),
]
NO_RECEIPT_EXAMPLE = "For example: the bus does not give tickets."


class PoundsField(forms.DecimalField):
    """Money as people type it: '4.50', '£4.50' and '1,200' all work."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").strip()
        return super().to_python(value)


class EventChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        from withus.pages.templatetags.withus_format import nice_date

        return f"{obj.title}, {nice_date(obj.starts_at)}"


class ClaimItemForm(forms.Form):
    category = forms.ChoiceField(
        label="What did you spend money on?",
        choices=CATEGORY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what you spent money on.",
            "invalid_choice": "Choose what you spent money on.",
        },
    )
    spent_on = forms.DateField(
        label="When did you spend it?",
        widget=DateInput,
        error_messages={
            "required": "Enter the date you spent the money.",
            "invalid": "Enter a real date, like 3 3 2026.",
        },
    )
    event = EventChoice(
        label="Which meeting was it for? (you do not have to say)",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Not for a meeting, or not sure",
        error_messages={"invalid_choice": "Choose one of your meetings from the list."},
    )
    description = forms.CharField(
        label="What was it? (you do not have to say)",
        max_length=200,
        required=False,
        help_text="For example: lunch at the forum.",
        error_messages={"max_length": "Keep this short: 200 letters at most."},
    )
    travel_mode = forms.ChoiceField(
        label="How did you travel?",
        choices=TRAVEL_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose how you travelled."},
    )
    from_place = forms.CharField(
        label="Where did you start?",
        max_length=120,
        required=False,
        error_messages={"max_length": "Keep this short: 120 letters at most."},
    )
    to_place = forms.CharField(
        label="Where did you go?",
        max_length=120,
        required=False,
        error_messages={"max_length": "Keep this short: 120 letters at most."},
    )
    vehicle = forms.ChoiceField(
        label="What did you travel in?",
        choices=VEHICLE_CHOICES,
        required=False,
        initial=MileageRate.Vehicle.CAR,
        error_messages={"invalid_choice": "Choose what you travelled in."},
    )
    miles = forms.DecimalField(
        label="How many miles?",
        max_digits=7,
        decimal_places=1,
        required=False,
        help_text="We work out the money for you at the official rate.",
        error_messages={
            "invalid": "Enter the miles as a number, like 12 or 12.5.",
            "max_decimal_places": "Enter the miles as a number, like 12 or 12.5.",
            "max_digits": "Enter the miles for this journey.",
        },
    )
    amount = PoundsField(
        label="How much did you spend? (£)",
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text="Look at your receipt. We pay back exactly what you spent.",
        error_messages={
            "invalid": "Enter the amount in pounds, like 4.50.",
            "max_decimal_places": "Enter the amount in pounds and pence, like 4.50.",
            "max_digits": "Enter an amount up to £5,000.",
        },
    )
    receipt = forms.FileField(
        label="Photo of your receipt",
        required=False,
        help_text="Take a photo with your phone, or choose one. A PDF is fine too. Up to 10 MB.",
        widget=forms.FileInput(
            attrs={"accept": "image/*,application/pdf", "capture": "environment"}
        ),
        error_messages={
            "empty": "The file is empty. Take the photo again.",
            "invalid": "That file did not come through. Try again.",
        },
    )
    no_receipt = forms.BooleanField(label="I have no receipt", required=False)
    no_receipt_reason = forms.CharField(
        label="Why do you have no receipt?",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=NO_RECEIPT_EXAMPLE,
        error_messages={"max_length": "Keep this short: 300 letters at most."},
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=60)
    mileage_seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        if events is None:
            del self.fields["event"]
        else:
            self.fields["event"].queryset = events
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
            self.initial.setdefault("spent_on", timezone.localdate().isoformat())
        for name in ("amount", "miles"):
            # A text box, not type=number (GOV.UK advice): '£4.50' is accepted as typed.
            self.fields[name].widget = forms.TextInput(
                attrs={
                    "class": "govuk-input govuk-input--width-5",
                    "inputmode": "decimal",
                    "spellcheck": "false",
                }
            )

    def clean(self):
        data = super().clean()
        category = data.get("category")
        required: list[tuple[str, str]] = []
        if category == C.TRAVEL:
            required = [
                ("travel_mode", "Choose how you travelled."),
                ("from_place", "Enter where you started."),
                ("to_place", "Enter where you went."),
            ]
        elif category == C.MILEAGE:
            required = [
                ("vehicle", "Choose what you travelled in."),
                ("from_place", "Enter where you started."),
                ("to_place", "Enter where you went."),
            ]
        for name, message in required:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        if category == C.MILEAGE:
            miles = data.get("miles")
            if "miles" not in self.errors and (miles is None or miles <= 0):
                self.add_error("miles", "Enter how many miles you travelled.")
            return data
        if category:
            amount = data.get("amount")
            if "amount" not in self.errors and (amount is None or amount <= 0):
                self.add_error("amount", "Enter how much you spent, like 4.50.")
            elif amount is not None and amount > Decimal("5000"):
                self.add_error("amount", "Enter an amount up to £5,000.")
        if data.get("receipt") is None and "receipt" not in self.errors:
            reason = (data.get("no_receipt_reason") or "").strip()
            if not data.get("no_receipt") and not reason:
                self.add_error(
                    "receipt",
                    "Add a photo of your receipt, or tick 'I have no receipt' and tell us why.",
                )
            elif not reason:
                self.add_error(
                    "no_receipt_reason", f"Tell us why you have no receipt. {NO_RECEIPT_EXAMPLE}"
                )
        return data

    def service_data(self) -> dict:
        """The item as the money service takes it. With a receipt the amount is what the
        receipt shows (paid back exactly); without one it is the amount claimed."""
        d = self.cleaned_data
        category = d["category"]
        has_receipt = d.get("receipt") is not None
        data = {
            "category": category,
            "spent_on": d["spent_on"],
            "description": d.get("description", ""),
            "travel_mode": d.get("travel_mode", "") if category == C.TRAVEL else "",
            "from_place": d.get("from_place", ""),
            "to_place": d.get("to_place", ""),
            "vehicle": d.get("vehicle", "") if category == C.MILEAGE else "",
            "miles": d.get("miles") if category == C.MILEAGE else None,
            "amount_claimed": d.get("amount"),
            "receipted_amount": d.get("amount") if has_receipt else None,
            "no_receipt_reason": "" if has_receipt else d.get("no_receipt_reason", ""),
        }
        if category not in (C.TRAVEL, C.MILEAGE):
            data["from_place"] = data["to_place"] = ""
        return data

    @property
    def receipt_upload(self):
        if self.cleaned_data.get("category") == C.MILEAGE:
            return None  # mileage needs no receipt
        return self.cleaned_data.get("receipt")


WRONG_KIND = "We cannot open that kind of file. Send a photo of the receipt, or a PDF."
# Service field names that the portal form shows under another name.
FIELD_NAMES = {"amount_claimed": "amount", "receipted_amount": "amount"}


def _plain(message: str) -> str:
    return WRONG_KIND if message.startswith("The file must be one of") else message


def apply_service_errors(form: ClaimItemForm, error) -> None:
    """Show the money service's errors on the portal form, on the matching field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = FIELD_NAMES.get(name, name)
        messages = [m for e in errors for m in e.messages]
        if name == "receipt":
            messages = [_plain(m) for m in messages]
        form.add_error(name if name in form.fields else None, messages)

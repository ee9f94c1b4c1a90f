from __future__ import annotations

from django import forms

from withus.money.models import Payment, RateCard
from withus.people.forms import DateInput
from withus.people.models import Participant


class RateCardForm(forms.ModelForm):
    class Meta:
        model = RateCard
        fields = [
            "name",
            "responsibility",
            "basis",
            "amount",
            "expected_hours",
            "valid_from",
            "valid_to",
            "notes",
        ]
        labels = {
            "amount": "Amount (£)",
            "responsibility": "What it pays for",
            "basis": "Paid",
            "valid_from": "Use from",
            "valid_to": "Use until (optional)",
        }
        help_texts = {
            "name": "For example: Forum member, per meeting.",
            "amount": "Pay fairly for skill and responsibility. Rates must never assume "
            "someone is on benefits.",
        }
        widgets = {
            "responsibility": forms.RadioSelect,
            "basis": forms.RadioSelect,
            "valid_from": DateInput,
            "valid_to": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs["class"] = "govuk-input--width-5"
        self.fields["expected_hours"].widget.attrs["class"] = "govuk-input--width-4"


class PaymentForm(forms.Form):
    """A payment entered by hand (one-off work, a payment not linked to an event)."""

    participant = forms.ModelChoiceField(
        label="Who is it for?", queryset=Participant.objects.none()
    )
    kind = forms.ChoiceField(
        label="What is it?",
        choices=[
            (Payment.Kind.INVOLVEMENT, Payment.Kind.INVOLVEMENT.label),
            (Payment.Kind.EXPENSES, "Expenses (exact costs, with receipts)"),
        ],
        widget=forms.RadioSelect,
        initial=Payment.Kind.INVOLVEMENT,
    )
    method = forms.ChoiceField(
        label="How will it be paid?", choices=Payment.Method.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(label="Amount (£)", min_value=0.01, max_digits=10, decimal_places=2)
    hours = forms.DecimalField(
        label="Hours it covers",
        required=False,
        min_value=0.25,
        max_digits=5,
        decimal_places=2,
        help_text="Including preparation. Needed to check the minimum wage.",
    )
    description = forms.CharField(label="What it is for", max_length=200)
    activity_date = forms.DateField(label="Date of the activity", widget=DateInput)
    rate_card = forms.ModelChoiceField(
        label="Rate card (optional)", queryset=RateCard.objects.none(), required=False
    )
    key = forms.CharField(widget=forms.HiddenInput)  # makes a resubmitted form harmless

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            erased_at__isnull=True
        ).order_by("preferred_name")
        self.fields["rate_card"].queryset = RateCard.objects.all()
        self.fields["amount"].widget.attrs["class"] = "govuk-input--width-5"
        self.fields["hours"].widget.attrs["class"] = "govuk-input--width-4"


class DraftForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["method", "amount", "hours", "description", "activity_date"]
        labels = {"amount": "Amount (£)", "activity_date": "Date of the activity"}
        widgets = {"method": forms.RadioSelect, "activity_date": DateInput}


class ApproveForm(forms.Form):
    override_reason = forms.CharField(
        label="Why is it right to approve it anyway?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when a check stops the payment. Kept with the payment and in the "
        "audit trail.",
    )


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being corrected?",
        max_length=180,
        help_text="A correction adds a minus line that cancels this payment. The payment itself "
        "is never changed. Then make a new payment if a different amount is owed.",
    )

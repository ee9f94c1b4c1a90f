"""Forms for batches and the voucher and cash registers. Plain Django forms, drawn with the
GOV.UK renderer; the services check everything again."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from withus.money.models import Payment
from withus.money.services_batches import BATCH_METHODS
from withus.pages.templatetags.withus_format import nice_date, pounds
from withus.people.forms import DateInput


def payment_label(payment: Payment) -> str:
    return (
        f"{payment.participant.preferred_name}: {pounds(payment.amount)} for "
        f"{payment.description} ({nice_date(payment.activity_date)}, payment {payment.pk})"
    )


def _not_in_future(day: dt.date | None, today: dt.date) -> dt.date | None:
    if day is not None and day > today:
        raise forms.ValidationError("The date cannot be in the future.")
    return day


class IdsField(forms.Field):
    """The ticked payments, as ids (the list on the page is built from the current data)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = []
        for item in values:
            try:
                ids.append(int(item))
            except (TypeError, ValueError):
                raise forms.ValidationError("Choose payments from the list.") from None
        return ids[:5000]


class BatchCreateForm(forms.Form):
    method = forms.ChoiceField(
        label="How they will be paid",
        choices=[(m, Payment.Method(m).label) for m in BATCH_METHODS],
        widget=forms.HiddenInput,
    )
    payments = IdsField(
        label="Payments",
        error_messages={"required": "Choose at least one payment to put in the batch"},
    )


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(
        label="Date paid",
        widget=DateInput,
        help_text="The day the money left the bank (or was paid).",
        error_messages={"required": "Enter the date the batch was paid"},
    )

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_paid_on(self):
        return _not_in_future(self.cleaned_data.get("paid_on"), self.today)


class _RegisterForm(forms.Form):
    payment = forms.TypedChoiceField(label="Payment", coerce=int)

    def __init__(self, *args, payments=(), today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.payments = {p.pk: p for p in payments}
        self.fields["payment"].choices = [("", "Choose a payment")] + [
            (p.pk, payment_label(p)) for p in payments
        ]
        self.fields["payment"].error_messages["invalid_choice"] = (
            "Choose a payment from the list. It may have been paid already: the list is now up "
            "to date."
        )
        self.fields["payment"].error_messages["required"] = "Choose the payment"

    def chosen(self) -> Payment:
        return self.payments[self.cleaned_data["payment"]]


class VoucherForm(_RegisterForm):
    code = forms.CharField(
        label="Voucher code or serial number",
        max_length=80,
        error_messages={"required": "Enter the voucher's code or serial number"},
    )
    provider = forms.CharField(
        label="Shop or provider", max_length=80, required=False, help_text="For example, Tesco."
    )
    value = forms.DecimalField(
        label="Value in pounds",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        help_text="This must be exactly the amount of the payment.",
        error_messages={"required": "Enter the value of the voucher"},
    )
    issued_on = forms.DateField(
        label="Date given",
        widget=DateInput,
        error_messages={"required": "Enter the date the voucher was given"},
    )

    def clean_issued_on(self):
        return _not_in_future(self.cleaned_data.get("issued_on"), self.today)

    def clean(self):
        cleaned = super().clean()
        pk, value = cleaned.get("payment"), cleaned.get("value")
        payment = self.payments.get(pk)
        if payment is not None and value is not None and value != payment.amount:
            self.add_error(
                "value", f"The voucher must be worth exactly the payment, {pounds(payment.amount)}"
            )
        return cleaned


class CashForm(_RegisterForm):
    paid_on = forms.DateField(
        label="Date handed over",
        widget=DateInput,
        error_messages={"required": "Enter the date the cash was handed over"},
    )
    handed_over_by = forms.TypedChoiceField(
        label="Handed over by",
        coerce=int,
        error_messages={"required": "Choose who handed the cash over"},
    )
    witness = forms.CharField(
        label="Witness (optional)",
        max_length=120,
        required=False,
        help_text="The name of anyone else who saw the cash handed over.",
    )
    receipt_signed = forms.BooleanField(
        label="The person signed a receipt", required=False, initial=True
    )

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {user.pk: user for user in staff}
        self.fields["handed_over_by"].choices = [("", "Choose who handed it over")] + [
            (user.pk, str(user)) for user in staff
        ]

    def clean_paid_on(self):
        return _not_in_future(self.cleaned_data.get("paid_on"), self.today)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("receipt_signed") and not (cleaned.get("witness") or "").strip():
            self.add_error(
                "receipt_signed",
                "Cash needs a record: tick that the person signed a receipt, or name a witness",
            )
        return cleaned

    def handed_over_user(self):
        return self.staff.get(self.cleaned_data.get("handed_over_by"))

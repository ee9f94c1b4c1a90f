"""Forms for expense claims, their items and receipts, the decision, and pre-booked travel.

The forms only read what was typed; the rules (what needs a receipt, what is reimbursed) live in
`withus.money.services_claims`, whose ValidationErrors are shown on these forms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone

from withus.events.models import Event
from withus.money.models import ExpenseItem, MileageRate
from withus.money.services_claims import EXPENSE_METHODS, DecisionPlan, expense_method_for
from withus.pages.templatetags.withus_format import nice_date
from withus.people import choices as pc
from withus.people.forms import DateInput
from withus.people.models import Participant

MONEY_FIELD = {"max_digits": 10, "decimal_places": 2, "required": False}


def event_choices(participant: Participant | None, *, also: int | None = None):
    """Events worth offering for a person's claim: the ones they were invited to in the last year
    (a bounded list), plus the event the page was opened from."""
    since = timezone.now() - dt.timedelta(days=366)
    wanted = Q(pk=also) if also else Q(pk__in=[])
    if participant is not None:
        wanted |= Q(invitations__participant=participant, starts_at__gte=since)
    return Event.objects.filter(wanted).distinct().order_by("-starts_at")


class _EventLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        day = timezone.localtime(obj.starts_at).date()
        return f"{obj.title}, {day:%A} {day.day} {day:%B %Y}"


class FindPersonForm(forms.Form):
    q = forms.CharField(
        label="Find the person",
        max_length=120,
        help_text="Type part of the name they want to be called.",
    )


def find_people(query: str, limit: int = 20) -> list[Participant]:
    query = (query or "").strip()
    if not query:
        return []
    return list(
        Participant.objects.filter(preferred_name__icontains=query, erased_at__isnull=True)
        .only("id", "preferred_name", "area", "organisation_id")
        .order_by("preferred_name", "id")[:limit]
    )


class ClaimStartForm(forms.Form):
    participant = forms.ModelChoiceField(
        queryset=Participant.objects.none(), widget=forms.HiddenInput
    )
    event = _EventLabel(
        label="Which event is it for? (optional)",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Not for one event",
        help_text="Events they were invited to in the last year.",
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=60)

    def __init__(self, *args, participant: Participant, event_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            pk=participant.pk, erased_at__isnull=True
        )
        self.fields["event"].queryset = event_choices(participant, also=event_id)


class ExpenseItemForm(forms.Form):
    category = forms.ChoiceField(
        label="What was the money spent on?",
        choices=ExpenseItem.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the money was spent on."},
    )
    spent_on = forms.DateField(
        label="Date",
        widget=DateInput,
        error_messages={
            "required": "Enter the date the money was spent.",
            "invalid": "Enter a real date, like 3 3 2026",
        },
    )
    description = forms.CharField(
        label="Details (optional)",
        max_length=200,
        required=False,
        help_text="For example: lunch at the forum, or stamps for the survey.",
    )
    travel_mode = forms.CharField(
        label="How they travelled",
        max_length=40,
        required=False,
        help_text="Travel only: bus, train, tram, taxi…",
    )
    from_place = forms.CharField(
        label="From", max_length=120, required=False, help_text="Travel and mileage."
    )
    to_place = forms.CharField(
        label="To", max_length=120, required=False, help_text="Travel and mileage."
    )
    vehicle = forms.ChoiceField(
        label="Vehicle",
        choices=[("", "Not mileage"), *MileageRate.Vehicle.choices],
        required=False,
        help_text="Mileage only.",
    )
    miles = forms.DecimalField(
        label="Miles",
        max_digits=7,
        decimal_places=1,
        required=False,
        help_text="Mileage only: the amount is worked out at HMRC rates for the tax year, "
        "counting their earlier miles. No receipt is needed.",
    )
    amount_claimed = forms.DecimalField(
        label="Amount claimed (£)",
        help_text="Not needed for mileage.",
        **MONEY_FIELD,
    )
    receipt = forms.FileField(
        label="Receipt (optional)",
        required=False,
        help_text="A photo (JPEG or PNG) or a PDF, up to 10 MB. Location data in photos is "
        "removed.",
    )
    receipted_amount = forms.DecimalField(
        label="Amount on the receipt (£)",
        help_text="What the receipt shows. This is exactly what will be paid back.",
        **MONEY_FIELD,
    )
    no_receipt_reason = forms.CharField(
        label="If there is no receipt, why not?",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: the bus does not give tickets. The approver decides what "
        "to accept.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("amount_claimed", "receipted_amount", "miles"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-5"
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "receipt"}


class DecisionForm(forms.Form):
    """Approve (reimburse exactly) or do not approve. Built for one claim's items."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve and reimburse"), ("reject", "Do not approve")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the claim."},
    )
    method = forms.ChoiceField(
        label="How will it be paid back?",
        choices=[(m.value, m.label) for m in EXPENSE_METHODS],
        widget=forms.RadioSelect,
        required=False,
        help_text="Their choice comes first. Vouchers are not used to pay back expenses.",
    )
    record_above_cost = forms.BooleanField(required=False)
    override_reason = forms.CharField(
        label="Reason for going ahead despite a check (if any)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when a check stops the claim, or travel on a pre-booked day is a "
        "different journey. It is kept with the payment.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed if you do not approve: say why, in words the person will understand.",
    )

    def __init__(self, *args, claim, plan: DecisionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        participant = claim.participant
        self.fields["method"].initial = expense_method_for(participant)
        if participant.payment_method:
            self.fields["method"].help_text = (
                f"They chose: {participant.get_payment_method_display().lower()}. "
                + self.fields["method"].help_text
            )
        fields = {}
        for p in plan.items:
            item = p.item
            label = f"{item.get_category_display()} on {nice_date(item.spent_on)}" + (
                f" ({item.description})" if item.description else ""
            )
            if p.needs_acceptance:
                fields[f"accept_{item.pk}"] = forms.DecimalField(
                    label=f"Amount to accept without a receipt (£): {label}",
                    required=False,
                    min_value=Decimal("0"),
                    max_value=item.amount_claimed,
                    max_digits=10,
                    decimal_places=2,
                    initial=item.amount_claimed,
                    help_text=f"Claimed £{item.amount_claimed}. Reason: {item.no_receipt_reason}",
                    widget=forms.NumberInput(
                        attrs={"class": "govuk-input govuk-input--width-5", "step": "0.01"}
                    ),
                    error_messages={
                        "max_value": f"Accept at most the £{item.amount_claimed} claimed.",
                        "min_value": "Enter £0 or more.",
                    },
                )
            if p.prebooked:
                fields[f"include_{item.pk}"] = forms.BooleanField(
                    required=False,
                    label=f"{label} is a different journey from the pre-booked travel",
                    help_text="Only tick this if it was not already paid for. Give the reason "
                    "below.",
                )
        self.fields.update(fields)
        # Keep the order people read: decision, method, items, above cost, reasons.
        order = ["decision", "method", *fields, "record_above_cost", "override_reason", "note"]
        if plan.above_cost > 0 and participant.payment_choice not in (
            pc.PaymentChoice.DECLINES,
            pc.PaymentChoice.EXPENSES_ONLY,
        ):
            self.fields["record_above_cost"].label = (
                f"Record the £{plan.above_cost} claimed above the receipts as an involvement "
                "payment"
            )
            self.fields["record_above_cost"].help_text = (
                "It is not expenses: a payment can affect benefits and tax. It is drafted for "
                "approval with the usual payment checks."
            )
        else:
            del self.fields["record_above_cost"]
            order.remove("record_above_cost")
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve":
            if not data.get("method"):
                self.add_error("method", "Choose bank transfer or cash.")
            for name in self.fields:
                if name.startswith("accept_") and name in data and data[name] is None:
                    self.add_error(name, "Enter the amount to accept (£0 to accept nothing).")
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the claim is not approved.")
        return data

    def accepted(self) -> dict[int, Decimal]:
        return {
            int(name.split("_", 1)[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("accept_") and value is not None
        }

    def include_prebooked(self) -> set[int]:
        return {
            int(name.split("_", 1)[1])
            for name, value in self.cleaned_data.items()
            if name.startswith("include_") and value
        }


class PrebookedForm(forms.Form):
    participant = forms.ModelChoiceField(
        queryset=Participant.objects.none(), widget=forms.HiddenInput
    )
    event = _EventLabel(
        label="Which event is it for? (optional)",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Not for one event",
    )
    travel_on = forms.DateField(
        label="Date of travel",
        widget=DateInput,
        error_messages={
            "required": "Enter the date of travel.",
            "invalid": "Enter a real date, like 3 3 2026",
        },
    )
    description = forms.CharField(
        label="What was booked",
        max_length=200,
        help_text="For example: return train Leeds to York, or a taxi home after the forum.",
        error_messages={"required": "Say what was booked."},
    )
    amount = forms.DecimalField(
        label="What the organisation paid (£)",
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-5", "step": "0.01"}
        ),
        error_messages={
            "required": "Enter what the organisation paid.",
            "min_value": "Enter an amount more than £0.",
        },
    )

    def __init__(self, *args, participant: Participant, event_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            pk=participant.pk, erased_at__isnull=True
        )
        self.fields["event"].queryset = event_choices(participant, also=event_id)

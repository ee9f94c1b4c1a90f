from __future__ import annotations

from django import forms
from django.db import models

from withus.events.models import Event, EventInvitation, Venue
from withus.money.models import RateCard
from withus.people.forms import DateInput, staff_choices
from withus.people.models import Participant
from withus.projects.models import Project
from withus.recruitment.models import Opportunity

TRI_STATE = [("yes", "Yes"), ("no", "No"), ("", "Not checked yet")]


class TriStateField(forms.TypedChoiceField):
    """Yes / No / Not checked yet, stored as True / False / None."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=TRI_STATE,
            coerce=lambda v: {"yes": True, "no": False}.get(v),
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            **kwargs,
        )

    def prepare_value(self, value):
        return {True: "yes", False: "no"}.get(value, "")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "address",
            "postcode",
            "directions",
            "step_free",
            "accessible_toilet",
            "hearing_loop",
            "public_transport",
            "last_bus_or_train",
            "parking",
            "quiet_room",
            "smoking_area",
            "independent_access",
            "children_on_site",
            "neutral_and_safe",
            "notes",
            "archived",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
            "neutral_and_safe": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "last_bus_or_train": TimeInput(),
        }
        labels = {"archived": "No longer used (hide it from lists)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            model_field = Venue._meta.get_field(name)
            if isinstance(model_field, models.BooleanField) and model_field.null:
                self.fields[name] = TriStateField(label=field.label, help_text=field.help_text)
        self.fields["postcode"].widget.attrs["class"] = "govuk-input--width-10"


class EventForm(forms.ModelForm):
    day = forms.DateField(label="Date", widget=DateInput)
    start_time = forms.TimeField(label="Starts at", widget=TimeInput)
    end_time = forms.TimeField(
        label="Ends at",
        widget=TimeInput,
        help_text="Think about curfews and the last bus or train home.",
    )
    # Scoped querysets can only be read inside a request, so they are set in __init__.
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(), required=False, empty_label="Not part of a project"
    )
    opportunity = forms.ModelChoiceField(
        label="Recruitment opportunity (optional)",
        queryset=Opportunity.objects.none(),
        required=False,
        empty_label="None",
        help_text="For information sessions and interview panels.",
    )
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.none(),
        required=False,
        empty_label="No venue (online) or not decided yet",
    )
    rate_card = forms.ModelChoiceField(
        label="Payment for taking part",
        queryset=RateCard.objects.none(),
        required=False,
        empty_label="Not paid (expenses only)",
        help_text="The rate card used to draft payments from attendance.",
    )
    contact = forms.TypedChoiceField(
        label="Named contact for special requests",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="People can ask them about access needs, diet, travel or anything else.",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "project",
            "opportunity",
            "venue",
            "online_link",
            "capacity",
            "briefing",
            "papers_due_on",
            "contact",
            "dress_code",
            "ground_rules",
            "refreshments",
            "dietary_notes",
            "childcare",
            "bsl",
            "large_print",
            "easy_read",
            "hearing_loop",
            "quiet_space",
            "children_present",
            "photos_planned",
            "filming_planned",
            "travel_arrangements",
            "rate_card",
            "partner_organisations",
            "expenses_arrangements",
        ]
        widgets = {
            "papers_due_on": DateInput,
            "briefing": forms.Textarea(attrs={"rows": 4}),
            "ground_rules": forms.Textarea(attrs={"rows": 4}),
            "dietary_notes": forms.Textarea(attrs={"rows": 2}),
            "travel_arrangements": forms.Textarea(attrs={"rows": 3}),
            "expenses_arrangements": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "papers_due_on": "Leave empty to use your organisation's setting "
            "(usually two weeks before).",
            "dress_code": "For example: wear what you are comfortable in.",
            "ground_rules": "For example: listen to each other, one person speaks at a time, "
            "what is said here stays here.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["papers_due_on"].required = False
        self.fields["project"].queryset = Project.objects.exclude(
            status__in=[Project.Status.CANCELLED]
        )
        self.fields["opportunity"].queryset = Opportunity.objects.select_related("role")
        self.fields["venue"].queryset = Venue.objects.filter(archived=False)
        self.fields["rate_card"].queryset = RateCard.objects.all()
        self.fields["contact"].choices = [("", "Nobody named yet")] + staff_choices()[1:]
        self.fields["capacity"].widget.attrs["class"] = "govuk-input--width-4"

    def clean_day(self):
        import datetime as dt

        day = self.cleaned_data["day"]
        today = dt.date.today()
        if not (today.replace(year=today.year - 5) <= day <= today.replace(year=today.year + 5)):
            raise forms.ValidationError("Enter a date within five years of today.")
        return day

    def clean(self):
        data = super().clean()
        if data.get("contact"):
            from withus.accounts.models import User

            data["contact"] = User.objects.filter(pk=data["contact"]).first()
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Item", max_length=200, required=False)
    minutes = forms.IntegerField(label="Minutes", min_value=1, max_value=600, required=False)
    is_break = forms.BooleanField(label="Break", required=False)
    led_by = forms.CharField(label="Led by", max_length=120, required=False)

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("minutes"):
            self.add_error("minutes", "Say how many minutes this item takes.")
        if data.get("minutes") and not data.get("title"):
            self.add_error("title", "Give the item a name.")
        return data


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=3, max_num=40, validate_max=True)


class PaperForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, required=False, help_text="Leave empty to use the file name."
    )
    file = forms.FileField(
        label="File",
        help_text="PDF, Word, OpenDocument, Excel, PowerPoint, a photo or plain text; up to 10 MB.",
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        max_length=300,
        help_text="People will be told this, so keep it short and kind.",
    )
    notify = forms.BooleanField(
        label="Tell everyone who was invited or coming", required=False, initial=True
    )


class InvitationForm(forms.ModelForm):
    reply = forms.ChoiceField(
        label="Their reply", choices=EventInvitation.Reply.choices, widget=forms.RadioSelect
    )
    buddy = forms.ModelChoiceField(
        label="Buddy (another participant going with them)",
        queryset=Participant.objects.none(),
        required=False,
        empty_label="No buddy",
    )

    class Meta:
        model = EventInvitation
        fields = ["reply", "buddy", "companion_name", "requests", "pack_format"]
        widgets = {"requests": forms.Textarea(attrs={"rows": 3})}
        labels = {"pack_format": "Pre-meeting pack format"}

    def __init__(self, *args, safeguarding_lead: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if safeguarding_lead:
            self.fields["override_reason"] = forms.CharField(
                label="If a safeguarding check stops them coming back: why is it safe?",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Only needed if the check stops them. Kept in the audit trail.",
            )
        invitation = self.instance
        self.fields["buddy"].queryset = Participant.objects.filter(
            event_invitations__event=invitation.event
        ).exclude(pk=invitation.participant_id)
        self.fields["pack_format"].widget = forms.RadioSelect(
            choices=EventInvitation._meta.get_field("pack_format").choices
        )


class DebriefForm(forms.Form):
    notes = forms.CharField(
        label="What happened, and what happens next",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="For example: what people said, decisions made, actions and who owns them, "
        "and how people will hear what changed.",
    )


class OverrideForm(forms.Form):
    override_reason = forms.CharField(
        label="Why is it safe to invite them anyway?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the safeguarding lead can do this. The reason is kept in the audit trail.",
    )

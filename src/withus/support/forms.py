"""Forms for training and support. Querysets are read inside the organisation scope."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from withus.forms import IdsModelMultipleChoiceField, parse_id
from withus.people.forms import DateInput
from withus.support.models import (
    Audience,
    Completion,
    Course,
    StaffSupervisionNote,
    SupervisionNote,
    SupportArrangement,
    TrainingNeed,
)

EARLIEST = dt.date(2000, 1, 1)
LATEST_AHEAD = dt.timedelta(days=5 * 366)


def check_date(value, *, future_ok: bool = True, today: dt.date | None = None):
    """Refuse dates before 2000 (a typing slip), far-off dates and, where asked, future ones.
    `today` is the organisation's (the views pass local_today); the server's date otherwise."""
    if value is None:
        return value
    today = today or timezone.localdate()
    if value < EARLIEST:
        raise forms.ValidationError("The date must be on or after 1 January 2000.")
    if not future_ok and value > today:
        raise forms.ValidationError("The date must be today or in the past.")
    if value > today + LATEST_AHEAD:
        raise forms.ValidationError("The date must be within the next five years.")
    return value


class TodayMixin:
    """A form that checks dates against today where the organisation is: `today=` from the
    view (withus.messaging.reminders.local_today)."""

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)

    def _check_date(self, value, *, future_ok: bool = True):
        return check_date(value, future_ok=future_ok, today=self.today)


class SafeChoice(forms.ModelChoiceField):
    """A choice of one row whose submitted id is checked before any query runs: an absurd id is
    a form error, never a server error."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if parse_id(text) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(text)


class StaffChoice(SafeChoice):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class CourseChoice(SafeChoice):
    def label_from_instance(self, obj):
        return obj.title


class CourseChoices(IdsModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def staff_of(organisation, *, also=None):
    """Staff of the organisation, plus whoever is already chosen (they may have left since)."""
    wanted = Q(memberships__organisation=organisation)
    if also is not None:
        wanted |= Q(pk=also)
    return get_user_model().objects.filter(wanted).distinct().order_by("full_name", "email")


def courses_for(audience: str, *, also=()):
    """Courses offered to this audience (and to everyone), plus any already chosen."""
    chosen = [c.pk for c in also if c is not None]
    return Course.objects.filter(
        Q(active=True, audience__in=[audience, Audience.EVERYONE]) | Q(pk__in=chosen)
    ).order_by("position", "title")


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "audience", "description", "active"]
        widgets = {
            "audience": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"title": "Name of the course"}

    def clean_title(self):
        title = " ".join((self.cleaned_data.get("title") or "").split())
        if not title:
            raise forms.ValidationError("Enter the name of the course.")
        same = Course.objects.filter(title__iexact=title)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError("There is already a course with this name.")
        return title

    def clean_description(self):
        text = (self.cleaned_data.get("description") or "").strip()
        if not text:
            raise forms.ValidationError("Say in a sentence or two what the course covers.")
        return text


class NeedForm(TodayMixin, forms.ModelForm):
    asked_by = StaffChoice(
        queryset=get_user_model().objects.none(),
        label="Who asked",
        empty_label="Choose a member of staff",
        error_messages={"invalid_choice": "Choose a member of staff from the list"},
    )
    courses = CourseChoices(
        queryset=Course.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Courses that would help (optional)",
    )

    class Meta:
        model = TrainingNeed
        fields = ["asked_on", "asked_by", "said", "courses", "met_on"]
        widgets = {
            "asked_on": DateInput,
            "met_on": DateInput,
            "said": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organisation, audience: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asked_by"].queryset = staff_of(organisation, also=self.instance.asked_by_id)
        also = list(self.instance.courses.all()) if self.instance.pk else []
        self.fields["courses"].queryset = courses_for(audience, also=also)

    def clean_asked_on(self):
        return self._check_date(self.cleaned_data.get("asked_on"), future_ok=False)

    def clean_met_on(self):
        return self._check_date(self.cleaned_data.get("met_on"), future_ok=False)

    def clean_said(self):
        text = (self.cleaned_data.get("said") or "").strip()
        if not text:
            raise forms.ValidationError("Write down what they said they need.")
        return text

    def clean(self):
        data = super().clean()
        asked, met = data.get("asked_on"), data.get("met_on")
        if asked and met and met < asked:
            self.add_error("met_on", "The date it was met must be on or after the date asked.")
        return data


class CompletionForm(TodayMixin, forms.ModelForm):
    course = CourseChoice(
        queryset=Course.objects.none(),
        label="Course",
        empty_label="Choose a course",
        error_messages={"invalid_choice": "Choose a course from the list"},
    )

    class Meta:
        model = Completion
        fields = ["course", "completed_on", "provider", "certificate", "notes"]
        widgets = {"completed_on": DateInput}

    def __init__(self, *args, audience: str, **kwargs):
        super().__init__(*args, **kwargs)
        also = [self.instance.course] if self.instance.pk else []
        self.fields["course"].queryset = courses_for(audience, also=also)

    def clean_completed_on(self):
        return self._check_date(self.cleaned_data.get("completed_on"), future_ok=False)

    def clean_provider(self):
        text = " ".join((self.cleaned_data.get("provider") or "").split())
        if not text:
            raise forms.ValidationError("Say who ran the course.")
        return text


class ArrangementForm(TodayMixin, forms.ModelForm):
    class Meta:
        model = SupportArrangement
        fields = ["kind", "given_by", "how_often", "starts_on", "ends_on", "notes"]
        widgets = {
            "kind": forms.RadioSelect,
            "how_often": forms.RadioSelect,
            "starts_on": DateInput,
            "ends_on": DateInput,
        }

    def clean_starts_on(self):
        return self._check_date(self.cleaned_data.get("starts_on"))

    def clean_ends_on(self):
        return self._check_date(self.cleaned_data.get("ends_on"))

    def clean_given_by(self):
        text = " ".join((self.cleaned_data.get("given_by") or "").split())
        if not text:
            raise forms.ValidationError("Say who gives the support.")
        return text

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return data


class NoteForm(TodayMixin, forms.ModelForm):
    class Meta:
        model = SupervisionNote
        fields = ["met_on", "role", "note", "next_on"]
        widgets = {
            "met_on": DateInput,
            "next_on": DateInput,
            "note": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_met_on(self):
        return self._check_date(self.cleaned_data.get("met_on"), future_ok=False)

    def clean_next_on(self):
        return self._check_date(self.cleaned_data.get("next_on"))

    def clean_note(self):
        text = (self.cleaned_data.get("note") or "").strip()
        if not text:
            raise forms.ValidationError("Write the note.")
        return text

    def clean(self):
        data = super().clean()
        met, nxt = data.get("met_on"), data.get("next_on")
        if met and nxt and nxt < met:
            self.add_error("next_on", "The next supervision must be after this one.")
        return data


class StaffNoteForm(TodayMixin, forms.ModelForm):
    class Meta:
        model = StaffSupervisionNote
        fields = ["met_on", "role", "went_well", "worries", "training_agreed", "next_on"]
        widgets = {
            "met_on": DateInput,
            "next_on": DateInput,
            "went_well": forms.Textarea(attrs={"rows": 4}),
            "worries": forms.Textarea(attrs={"rows": 4}),
            "training_agreed": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_met_on(self):
        return self._check_date(self.cleaned_data.get("met_on"), future_ok=False)

    def clean_next_on(self):
        return self._check_date(self.cleaned_data.get("next_on"))

    def clean(self):
        data = super().clean()
        for field in ("went_well", "worries", "training_agreed"):
            if field in data:
                data[field] = (data[field] or "").strip()
        if not any(data.get(f) for f in ("went_well", "worries", "training_agreed")):
            self.add_error(
                "went_well", "Write what went well, any worries, or the training or support agreed."
            )
        met, nxt = data.get("met_on"), data.get("next_on")
        if met and nxt and nxt < met:
            self.add_error("next_on", "The next supervision must be after this one.")
        return data

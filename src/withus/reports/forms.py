"""Forms for reports: the period and audience of a report, and the equality baseline grid."""

from __future__ import annotations

import datetime as dt

from django import forms

from withus.people.equality import QUESTIONS
from withus.people.forms import DateInput
from withus.projects.models import Project
from withus.reports.models import ReportRun

MAX_DAYS = 3 * 366


def last_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last complete calendar quarter before today."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    this_start = dt.date(today.year, first_month, 1)
    end = this_start - dt.timedelta(days=1)
    return dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


def last_financial_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """1 April to 31 March: the last one that has ended."""
    year = today.year if today >= dt.date(today.year, 4, 1) else today.year - 1
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def _span(start: dt.date, end: dt.date) -> str:
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


class PeriodForm(forms.Form):
    PRESETS = [
        ("last_quarter", "Last quarter"),
        ("last_financial_year", "Last financial year (1 April to 31 March)"),
        ("custom", "Choose the dates"),
    ]
    period = forms.ChoiceField(
        label="Period", choices=PRESETS, initial="last_quarter", widget=forms.RadioSelect
    )
    start = forms.DateField(
        label="First day",
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        help_text="Only if you choose the dates. For example 2026-04-01",
    )
    end = forms.DateField(
        label="Last day",
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        help_text="For example 2027-03-31",
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        quarter, year = last_quarter(today), last_financial_year(today)
        self.fields["period"].choices = [
            ("last_quarter", f"Last quarter ({_span(*quarter)})"),
            ("last_financial_year", f"Last financial year ({_span(*year)})"),
            ("custom", "Choose the dates"),
        ]

    def clean(self):
        data = super().clean()
        preset = data.get("period")
        if preset == "last_quarter":
            data["start"], data["end"] = last_quarter(self.today)
        elif preset == "last_financial_year":
            data["start"], data["end"] = last_financial_year(self.today)
        elif preset == "custom":
            start, end = data.get("start"), data.get("end")
            if not start and "start" not in self.errors:
                self.add_error("start", "Enter the first day of the period.")
            if not end and "end" not in self.errors:
                self.add_error("end", "Enter the last day of the period.")
            if start and end:
                if end < start:
                    self.add_error(
                        "end", "The last day must be the same as or after the first day."
                    )
                elif (end - start).days > MAX_DAYS:
                    self.add_error("end", "Choose a period of 3 years or less.")
                elif start.year < 2000:
                    self.add_error("start", "Choose a first day in 2000 or later.")
        return data


class ReportForm(PeriodForm):
    audience = forms.ChoiceField(
        label="Who is the report for?",
        choices=ReportRun.Audience.choices,
        widget=forms.RadioSelect,
    )
    project = forms.ModelChoiceField(
        label="Project (optional)",
        required=False,
        queryset=Project.objects.none(),
        empty_label="All projects",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.order_by("name")


class BaselineForm(forms.Form):
    """One number box per answer to each equality question."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question, (_text, answers) in QUESTIONS.items():
            for code, label in answers:
                self.fields[f"{question}__{code}"] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=10_000_000,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
                )

    def groups(self):
        for question, (text, answers) in QUESTIONS.items():
            yield text, [self[f"{question}__{code}"] for code, _ in answers]

    def counts(self) -> dict[tuple[str, str], int]:
        out = {}
        for name, value in self.cleaned_data.items():
            question, code = name.split("__", 1)
            out[(question, code)] = value or 0
        return out

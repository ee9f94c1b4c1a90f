from __future__ import annotations

from django import forms

from withus.events.models import Event
from withus.forms import IdsModelMultipleChoiceField
from withus.people.forms import DateInput
from withus.people.models import Participant
from withus.projects.models import Project
from withus.surveys.models import Question, Survey

Q = Question.Kind


class SurveyForm(forms.ModelForm):
    project = forms.ModelChoiceField(
        label="Project (optional)",
        queryset=Project.objects.none(),
        required=False,
        empty_label="Not part of a project",
    )
    event = forms.ModelChoiceField(
        label="Event (optional)",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Not about one event",
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "intro",
            "audience",
            "kind",
            "anonymous",
            "project",
            "event",
            "closes_on",
        ]
        labels = {
            "title": "Title",
            "audience": "Who is it for?",
            "kind": "What kind of survey is it?",
            "anonymous": "Anonymous: answers are not linked to names",
            "project": "Project (optional)",
            "event": "Event (optional)",
            "closes_on": "Closes on (optional)",
        }
        help_texts = {
            "kind": "A before survey is answered at the start of a project. Later you make its "
            "after survey, with the same questions, to see what changed for people.",
            "closes_on": "After this date the survey takes no more answers.",
        }
        widgets = {
            "audience": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "intro": forms.Textarea(attrs={"rows": 4}),
            "closes_on": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in Survey.Kind.choices if c[0] != Survey.Kind.AFTER]
        self.fields["project"].queryset = Project.objects.order_by("name")
        self.fields["event"].queryset = Event.objects.order_by("-starts_at")
        if self.instance.pk and self.instance.status != Survey.Status.DRAFT:
            for name in ("audience", "kind", "anonymous", "project", "event"):
                self.fields[name].disabled = True
        if self.instance.pk:
            self.fields["kind"].disabled = True


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label="Options, one on each line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only for 'Choose one' and 'Choose any'.",
    )

    class Meta:
        model = Question
        fields = ["text", "hint", "kind", "scale_low", "scale_high", "required"]
        labels = {
            "text": "Question",
            "hint": "Hint (optional)",
            "kind": "How do people answer?",
            "scale_low": "Words for 1 on the scale",
            "scale_high": "Words for 5 on the scale",
            "required": "People must answer this question",
        }
        help_texts = {"text": "Short and plain. One thing at a time."}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.options:
            self.fields["options_text"].initial = "\n".join(self.instance.options)

    def clean(self):
        data = super().clean()
        options = [
            line.strip() for line in (data.get("options_text") or "").splitlines() if line.strip()
        ]
        options = list(dict.fromkeys(options))
        if data.get("kind") in (Q.SINGLE, Q.MULTIPLE):
            if len(options) < 2:
                self.add_error("options_text", "Enter at least two options, one on each line.")
            if any(len(o) > 200 for o in options):
                self.add_error("options_text", "Keep each option under 200 characters.")
        data["options"] = options
        if data.get("kind") == Q.SCALE:
            for name in ("scale_low", "scale_high"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, "Enter the words for this end of the scale.")
        return data

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "text": d["text"],
            "hint": d["hint"],
            "kind": d["kind"],
            "options": d["options"],
            "scale_low": d["scale_low"],
            "scale_high": d["scale_high"],
            "required": d["required"],
        }


def question_field(question: Question) -> forms.Field:
    label = question.text if question.required else f"{question.text} (optional)"
    common = {"label": label, "required": question.required, "help_text": question.hint}
    if question.kind == Q.SCALE:
        choices = [(str(i), str(i)) for i in range(1, 6)]
        choices[0] = ("1", f"1 – {question.scale_low}") if question.scale_low else choices[0]
        choices[4] = ("5", f"5 – {question.scale_high}") if question.scale_high else choices[4]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Q.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, **common
        )
    if question.kind == Q.SINGLE:
        return forms.ChoiceField(
            choices=[(o, o) for o in question.options], widget=forms.RadioSelect, **common
        )
    if question.kind == Q.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(o, o) for o in question.options],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, strip=True, **common
    )


class AnswerForm(forms.Form):
    """The survey itself: one field per question, named q<id>."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = question_field(question)

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            v not in (None, "", []) for k, v in data.items() if k.startswith("q")
        ):
            raise forms.ValidationError("Answer at least one question.")
        return data


class PaperForm(AnswerForm):
    """Answers typed in from a paper form by staff; optionally whose they are."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        if not survey.anonymous or survey.kind in (Survey.Kind.BEFORE, Survey.Kind.AFTER):
            person = forms.ModelChoiceField(
                label="Whose answers are these? (optional)",
                queryset=Participant.objects.order_by("preferred_name"),
                required=False,
                help_text=(
                    "Their name is not shown with the answers of an anonymous survey; it is "
                    "only used to match their before and after answers."
                    if survey.anonymous
                    else "Leave empty if you do not know."
                ),
            )
            self.fields = {"participant": person, **self.fields}


class SendForm(forms.Form):
    participants = IdsModelMultipleChoiceField(
        label="Who should get a personal link?",
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one person."},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = queryset
        self.fields["participants"].label_from_instance = lambda p: p.preferred_name

"""Forms for role descriptions and terms of reference. Labels and hints are in plain English;
the GOV.UK renderer (withus.forms) draws them."""

from __future__ import annotations

from django import forms

from withus.projects.models import Project
from withus.recruitment.models import RoleDescription, TermsOfReference

NO_PROJECT = "Not part of a project"


class _ProjectChoiceForm(forms.ModelForm):
    """Offers the organisation's own projects (the scoped manager) to link the document to."""

    # Declared here so that the scoped manager is only asked inside a request's scope.
    project = forms.ModelChoiceField(
        queryset=Project.unscoped.none(),
        required=False,
        label="Project it is for",
        empty_label=NO_PROJECT,
        help_text="The project's lead becomes the named contact in the document.",
        error_messages={"invalid_choice": "Choose a project from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.order_by("name", "id")


class RoleDescriptionForm(_ProjectChoiceForm):
    class Meta:
        model = RoleDescription
        fields = [
            "title",
            "project",
            "summary",
            "skills",
            "abilities_interests",
            "tasks",
            "who_else",
            "frequency",
            "duration",
            "payment_policy",
            "support_offered",
            "accessibility",
        ]
        labels = {
            "title": "Name of the role",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "skills": forms.Textarea(attrs={"rows": 4}),
            "abilities_interests": forms.Textarea(attrs={"rows": 3}),
            "tasks": forms.Textarea(attrs={"rows": 5}),
            "who_else": forms.Textarea(attrs={"rows": 3}),
            "payment_policy": forms.Textarea(attrs={"rows": 4}),
            "support_offered": forms.Textarea(attrs={"rows": 4}),
            "accessibility": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": 'A short name people will understand, like "Peer researcher".',
            "summary": "Two or three sentences on what the role is and why it matters.",
            "skills": (
                "What people need to be able to do. Start a line with a dash (-) to make a list. "
                "Say if training is given, so people are not put off."
            ),
            "abilities_interests": (
                "For example, lived experience of probation, or an interest in how services "
                "are run."
            ),
            "tasks": "The things they would actually do. Start each with a dash (-) to list them.",
            "who_else": (
                "Other people with lived experience, and staff by their job title, like "
                '"our involvement coordinator".'
            ),
            "frequency": 'For example, "One afternoon a month, 1pm to 4pm".',
            "duration": 'For example, "Six months, from March to August 2027".',
            "payment_policy": (
                "What is paid and how, which travel and other costs are paid back, and when. "
                "Say that people can choose not to be paid."
            ),
            "support_offered": "For example, an induction, training, a buddy or regular check-ins.",
            "accessibility": (
                "The venue, breaks, help with childcare or caring, large print or Easy Read, "
                "interpreters, and how to ask for anything else."
            ),
        }
        error_messages = {
            "title": {
                "required": "Enter a name for the role",
                "max_length": "The name of the role must be 150 characters or fewer",
            },
            "summary": {"required": "Say what the role is about"},
            "frequency": {"max_length": "How often must be 200 characters or fewer"},
            "duration": {"max_length": "How long for must be 200 characters or fewer"},
        }


class TermsOfReferenceForm(_ProjectChoiceForm):
    class Meta:
        model = TermsOfReference
        fields = [
            "group_name",
            "project",
            "purpose",
            "membership",
            "meeting_frequency",
            "decision_making",
            "confidentiality",
            "code_of_conduct",
        ]
        labels = {
            "group_name": "Name of the group",
            "purpose": "What the group is for",
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "membership": forms.Textarea(attrs={"rows": 3}),
            "decision_making": forms.Textarea(attrs={"rows": 4}),
            "confidentiality": forms.Textarea(attrs={"rows": 4}),
            "code_of_conduct": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "group_name": 'For example, "Women\'s forum".',
            "purpose": (
                "What the group is there to do, what it can and cannot change, and what happens "
                "to its ideas."
            ),
            "membership": "Who can join, how many members there are and how people join or leave.",
            "meeting_frequency": 'For example, "Every other Tuesday, 10am to midday".',
            "decision_making": (
                "For example, by agreement or by a vote, who chairs, and how the group hears back "
                "about what was done with its views."
            ),
            "confidentiality": (
                "What stays in the room, what may be shared and with whom, and when staff would "
                "have to pass something on to keep someone safe."
            ),
            "code_of_conduct": (
                "How members agree to treat each other, and what happens if there is a problem. "
                "Start a line with a dash (-) to make a list."
            ),
        }
        error_messages = {
            "group_name": {
                "required": "Enter a name for the group",
                "max_length": "The name of the group must be 150 characters or fewer",
            },
            "purpose": {"required": "Say what the group is for"},
            "meeting_frequency": {
                "max_length": "How often it meets must be 200 characters or fewer"
            },
        }

from django import forms
from django.contrib.auth.password_validation import validate_password

from withus.orgs.capabilities import ROLE_CHOICES, ROLES
from withus.orgs.models import Organisation


def _role_help() -> str:
    return " ".join(f"{role.label}: {role.description}" for role in ROLES.values())


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="We'll send an invitation link to this address. It works for 14 days.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the email address of the person you want to invite",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role this person will have"},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )


# withus serves organisations in the UK, Ireland and the Crown Dependencies.
TIMEZONE_CHOICES = [
    ("Europe/London", "UK (London)"),
    ("Europe/Dublin", "Ireland (Dublin)"),
    ("Europe/Jersey", "Jersey"),
    ("Europe/Guernsey", "Guernsey"),
    ("Europe/Isle_of_Man", "Isle of Man"),
]


class SettingsForm(forms.ModelForm):
    timezone = forms.ChoiceField(label="Time zone", choices=TIMEZONE_CHOICES)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "charity_number",
            "phone",
            "timezone",
            "papers_lead_days",
            "expense_target_days",
            "feedback_target_days",
            "small_number_threshold",
            "retention_months",
            "quiet_hours_start",
            "quiet_hours_end",
        ]
        labels = {
            "name": "Organisation name",
            "charity_number": "Charity number (optional)",
            "phone": "Phone number for participants (optional)",
        }
        help_texts = {
            "phone": "Participants see this in the portal when their named contact has no phone "
            "number. Leave it empty if you have none to give.",
            "papers_lead_days": "People need time to read and digest papers before a meeting. "
            "Two weeks is the usual good practice.",
            "expense_target_days": "Nobody should be left out of pocket because they took part.",
            "feedback_target_days": "How soon people should hear what happened to what they said.",
            "small_number_threshold": "In reports, counts smaller than this are shown as "
            "'fewer than' the number, so that nobody can be identified.",
            "quiet_hours_start": "Texts and emails to participants wait until the morning. "
            "Use the 24-hour clock, for example 20:00.",
            "quiet_hours_end": "For example 08:00.",
            "retention_months": "Keep only what you need: after this long, records of people "
            "who have moved on are listed for review, to keep or anonymise.",
        }

    def clean_phone(self) -> str:
        from withus.accounts.forms import clean_phone_text

        return clean_phone_text(self.cleaned_data.get("phone", ""))


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={"required": "Enter your name"},
    )
    password1 = forms.CharField(
        label="Choose a password",
        help_text="At least 10 characters. A few words strung together works well.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Choose a password"},
    )
    password2 = forms.CharField(
        label="Type the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords are different. Type them again.")
        if p1:
            from withus.accounts.models import User

            try:
                validate_password(
                    p1, user=User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

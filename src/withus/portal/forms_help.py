"""The participant's form for a complaint, a concern, or "worried about something"."""

from __future__ import annotations

from django import forms

from withus.concerns.models import Concern

K = Concern.Kind

# What the form asks, in plain words, for each kind (standard, Easy Read).
ABOUT_LABEL = {
    K.COMPLAINT: ("What do you want to complain about?", "What are you not happy about?"),
    K.CONCERN: ("What is worrying you about how things are going?", "What is wrong?"),
    K.WORRIED: ("Who are you worried about, and why?", "Who is not safe? What happened?"),
}
ABOUT_HINT = {
    K.COMPLAINT: "Say what happened, when, and who was there if you know. It can be about us "
    "or about a member of staff.",
    K.CONCERN: "For example a meeting, a payment, or how you are treated in the group.",
    K.WORRIED: "It can be about you. Say where they are and how we can help, if you know.",
}
WANTED_LABEL = {
    K.COMPLAINT: "What would you like to happen? (optional)",
    K.CONCERN: "What would you like to happen? (optional)",
    K.WORRIED: "Is there anything else we should know? (optional)",
}


class ConcernForm(forms.Form):
    about = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Tell us what it is about",
            "max_length": "Make it shorter: up to 5000 letters. You can tell us the rest later.",
        },
    )
    wanted = forms.CharField(
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Make it shorter: up to 3000 letters."},
    )
    reply_by = forms.ChoiceField(
        label="How should we reply?",
        widget=forms.RadioSelect,
        choices=[
            (Concern.Reply.USUAL, "The way we usually contact you"),
            (Concern.Reply.PHONE, "Phone me"),
            (Concern.Reply.NONE, "You do not need to reply"),
        ],
        initial=Concern.Reply.USUAL,
        error_messages={
            "required": "Choose how we should reply",
            "invalid_choice": "Choose how we should reply",
        },
    )
    about_staff = forms.BooleanField(
        label="It is about someone who works here",
        required=False,
        help_text="Then only the people in charge will read it, not the rest of the staff.",
    )
    anonymous = forms.BooleanField(
        label="Do not give my name",
        required=False,
        help_text="We will not keep your name with it. We cannot reply to you, and it will not "
        "be in your list of complaints and concerns.",
    )

    def __init__(self, *args, kind: str, easy_read: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        labels = ABOUT_LABEL[kind]
        self.fields["about"].label = labels[1] if easy_read else labels[0]
        self.fields["about"].help_text = ABOUT_HINT[kind]
        self.fields["wanted"].label = WANTED_LABEL[kind]
        if kind == K.WORRIED:
            # Someone may be at risk: we must be able to come back to the person who told us.
            del self.fields["anonymous"]
            del self.fields["about_staff"]

from __future__ import annotations

from django import forms

from withus.concerns.models import Concern


class RespondForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Write it as you would say it to them: plain words, what you found, what "
        "happens now, and what they can do if they are not happy with it.",
        error_messages={"required": "Write your response"},
    )
    send_message = forms.BooleanField(
        label="Send this to them through withus, the way we usually contact them",
        required=False,
    )
    sent_by = forms.ChoiceField(
        label="If not, how did you give it to them?",
        choices=[c for c in Concern.SentBy.choices if c[0] != Concern.SentBy.MESSAGE],
        initial=Concern.SentBy.PHONE,
    )

    def __init__(self, *args, concern: Concern, **kwargs):
        super().__init__(*args, **kwargs)
        if concern.participant_id is None:
            del self.fields["send_message"]
            self.fields["sent_by"].label = "How did you give it to them?"
            self.fields["sent_by"].initial = Concern.SentBy.NOT_SENT
        elif concern.reply_by == Concern.Reply.USUAL:
            self.fields["send_message"].initial = True

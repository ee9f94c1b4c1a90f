"""The wording withus uses unless an organisation writes its own (MessageTemplate rows).

Plain language: short sentences, everyday words, the important thing first, one idea a line.
Each has a text message version of 300 characters or fewer with ordinary details filled in.
Placeholders are in {curly} brackets; messaging/rendering.py fills them in.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTICIPANT = "participant"
STAFF = "staff"

# What each placeholder means, shown next to the template editor.
PLACEHOLDERS: dict[str, str] = {
    "name": "The person's preferred name",
    "organisation": "Your organisation's name",
    "event": "The name of the meeting or event",
    "when": "The day and time, like Tuesday 3 March 2026, 10am",
    "where": "Where it is, or how to join online",
    "reply_by": "The date to reply by",
    "contact": "Who to contact with questions",
    "link": "A web link",
    "message": "The words you write (general messages)",
    "reason": "Why it is cancelled (cancellations; may be empty)",
    "amount_paid": "How much was paid, like £40.00 (remittance advice)",
    "paid_on": "The date it was paid (remittance advice)",
    "paid_for": "What the payment was for (remittance advice)",
    "paid_how": "How it was paid, like bank transfer (remittance advice)",
    "payment_reference": "The reference on their bank statement (remittance advice)",
    "participant": "The participant it is about (staff messages)",
    "review_on": "The date to review by (staff messages)",
    "papers_due": "The date papers should go out (staff messages)",
    "total": "The total the person would receive, like £150.00 in total, for 4 sessions",
    "you_said": "What the person said or suggested, in short (you said, we did)",
    "we_did": "What happened because of it, in plain words (you said, we did)",
    "survey": "The name of the survey",
}


@dataclass(frozen=True)
class DefaultTemplate:
    key: str
    label: str
    used_for: str
    subject: str
    body: str
    sms_body: str
    audience: str = PARTICIPANT
    placeholders: tuple[str, ...] = ()


DEFAULTS: dict[str, DefaultTemplate] = {
    t.key: t
    for t in (
        DefaultTemplate(
            key="event_invitation",
            label="Invitation to an event",
            used_for="Asking someone to come to a meeting or event.",
            subject="You are invited: {event}",
            body=(
                "Hello {name},\n\n"
                "We would like you to come to {event}.\n\n"
                "When: {when}\n"
                "Where: {where}\n\n"
                "Please tell us by {reply_by} if you can come.\n"
                "It is fine to say no.\n\n"
                "If you have questions, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, you are invited to {event} on {when} at {where}. "
                "Can you come? Please reply by {reply_by}. It is fine to say no. "
                "{organisation}"
            ),
            placeholders=(
                "name",
                "event",
                "when",
                "where",
                "reply_by",
                "contact",
                "organisation",
                "link",
            ),
        ),
        DefaultTemplate(
            key="event_confirmation",
            label="Place confirmed",
            used_for="Telling someone their place is booked. A calendar file goes with emails.",
            subject="Your place is booked: {event}",
            body=(
                "Hello {name},\n\n"
                "Your place at {event} is booked.\n\n"
                "When: {when}\n"
                "Where: {where}\n\n"
                "You can add it to your calendar with the file attached.\n"
                "If you cannot come any more, please tell us. That is fine.\n\n"
                "If you have questions, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, your place at {event} is booked: {when}, {where}. "
                "If you cannot come, just let us know. {organisation}"
            ),
            placeholders=("name", "event", "when", "where", "contact", "organisation"),
        ),
        DefaultTemplate(
            key="event_reminder",
            label="Reminder",
            used_for="Reminding someone shortly before an event.",
            subject="Reminder: {event} on {when}",
            body=(
                "Hello {name},\n\n"
                "This is a reminder about {event}.\n\n"
                "When: {when}\n"
                "Where: {where}\n\n"
                "If you cannot come, please tell us. That is fine.\n\n"
                "If you have questions, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, reminder: {event} is on {when} at {where}. "
                "Can't come? Just let us know. {organisation}"
            ),
            placeholders=("name", "event", "when", "where", "contact", "organisation"),
        ),
        DefaultTemplate(
            key="event_papers",
            label="Papers for a meeting",
            used_for="Sending the papers before a meeting, so there is time to read them.",
            subject="Papers for {event}",
            body=(
                "Hello {name},\n\n"
                "Here are the papers for {event} on {when}.\n\n"
                "Please read them before the meeting if you can.\n"
                "You do not have to read everything. Ask us if anything is not clear.\n"
                "We can give you them in large print or Easy Read.\n\n"
                "If you have questions, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, the papers for {event} on {when} are ready. We have sent them "
                "to you. Ask us if anything is not clear. {organisation}"
            ),
            placeholders=("name", "event", "when", "contact", "organisation", "link"),
        ),
        DefaultTemplate(
            key="waiting_list",
            label="On the waiting list",
            used_for="Telling someone the event is full and they are on the waiting list.",
            subject="{event}: you are on the waiting list",
            body=(
                "Hello {name},\n\n"
                "Thank you for wanting to come to {event}.\n\n"
                "It is full at the moment. You are on the waiting list.\n"
                "We will tell you straight away if a place comes up.\n\n"
                "If you have questions, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, {event} is full right now. You are on the waiting list. We will "
                "tell you if a place comes up. {organisation}"
            ),
            placeholders=("name", "event", "contact", "organisation"),
        ),
        DefaultTemplate(
            key="event_cancelled",
            label="Event cancelled",
            used_for="Telling people an event will not happen.",
            subject="Cancelled: {event}",
            body=(
                "Hello {name},\n\n"
                "We are sorry. {event} on {when} is cancelled.\n"
                "{reason}\n\n"
                "Please do not travel to it.\n"
                "We will tell you about the next one.\n\n"
                "If you have questions, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, sorry: {event} on {when} is cancelled. {reason} Please do not "
                "travel. We will tell you about the next one. {organisation}"
            ),
            placeholders=("name", "event", "when", "reason", "contact", "organisation"),
        ),
        DefaultTemplate(
            key="remittance",
            label="Remittance advice (you have been paid)",
            used_for="Telling someone we have paid them, how and for what. Sent to everyone "
            "paid in a batch, even people taking a break, because it is about their money.",
            subject="We have paid you {amount_paid}",
            body=(
                "Hello {name},\n\n"
                "We have paid you {amount_paid}.\n\n"
                "What it is for: {paid_for}\n"
                "How: {paid_how}\n"
                "Date paid: {paid_on}\n"
                "Reference: {payment_reference}\n\n"
                "A bank transfer can take up to 3 working days to reach you.\n"
                "Keep this message. It helps if you need to tell the benefits office.\n\n"
                "If something looks wrong, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, we have paid you {amount_paid} by {paid_how} on {paid_on} for "
                "{paid_for}. Reference {payment_reference}. Questions? Contact {contact}. "
                "{organisation}"
            ),
            placeholders=(
                "name",
                "amount_paid",
                "paid_for",
                "paid_how",
                "paid_on",
                "payment_reference",
                "contact",
                "organisation",
            ),
        ),
        DefaultTemplate(
            key="you_said_we_did",
            label="You said, we did",
            used_for="Telling someone what happened because of something they said or "
            "suggested, including when we could not do it and why.",
            subject="You said, we did",
            body=(
                "Hello {name},\n\n"
                "Thank you for telling us what you think.\n\n"
                "You said: {you_said}\n\n"
                "What happened: {we_did}\n\n"
                "If you want to talk about it, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, you told us: {you_said} What happened: {we_did} "
                "Questions? Contact {contact}. {organisation}"
            ),
            placeholders=("name", "you_said", "we_did", "contact", "organisation"),
        ),
        DefaultTemplate(
            key="survey_invitation",
            label="Survey invitation",
            used_for="Asking someone to answer a survey through their own link.",
            subject="Tell us what you think: {survey}",
            body=(
                "Hello {name},\n\n"
                "We would like to know what you think.\n"
                "Please answer our questions: {survey}\n\n"
                "Use this link: {link}\n\n"
                "It is your choice. You do not have to answer.\n"
                "If you want help, or a paper copy, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, please tell us what you think: {survey}. {link} "
                "You do not have to answer. Help: {contact}. {organisation}"
            ),
            placeholders=("name", "survey", "link", "contact", "organisation"),
        ),
        DefaultTemplate(
            key="general",
            label="General message",
            used_for="A message you write yourself to one person.",
            subject="A message from {organisation}",
            body="Hello {name},\n\n{message}\n\nFrom {organisation}",
            sms_body="Hi {name}, {message} {organisation}",
            placeholders=("name", "message", "organisation", "contact"),
        ),
        DefaultTemplate(
            key="payment_statement",
            label="What you would be paid",
            used_for="Telling someone the total they would receive, before they agree to take "
            "part. It never gives an hourly figure.",
            subject="What you would receive for {event}",
            body=(
                "Hello {name},\n\n"
                "For {event}, you would receive {total}.\n"
                "We also pay back your exact travel and other costs.\n"
                "We are telling you now, so you can decide before you agree.\n\n"
                "It is your choice. You can be paid, take expenses only, or not be paid.\n"
                "If you get benefits, payments might affect them.\n"
                "An independent advice service can help you decide. We can tell you who to ask.\n\n"
                "If you have questions, contact {contact}.\n\n"
                "From {organisation}"
            ),
            sms_body=(
                "Hi {name}, for {event} you would receive {total}, plus your exact travel and "
                "other costs. Your choice: be paid, expenses only, or not paid. On benefits? "
                "Independent advice can help. {organisation}"
            ),
            placeholders=("name", "event", "total", "contact", "organisation"),
        ),
        DefaultTemplate(
            key="staff_papers_due",
            label="Staff: papers due",
            used_for="Reminding staff that papers for a meeting should go out.",
            subject="Papers for {event} should go out by {papers_due}",
            body=(
                "Hello {name},\n\n"
                "The papers for {event} on {when} should go out by {papers_due}.\n"
                "People need time to read them, and some need large print or Easy Read.\n\n"
                "Send them from the event page: {link}"
            ),
            sms_body="Papers for {event} should go out by {papers_due}. {link}",
            audience=STAFF,
            placeholders=("name", "event", "when", "papers_due", "link"),
        ),
        DefaultTemplate(
            key="staff_consent_review",
            label="Staff: consent to review",
            used_for="Reminding staff that a participant's consent is due for review.",
            subject="Check consent with {participant} by {review_on}",
            body=(
                "Hello {name},\n\n"
                "It is time to check {participant}'s consent again (review by {review_on}).\n"
                "Ask them if they are still happy with what they agreed to.\n\n"
                "Record their answer on their page: {link}"
            ),
            sms_body="Check consent with {participant} by {review_on}. {link}",
            audience=STAFF,
            placeholders=("name", "participant", "review_on", "link"),
        ),
    )
}

# Filled-in values of an ordinary length, for previews and for checking text message length.
SAMPLE_CONTEXT: dict[str, str] = {
    "name": "Sam",
    "organisation": "Hackney Women's Centre",
    "event": "Women's forum",
    "when": "Tuesday 3 March 2026, 10am",
    "where": "Community Hall, 1 High Street",
    "reply_by": "Friday 27 February",
    "contact": "Alice on 020 7946 0000",
    "link": "https://withus.example.org/o/hwc/events/12/",
    "amount_paid": "£40.00",
    "paid_on": "Friday 6 November 2026",
    "paid_for": "Forum session: Women's forum",
    "paid_how": "bank transfer",
    "payment_reference": "WU-12345",
    "message": "We have your travel money ready. Can you come in this week to collect it?",
    "participant": "Jo",
    "review_on": "Monday 2 March 2026",
    "papers_due": "Tuesday 17 February 2026",
    "reason": "The hall is closed after a flood.",
    "total": "£150.00 in total, for 4 sessions",
    "you_said": "The waiting room is cold and there is nowhere to sit with children.",
    "we_did": "We have moved the waiting area to the warm room and added a play corner.",
    "survey": "How was the forum?",
}

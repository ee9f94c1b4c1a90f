"""Subject access: everything withus holds about one person, as JSON and as a readable PDF.

Third-party data is left out: another participant named in a restriction appears only as
"another participant". Bank details are masked. The people who send the export still check it
for third-party information and exemptions (the subject access page reminds them).

Moving on (their exit record), every version of their testimonial letter and the self-assessment
actions they own are included. The safeguarding concerns log (exits.SafeguardingConcern) is not:
it is the safeguarding lead's record, often about other people too, and what of it to disclose is
a decision for the lead (exemptions may apply). It must never reach the person's own copy in the
portal (portal.services_details.my_data), which also drops safeguarding restrictions.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from withus.audit.models import AuditEvent
from withus.pages.templatetags.withus_format import nice_date, nice_datetime, nice_time
from withus.people import choices as c
from withus.people import equality
from withus.people.crypto import decrypt, mask
from withus.people.models import (
    BankDetails,
    BenefitsRecord,
    ConsentEvent,
    EqualityRecord,
    Participant,
    Restriction,
)

ANOTHER_PARTICIPANT = "another participant"
# Internal keys that mean nothing to the person.
SKIPPED_FIELDS = {"id", "organisation"}


def _when(value):
    """Datetimes in the organisation's local time; dates and everything else unchanged."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def _user(user) -> str:
    return str(user) if user is not None else ""


def _label(field) -> str:
    text = str(field.verbose_name)
    return text[:1].upper() + text[1:]


RECORD_FIELDS = [f for f in Participant._meta.concrete_fields if f.name not in SKIPPED_FIELDS]
RECORD_LABELS = {
    **{f.name: _label(f) for f in RECORD_FIELDS},
    "channel_order": "Ways to contact them, in order",
    "check_back_on": "Check back on (when taking a break)",
    "created_at": "Added to withus",
    "updated_at": "Last changed",
    "erased_at": "Erased",
}


def _record(participant: Participant) -> dict:
    """Every field of the record, by field name, with readable values for choices."""
    record = {}
    for field in RECORD_FIELDS:
        value = getattr(participant, field.name)
        if field.name == "named_contact":
            value = _user(participant.named_contact)
        elif field.name == "channel_order":
            channels = dict(c.Channel.choices)
            value = [channels.get(channel, channel) for channel in value or []]
        elif field.choices and value not in (None, ""):
            value = dict(field.flatchoices).get(value, value)
        record[field.name] = _when(value)
    return record


def _bank(participant: Participant) -> dict | None:
    details = BankDetails.objects.filter(participant=participant).first()
    if details is None:
        return None
    return {
        "account_name": decrypt(details.account_name_encrypted),
        "sort_code": mask(decrypt(details.sort_code_encrypted)),
        "account_number": mask(decrypt(details.account_number_encrypted), visible=4),
        "updated_at": _when(details.updated_at),
        "note": "Sort code and account number are shown masked.",
    }


def _benefits(participant: Participant) -> dict | None:
    record = BenefitsRecord.objects.filter(participant=participant).first()
    if record is None:
        return None
    names = dict(c.Benefit.choices)
    return {
        "agreed_to_us_keeping_this": record.consent_given,
        "benefits": [names.get(b, b) for b in record.benefits or []],
        "other_benefit": record.other_benefit,
        "signposted_to_benefits_advice_on": record.signposted_on,
        "signposted_to": record.signposted_to,
        "permitted_work_form_pw1_noted": record.pw1_noted,
        "updated_at": _when(record.updated_at),
    }


def _equality(participant: Participant) -> list[dict] | None:
    record = EqualityRecord.objects.filter(participant=participant).first()
    if record is None:
        return None
    return [
        {"question": question, "answer": equality.label(name, getattr(record, name))}
        for name, (question, _) in equality.QUESTIONS.items()
    ]


def _restrictions(participant: Participant) -> list[dict]:
    kinds = dict(c.RestrictionKind.choices)
    restrictions = Restriction.objects.filter(participant=participant).select_related("recorded_by")
    return [
        {
            "kind": kinds.get(r.kind, r.kind),
            # Who the other person is belongs to them: never name them here.
            "other_person": ANOTHER_PARTICIPANT if r.other_participant_id else "",
            "area_or_venue": r.place,
            "what_this_means_for_involvement": r.meaning,
            "review_on": r.review_on,
            "recorded_at": _when(r.recorded_at),
            "recorded_by": _user(r.recorded_by),
            "ended_at": _when(r.ended_at),
        }
        for r in restrictions.order_by("recorded_at", "id")
    ]


def _redact_others(text: str, names: list[str]) -> str:
    for name in sorted({n for n in names if n.strip()}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", ANOTHER_PARTICIPANT, text)
    return text


def _events(participant: Participant) -> list[dict]:
    from withus.events.models import EventInvitation

    return [
        {
            "event": i.event.title,
            "starts_at": _when(i.event.starts_at),
            "invited_at": _when(i.invited_at),
            "reply": i.get_reply_display(),
            "attendance": i.get_attendance_display(),
            "requests": i.requests,
            "companion": i.companion_name,
            "pack_format": i.get_pack_format_display(),
        }
        for i in EventInvitation.objects.filter(participant=participant)
        .select_related("event")
        .order_by("event__starts_at", "id")
    ]


def _messages(participant: Participant) -> list[dict]:
    from withus.messaging.models import Message

    return [
        {
            "created_at": _when(m.created_at),
            "channel": m.get_channel_display(),
            "to": m.to_address,
            "subject": m.subject,
            "message": m.body,
            "status": m.get_status_display(),
        }
        for m in Message.objects.filter(participant=participant).order_by("created_at", "id")
    ]


def _concerns(participant: Participant) -> list[dict]:
    """Complaints, concerns and worries they raised with their name (anonymous ones are not
    linked to them, so they cannot be found here)."""
    from withus.concerns.models import Concern

    return [
        {
            "raised_at": _when(concern.created_at),
            "kind": concern.get_kind_display(),
            "what_it_is_about": concern.about,
            "what_they_would_like": concern.wanted,
            "status": concern.get_status_display(),
            "response": concern.response,
            "responded_at": _when(concern.responded_at) if concern.responded_at else None,
        }
        for concern in Concern.objects.filter(participant=participant).order_by("created_at", "id")
    ]


def _references(participant: Participant) -> list[dict]:
    from withus.portal.models import TestimonialRequest

    return [
        {
            "asked_at": _when(asked.created_at),
            "what_for": asked.purpose,
            "done_at": _when(asked.done_at) if asked.done_at else None,
            "note": asked.note,
        }
        for asked in TestimonialRequest.objects.filter(participant=participant).order_by(
            "created_at", "id"
        )
    ]


def _training_and_support(participant: Participant) -> dict:
    from withus.support import selectors as support_selectors

    return support_selectors.subject_access(participant)


def _moving_on(participant: Participant) -> dict | None:
    """When and why they moved on, and where they went (exits.ExitRecord)."""
    from withus.exits.models import ExitRecord

    record = (
        ExitRecord.objects.filter(participant=participant)
        .select_related("recorded_by")
        .prefetch_related("signposted_to")
        .first()
    )
    if record is None:
        return None
    return {
        "left_on": record.left_on,
        "reason": record.get_reason_display(),
        "more_about_why": record.reason_detail,
        "where_they_went_next": record.get_destination_display(),
        "name_of_where_they_went": record.destination_detail,
        "pointed_to": sorted(org.name for org in record.signposted_to.all()),
        "would_like_to_hear_about_opportunities": record.keep_in_touch,
        "recorded_by": _user(record.recorded_by),
        "updated_at": _when(record.updated_at),
    }


def _testimonial_letters(participant: Participant) -> list[dict]:
    """Every saved version of their testimonial letter, drafts and signed ones."""
    from withus.exits.models import LetterVersion

    return [
        {
            "version": letter.number,
            "saved_at": _when(letter.created_at),
            "saved_by": _user(letter.created_by),
            "to": letter.addressed_to,
            "letter": letter.body,
            "cv_wording": letter.cv_wording,
            "signed_by": letter.signer_name,
            "their_job": letter.signer_job,
            "signed_at": _when(letter.signed_at) if letter.signed_at else None,
        }
        for letter in LetterVersion.objects.filter(participant=participant)
        .select_related("created_by")
        .order_by("number")
    ]


def _self_assessment_actions(participant: Participant) -> list[dict]:
    """Actions from the organisation's self-assessment that this person owns."""
    from withus.assessment.models import ActionItem

    return [
        {
            "action": item.title,
            "from_the_self_assessment": (
                (item.assessment.title or nice_date(item.assessment.held_on))
                if item.assessment_id
                else ""
            ),
            "due_on": item.due_on,
            "status": item.get_status_display(),
            "added_at": _when(item.created_at),
        }
        for item in ActionItem.objects.filter(participant=participant)
        .select_related("assessment")
        .order_by("created_at", "id")
    ]


def build(participant: Participant) -> dict:
    """Everything withus holds about the person, ready for JSON (dates as ISO) or the PDF."""
    status_labels = dict(c.Status.choices)
    consent = {
        "purpose": dict(c.ConsentPurpose.choices),
        "state": dict(c.ConsentState.choices),
        "method": dict(c.ConsentMethod.choices),
    }
    # Names of other participants in this person's restrictions, to keep them out of free text.
    other_names = list(
        Participant.objects.filter(
            pk__in=Restriction.objects.filter(participant=participant)
            .exclude(other_participant=None)
            .values("other_participant")
        ).values_list("preferred_name", flat=True)
    )
    restrictions = _restrictions(participant)
    for r in restrictions:
        r["what_this_means_for_involvement"] = _redact_others(
            r["what_this_means_for_involvement"], other_names
        )
    events = AuditEvent.objects.filter(
        object_type=Participant._meta.label, object_id=str(participant.pk)
    ).order_by("created_at", "id")
    return {
        "about_this_export": {
            "organisation": participant.organisation.name,
            "created_at": _when(timezone.now()),
            "note": (
                "Everything withus holds about this person. Other people's details are left out: "
                f'another person named in a restriction is shown as "{ANOTHER_PARTICIPANT}".'
            ),
        },
        "record": _record(participant),
        "status_history": [
            {
                "changed_at": _when(change.changed_at),
                "from": status_labels.get(change.from_status, ""),
                "to": status_labels.get(change.to_status, change.to_status),
                "check_back_on": change.check_back_on,
                "reason": change.reason,
                "changed_by": _user(change.changed_by),
            }
            for change in participant.status_changes.select_related("changed_by").order_by(
                "changed_at", "id"
            )
        ],
        "interests": sorted(
            dict(c.Method.choices).get(i.method, i.method) for i in participant.interests.all()
        ),
        "access_needs": sorted(
            dict(c.AccessNeed.choices).get(n.need, n.need) for n in participant.access_needs.all()
        ),
        "availability": [
            f"{c.Day(a.day).label} {c.Period(a.period).label.lower()}"
            for a in sorted(participant.availability.all(), key=lambda a: (a.day, a.period))
        ],
        "skills": sorted(s.name for s in participant.skills.all()),
        "consent_history": [
            {
                "recorded_at": _when(event.recorded_at),
                "purpose": consent["purpose"].get(event.purpose, event.purpose),
                "decision": consent["state"].get(event.state, event.state),
                "how": consent["method"].get(event.method, event.method),
                "partner_organisation": event.partner,
                "review_on": event.review_on,
                "recorded_by": _user(event.recorded_by),
            }
            for event in ConsentEvent.objects.filter(participant=participant)
            .select_related("recorded_by")
            .order_by("recorded_at", "id")
        ],
        "bank_details": _bank(participant),
        "benefits": _benefits(participant),
        "equality_monitoring": _equality(participant),
        "safeguarding_restrictions": restrictions,
        "events": _events(participant),
        "messages": _messages(participant),
        "complaints_and_concerns": _concerns(participant),
        "references_asked_for": _references(participant),
        "training_and_support": _training_and_support(participant),
        "moving_on": _moving_on(participant),
        "testimonial_letters": _testimonial_letters(participant),
        "self_assessment_actions": _self_assessment_actions(participant),
        "activity_log": [
            {
                "when": _when(event.created_at),
                "who": event.actor_label,
                "what": _redact_others(event.summary, other_names),
            }
            for event in events
        ],
    }


def to_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode("utf-8")


def filename(participant: Participant, extension: str) -> str:
    return f"subject-access-{participant.pk}-{timezone.localdate().isoformat()}.{extension}"


def display(value) -> str:
    """Plain-English text for one value: dates like 'Tuesday 3 March 2026, 10am'."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return nice_datetime(value)
    if isinstance(value, dt.date):
        return nice_date(value)
    if isinstance(value, dt.time):
        return nice_time(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def readable(data):
    """The same data with every value as display text; lists of records stay lists."""
    if isinstance(data, dict):
        return {key: readable(value) for key, value in data.items()}
    if isinstance(data, list) and any(isinstance(item, dict) for item in data):
        return [readable(item) for item in data]
    return display(data)


# Sections that are lists of entries: empty ones say "nothing recorded" in the PDF.
ENTRY_SECTIONS = {
    "status_history",
    "consent_history",
    "safeguarding_restrictions",
    "events",
    "messages",
    "testimonial_letters",
    "self_assessment_actions",
    "activity_log",
}


def readable_sections(data: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The export ready to show: each section as display text (empty lists of entries stay
    empty, so the page can say "nothing recorded"), and the record as (label, value) rows."""
    sections = {
        key: value if value is None or (value == [] and key in ENTRY_SECTIONS) else readable(value)
        for key, value in data.items()
    }
    record = [(RECORD_LABELS[name], display(value)) for name, value in data["record"].items()]
    return sections, record


def to_html(data: dict, *, participant: Participant) -> str:
    """The readable document: every section with a heading, values in plain English."""
    sections, record = readable_sections(data)
    return render_to_string(
        "people/subject_access_pdf.html",
        {"data": sections, "record": record, "participant": participant},
    )


def to_pdf(data: dict, *, participant: Participant) -> bytes:
    from withus.documents import html_to_pdf

    # Tagged, so a screen reader can follow it; nothing outside the document is fetched.
    return html_to_pdf(to_html(data, participant=participant))

"""Portal writes for "Your record": asking for a testimonial or reference (guide 5.6), and
staff marking it done. The CV summary documents (PDF and Word) are made here too.

The email to staff says only who asked and where to look: the purpose the person typed stays
in withus."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from withus import documents as shared
from withus.audit.services import log_action
from withus.people.models import Participant
from withus.portal import notify
from withus.portal.models import TestimonialRequest
from withus.portal.selectors_record import CvSummary

logger = logging.getLogger(__name__)

ASK_AGAIN_AFTER = dt.timedelta(days=7)


class AlreadyAsked(Exception):
    """They asked less than a week ago; `request` is that earlier request."""

    def __init__(self, request: TestimonialRequest):
        super().__init__("Already asked")
        self.request = request


def recent_request(participant: Participant, *, now=None) -> TestimonialRequest | None:
    now = now or timezone.now()
    return (
        TestimonialRequest.objects.filter(
            participant=participant, created_at__gt=now - ASK_AGAIN_AFTER
        )
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def testimonial_request(
    *, participant: Participant, purpose: str = "", now: dt.datetime | None = None
) -> TestimonialRequest:
    """Ask for a testimonial or reference. Raises AlreadyAsked within a week of the last ask."""
    now = now or timezone.now()
    # Lock the person's row so a double press makes one request.
    Participant.unscoped.select_for_update().filter(pk=participant.pk).first()
    earlier = recent_request(participant, now=now)
    if earlier is not None:
        raise AlreadyAsked(earlier)
    purpose = (purpose or "").strip()
    if len(purpose) > 1000:
        raise ValidationError({"purpose": "Keep it under 1,000 letters"})
    asked = TestimonialRequest.objects.create(
        organisation=participant.organisation,
        participant=participant,
        purpose=purpose,
        created_at=now,
    )
    log_action(
        action="portal.testimonial_request",
        summary=f"{participant.preferred_name} asked for a testimonial or reference in the portal",
        organisation=participant.organisation,
        target=asked,
    )
    notify.enqueue(
        organisation=participant.organisation,
        kind="testimonial",
        path=reverse("portal:testimonials", kwargs={"org_slug": participant.organisation.slug}),
        contact=participant.named_contact,
    )
    return asked


@transaction.atomic
def testimonial_done(
    *, asked: TestimonialRequest, note: str, actor, request=None
) -> TestimonialRequest:
    asked = TestimonialRequest.objects.select_for_update().get(pk=asked.pk)
    if asked.done_at is not None:
        return asked
    asked.done_at = timezone.now()
    asked.done_by = actor
    asked.note = (note or "").strip()
    asked.save(update_fields=["done_at", "done_by", "note"])
    log_action(
        action="portal.testimonial_done",
        summary=f"Testimonial or reference for {asked.participant.preferred_name} marked done",
        actor=actor,
        organisation=asked.organisation,
        target=asked,
        request=request,
    )
    return asked


# --- the CV summary ----------------------------------------------------------------------------


def cv_pdf(summary: CvSummary) -> bytes:
    return shared.html_to_pdf(render_to_string("portal/record/cv_print.html", {"cv": summary}))


def cv_docx(summary: CvSummary) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    shared.a4(document.sections[0])
    for style_name, size, bold in (
        ("Normal", 12, None),
        ("Heading 1", 20, True),
        ("Heading 2", 15, True),
        ("Title", 24, True),
    ):
        style = document.styles[style_name]
        shared.plain_font(style, size, bold=bold)
        shared.set_language(style)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    document.add_heading(f"Involvement with {summary.organisation}", level=1)
    document.add_paragraph(summary.name)
    if summary.period:
        document.add_paragraph(summary.period)
    document.add_heading("In total", level=2)
    for line in summary.totals:
        document.add_paragraph(line, style="List Bullet")
    for heading, lines in (
        ("Roles", summary.roles),
        ("Activities", summary.activities),
        ("Training and learning", summary.training),
    ):
        if not lines:
            continue
        document.add_heading(heading, level=2)
        for line in lines:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(line.heading).bold = True
            paragraph.add_run(f": {line.detail}")
    document.add_paragraph(
        f"Summary made on {summary.made_on.day} {summary.made_on:%B %Y} from the records of "
        f"{summary.organisation}."
    )
    shared.set_properties(
        document,
        title=f"Involvement summary for {summary.name}",
        subject="Involvement summary",
        author=summary.organisation,
    )
    return shared.docx_bytes(document)

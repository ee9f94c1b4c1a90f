"""Portal "Your record": what the person has done, a summary for a CV (PDF or Word), and
asking for a testimonial or reference. Only the signed-in participant's own records."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render

from withus import documents as shared
from withus.portal import selectors_record, services_record
from withus.portal.contact import contact_name
from withus.portal.session import portal_required

MEETINGS_PAGE = 50  # meetings listed in full on the record page; the totals count them all


class TestimonialForm(forms.Form):
    purpose = forms.CharField(
        label="What is it for? (optional)",
        help_text="For example, a job, a course, or volunteering.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep it under 1,000 letters"},
    )


@portal_required
def record(request):
    participant = request.participant
    rec = selectors_record.record(participant, latest=MEETINGS_PAGE)
    return render(
        request,
        "portal/record/home.html",
        {
            "rec": rec,
            "organisation": participant.organisation,
            "asked": services_record.recent_request(participant),
            "form": TestimonialForm(),
            "contact_name": contact_name(participant, default=""),
        },
    )


@portal_required
def cv(request):
    participant = request.participant
    summary = selectors_record.cv_summary(participant)
    wanted = request.GET.get("as")
    if wanted == "pdf":
        return shared.download(
            services_record.cv_pdf(summary), shared.PDF, "involvement-summary.pdf"
        )
    if wanted == "docx":
        return shared.download(
            services_record.cv_docx(summary), shared.DOCX, "involvement-summary.docx"
        )
    return render(
        request,
        "portal/record/cv.html",
        {"cv": summary, "organisation": participant.organisation},
    )


@portal_required
def testimonial(request):
    participant = request.participant
    form = TestimonialForm(request.POST if request.method == "POST" else None)
    context = {
        "organisation": participant.organisation,
        "contact_name": contact_name(participant, default=""),
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        try:
            asked = services_record.testimonial_request(
                participant=participant, purpose=form.cleaned_data["purpose"]
            )
        except services_record.AlreadyAsked as already:
            return render(
                request,
                "portal/record/testimonial.html",
                {**context, "already": already.request},
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return render(request, "portal/record/testimonial.html", {**context, "sent": asked})
    if request.method != "POST":
        context["already"] = services_record.recent_request(participant)
    return render(request, "portal/record/testimonial.html", context)

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from withus.audit.services import log_sensitive_read
from withus.forms import apply_errors, search_text
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people import choices as c
from withus.people import forms, selectors, services
from withus.people.crypto import decrypt, mask
from withus.people.equality import QUESTIONS
from withus.people.equality import label as equality_label
from withus.people.models import (
    BankDetails,
    BenefitsRecord,
    EqualityRecord,
    Participant,
    Restriction,
    Skill,
)

PAGE_SIZES = (25, 50, 100)


def _participant(pk) -> Participant:
    try:
        return selectors.participant_detail(pk)
    except Participant.DoesNotExist:
        raise Http404("No such participant.") from None


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def filters_from(request) -> selectors.ParticipantFilters:
    get = request.GET
    status = get.get("status", "")
    interest = get.get("interest", "")
    need = get.get("access_need", "")
    return selectors.ParticipantFilters(
        q=search_text(get.get("q")),
        status=status if status in c.Status.values else "",
        interest=interest if interest in c.Method.values else "",
        skill=_int_or_none(get.get("skill")),
        access_need=need if need in c.AccessNeed.values else "",
        area=get.get("area", "")[:80],
        named_contact=_int_or_none(get.get("named_contact")),
        day=_int_or_none(get.get("day"))
        if get.get("day", "") in {str(d) for d in c.Day.values}
        else None,
        sort=get.get("sort", "name") if get.get("sort") in selectors.SORTS else "name",
        search_legal_name=request.membership.has(Capability.VIEW_SENSITIVE)
        or request.membership.has(Capability.APPROVE_PAYMENTS),
    )


@capability_required(Capability.MANAGE_PEOPLE)
def participant_list(request, org_slug):
    filters = filters_from(request)
    size = _int_or_none(request.GET.get("size"))
    size = size if size in PAGE_SIZES else PAGE_SIZES[0]
    page = Paginator(selectors.participant_list(filters), size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "size": size,
            "page_sizes": PAGE_SIZES,
            "statuses": c.Status.choices,
            "methods": c.Method.choices,
            "needs": c.AccessNeed.choices,
            "days": c.Day.choices,
            "skills": Skill.objects.all(),
            "staff": forms.staff_choices()[1:],
            "sorts": [
                ("name", "Name"),
                ("status", "Status"),
                ("newest", "Newest first"),
                ("updated", "Recently updated"),
            ],
            "can_export": request.membership.has(Capability.EXPORT),
        },
    )


def _warn_if_contacts_shared(request, participant) -> None:
    from withus.portal.services import shared_contacts

    participant.refresh_from_db(fields=["phone", "email"])
    shared = shared_contacts(participant)
    if shared:
        messages.warning(
            request,
            f"Someone else here has the same {' and '.join(shared)}. Messages still reach it, but"
            " neither person can sign in to the portal with a code sent there: give them each a"
            " printed access code from their page.",
        )


@capability_required(Capability.MANAGE_PEOPLE)
def participant_add(request, org_slug):
    # Anyone adding a person may enter a date of birth (minimum wage bands need it); only
    # people who can see sensitive data see it again afterwards.
    form = forms.ParticipantForm(request.POST or None, show_date_of_birth=True)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_create(
                organisation=request.organisation,
                data=form.service_data(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{participant.preferred_name} has been added.")
            _warn_if_contacts_shared(request, participant)
            return redirect("people:detail", org_slug=org_slug, pk=participant.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "title": "Add a participant", "button": "Add participant"},
    )


@capability_required(Capability.MANAGE_PEOPLE)
def participant_detail(request, org_slug, pk):
    participant = _participant(pk)
    consents = selectors.current_consents(participant)
    membership = request.membership
    return render(
        request,
        "people/detail.html",
        {
            "participant": participant,
            "consents": [
                (purpose, label, consents.get(purpose))
                for purpose, label in c.ConsentPurpose.choices
            ],
            "reach": selectors.how_to_reach(participant, consents),
            "photo_consent": selectors.consent_given(consents, c.ConsentPurpose.PHOTOS),
            "has_bank_details": BankDetails.objects.filter(participant=participant).exists(),
            "can_view_sensitive": membership.has(Capability.VIEW_SENSITIVE),
            "can_manage_safeguarding": membership.has(Capability.MANAGE_SAFEGUARDING),
            "can_see_bank": membership.has(Capability.APPROVE_PAYMENTS),
            "can_admin": membership.has(Capability.ADMIN),
            "channels": dict(c.Channel.choices),
            "age": participant.age_on(timezone.localdate()),
        },
    )


def _section_view(request, participant, form, title, template="people/form.html", **extra):
    return render(
        request, template, {"form": form, "participant": participant, "title": title, **extra}
    )


@capability_required(Capability.MANAGE_PEOPLE)
def edit_details(request, org_slug, pk):
    participant = _participant(pk)
    sensitive = request.membership.has(Capability.VIEW_SENSITIVE)
    form = forms.ParticipantForm(
        request.POST or None,
        instance=participant,
        show_date_of_birth=sensitive,
        show_legal_name=sensitive or request.membership.has(Capability.APPROVE_PAYMENTS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                participant=participant,
                data=form.service_data(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Details saved.")
            _warn_if_contacts_shared(request, participant)
            return redirect("people:detail", org_slug=org_slug, pk=pk)
    participant.refresh_from_db()
    return _section_view(request, participant, form, "Personal and contact details")


@capability_required(Capability.MANAGE_PEOPLE)
def edit_involvement(request, org_slug, pk):
    participant = _participant(pk)
    initial = {
        "interests": [i.method for i in participant.interests.all()],
        "skills": ", ".join(s.name for s in participant.skills.all()),
        "availability": [f"{a.day}:{a.period}" for a in participant.availability.all()],
        "curfew_time": participant.curfew_time,
        "travel_home_minutes": participant.travel_home_minutes,
        "travels_by": participant.travels_by,
        "motivations": participant.motivations,
        "put_offs": participant.put_offs,
    }
    form = forms.InvolvementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.participant_set_involvement(
            participant=participant,
            interests=data["interests"],
            skills=form.skill_names(),
            availability=form.availability_pairs(),
            data={
                k: data[k] or ("" if k in ("motivations", "put_offs", "travels_by") else None)
                for k in (
                    "curfew_time",
                    "travel_home_minutes",
                    "travels_by",
                    "motivations",
                    "put_offs",
                )
            },
            actor=request.user,
            request=request,
        )
        messages.success(request, "Interests, skills and availability saved.")
        return redirect("people:detail", org_slug=org_slug, pk=pk)
    return _section_view(request, participant, form, "What they want to do and when")


@capability_required(Capability.MANAGE_PEOPLE)
def edit_access(request, org_slug, pk):
    participant = _participant(pk)
    form = forms.AccessNeedsForm(
        request.POST or None,
        initial={
            "needs": [n.need for n in participant.access_needs.all()],
            "access_notes": participant.access_notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.participant_set_access_needs(
            participant=participant,
            needs=form.cleaned_data["needs"],
            notes=form.cleaned_data["access_notes"],
            actor=request.user,
            request=request,
        )
        messages.success(request, "Access needs saved.")
        return redirect("people:detail", org_slug=org_slug, pk=pk)
    return _section_view(request, participant, form, "Access needs")


@capability_required(Capability.MANAGE_PEOPLE)
def edit_communication(request, org_slug, pk):
    participant = _participant(pk)
    order = participant.channel_order + ["", "", ""]
    form = forms.CommunicationForm(
        request.POST or None,
        initial={
            "first": order[0],
            "second": order[1],
            "third": order[2],
            "best_times": participant.best_times,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.participant_update(
            participant=participant,
            data={
                "channel_order": form.cleaned_data["channel_order"],
                "best_times": form.cleaned_data["best_times"],
            },
            actor=request.user,
            request=request,
        )
        messages.success(request, "Contact preferences saved.")
        return redirect("people:detail", org_slug=org_slug, pk=pk)
    return _section_view(
        request,
        participant,
        form,
        "How they like to be contacted",
        intro="Consent to contact on each channel is recorded in the consent section.",
    )


@capability_required(Capability.MANAGE_PEOPLE)
def edit_payment(request, org_slug, pk):
    participant = _participant(pk)
    form = forms.PaymentPreferencesForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        services.participant_update(
            participant=participant, data=form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, "Payment preferences saved.")
        return redirect("people:detail", org_slug=org_slug, pk=pk)
    participant.refresh_from_db()
    return _section_view(request, participant, form, "Payment preferences")


@capability_required(Capability.MANAGE_PEOPLE)
def edit_bank_details(request, org_slug, pk):
    """Write-only for coordinators: the form never shows what is stored."""
    participant = _participant(pk)
    form = forms.BankDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.bank_details_save(
                participant=participant, **form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Bank details saved. They are stored encrypted.")
            return redirect("people:detail", org_slug=org_slug, pk=pk)
    return _section_view(
        request,
        participant,
        form,
        "Bank details",
        intro="For payments by bank transfer. What you enter is stored encrypted "
        "and is never shown in full again.",
    )


@capability_required(Capability.APPROVE_PAYMENTS)
def view_bank_details(request, org_slug, pk):
    participant = _participant(pk)
    details = get_object_or_404(BankDetails, participant=participant)
    log_sensitive_read(request=request, target=participant, what="bank details (masked)")
    return render(
        request,
        "people/bank_details.html",
        {
            "participant": participant,
            "details": details,
            "account_name": decrypt(details.account_name_encrypted),
            "sort_code": mask(decrypt(details.sort_code_encrypted)),
            "account_number": mask(decrypt(details.account_number_encrypted), visible=4),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def change_status(request, org_slug, pk):
    participant = _participant(pk)
    form = forms.StatusForm(request.POST or None, initial={"to_status": participant.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_change_status(
                participant=participant, **form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"{participant.preferred_name} is now: "
                f"{c.Status(form.cleaned_data['to_status']).label}.",
            )
            return redirect("people:detail", org_slug=org_slug, pk=pk)
    return _section_view(
        request,
        participant,
        form,
        "Change involvement status",
        intro="People can take a break, move on or come back at any time. "
        "Nothing on their record is lost.",
    )


@capability_required(Capability.MANAGE_PEOPLE)
def consent(request, org_slug, pk):
    participant = _participant(pk)
    form = forms.ConsentForm(request.POST or None, initial={"purpose": request.GET.get("purpose")})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                participant=participant, **form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Consent decision recorded.")
            return redirect("people:detail", org_slug=org_slug, pk=pk)
    history = participant.consent_events.select_related("recorded_by")
    return _section_view(
        request,
        participant,
        form,
        "Record a consent decision",
        template="people/consent.html",
        history=history,
    )


@capability_required(Capability.VIEW_SENSITIVE)
def benefits(request, org_slug, pk):
    participant = _participant(pk)
    record = BenefitsRecord.objects.filter(participant=participant).first()
    if request.method == "GET":
        log_sensitive_read(request=request, target=participant, what="benefits record")
    initial = (
        {
            "consent_given": record.consent_given,
            "benefits": record.benefits,
            "other_benefit": record.other_benefit,
            "signposted_on": record.signposted_on,
            "signposted_to": record.signposted_to,
            "pw1_noted": record.pw1_noted,
        }
        if record
        else {}
    )
    form = forms.BenefitsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.benefits_save(
            participant=participant, data=form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, "Benefits record saved.")
        return redirect("people:detail", org_slug=org_slug, pk=pk)
    return _section_view(
        request,
        participant,
        form,
        "Benefits awareness",
        intro="This is for flags and signposting only. withus does not give benefits advice: "
        "signpost people to independent advice before they agree to paid involvement.",
    )


@capability_required(Capability.VIEW_SENSITIVE)
def equality(request, org_slug, pk):
    participant = _participant(pk)
    record = EqualityRecord.objects.filter(participant=participant).first()
    if request.method == "GET":
        log_sensitive_read(request=request, target=participant, what="equality monitoring answers")
    initial = {name: getattr(record, name) for name in QUESTIONS} if record else {}
    form = forms.EqualityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.equality_save(
            participant=participant, data=form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, "Equality monitoring answers saved.")
        return redirect("people:detail", org_slug=org_slug, pk=pk)
    answers = (
        [
            (QUESTIONS[name][0], equality_label(name, getattr(record, name, "")))
            for name in QUESTIONS
        ]
        if record
        else []
    )
    return _section_view(
        request,
        participant,
        form,
        "Equality monitoring",
        template="people/equality.html",
        answers=answers,
        intro="Answering is voluntary and every question can be answered 'Prefer not to say'. "
        "Answers are only ever reported as totals, never about one person.",
    )


@capability_required(Capability.VIEW_SENSITIVE)
def restrictions(request, org_slug, pk):
    participant = _participant(pk)
    log_sensitive_read(request=request, target=participant, what="safeguarding restrictions")
    return render(
        request,
        "people/restrictions.html",
        {
            "participant": participant,
            "restrictions": selectors.restrictions_for(participant),
            "can_manage_safeguarding": request.membership.has(Capability.MANAGE_SAFEGUARDING),
        },
    )


@capability_required(Capability.MANAGE_SAFEGUARDING)
def restriction_add(request, org_slug, pk):
    participant = _participant(pk)
    form = forms.RestrictionForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        other = (
            Participant.objects.filter(pk=data["other_participant"]).first()
            if data["other_participant"]
            else None
        )
        try:
            services.restriction_add(
                participant=participant,
                kind=data["kind"],
                other_participant=other,
                place=data["place"],
                meaning=data["meaning"],
                review_on=data["review_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Restriction recorded.")
            return redirect("people:restrictions", org_slug=org_slug, pk=pk)
    return _section_view(
        request,
        participant,
        form,
        "Record a safeguarding restriction",
        intro="Record what the decision means for involvement. Do not record offence details.",
    )


@require_POST
@capability_required(Capability.MANAGE_SAFEGUARDING)
def restriction_end(request, org_slug, pk, restriction_id):
    participant = _participant(pk)
    restriction = get_object_or_404(Restriction, pk=restriction_id, participant=participant)
    services.restriction_end(restriction=restriction, actor=request.user, request=request)
    messages.success(request, "Restriction ended. It stays on the record.")
    return redirect("people:restrictions", org_slug=org_slug, pk=pk)

"""Participant pages "About you": what we hold, contact and access, when they are free, consent,
taking a break, leaving, and a copy of their data. Every page works on the signed-in
participant only (request.participant); nothing is looked up by an id from the URL."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from withus.audit.services import log_action
from withus.documents import download, html_to_pdf
from withus.forms import apply_errors
from withus.orgs.capabilities import Capability
from withus.pages.templatetags.withus_format import nice_date
from withus.people import choices as c
from withus.people import subject_access as sar
from withus.people.models import AccessNeed, Availability
from withus.people.selectors import current_consents
from withus.portal import services_details as services
from withus.portal import session
from withus.portal.forms_details import (
    CHANNEL_WORDS,
    NEED_WORDS,
    AccessForm,
    AvailabilityForm,
    ConsentChangeForm,
    ContactForm,
    LeaveForm,
    PauseForm,
)

# What each consent means, in plain words: (title, what it means, what saying no means).
CONSENT_WORDS = {
    c.ConsentPurpose.DATA: (
        "Keeping your information",
        "We keep your name, how to contact you and what you do with us, so we can involve "
        "you and pay you.",
        "Saying no does not delete anything by itself. Your contact will talk to you about "
        "what we keep and what we can remove.",
    ),
    c.ConsentPurpose.PHOTOS: (
        "Photos",
        "We may take photos of you at meetings and events.",
        "From now on, the sign-in sheet at meetings with photos says NO PHOTOS next to your "
        "name, and staff are told. withus does not keep photos. If a photo of you is already "
        "in print or online, ask your contact about it.",
    ),
    c.ConsentPurpose.FILM: (
        "Film",
        "We may film you at meetings and events.",
        "From now on, the sign-in sheet at meetings with filming says NO FILMING next to your "
        "name, and staff are told. If film of you is already used, ask your contact about it.",
    ),
    c.ConsentPurpose.NAMED_QUOTES: (
        "Quotes with your name",
        "We may use what you say, with your name, in reports and on our website.",
        "Staff cannot choose new things you say to use with your name. If something is "
        "already used, ask your contact about it.",
    ),
    c.ConsentPurpose.ANONYMOUS_QUOTES: (
        "Quotes without your name",
        "We may use what you say, without your name, in reports and on our website.",
        "Staff cannot choose new things you say to use as quotes. If something is already "
        "used, ask your contact about it.",
    ),
    c.ConsentPurpose.SHARING: (
        "Sharing with other organisations",
        "We may share your information with another organisation you agreed with us.",
        "We will stop sharing your information. To say yes, talk to your contact, so you both "
        "know who it goes to.",
    ),
    c.ConsentPurpose.CONTACT_SMS: (
        "Text messages",
        "We may send you text messages.",
        "We will not send you text messages.",
    ),
    c.ConsentPurpose.CONTACT_PHONE: (
        "Phone calls",
        "We may phone you.",
        "We will not phone you.",
    ),
    c.ConsentPurpose.CONTACT_EMAIL: (
        "Emails",
        "We may send you emails.",
        "We will not send you emails.",
    ),
    c.ConsentPurpose.CONTACT_POST: (
        "Letters",
        "We may send you letters in the post.",
        "We will not send you letters.",
    ),
    c.ConsentPurpose.CONTACT_KEY_WORKER: (
        "Through your key worker",
        "We may pass messages to you through your key worker.",
        "We will not pass messages through your key worker.",
    ),
}


def _contact(participant):
    return participant.named_contact


def _consent_rows(participant) -> list[dict]:
    consents = current_consents(participant)
    rows = []
    for purpose in c.ConsentPurpose:
        title, meaning, no_means = CONSENT_WORDS[purpose]
        event = consents.get(purpose.value)
        rows.append(
            {
                "purpose": purpose.value,
                "title": title,
                "meaning": meaning,
                "no_means": no_means,
                "given": event is not None and event.state == c.ConsentState.GIVEN,
                "answer": (
                    "Not asked yet"
                    if event is None
                    else "Yes"
                    if event.state == c.ConsentState.GIVEN
                    else "No"
                ),
                "when": timezone.localtime(event.recorded_at) if event else None,
                "asked": event is not None,
                "can_give": purpose != c.ConsentPurpose.SHARING,
            }
        )
    return rows


def _availability(participant) -> list[str]:
    return [
        f"{c.Day(a.day).label} {c.Period(a.period).label.lower()}"
        for a in sorted(
            Availability.objects.filter(participant=participant),
            key=lambda a: (a.day, list(c.Period.values).index(a.period)),
        )
    ]


def _save(request, form, save, message, to: str = "portal:details"):
    """For a valid POST: run `save(cleaned_data)`; when it works, say `message(result)` and go
    to `to`. Otherwise (a GET, or errors, which go on the form) None: show the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, message(result))
    return redirect(to)


def _break_started(participant, given_up) -> str:
    note = (
        f"Your break has started. It lasts until {nice_date(participant.check_back_on)}. "
        "We will not send you invitations or other messages until you come back, except "
        "about money we owe you and answers to worries or complaints you sent us. "
        "You can come back at any time."
    )
    if given_up:
        note += " We have given your place at these meetings to someone else: " + "; ".join(
            f"{event.title} on {nice_date(event.starts_at)}" for event in given_up
        )
        note += "."
    return note


@session.portal_required
def details(request):
    participant = request.participant
    needs = sorted(
        NEED_WORDS.get(n, n)
        for n in AccessNeed.objects.filter(participant=participant).values_list("need", flat=True)
    )
    return render(
        request,
        "portal/details/details.html",
        {
            "participant": participant,
            "organisation": participant.organisation,
            "channels": [CHANNEL_WORDS.get(ch, ch) for ch in participant.channel_order],
            "needs": needs,
            "availability": _availability(participant),
            "consents": _consent_rows(participant),
            "contact": _contact(participant),
        },
    )


@session.portal_required
def contact(request):
    participant = request.participant
    order = list(participant.channel_order) + ["", "", ""]
    form = ContactForm(
        request.POST or None,
        participant=participant,
        initial={
            "phone": participant.phone,
            "email": participant.email,
            "address": participant.address,
            "postcode": participant.postcode,
            "first": order[0],
            "second": order[1],
            "third": order[2],
            "best_times": participant.best_times,
        },
    )
    old_phone, old_email = participant.phone, participant.email
    done = _save(
        request,
        form,
        lambda data: services.contact_update(
            participant=participant,
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            postcode=data["postcode"],
            channel_order=data["channel_order"],
            best_times=data["best_times"],
            request=request,
        ),
        lambda _: services.contact_saved_message(
            old_phone=old_phone, old_email=old_email, participant=participant
        ),
    )
    if done:
        return done
    return render(
        request, "portal/details/contact.html", {"form": form, "participant": participant}
    )


@session.portal_required
def access(request):
    participant = request.participant
    form = AccessForm(
        request.POST or None,
        initial={
            "needs": list(
                AccessNeed.objects.filter(participant=participant).values_list("need", flat=True)
            ),
            "access_notes": participant.access_notes,
        },
    )
    done = _save(
        request,
        form,
        lambda data: services.access_needs_set(
            participant=participant,
            needs=data["needs"],
            notes=data["access_notes"],
            request=request,
        ),
        lambda _: "We have saved what helps you take part. We will use it when we plan meetings.",
    )
    if done:
        return done
    return render(request, "portal/details/access.html", {"form": form})


@session.portal_required
def availability(request):
    participant = request.participant
    current = [
        f"{d}:{p}"
        for d, p in Availability.objects.filter(participant=participant).values_list(
            "day", "period"
        )
    ]
    form = AvailabilityForm(request.POST or None, initial={"slots": current})
    if request.method == "POST" and form.is_valid():
        services.availability_set(
            participant=participant, availability=form.pairs(), request=request
        )
        messages.success(
            request, "We have saved when you are free. We will try to plan meetings then."
        )
        return redirect("portal:details")
    chosen = set(form.data.getlist("slots")) if form.is_bound else set(current)
    grid = [
        {
            "day": day.label,
            "slots": [
                {
                    "id": "id_slots"
                    if (day, period) == (c.Day.MONDAY, c.Period.MORNING)
                    else f"slot-{day.value}-{period.value}",
                    "value": f"{day.value}:{period.value}",
                    "label": period.label,
                    "checked": f"{day.value}:{period.value}" in chosen,
                }
                for period in c.Period
            ],
        }
        for day in c.Day
    ]
    return render(request, "portal/details/availability.html", {"form": form, "grid": grid})


@session.portal_required
def consent(request):
    participant = request.participant
    return render(
        request,
        "portal/details/consent.html",
        {"participant": participant, "consents": _consent_rows(participant)},
    )


@require_POST
@session.portal_required
def consent_change(request):
    participant = request.participant
    form = ConsentChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Something went wrong. Choose yes or no again.")
        return redirect("portal:consent")
    purpose, state = form.cleaned_data["purpose"], form.cleaned_data["state"]
    try:
        services.consent_change(
            participant=participant, purpose=purpose, state=state, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:consent")
    title, _, no_means = CONSENT_WORDS[c.ConsentPurpose(purpose)]
    if state == c.ConsentState.GIVEN:
        messages.success(request, f"Thank you. We have saved your answer: yes to {title.lower()}.")
    else:
        messages.success(request, f"We have saved your answer: no to {title.lower()}. {no_means}")
    return redirect("portal:consent")


@session.portal_required
def pause(request):
    participant = request.participant
    if participant.status == c.Status.PAUSED:
        return render(request, "portal/details/paused.html", {"participant": participant})
    form = PauseForm(request.POST or None)
    done = _save(
        request,
        form,
        lambda data: services.pause(
            participant=participant,
            until=data["until"],
            reason=data["reason"],
            request=request,
        ),
        lambda given_up: _break_started(participant, given_up),
        to="portal:details_pause",
    )
    if done:
        return done
    return render(
        request,
        "portal/details/pause.html",
        {
            "form": form,
            "participant": participant,
            "earliest": timezone.localdate() + dt.timedelta(days=1),
            "places": services.places_held(participant=participant),
        },
    )


@require_POST
@session.portal_required
def rejoin(request):
    participant = request.participant
    if participant.status != c.Status.PAUSED:
        messages.success(request, "You are not on a break, so there is nothing to change.")
    else:
        services.rejoin(participant=participant, request=request)
        messages.success(
            request,
            "Welcome back. You will get invitations and messages again. "
            "Check your details are still right.",
        )
    return redirect("portal:details")


@session.portal_required
def leave(request):
    participant = request.participant
    organisation = participant.organisation
    form = LeaveForm(request.POST or None)
    context = {
        "form": form,
        "participant": participant,
        "organisation": organisation,
        "contact": _contact(participant),
    }
    if request.method == "POST" and form.is_valid():
        services.leave(participant=participant, reason=form.cleaned_data["reason"], request=request)
        # People who have left cannot sign in: end the session and say goodbye here.
        session.sign_out(request)
        request.participant = None
        return render(request, "portal/details/left.html", context)
    return render(request, "portal/details/leave.html", context)


@session.portal_required
def data(request):
    participant = request.participant
    if not session.staff_may_see(request, Capability.VIEW_SENSITIVE):
        # It holds benefits, equality answers and bank details: staff viewing as the person
        # see it only with the permission they need on the staff pages.
        # (A page, not an error: the staff view itself is allowed.)
        return render(request, "portal/details/data_not_allowed.html")
    if request.portal_read_only:
        # As on the staff pages (audit.services.log_sensitive_read), naming the organisation:
        # a portal request has no staff organisation of its own.
        log_action(
            organisation=participant.organisation,
            action="sensitive.read",
            summary="Viewed their information in the portal, as them "
            "(benefits, equality answers, bank details)",
            actor=request.user,
            target=participant,
            request=request,
        )
    exported = services.my_data(
        participant=participant, audit=not request.portal_read_only, request=request
    )
    sections, record = sar.readable_sections(exported)
    context = {"participant": participant, "data": sections, "record": record}
    if request.GET.get("download") == "pdf":
        html = render_to_string("portal/details/data_document.html", context)
        name = f"your-information-{timezone.localdate().isoformat()}.pdf"
        return download(html_to_pdf(html), "application/pdf", name)
    response = render(request, "portal/details/data.html", context)
    response["Cache-Control"] = "no-store"
    return response

"""Participant pages: sign in with a code or a printed access code, choose an organisation,
the home page, sign out. Thin: the work is in services, session and selectors."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from withus.audit.services import client_ip
from withus.people.models import Participant
from withus.portal import selectors, services, session
from withus.portal.context_processors import EASY_READ
from withus.portal.forms import AccessCodeForm, CodeForm, IdentifierForm

SENT = "If we know this number or email, we have sent a code to it. It works for 10 minutes."
TOO_MANY = "You have tried too many times. Wait 15 minutes, then try again."


def _ip(request) -> str | None:
    # Behind the reverse proxy every request comes from it: the limits need the real address.
    return client_ip(request)


def sign_in(request):
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_code(text=form.cleaned_data["identifier"], ip=_ip(request))
        except services.TooMany:
            form.add_error("identifier", TOO_MANY)
        else:
            request.session[session.PENDING] = form.cleaned_data["identifier"]
            return redirect("portal:check_code")
    return render(request, "portal/sign_in.html", {"form": form})


def check_code(request):
    identifier = request.session.get(session.PENDING)
    if not identifier:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people = services.check_code(
                text=identifier, code=form.cleaned_data["code"], ip=_ip(request)
            )
        except services.TooMany:
            people = None
            form.add_error("code", TOO_MANY)
        except services.SharedIdentifier:
            people = None
            form.add_error(
                "code",
                "More than one person uses this number or email with us, so we cannot tell who "
                "you are. Ask your contact for a printed access code: it is just for you.",
            )
        if people:
            session.sign_in(request, people, remember=form.cleaned_data["remember"])
            return redirect("portal:home")
        if people == []:
            form.add_error(
                "code",
                "That code did not work. Check it, or ask for a new code. Codes work for "
                "10 minutes and only once.",
            )
    return render(request, "portal/check_code.html", {"form": form, "sent": SENT})


def access_code(request):
    form = AccessCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.check_access_code(code=form.cleaned_data["code"], ip=_ip(request))
        except services.TooMany:
            form.add_error("code", TOO_MANY)
        else:
            if person is not None:
                session.sign_in(request, [person], remember=form.cleaned_data["remember"])
                return redirect("portal:home")
            form.add_error(
                "code",
                "That access code did not work. Check it, or ask the person who gave it to you.",
            )
    return render(request, "portal/access_code.html", {"form": form})


def choose(request):
    value = session.data(request)
    if value is None:
        return redirect("portal:sign_in")
    with scopes_disabled():
        people = list(
            Participant.unscoped.filter(pk__in=list(value["ids"].values()))
            .select_related("organisation")
            .order_by("organisation__name")
        )
    if request.method == "POST":
        chosen = request.POST.get("organisation", "")
        if chosen in value["ids"]:
            value["org"] = chosen
            request.session[session.KEY] = value
            return redirect("portal:home")
        error = "Choose who you want to see"
    else:
        error = ""
    return render(request, "portal/choose.html", {"people": people, "error": error})


@session.portal_required
def home(request):
    participant = request.participant
    value = session.data(request)
    return render(
        request,
        "portal/home.html",
        {
            "participant": participant,
            "organisation": participant.organisation,
            "many": value is not None and len(value["ids"]) > 1,
            **selectors.home(participant),
        },
    )


@require_POST
def sign_out(request):
    if request.session.get(session.VIEW_AS) and not request.session.get(session.KEY):
        # A member of staff ending a read-only view: their own staff sign-in stays.
        session.stop_viewing_as(request)
    else:
        session.sign_out(request)
    return render(request, "portal/signed_out.html")


@require_POST
def easy_read(request):
    """Turn Easy Read on or off (kept in the session, so it works before signing in too)."""
    request.session[EASY_READ] = request.POST.get("easy_read") == "on"
    target = request.POST.get("next", "")
    if not (target.startswith("/p/") and url_has_allowed_host_and_scheme(target, None)):
        target = "/p/"
    return redirect(target)


@require_POST
def stop_viewing(request):
    """Ends a member of staff's read-only view and takes them back to the person's record."""
    value = request.session.get(session.VIEW_AS) or {}
    session.stop_viewing_as(request)
    with scopes_disabled():
        person = (
            Participant.unscoped.filter(
                pk=value.get("participant"), organisation_id=value.get("org")
            )
            .select_related("organisation")
            .first()
        )
    if person is None or not request.user.is_authenticated:
        return redirect("home")
    return redirect("people:detail", org_slug=person.organisation.slug, pk=person.pk)

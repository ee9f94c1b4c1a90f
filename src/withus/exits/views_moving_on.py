"""Moving on: the exit record, testimonial letters and CV wording, the signposting directory and
other roles inside the organisation (Clinks 2016, section 5.6). Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from withus.documents import download
from withus.exits import forms, letters, rules, selectors, services
from withus.exits.models import LetterVersion, SignpostOrganisation
from withus.forms import MAX_ID, apply_errors, parse_id
from withus.messaging.reminders import local_today
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people.models import Participant
from withus.portal.models import TestimonialRequest

PEOPLE = Capability.MANAGE_PEOPLE

# The "start for a person" picker shows this many names; the page says when it is cut.
PICKER_LIMIT = 300


def _check_id(*ids: int) -> None:
    if any(i > MAX_ID for i in ids):
        raise Http404("Not found.")


def _person(pk: int) -> Participant:
    _check_id(pk)
    try:
        return selectors.participant(pk)
    except Participant.DoesNotExist:
        raise Http404("No such person.") from None


def _today(request):
    return local_today(request.organisation)


@capability_required(PEOPLE)
def index(request, org_slug):
    # One more than shown, to know whether the list is cut.
    people = list(
        Participant.objects.filter(erased_at__isnull=True)
        .exclude(status="exited")
        .order_by("preferred_name", "pk")
        .only("pk", "preferred_name")[: PICKER_LIMIT + 1]
    )
    return render(
        request,
        "exits/index.html",
        {
            "exits": list(selectors.recent_exits()),
            "requests": list(selectors.open_requests()),
            "opportunities": list(selectors.open_opportunities(_today(request), limit=10)),
            "can_safeguard": request.membership.has(Capability.MANAGE_SAFEGUARDING),
            "people": people[:PICKER_LIMIT],
            "people_cut": len(people) > PICKER_LIMIT,
            "picker_limit": PICKER_LIMIT,
        },
    )


@require_GET
@capability_required(PEOPLE)
def choose(request, org_slug):
    """The "start for a person" picker posts here by GET; a bad choice goes back to the list."""
    person_id = parse_id(request.GET.get("person"))
    if person_id is None:
        messages.error(request, "Choose a person from the list.")
        return redirect("exits:index", org_slug=org_slug)
    return redirect("exits:person", org_slug=org_slug, participant_id=person_id)


@capability_required(PEOPLE)
def person(request, org_slug, participant_id):
    participant = _person(participant_id)
    record = selectors.exit_for(participant)
    requests = selectors.requests_for(participant)
    versions = selectors.letters_for(participant)
    open_requests = [r for r in requests if r.done_at is None]
    findings = (
        rules.exit_findings(
            destination=record.destination,
            signposted=len(record.signposted_to.all()),
            open_requests=len(open_requests),
            signed_letters=sum(1 for v in versions if v.is_signed),
        )
        if record
        else []
    )
    return render(
        request,
        "exits/person.html",
        {
            "participant": participant,
            "record": record,
            "findings": findings,
            "requests": requests,
            "open_requests": open_requests,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "suggestions": selectors.suggestions_for(record.destination) if record else [],
            "opportunities": list(selectors.open_opportunities(_today(request), limit=10)),
        },
    )


@capability_required(PEOPLE)
def exit_edit(request, org_slug, participant_id):
    participant = _person(participant_id)
    record = selectors.exit_for(participant)
    entries = selectors.directory()
    form = forms.ExitForm(
        request.POST or None,
        instance=record,
        entries=entries,
        initial=None if record else {"left_on": _today(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.exit_save(
                participant=participant,
                data=form.cleaned_data,
                signposted_to=form.chosen_entries(),
                actor=request.user,
                request=request,
                today=_today(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Moving on saved for {participant.preferred_name}.")
            return redirect("exits:person", org_slug=org_slug, participant_id=participant.pk)
    return render(
        request,
        "exits/exit_edit.html",
        {
            "participant": participant,
            "form": form,
            "record": record,
            # The list's length when the directory was cut, else 0.
            "directory_cut": (
                len(entries)
                if len(entries) >= selectors.DIRECTORY_LIMIT
                and selectors.directory_count() > len(entries)
                else 0
            ),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@capability_required(PEOPLE)
def letter_edit(request, org_slug, participant_id):
    """Write the letter: from the latest version, or a fresh draft from the person's record."""
    participant = _person(participant_id)
    versions = selectors.letters_for(participant)
    latest = versions[0] if versions else None
    fresh = request.GET.get("fresh") == "1" or latest is None
    facts = letters.facts_for(participant) if fresh else None
    if fresh:
        initial = {
            "addressed_to": latest.addressed_to if latest else "To whom it may concern",
            "body": letters.draft_letter(facts),
            "cv_wording": letters.draft_cv(facts),
            "signer_name": latest.signer_name if latest else request.user.get_full_name(),
            "signer_job": latest.signer_job if latest else "",
        }
    else:
        initial = {
            f: getattr(latest, f)
            for f in ("addressed_to", "body", "cv_wording", "signer_name", "signer_job")
        }
    form = forms.LetterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.letter_save(
                participant=participant, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} saved as a draft, ready to sign.")
            return redirect(
                "exits:letter_version",
                org_slug=org_slug,
                participant_id=participant.pk,
                number=version.number,
            )
    return render(
        request,
        "exits/letter_edit.html",
        {"participant": participant, "form": form, "latest": latest, "facts": facts},
        status=400 if form.is_bound and form.errors else 200,
    )


def _version(participant: Participant, number: int) -> LetterVersion:
    _check_id(number)
    return get_object_or_404(
        LetterVersion.objects.select_related("participant", "created_by", "signed_by"),
        participant=participant,
        number=number,
    )


@capability_required(PEOPLE)
def letter_version(request, org_slug, participant_id, number):
    participant = _person(participant_id)
    version = _version(participant, number)
    latest_number = max((v.number for v in selectors.letters_for(participant)), default=0)
    open_requests = [r for r in selectors.requests_for(participant) if r.done_at is None]
    return render(
        request,
        "exits/letter_version.html",
        {
            "participant": participant,
            "version": version,
            "letter": letters.letter_document(version, organisation_name=request.organisation.name),
            "is_latest": version.number == latest_number,
            "has_prompt": letters.has_prompt(version.body),
            "open_requests": open_requests,
            "cv_blocks": letters.shared.blocks_from(version.cv_wording),
        },
    )


@require_POST
@capability_required(PEOPLE)
def letter_sign(request, org_slug, participant_id, number):
    participant = _person(participant_id)
    version = _version(participant, number)
    try:
        services.letter_sign(version=version, actor=request.user, request=request)
    except services.NotSignable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {version.number} signed.")
    return redirect(
        "exits:letter_version", org_slug=org_slug, participant_id=participant.pk, number=number
    )


@require_GET
@capability_required(PEOPLE)
def letter_download(request, org_slug, participant_id, number, ext):
    if ext not in letters.EXTENSIONS:
        raise Http404("No such format.")
    participant = _person(participant_id)
    version = _version(participant, number)
    letter = letters.letter_document(version, organisation_name=request.organisation.name)
    content, content_type = letters.render(letter, ext)
    services.letter_downloaded(version=version, ext=ext, actor=request.user, request=request)
    return download(content, content_type, letter.filename(ext))


@require_POST
@capability_required(PEOPLE)
def request_done(request, org_slug, participant_id, request_id):
    participant = _person(participant_id)
    _check_id(request_id)
    asked = get_object_or_404(TestimonialRequest.objects, pk=request_id, participant=participant)
    signed = [v for v in selectors.letters_for(participant) if v.is_signed]
    services.request_done(
        asked=asked, version=signed[0] if signed else None, actor=request.user, request=request
    )
    messages.success(request, "Their request is marked done.")
    return redirect("exits:person", org_slug=org_slug, participant_id=participant.pk)


# --- directory -------------------------------------------------------------------------------


@capability_required(PEOPLE)
def directory(request, org_slug):
    kind = request.GET.get("kind", "")
    if kind not in SignpostOrganisation.Offer.values:
        kind = ""
    show_hidden = request.GET.get("hidden") == "1"
    entries = selectors.directory(kind=kind, include_archived=show_hidden)
    cut = len(entries) >= selectors.DIRECTORY_LIMIT  # the page counts all only when it may be cut
    return render(
        request,
        "exits/directory.html",
        {
            "entries": entries,
            "total": (
                selectors.directory_count(kind=kind, include_archived=show_hidden)
                if cut
                else len(entries)
            ),
            "kind": kind,
            "kinds": SignpostOrganisation.Offer.choices,
            "show_hidden": show_hidden,
            "can_seed": SignpostOrganisation.objects.count() == 0 or request.GET.get("seed") == "1",
        },
    )


@require_POST
@capability_required(PEOPLE)
def directory_seed(request, org_slug):
    added = services.directory_seed(
        organisation=request.organisation, actor=request.user, request=request
    )
    if added:
        messages.success(request, f"{added} organisations from the guide added.")
    else:
        messages.success(request, "Every organisation the guide lists is already here.")
    return redirect("exits:directory", org_slug=org_slug)


def _directory_form(request, org_slug, entry: SignpostOrganisation | None):
    form = forms.DirectoryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.directory_save(
                organisation=request.organisation,
                entry=entry,
                data=form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{saved.name} saved.")
            return redirect("exits:directory", org_slug=org_slug)
    return render(
        request,
        "exits/directory_edit.html",
        {"form": form, "entry": entry},
        status=400 if form.is_bound and form.errors else 200,
    )


@capability_required(PEOPLE)
def directory_add(request, org_slug):
    return _directory_form(request, org_slug, None)


@capability_required(PEOPLE)
def directory_edit(request, org_slug, pk):
    _check_id(pk)
    entry = get_object_or_404(SignpostOrganisation.objects, pk=pk)
    return _directory_form(request, org_slug, entry)

"""Writes for moving on and the safeguarding log. Keyword-only, audited.

Audit summaries for safeguarding never hold what the concern is about: only its number."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from withus.audit.services import log_action
from withus.exits import letters
from withus.exits.directory import GUIDE_ORGANISATIONS, SOURCE
from withus.exits.models import (
    ExitRecord,
    LetterVersion,
    SafeguardingConcern,
    SafeguardingDecision,
    SignpostOrganisation,
)
from withus.messaging.reminders import local_today
from withus.people import choices as people_choices
from withus.people import services as people_services
from withus.people.models import Participant
from withus.portal import services_record
from withus.portal.models import TestimonialRequest

# --- exit record -----------------------------------------------------------------------------


@transaction.atomic
def exit_save(
    *,
    participant: Participant,
    data: dict,
    signposted_to: list[SignpostOrganisation] | None = None,
    actor,
    request=None,
    today: dt.date | None = None,
) -> ExitRecord:
    """Record (or change) when and why the person moved on. Their status becomes "Moved on"."""
    today = today or local_today(participant.organisation)
    left_on = data["left_on"]
    if left_on > today + dt.timedelta(days=366):
        raise ValidationError({"left_on": "The date they moved on must be within the next year."})
    fields = [
        "left_on",
        "reason",
        "reason_detail",
        "destination",
        "destination_detail",
        "keep_in_touch",
    ]
    values = {f: data.get(f, ExitRecord._meta.get_field(f).get_default()) for f in fields}
    for text in ("reason_detail", "destination_detail"):
        values[text] = (values[text] or "").strip()
    # Lock the person's row so two saves at once make one record.
    Participant.unscoped.select_for_update().filter(pk=participant.pk).first()
    record = ExitRecord.objects.filter(participant=participant).first()
    created = record is None
    if created:
        record = ExitRecord(
            organisation=participant.organisation, participant=participant, recorded_by=actor
        )
    for name, value in values.items():
        setattr(record, name, value)
    record.updated_at = timezone.now()
    record.save()
    if signposted_to is not None:
        record.signposted_to.set(signposted_to)
    log_action(
        action="exits.exit_recorded" if created else "exits.exit_changed",
        summary=f"Moving on {'recorded' if created else 'changed'} for "
        f"{participant.preferred_name}",
        actor=actor,
        organisation=participant.organisation,
        target=record,
        request=request,
    )
    if participant.status != people_choices.Status.EXITED:
        people_services.participant_change_status(
            participant=participant,
            to_status=people_choices.Status.EXITED,
            reason="Moving on recorded",
            actor=actor,
            request=request,
        )
    return record


# --- testimonial letters ---------------------------------------------------------------------


@transaction.atomic
def letter_save(
    *,
    participant: Participant,
    addressed_to: str,
    body: str,
    cv_wording: str,
    signer_name: str = "",
    signer_job: str = "",
    actor,
    request=None,
) -> LetterVersion:
    """Save the letter as a new numbered draft version; earlier versions stay as they were."""
    body = letters.shared.clean(body).strip()
    if not body:
        raise ValidationError({"body": "Enter the letter."})
    Participant.unscoped.select_for_update().filter(pk=participant.pk).first()
    last = LetterVersion.objects.filter(participant=participant).aggregate(n=Max("number"))["n"]
    version = LetterVersion.objects.create(
        organisation=participant.organisation,
        participant=participant,
        number=(last or 0) + 1,
        addressed_to=(addressed_to or "").strip() or "To whom it may concern",
        body=body,
        cv_wording=letters.shared.clean(cv_wording).strip(),
        signer_name=(signer_name or "").strip(),
        signer_job=(signer_job or "").strip(),
        created_by=actor,
    )
    log_action(
        action="exits.letter_saved",
        summary=f"Testimonial letter for {participant.preferred_name}: version "
        f"{version.number} saved",
        actor=actor,
        organisation=participant.organisation,
        target=version,
        request=request,
    )
    return version


def letter_downloaded(*, version: LetterVersion, ext: str, actor, request=None) -> None:
    """Record that a letter left withus as a file (like the other exports and downloads)."""
    log_action(
        action="exits.letter_downloaded",
        summary=f"Testimonial letter for {version.participant.preferred_name}: version "
        f"{version.number} downloaded ({ext.upper()})",
        actor=actor,
        organisation=version.organisation,
        target=version,
        request=request,
    )


class NotSignable(Exception):
    pass


@transaction.atomic
def letter_sign(*, version: LetterVersion, actor, request=None) -> LetterVersion:
    """Sign a draft. The signed version never changes; a later edit makes a new draft."""
    version = LetterVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_signed:
        return version
    latest = LetterVersion.objects.filter(participant_id=version.participant_id).aggregate(
        n=Max("number")
    )["n"]
    if version.number != latest:
        raise NotSignable("Only the latest version can be signed.")
    if letters.has_prompt(version.body):
        raise NotSignable(
            "The letter still has the note in square brackets. Replace it with your own words, "
            "save, then sign."
        )
    if not version.signer_name.strip():
        raise NotSignable("Add the name of the person signing, save, then sign.")
    version.signed_at = timezone.now()
    version.signed_by = actor
    version.save(update_fields=["signed_at", "signed_by"])
    log_action(
        action="exits.letter_signed",
        summary=f"Testimonial letter for {version.participant.preferred_name}: version "
        f"{version.number} signed",
        actor=actor,
        organisation=version.organisation,
        target=version,
        request=request,
    )
    return version


def request_done(
    *, asked: TestimonialRequest, version: LetterVersion | None, actor, request=None
) -> TestimonialRequest:
    """Mark the person's portal request done (the portal's own service does the write)."""
    note = (
        f"Testimonial letter version {version.number} made in Moving on."
        if version is not None
        else "Done in Moving on."
    )
    return services_record.testimonial_done(asked=asked, note=note, actor=actor, request=request)


# --- signposting directory -------------------------------------------------------------------


@transaction.atomic
def directory_seed(*, organisation, actor=None, request=None) -> int:
    """Add the organisations the guide lists that are not in the directory yet (by name).
    Idempotent; entries staff changed or hid are left alone. Returns how many were added."""
    have = set(
        SignpostOrganisation.unscoped.filter(organisation=organisation).values_list(
            "name", flat=True
        )
    )
    added = 0
    for listed in GUIDE_ORGANISATIONS:
        if listed.name in have:
            continue
        SignpostOrganisation.unscoped.create(
            organisation=organisation,
            name=listed.name,
            offers=listed.offers,
            kinds=list(listed.kinds),
            area=listed.area,
            address=listed.address,
            phone=listed.phone,
            email=listed.email,
            website=listed.website,
            source=SOURCE,
        )
        added += 1
    if added:
        log_action(
            action="exits.directory_seeded",
            summary=f"{added} organisations from the guide added to the signposting directory",
            actor=actor,
            organisation=organisation,
            request=request,
        )
    return added


DIRECTORY_FIELDS = [
    "name",
    "offers",
    "kinds",
    "area",
    "address",
    "phone",
    "email",
    "website",
    "source",
    "checked_on",
    "archived",
]


@transaction.atomic
def directory_save(
    *, organisation, entry: SignpostOrganisation | None, data: dict, actor, request=None
) -> SignpostOrganisation:
    name = (data.get("name") or "").strip()
    clash = SignpostOrganisation.objects.filter(name__iexact=name)
    if entry is not None:
        clash = clash.exclude(pk=entry.pk)
    if clash.exists():
        raise ValidationError({"name": "The directory already has an organisation with that name."})
    created = entry is None
    entry = entry or SignpostOrganisation(organisation=organisation)
    for field in DIRECTORY_FIELDS:
        if field in data:
            value = data[field]
            setattr(entry, field, value.strip() if isinstance(value, str) else value)
    entry.updated_at = timezone.now()
    entry.save()
    log_action(
        action="exits.directory_added" if created else "exits.directory_changed",
        summary=f"Signposting directory: {entry.name} {'added' if created else 'changed'}",
        actor=actor,
        organisation=organisation,
        target=entry,
        request=request,
    )
    return entry


# --- safeguarding ----------------------------------------------------------------------------

CONCERN_FIELDS = [
    "summary",
    "details",
    "raised_on",
    "raised_by",
    "others_involved",
    "status",
    "review_on",
    "category",
    "reportable",
    "reported_on",
    "reported_by",
    "commission_reference",
    "reported_elsewhere",
]


# Older than any concern this log will hold: an earlier date is a typing slip (0001-01-01).
EARLIEST_CONCERN = dt.date(1990, 1, 1)


def check_concern(values: dict, today: dt.date) -> None:
    """Rules between a concern's fields (the form runs them too, so all problems show at once)."""
    errors = {}
    raised_on = values.get("raised_on")
    if raised_on and raised_on > today:
        errors["raised_on"] = "The date it was raised cannot be in the future."
    elif raised_on and raised_on < EARLIEST_CONCERN:
        errors["raised_on"] = (
            f"The date it was raised must be in {EARLIEST_CONCERN.year} or later. Check the year."
        )
    if raised_on and values.get("review_on") and values["review_on"] < raised_on:
        errors["review_on"] = "The review date must be on or after the date it was raised."
    if values.get("reportable") and not values.get("category"):
        errors["category"] = "Choose the Charity Commission category for a reportable incident."
    if values.get("reported_on"):
        if not values.get("reportable"):
            errors["reportable"] = (
                "Tick that it is a serious incident if it was reported to the Commission."
            )
        if values["reported_on"] > today:
            errors["reported_on"] = "The date it was reported cannot be in the future."
        if values.get("raised_on") and values["reported_on"] < values["raised_on"]:
            errors["reported_on"] = "It cannot have been reported before it was raised."
        if not (values.get("reported_by") or "").strip():
            errors["reported_by"] = "Enter who reported it to the Commission."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def concern_save(
    *,
    organisation,
    concern: SafeguardingConcern | None,
    data: dict,
    people: list[Participant] | None = None,
    actor,
    request=None,
    today: dt.date | None = None,
) -> SafeguardingConcern:
    today = today or local_today(organisation)
    current = {f: getattr(concern, f) for f in CONCERN_FIELDS} if concern else {}
    values = {**current, **{f: data[f] for f in CONCERN_FIELDS if f in data}}
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = value.strip()
    values.setdefault("status", SafeguardingConcern.Status.OPEN)
    check_concern(values, today)
    created = concern is None
    concern = concern or SafeguardingConcern(organisation=organisation, recorded_by=actor)
    # The status as stored (the object passed in may already hold a form's new values).
    stored = (
        SafeguardingConcern.objects.select_for_update()
        .filter(pk=concern.pk)
        .values_list("status", flat=True)
        .first()
        if not created
        else None
    )
    was_closed = stored == SafeguardingConcern.Status.CLOSED
    for field, value in values.items():
        setattr(concern, field, value)
    if concern.status == SafeguardingConcern.Status.CLOSED and not was_closed:
        concern.closed_on = today
    elif concern.status == SafeguardingConcern.Status.OPEN:
        concern.closed_on = None
    concern.save()
    if people is not None:
        concern.people.set(people)
    log_action(
        action="safeguarding.concern_recorded" if created else "safeguarding.concern_changed",
        summary=f"Safeguarding concern {concern.pk} {'recorded' if created else 'changed'}",
        actor=actor,
        organisation=organisation,
        target=concern,
        request=request,
    )
    return concern


@transaction.atomic
def decision_add(
    *,
    concern: SafeguardingConcern,
    decided_on: dt.date,
    decision: str,
    decided_by: str,
    review_on: dt.date | None,
    actor,
    request=None,
    today: dt.date | None = None,
) -> SafeguardingDecision:
    """Record a decision. Its review date (if any) becomes the concern's next review."""
    today = today or local_today(concern.organisation)
    errors = {}
    if decided_on > today:
        errors["decided_on"] = "The date of the decision cannot be in the future."
    if decided_on < concern.raised_on:
        errors["decided_on"] = "The decision cannot be before the concern was raised."
    if review_on and review_on < decided_on:
        errors["review_on"] = "The review date must be after the decision."
    if not (decision or "").strip():
        errors["decision"] = "Enter what was decided."
    if not (decided_by or "").strip():
        errors["decided_by"] = "Enter who decided."
    if errors:
        raise ValidationError(errors)
    concern = SafeguardingConcern.objects.select_for_update().get(pk=concern.pk)
    made = SafeguardingDecision.objects.create(
        organisation=concern.organisation,
        concern=concern,
        decided_on=decided_on,
        decision=decision.strip(),
        decided_by=decided_by.strip(),
        review_on=review_on,
        recorded_by=actor,
    )
    if review_on:
        concern.review_on = review_on
        concern.save(update_fields=["review_on"])
    log_action(
        action="safeguarding.decision_recorded",
        summary=f"Safeguarding concern {concern.pk}: decision recorded",
        actor=actor,
        organisation=concern.organisation,
        target=concern,
        request=request,
    )
    return made


# --- erasure ---------------------------------------------------------------------------------


def erase_participant_details(*, participant: Participant) -> None:
    """For people.services.participant_erase: letters are about the person, so they go; the exit
    record keeps its date, reason and destination (for counts) without the free text.
    Safeguarding concerns stay: they are kept for safeguarding, and name the erased row only."""
    LetterVersion.objects.filter(participant=participant).delete()
    ExitRecord.objects.filter(participant=participant).update(
        reason_detail="", destination_detail=""
    )

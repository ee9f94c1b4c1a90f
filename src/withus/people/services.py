"""Changes to participant records. Each is audited; sensitive values never enter the trail."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.audit.services import REDACTED, diff_fields, log_action
from withus.people import choices as c
from withus.people.crypto import encrypt
from withus.people.models import (
    AccessNeed,
    Availability,
    BankDetails,
    BenefitsRecord,
    ConsentEvent,
    EqualityRecord,
    Interest,
    Participant,
    Restriction,
    Skill,
    StatusChange,
)

# Values of these fields are sensitive: the audit trail records that they changed, not to what.
SENSITIVE_FIELDS = {"date_of_birth", "legal_name"}


def _audit_changes(instance, before: dict[str, Any], fields: list[str]) -> dict:
    changes = diff_fields(instance, before, fields)
    return {
        field: (REDACTED if field in SENSITIVE_FIELDS else values)
        for field, values in changes.items()
    }


def _log(participant, action: str, summary: str, actor, request, changes=None):
    log_action(
        organisation=participant.organisation,
        actor=actor,
        action=action,
        target=participant,
        summary=summary,
        changes=changes,
        request=request,
    )


@transaction.atomic
def participant_create(*, organisation, data: dict, actor, request=None) -> Participant:
    participant = Participant(organisation=organisation)
    for field, value in data.items():
        setattr(participant, field, value)
    participant.full_clean()
    participant.save()
    StatusChange.objects.create(
        organisation=organisation,
        participant=participant,
        from_status="",
        to_status=participant.status,
        reason="Added to withus",
        changed_by=actor,
    )
    _log(participant, "participant.create", f"Added {participant.preferred_name}", actor, request)
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, data: dict, actor, request=None) -> Participant:
    fields = list(data)
    before = Participant.objects.filter(pk=participant.pk).values(*fields).get()
    for field, value in data.items():
        setattr(participant, field, value)
    participant.full_clean()
    participant.save()
    changes = _audit_changes(participant, before, fields)
    if changes:
        _log(
            participant,
            "participant.update",
            f"Updated {participant.preferred_name}'s record",
            actor,
            request,
            changes,
        )
    return participant


def _sync(model, participant, field: str, wanted: set) -> tuple[set, set]:
    current = set(model.objects.filter(participant=participant).values_list(field, flat=True))
    model.objects.filter(participant=participant, **{f"{field}__in": current - wanted}).delete()
    model.objects.bulk_create(
        [
            model(organisation=participant.organisation, participant=participant, **{field: value})
            for value in wanted - current
        ]
    )
    return wanted - current, current - wanted


def _skills_from_names(organisation, names: list[str]) -> list[Skill]:
    cleaned = {re.sub(r"\s+", " ", name).strip().lower() for name in names if name.strip()}
    existing = {
        s.name: s for s in Skill.objects.filter(organisation=organisation, name__in=cleaned)
    }
    new = [Skill(organisation=organisation, name=name) for name in cleaned - set(existing)]
    Skill.objects.bulk_create(new)
    return list(Skill.objects.filter(organisation=organisation, name__in=cleaned))


@transaction.atomic
def participant_set_involvement(
    *,
    participant: Participant,
    interests: list[str],
    skills: list[str],
    availability: list[tuple[int, str]],
    data: dict,
    actor,
    request=None,
) -> Participant:
    """What they want and offer: interests, skills, availability, curfew and travel, notes."""
    added, removed = _sync(Interest, participant, "method", set(interests))
    participant_set_availability(participant, set(availability))
    participant.skills.set(_skills_from_names(participant.organisation, skills))
    participant_update(participant=participant, data=data, actor=actor, request=request)
    if added or removed:
        _log(
            participant,
            "participant.interests",
            f"Changed {participant.preferred_name}'s interests",
            actor,
            request,
            {"interests": [", ".join(sorted(removed)), ", ".join(sorted(added))]},
        )
    return participant


def participant_set_availability(participant, wanted: set[tuple[int, str]]) -> None:
    """Replace when they are free with `wanted` ((day, period) pairs). Not audited: callers
    log the change (the involvement form, the portal)."""
    Availability.objects.filter(participant=participant).delete()
    Availability.objects.bulk_create(
        [
            Availability(
                organisation=participant.organisation, participant=participant, day=d, period=p
            )
            for d, p in sorted(wanted)
        ]
    )


@transaction.atomic
def participant_set_access_needs(
    *, participant: Participant, needs: list[str], notes: str, actor, request=None
) -> Participant:
    added, removed = _sync(AccessNeed, participant, "need", set(needs))
    participant_update(
        participant=participant, data={"access_notes": notes}, actor=actor, request=request
    )
    if added or removed:
        labels = dict(c.AccessNeed.choices)
        _log(
            participant,
            "participant.access_needs",
            f"Changed {participant.preferred_name}'s access needs",
            actor,
            request,
            {
                "access_needs": [
                    ", ".join(sorted(labels[n] for n in removed)),
                    ", ".join(sorted(labels[n] for n in added)),
                ]
            },
        )
    return participant


def _status_label(status: str) -> str:
    return c.Status(status).label if status else "new"


@transaction.atomic
def participant_change_status(
    *,
    participant: Participant,
    to_status: str,
    check_back_on=None,
    reason: str = "",
    actor,
    request=None,
) -> StatusChange:
    if to_status not in c.Status.values:
        raise ValidationError({"to_status": "Choose a status from the list."})
    if to_status == c.Status.PAUSED and check_back_on is None:
        raise ValidationError({"check_back_on": "Enter the date to check back with them."})
    if check_back_on and check_back_on <= timezone.localdate():
        raise ValidationError({"check_back_on": "The check-back date must be in the future."})
    change = StatusChange.objects.create(
        organisation=participant.organisation,
        participant=participant,
        from_status=participant.status,
        to_status=to_status,
        check_back_on=check_back_on if to_status == c.Status.PAUSED else None,
        reason=reason.strip(),
        changed_by=actor,
    )
    participant.status = to_status
    participant.check_back_on = change.check_back_on
    participant.save(update_fields=["status", "check_back_on", "updated_at"])
    _log(
        participant,
        "participant.status",
        f"{participant.preferred_name}: {_status_label(change.from_status)} → "
        f"{c.Status(to_status).label}",
        actor,
        request,
        {"status": [change.from_status, to_status]},
    )
    if to_status == c.Status.EXITED:
        _give_up_future_places(participant, actor=actor, request=request)
    return change


def _give_up_future_places(participant: Participant, *, actor, request=None) -> None:
    """Someone who has moved on keeps no place, no waiting-list place and no open invitation at
    meetings still to come: each is declined through the events service, which gives the place
    to the first person waiting. (Whoever moves them on — staff, the portal, the exits page.)"""
    from withus.events import services as event_services
    from withus.events.models import EventInvitation

    R = EventInvitation.Reply
    for invitation in (
        EventInvitation.objects.filter(
            participant=participant,
            reply__in=[R.INVITED, R.ACCEPTED, R.WAITING],
            event__starts_at__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("event__starts_at", "pk")
    ):
        if invitation.event.is_cancelled:
            continue
        event_services.invitation_reply(
            invitation=invitation, reply=R.DECLINED, actor=actor, request=request
        )


def consent_record(
    *,
    participant: Participant,
    purpose: str,
    state: str,
    method: str,
    partner: str = "",
    review_on=None,
    actor,
    request=None,
) -> ConsentEvent:
    """Add a consent decision. Nothing is ever overwritten; the newest decision counts."""
    if (
        purpose == c.ConsentPurpose.SHARING
        and state == c.ConsentState.GIVEN
        and not partner.strip()
    ):
        raise ValidationError(
            {"partner": "Say which partner organisation they agreed to share with."}
        )
    event = ConsentEvent.objects.create(
        organisation=participant.organisation,
        participant=participant,
        purpose=purpose,
        state=state,
        method=method,
        partner=partner.strip(),
        review_on=review_on,
        recorded_by=actor,
    )
    _log(
        participant,
        "consent.record",
        f"{participant.preferred_name}: {c.ConsentPurpose(purpose).label} – "
        f"{c.ConsentState(state).label.lower()}",
        actor,
        request,
    )
    return event


SORT_CODE = re.compile(r"^\d{6}$")
ACCOUNT_NUMBER = re.compile(r"^\d{8}$")


def normalise_bank(sort_code: str, account_number: str) -> tuple[str, str]:
    sort_code = re.sub(r"[\s-]", "", sort_code)
    account_number = re.sub(r"\s", "", account_number)
    errors = {}
    if not SORT_CODE.match(sort_code):
        errors["sort_code"] = "Enter a sort code of 6 digits, like 30-94-57"
    if not ACCOUNT_NUMBER.match(account_number):
        errors["account_number"] = "Enter an account number of 8 digits"
    if errors:
        raise ValidationError(errors)
    return sort_code, account_number


@transaction.atomic
def bank_details_save(
    *,
    participant: Participant,
    account_name: str,
    sort_code: str,
    account_number: str,
    actor,
    request=None,
) -> BankDetails:
    sort_code, account_number = normalise_bank(sort_code, account_number)
    details, _ = BankDetails.objects.update_or_create(
        participant=participant,
        defaults={
            "organisation": participant.organisation,
            "account_name_encrypted": encrypt(account_name.strip()),
            "sort_code_encrypted": encrypt(sort_code),
            "account_number_encrypted": encrypt(account_number),
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    if participant.has_no_bank_account:
        participant.has_no_bank_account = False
        participant.save(update_fields=["has_no_bank_account", "updated_at"])
    _log(
        participant,
        "bank.update",
        f"Updated {participant.preferred_name}'s bank details",
        actor,
        request,
        {"bank_details": ["", "changed"]},
    )
    return details


def bank_details_remove(*, participant: Participant, actor, request=None) -> None:
    deleted, _ = BankDetails.objects.filter(participant=participant).delete()
    if deleted:
        _log(
            participant,
            "bank.remove",
            f"Removed {participant.preferred_name}'s bank details",
            actor,
            request,
        )


def benefits_save(*, participant: Participant, data: dict, actor, request=None) -> BenefitsRecord:
    if not data.get("consent_given"):
        # Without their agreement nothing about benefits is kept.
        BenefitsRecord.objects.filter(participant=participant).delete()
        _log(
            participant,
            "benefits.clear",
            f"Cleared {participant.preferred_name}'s benefits record",
            actor,
            request,
        )
        return None
    record, _ = BenefitsRecord.objects.update_or_create(
        participant=participant, defaults={"organisation": participant.organisation, **data}
    )
    _log(
        participant,
        "benefits.update",
        f"Updated {participant.preferred_name}'s benefits record",
        actor,
        request,
    )
    return record


def equality_save(*, participant: Participant, data: dict, actor, request=None) -> EqualityRecord:
    record, _ = EqualityRecord.objects.update_or_create(
        participant=participant, defaults={"organisation": participant.organisation, **data}
    )
    _log(
        participant,
        "equality.update",
        f"Updated {participant.preferred_name}'s equality monitoring",
        actor,
        request,
    )
    return record


def restriction_add(
    *,
    participant: Participant,
    kind: str,
    other_participant: Participant | None,
    place: str,
    meaning: str,
    review_on=None,
    actor,
    request=None,
) -> Restriction:
    errors = {}
    if kind == c.RestrictionKind.NO_CONTACT_PERSON:
        if other_participant is None:
            errors["other_participant"] = "Choose the participant they must not be in contact with."
        elif other_participant.pk == participant.pk:
            errors["other_participant"] = "Choose someone other than this person."
    if (
        kind in (c.RestrictionKind.EXCLUSION_AREA, c.RestrictionKind.NOT_VENUE)
        and not place.strip()
    ):
        errors["place"] = "Enter the area or venue."
    if not meaning.strip():
        errors["meaning"] = "Say what this means for involvement."
    if errors:
        raise ValidationError(errors)
    restriction = Restriction.objects.create(
        organisation=participant.organisation,
        participant=participant,
        kind=kind,
        other_participant=other_participant
        if kind == c.RestrictionKind.NO_CONTACT_PERSON
        else None,
        place=place.strip(),
        meaning=meaning.strip(),
        review_on=review_on,
        recorded_by=actor,
    )
    _log(
        participant,
        "restriction.add",
        f"Recorded a safeguarding restriction for {participant.preferred_name}",
        actor,
        request,
    )
    return restriction


def restriction_end(*, restriction: Restriction, actor, request=None) -> None:
    if restriction.ended_at is None:
        restriction.ended_at = timezone.now()
        restriction.save(update_fields=["ended_at"])
        _log(
            restriction.participant,
            "restriction.end",
            f"Ended a safeguarding restriction for {restriction.participant.preferred_name}",
            actor,
            request,
        )


ERASED_NAME = "Erased participant"


@transaction.atomic
def participant_erase(*, participant: Participant, actor, request=None) -> Participant:
    """Remove identity but keep what aggregate figures need.

    Kept: the row itself (so payments and counts stay consistent), status history, interests,
    access needs, consent decisions, equality answers (anonymous once identity is gone), age band.
    Removed: names, contact details, date of birth, notes, key worker, skills, availability,
    bank details, benefits, and restrictions on the person.
    """
    age = participant.age_on(timezone.localdate())
    if age is not None and not participant.age_band:
        participant.age_band = (
            c.AgeBand.UNDER_16
            if age < 16
            else c.AgeBand.AGE_16_17
            if age < 18
            else c.AgeBand.AGE_18_20
            if age < 21
            else c.AgeBand.AGE_21_PLUS
        )
    for field in [
        "legal_name",
        "pronouns",
        "phone",
        "email",
        "address",
        "postcode",
        "area",
        "key_worker_name",
        "key_worker_contact",
        "motivations",
        "put_offs",
        "access_notes",
        "best_times",
        "bank_account_support",
    ]:
        setattr(participant, field, "")
    participant.preferred_name = f"{ERASED_NAME} {participant.pk}"
    participant.date_of_birth = None
    participant.channel_order = []
    participant.named_contact = None
    participant.status = c.Status.EXITED
    participant.check_back_on = None
    participant.erased_at = timezone.now()
    participant.save()
    participant.skills.clear()
    Availability.objects.filter(participant=participant).delete()
    BankDetails.objects.filter(participant=participant).delete()
    BenefitsRecord.objects.filter(participant=participant).delete()
    Restriction.objects.filter(participant=participant).delete()
    # Restrictions on others that named this person stay, without the name.
    Restriction.objects.filter(other_participant=participant).update(other_participant=None)
    StatusChange.objects.filter(participant=participant).update(reason="")
    # Free-text reasons in recruitment may hold personal details too.
    from withus.recruitment.models import Candidate
    from withus.recruitment.models import StageChange as RecruitmentStageChange

    Candidate.objects.filter(participant=participant).update(reason="")
    RecruitmentStageChange.objects.filter(candidate__participant=participant).update(reason="")
    ConsentEvent.objects.filter(participant=participant).update(partner="")
    # Messages keep their dates and channels for counts, not their words or addresses.
    from withus.events.models import EventInvitation
    from withus.messaging.services import erase_messages_for

    erase_messages_for(participant)
    EventInvitation.objects.filter(participant=participant).update(
        requests="", companion_name="", override_reason=""
    )
    # Requests for a reference serve no purpose once the person is gone. Closed complaints and
    # concerns keep their dates and outcome for counts, not their words; open ones stay until
    # staff have dealt with them, and worries about safety are never cleared here (they follow
    # the organisation's safeguarding record-keeping).
    from withus.concerns.models import Concern
    from withus.portal.models import TestimonialRequest

    TestimonialRequest.objects.filter(participant=participant).delete()
    from withus.exits.services import erase_participant_details
    from withus.support.services import erase_for as erase_training_and_support

    erase_training_and_support(participant=participant, actor=actor, request=request)
    erase_participant_details(participant=participant)
    from withus.policies.services import erase_co_author

    erase_co_author(participant=participant)
    Concern.objects.filter(participant=participant, status=Concern.Status.CLOSED).exclude(
        kind=Concern.Kind.WORRIED
    ).update(about="", wanted="", response="")
    _log(
        participant,
        "participant.erase",
        f"Anonymised record {participant.pk} (erasure)",
        actor,
        request,
    )
    return participant

"""Writes for opportunities and the recruitment pipeline. Each is audited.

A candidate moves forward through PIPELINE (stages may be skipped), or closes as declined or
withdrew with a reason. People can opt back in at any time (Clinks, 2016, section 5.3): a closed
candidacy can be picked up again at the stage they left, or any later one.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.audit.services import log_action
from withus.people import choices as pc
from withus.people import services as people_services
from withus.people.models import Participant
from withus.recruitment.models import (
    CLOSED_STAGES,
    PIPELINE,
    Candidate,
    Channel,
    Opportunity,
    RoleDescription,
    Stage,
    StageChange,
)

NEW_ENQUIRER_FIELDS = ("preferred_name", "phone", "email")


@transaction.atomic
def opportunity_create(
    *,
    organisation,
    role: RoleDescription,
    title: str = "",
    places: int | None = None,
    closes_on: dt.date | None = None,
    rate_card=None,
    expected_sessions: int | None = None,
    actor,
    request=None,
) -> Opportunity:
    """Open an opportunity from a role description. The title defaults to the role's."""
    if role is None or role.organisation_id != organisation.pk:
        raise ValidationError({"role": "Choose a role description from the list."})
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "The closing date must be today or in the future."})
    if places is not None and places < 1:
        raise ValidationError({"places": "Enter 1 or more places, or leave it empty."})
    opportunity = Opportunity(
        organisation=organisation,
        role=role,
        project_id=role.project_id,
        title=(title or "").strip() or role.title,
        places=places,
        closes_on=closes_on,
        rate_card=rate_card,
        expected_sessions=expected_sessions,
    )
    if rate_card is not None and rate_card.organisation_id != organisation.pk:
        raise ValidationError({"rate_card": "Choose a rate card from the list."})
    opportunity.full_clean()
    opportunity.save()
    log_action(
        organisation=organisation,
        actor=actor,
        action="opportunity.create",
        target=opportunity,
        summary=f"Opened the opportunity “{opportunity.title}”",
        request=request,
    )
    return opportunity


@transaction.atomic
def candidate_add(
    *,
    opportunity: Opportunity,
    channel: str,
    participant: Participant | None = None,
    new_person: dict | None = None,
    actor,
    request=None,
) -> Candidate:
    """Record someone's interest: an existing participant, or a new enquirer.

    A new enquirer becomes a participant at "enquiry" (people.services.participant_create).
    """
    if opportunity.status == Opportunity.Status.CLOSED:
        raise ValidationError("This opportunity is closed. Open it again to add people.")
    errors: dict[str, str] = {}
    if channel not in Channel.values:
        errors["channel"] = "Choose how they heard about it."
    if (participant is None) == (not new_person):
        errors["participant"] = (
            "Choose someone already on withus, or enter a new person's details — one or the other."
        )
    if participant is not None and (
        participant.organisation_id != opportunity.organisation_id or participant.erased_at
    ):
        errors["participant"] = "Choose a person from the list."
    if (
        participant is not None
        and "participant" not in errors
        and Candidate.objects.filter(opportunity=opportunity, participant=participant).exists()
    ):
        errors["participant"] = (
            f"{participant.preferred_name} is already in this opportunity's pipeline."
        )
    if new_person:
        unknown = set(new_person) - set(NEW_ENQUIRER_FIELDS)
        if unknown:
            errors["participant"] = "Only a name, phone number and email can be given here."
        elif not (new_person.get("phone") or new_person.get("email")):
            errors["phone"] = "Enter a phone number or an email address, so you can reach them."
    if errors:
        raise ValidationError(errors)

    if new_person:
        participant = people_services.participant_create(
            organisation=opportunity.organisation,
            data={**new_person, "status": pc.Status.ENQUIRY},
            actor=actor,
            request=request,
        )
    moment = timezone.now()
    candidate = Candidate.objects.create(
        organisation=opportunity.organisation,
        opportunity=opportunity,
        participant=participant,
        channel=channel,
        stage=Stage.ENQUIRY,
        created_at=moment,
        stage_changed_at=moment,
    )
    StageChange.objects.create(
        organisation=opportunity.organisation,
        candidate=candidate,
        from_stage="",
        to_stage=Stage.ENQUIRY,
        changed_by=actor,
        changed_at=moment,
    )
    log_action(
        organisation=opportunity.organisation,
        actor=actor,
        action="candidate.add",
        target=candidate,
        summary=(
            f"{participant.preferred_name} enquired about “{opportunity.title}” "
            f"({Channel(channel).label.lower()})"
        ),
        request=request,
    )
    return candidate


def resume_stage(candidate: Candidate) -> str:
    """For a closed candidacy: the pipeline stage they were at when it closed."""
    last_close = (
        StageChange.objects.filter(candidate=candidate, to_stage__in=CLOSED_STAGES)
        .order_by("-changed_at", "-id")
        .values_list("from_stage", flat=True)
        .first()
    )
    return last_close if last_close in PIPELINE else Stage.ENQUIRY


def stage_options(candidate: Candidate) -> list[Stage]:
    """The stages a candidate may move to next, in order."""
    if candidate.stage in CLOSED_STAGES:
        start = PIPELINE.index(resume_stage(candidate))
        return PIPELINE[start:]
    here = PIPELINE.index(candidate.stage)
    return [*PIPELINE[here + 1 :], Stage.DECLINED, Stage.WITHDRAWN]


@transaction.atomic
def candidate_move(
    *, candidate: Candidate, to_stage: str, reason: str = "", actor, request=None
) -> StageChange:
    """Move a candidate forward, close their candidacy with a reason, or pick it up again."""
    reason = (reason or "").strip()
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": "Choose a stage from the list."})
    if to_stage == candidate.stage:
        raise ValidationError({"to_stage": "They are already at this stage."})
    if to_stage in CLOSED_STAGES and not reason:
        raise ValidationError(
            {"reason": "Say why, in a few words. For example: moved away, or not the right time."}
        )
    if to_stage not in stage_options(candidate):
        if candidate.stage in CLOSED_STAGES and to_stage in CLOSED_STAGES:
            message = "Their place is already closed."
        elif candidate.stage in CLOSED_STAGES:
            message = (
                f"They can pick up again at {Stage(resume_stage(candidate)).label.lower()} "
                "or a later stage."
            )
        else:
            message = "People move forward through the stages. Choose a later stage."
        raise ValidationError({"to_stage": message})
    if len(reason) > StageChange._meta.get_field("reason").max_length:
        raise ValidationError({"reason": "Keep the reason to 300 characters or fewer."})

    moment = timezone.now()
    change = StageChange.objects.create(
        organisation=candidate.organisation,
        candidate=candidate,
        from_stage=candidate.stage,
        to_stage=to_stage,
        reason=reason,
        changed_by=actor,
        changed_at=moment,
    )
    candidate.stage = to_stage
    candidate.stage_changed_at = moment
    candidate.reason = reason if to_stage in CLOSED_STAGES else ""
    candidate.save(update_fields=["stage", "stage_changed_at", "reason"])

    participant = candidate.participant
    log_action(
        organisation=candidate.organisation,
        actor=actor,
        action="candidate.stage",
        target=candidate,
        summary=(
            f"{participant.preferred_name}, “{candidate.opportunity.title}”: "
            f"{Stage(change.from_stage).label} → {Stage(to_stage).label}"
        ),
        changes={"stage": [change.from_stage, to_stage]},
        request=request,
    )
    if to_stage == Stage.ACTIVE and participant.status != pc.Status.ACTIVE:
        people_services.participant_change_status(
            participant=participant,
            to_status=pc.Status.ACTIVE,
            reason=f"Became active through “{candidate.opportunity.title}”",
            actor=actor,
            request=request,
        )
    return change


def opportunity_set_status(*, opportunity: Opportunity, status: str, actor, request=None) -> None:
    """Open or close an opportunity. Closing keeps everyone's place in the pipeline."""
    if status not in Opportunity.Status.values:
        raise ValidationError("Choose open or closed.")
    if opportunity.status == status:
        return
    opportunity.status = status
    opportunity.save(update_fields=["status"])
    log_action(
        organisation=opportunity.organisation,
        actor=actor,
        action="opportunity.status",
        target=opportunity,
        summary=f"{'Closed' if status == Opportunity.Status.CLOSED else 'Reopened'} "
        f"{opportunity.title}",
        request=request,
    )

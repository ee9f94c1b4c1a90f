"""Writes for voice and impact. Keyword-only, audited, transactional.

The loop on a contribution closes (`loop_closed_at` set) when every named contributor has a
Feedback row, or, for an anonymous contribution, when an answer to it is published on the board.
Feedback given while an action is still CONSIDERING counts: people heard what is happening.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.audit.services import log_action
from withus.messaging.models import Message
from withus.voice import rules
from withus.voice.models import Action, Contribution, Feedback, ImpactRecord, PersonOutcome, Theme

YOU_SAID_LENGTH = 200


def _log(target, action: str, summary: str, actor, request=None, changes=None) -> None:
    log_action(
        organisation=target.organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target=target,
        summary=summary,
        changes=changes,
        request=request,
    )


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- themes ------------------------------------------------------------------------------------


def themes_from_names(*, organisation, names: Iterable[str]) -> list[Theme]:
    """Existing themes by name (case-insensitive), creating the ones that are new."""
    found: list[Theme] = []
    for raw in names:
        name = " ".join(str(raw).split())[:60]
        if not name:
            continue
        theme = Theme.unscoped.filter(organisation=organisation, name__iexact=name).first()
        if theme is None:
            theme = Theme.unscoped.create(organisation=organisation, name=name)
        if theme not in found:
            found.append(theme)
    return found


def split_theme_names(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


# --- contributions -----------------------------------------------------------------------------


def _check_contribution(*, anonymous: bool, contributors, quote: str) -> None:
    if anonymous and contributors:
        raise ValidationError(
            {
                "contributors": "An anonymous contribution cannot name anyone. Untick anonymous or "
                "remove the names."
            }
        )
    finding = rules.quote_permission(contributors=contributors, anonymous=anonymous, quote=quote)
    if finding is not None:
        raise ValidationError({"quote": finding.message})


@transaction.atomic
def contribution_create(
    *,
    organisation,
    text: str,
    source: str,
    received_on: dt.date,
    contributors: Iterable = (),
    anonymous: bool = False,
    themes: Iterable = (),
    project=None,
    event=None,
    survey=None,
    quote: str = "no",
    actor=None,
    request=None,
) -> Contribution:
    contributors = list(contributors)
    _check_contribution(anonymous=anonymous, contributors=contributors, quote=quote)
    if not (text or "").strip():
        raise ValidationError({"text": "Write what was said."})
    if project is None and event is not None:
        project = getattr(event, "project", None)
    if project is None and survey is not None:
        project = getattr(survey, "project", None)
    contribution = Contribution.unscoped.create(
        organisation=organisation,
        text=text.strip(),
        source=source,
        received_on=received_on,
        project=project,
        event=event,
        survey=survey,
        anonymous=anonymous,
        quote=quote,
        recorded_by=_user(actor),
    )
    contribution.contributors.set(contributors)
    theme_rows = [t for t in themes if isinstance(t, Theme)]
    names = [t for t in themes if isinstance(t, str)]
    theme_rows += themes_from_names(organisation=organisation, names=names)
    contribution.themes.set(theme_rows)
    _log(contribution, "voice.contribution_create", "Contribution recorded", actor, request)
    return contribution


@transaction.atomic
def contribution_update(
    *,
    contribution: Contribution,
    data: dict,
    contributors: Iterable = (),
    themes: Iterable = (),
    actor=None,
    request=None,
) -> Contribution:
    contributors = list(contributors)
    anonymous = data.get("anonymous", contribution.anonymous)
    quote = data.get("quote", contribution.quote)
    _check_contribution(anonymous=anonymous, contributors=contributors, quote=quote)
    changes = {}
    for name in ["text", "source", "received_on", "project", "event", "anonymous", "quote"]:
        if name in data and getattr(contribution, name) != data[name]:
            changes[name] = [str(getattr(contribution, name)), str(data[name])]
            setattr(contribution, name, data[name])
    contribution.save()
    contribution.contributors.set(contributors)
    contribution.themes.set(list(themes))
    refresh_loop(contribution=contribution)
    _log(contribution, "voice.contribution_update", "Contribution changed", actor, request, changes)
    return contribution


# --- actions -----------------------------------------------------------------------------------

ACTION_FIELDS = [
    "response",
    "we_did",
    "reason",
    "action_taken",
    "change_kind",
    "owner",
    "decided_on",
    "due_on",
    "done_on",
    "evidence",
    "on_board",
]


def _check_action(action: Action) -> None:
    if action.response == Action.Response.NOT_POSSIBLE and not (action.reason or "").strip():
        raise ValidationError({"reason": "Say why it cannot be done: people need to know why."})
    if not (action.we_did or "").strip():
        raise ValidationError({"we_did": "Write what happened, in plain words."})
    if action.due_on and action.decided_on and action.due_on < action.decided_on:
        raise ValidationError({"due_on": "The due date must be on or after the decision date."})


@transaction.atomic
def action_save(
    *,
    organisation,
    data: dict,
    contributions: Iterable[Contribution],
    actor=None,
    action: Action | None = None,
    request=None,
) -> Action:
    creating = action is None
    action = action or Action(organisation=organisation, created_by=_user(actor))
    contributions = list(contributions)
    if not contributions:
        raise ValidationError({"contributions": "Pick at least one thing people said."})
    before = {f: str(getattr(action, f, "")) for f in ACTION_FIELDS}
    for name in ACTION_FIELDS:
        if name in data:
            setattr(action, name, data[name])
    _check_action(action)
    action.save()
    action.contributions.set(contributions)
    if action.on_board:
        publish_to_board(action=action, actor=actor)
    changes = {
        f: [before[f], str(getattr(action, f))]
        for f in ACTION_FIELDS
        if before[f] != str(getattr(action, f))
    }
    _log(
        action,
        "voice.action_create" if creating else "voice.action_update",
        "Decision recorded" if creating else "Decision changed",
        actor,
        request,
        None if creating else changes,
    )
    return action


# --- closing the loop --------------------------------------------------------------------------


def shorten(text: str, length: int = YOU_SAID_LENGTH) -> str:
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def we_did_text(action: Action) -> str:
    text = action.we_did.strip()
    if action.response == Action.Response.NOT_POSSIBLE and action.reason.strip():
        text = f"{text}\n\nWhy: {action.reason.strip()}"
    return text


def feedback_context(*, contribution: Contribution, action: Action) -> dict:
    return {"you_said": shorten(contribution.text), "we_did": we_did_text(action)}


def dedupe_key(contribution: Contribution, participant, action: Action) -> str:
    return f"voice-feedback-{contribution.pk}-{participant.pk}-{action.pk}"


def refresh_loop(*, contribution: Contribution, when: dt.datetime | None = None) -> bool:
    """Set (or clear) loop_closed_at from the feedback rows. Returns True when closed."""
    contribution = Contribution.unscoped.select_for_update().get(pk=contribution.pk)
    feedback = Feedback.unscoped.filter(contribution=contribution)
    if contribution.anonymous:
        closed = feedback.filter(method=Feedback.Method.BOARD).exists()
    else:
        people = set(contribution.contributors.values_list("pk", flat=True))
        told = set(feedback.exclude(participant=None).values_list("participant_id", flat=True))
        closed = bool(people) and people <= told
    if closed and contribution.loop_closed_at is None:
        last = feedback.order_by("-given_at").values_list("given_at", flat=True).first()
        contribution.loop_closed_at = when or last or timezone.now()
        contribution.save(update_fields=["loop_closed_at"])
    elif not closed and contribution.loop_closed_at is not None:
        contribution.loop_closed_at = None
        contribution.save(update_fields=["loop_closed_at"])
    return closed


@transaction.atomic
def tell_by_message(
    *, contribution: Contribution, action: Action, participant, actor=None, request=None
) -> tuple[Message, Feedback | None]:
    """Send "you said, we did" to one contributor. A Feedback row only when the message went
    (or is queued, or is a letter or call to make); NOT_SENT leaves the loop open."""
    from withus.messaging.services import message_participant  # noqa: PLC0415

    message = message_participant(
        participant=participant,
        template="you_said_we_did",
        context=feedback_context(contribution=contribution, action=action),
        related=contribution,
        dedupe_key=dedupe_key(contribution, participant, action),
        actor=_user(actor),
    )
    if message.status in (Message.Status.NOT_SENT, Message.Status.FAILED):
        return message, None
    feedback = Feedback.unscoped.filter(
        contribution=contribution, participant=participant, action=action, message=message
    ).first()
    if feedback is None:
        feedback = Feedback.unscoped.create(
            organisation=contribution.organisation,
            contribution=contribution,
            action=action,
            participant=participant,
            method=Feedback.Method.MESSAGE,
            message=message,
            recorded_by=_user(actor),
        )
        _log(
            contribution, "voice.feedback_message", "Told by message what happened", actor, request
        )
    refresh_loop(contribution=contribution)
    return message, feedback


@transaction.atomic
def tell_in_person(
    *, contribution: Contribution, action: Action | None, participant, actor=None, request=None
) -> Feedback:
    feedback = Feedback.unscoped.filter(
        contribution=contribution,
        participant=participant,
        action=action,
        method=Feedback.Method.IN_PERSON,
    ).first()
    if feedback is None:
        feedback = Feedback.unscoped.create(
            organisation=contribution.organisation,
            contribution=contribution,
            action=action,
            participant=participant,
            method=Feedback.Method.IN_PERSON,
            recorded_by=_user(actor),
        )
        _log(
            contribution, "voice.feedback_in_person", "Told in person what happened", actor, request
        )
    refresh_loop(contribution=contribution)
    return feedback


def publish_to_board(*, action: Action, actor=None) -> int:
    """Anonymous contributions answered by an action on the board are closed (method BOARD)."""
    made = 0
    if not action.on_board:
        return made
    for contribution in action.contributions.filter(anonymous=True):
        exists = Feedback.unscoped.filter(
            contribution=contribution, action=action, method=Feedback.Method.BOARD
        ).exists()
        if not exists:
            Feedback.unscoped.create(
                organisation=contribution.organisation,
                contribution=contribution,
                action=action,
                participant=None,
                method=Feedback.Method.BOARD,
                recorded_by=_user(actor),
            )
            made += 1
        refresh_loop(contribution=contribution)
    return made


# --- outcomes and impact -----------------------------------------------------------------------

OUTCOME_FIELDS = [
    "participant",
    "kind",
    "achieved_on",
    "description",
    "rating_before",
    "rating_after",
    "project",
    "person_agreed",
]
RATED = {PersonOutcome.Kind.CONFIDENCE, PersonOutcome.Kind.SKILLS}


@transaction.atomic
def outcome_save(
    *, organisation, data: dict, actor=None, outcome: PersonOutcome | None = None, request=None
) -> PersonOutcome:
    creating = outcome is None
    outcome = outcome or PersonOutcome(organisation=organisation, recorded_by=_user(actor))
    for name in OUTCOME_FIELDS:
        if name in data:
            setattr(outcome, name, data[name])
    if not outcome.person_agreed:
        raise ValidationError({"person_agreed": "Only record this if the person agreed."})
    if outcome.kind in RATED:
        for field in ("rating_before", "rating_after"):
            value = getattr(outcome, field)
            if value is None or not 1 <= value <= 5:
                raise ValidationError({field: "Give a rating from 1 to 5."})
    outcome.save()
    _log(
        outcome,
        "voice.outcome_" + ("create" if creating else "update"),
        "Outcome recorded",
        actor,
        request,
    )
    return outcome


IMPACT_FIELDS = ["kind", "title", "description", "evidence", "happened_on", "amount", "project"]


@transaction.atomic
def impact_save(
    *,
    organisation,
    data: dict,
    actions: Iterable[Action] = (),
    actor=None,
    impact: ImpactRecord | None = None,
    request=None,
) -> ImpactRecord:
    creating = impact is None
    impact = impact or ImpactRecord(organisation=organisation, recorded_by=_user(actor))
    for name in IMPACT_FIELDS:
        if name in data:
            setattr(impact, name, data[name])
    if not (impact.evidence or "").strip():
        raise ValidationError({"evidence": "Say what shows this happened."})
    if impact.kind == ImpactRecord.Kind.FUNDING and impact.amount is None:
        raise ValidationError({"amount": "Give the amount of funding secured."})
    impact.save()
    impact.actions.set(list(actions))
    _log(
        impact,
        "voice.impact_" + ("create" if creating else "update"),
        "Impact recorded",
        actor,
        request,
    )
    return impact

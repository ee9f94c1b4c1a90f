"""Demo moving on and safeguarding: the signposting directory seeded from the guide; one person
who moved on into paid work with a signed testimonial letter (drafted from their record, then
finished in staff's own words); one person who moved on to volunteering with a draft letter and
an open portal request; two safeguarding concerns (one open with a decision and a review date,
one serious incident reported to the Charity Commission and closed).

The demo portal participant is never moved on. Run inside the organisation's scope (seed_demo
does). Deterministic and idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from withus.demo.portal import portal_person
from withus.events.models import EventInvitation
from withus.exits import letters, services
from withus.exits.models import ExitRecord, LetterVersion, SafeguardingConcern, SignpostOrganisation
from withus.people import choices as c
from withus.people.models import Participant
from withus.portal.models import TestimonialRequest

CAME = [EventInvitation.Attendance.ATTENDED, EventInvitation.Attendance.LATE]

OWN_WORDS = (
    "{name} was thoughtful and well prepared at every meeting, listened to others and helped "
    "new members settle in. They chaired part of a forum with confidence."
)


def _movers(organisation) -> list[Participant]:
    """The two active people (not the portal person) who came to most meetings."""
    keep = portal_person(organisation)
    people = (
        Participant.objects.filter(status=c.Status.ACTIVE, erased_at=None)
        .annotate(came=Count("event_invitations", filter=Q(event_invitations__attendance__in=CAME)))
        .order_by("-came", "pk")
    )
    if keep is not None:
        people = people.exclude(pk=keep.pk)
    return list(people[:2])


def _signed_letter(person: Participant, *, actor) -> None:
    facts = letters.facts_for(person)
    draft = letters.draft_letter(facts)
    services.letter_save(
        participant=person,
        addressed_to="To whom it may concern",
        body=draft,
        cv_wording=letters.draft_cv(facts),
        actor=actor,
    )
    finished = services.letter_save(
        participant=person,
        addressed_to="To whom it may concern",
        body=draft.replace(
            letters.PROMPT.format(name=person.preferred_name),
            OWN_WORDS.format(name=person.preferred_name),
        ),
        cv_wording=letters.draft_cv(facts),
        signer_name=actor.get_full_name() or actor.email,
        signer_job="Involvement coordinator",
        actor=actor,
    )
    services.letter_sign(version=finished, actor=actor)


def _seed_exits(organisation, *, actor, today: dt.date) -> None:
    if ExitRecord.objects.exists():
        return
    movers = _movers(organisation)
    directory = {e.name: e for e in SignpostOrganisation.objects.all()}
    plans = [
        (
            {
                "left_on": today - dt.timedelta(days=20),
                "reason": ExitRecord.Reason.GOALS,
                "reason_detail": "Ready for a job after a year on the forum.",
                "destination": ExitRecord.Destination.PAID_WORK,
                "destination_detail": "Kitchen assistant at a local cafe",
                "keep_in_touch": True,
            },
            ["Thames Reach"],
            True,
        ),
        (
            {
                "left_on": today - dt.timedelta(days=5),
                "reason": ExitRecord.Reason.CIRCUMSTANCES,
                "reason_detail": "Moving closer to family.",
                "destination": ExitRecord.Destination.VOLUNTEERING,
                "destination_detail": "Peer researcher",
                "keep_in_touch": False,
            },
            ["User Voice", "Clinks"],
            False,
        ),
    ]
    for person, (data, names, signed) in zip(movers, plans, strict=False):
        services.exit_save(
            participant=person,
            data=data,
            signposted_to=[directory[n] for n in names if n in directory],
            actor=actor,
            today=today,
        )
        if LetterVersion.objects.filter(participant=person).exists():
            continue
        if signed:
            _signed_letter(person, actor=actor)
        else:
            facts = letters.facts_for(person)
            services.letter_save(
                participant=person,
                addressed_to="To whom it may concern",
                body=letters.draft_letter(facts),
                cv_wording=letters.draft_cv(facts),
                actor=actor,
            )
            if not TestimonialRequest.objects.filter(participant=person).exists():
                TestimonialRequest.objects.create(
                    organisation=organisation,
                    participant=person,
                    purpose="A reference for volunteering as a peer researcher",
                    created_at=timezone.now() - dt.timedelta(days=3),
                )


def _seed_concerns(organisation, *, actor, today: dt.date) -> None:
    if SafeguardingConcern.objects.exists():
        return
    people = list(
        Participant.objects.filter(status=c.Status.ACTIVE, erased_at=None).order_by("pk")[:2]
    )
    raised = today - dt.timedelta(days=10)
    first = services.concern_save(
        organisation=organisation,
        concern=None,
        data={
            "summary": "Participant upset after a forum",
            "details": "A participant said after the forum that another member had been "
            "phoning them late at night and they felt pressured to lend money.",
            "raised_on": raised,
            "raised_by": "Forum facilitator",
            "others_involved": "",
            "status": SafeguardingConcern.Status.OPEN,
            "category": "",
            "reportable": False,
        },
        people=people,
        actor=actor,
        today=today,
    )
    services.decision_add(
        concern=first,
        decided_on=raised + dt.timedelta(days=1),
        decision="Spoke to both people separately. They will not be at the same forum until the "
        "review; contact details are no longer shared in the group.",
        decided_by="Safeguarding lead",
        review_on=today + dt.timedelta(days=14),
        actor=actor,
        today=today,
    )
    older = today - dt.timedelta(days=60)
    second = services.concern_save(
        organisation=organisation,
        concern=None,
        data={
            "summary": "Cash for expenses went missing",
            "details": "The petty cash tin for travel expenses was found short by £240 after "
            "an event.",
            "raised_on": older,
            "raised_by": "Finance officer",
            "others_involved": "Two members of staff had keys to the tin.",
            "status": SafeguardingConcern.Status.OPEN,
            "category": "financial_crime",
            "reportable": True,
            "reported_on": older + dt.timedelta(days=2),
            "reported_by": "Chair of trustees",
            "commission_reference": "DEMO-0001",
            "reported_elsewhere": "Police, the day it was found.",
        },
        people=[],
        actor=actor,
        today=today,
    )
    services.decision_add(
        concern=second,
        decided_on=older + dt.timedelta(days=1),
        decision="Reported to the police and the trustees. Expenses now paid by bank transfer "
        "or prepaid card; no cash kept on site.",
        decided_by="Chief executive and chair",
        review_on=older + dt.timedelta(days=30),
        actor=actor,
        today=today,
    )
    services.concern_save(
        organisation=organisation,
        concern=second,
        data={"status": SafeguardingConcern.Status.CLOSED},
        actor=actor,
        today=today,
    )


def seed_exits(organisation, *, actor, lead=None, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    services.directory_seed(organisation=organisation, actor=actor)
    _seed_exits(organisation, actor=actor, today=today)
    _seed_concerns(organisation, actor=lead or actor, today=today)

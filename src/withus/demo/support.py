"""Demo training and support: the starter catalogue; for the first active participants, what they
said they need when asked, courses completed (some with certificates), a peer mentor or buddy, and
supervision notes on their involvement role; for staff, involvement awareness training for about
half of them, one open need, supervision that covers their involvement work and a supervision note
on one staff member's involvement role (written by the actor, about someone else).

Run inside the organisation's scope (seed_demo does). Deterministic (dates count back from
today, people are taken in id order) and idempotent: an organisation that already has any
training or support record is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from withus.orgs.capabilities import Capability
from withus.orgs.models import Membership
from withus.people import choices as pc
from withus.people.models import Participant
from withus.support.models import (
    Completion,
    Frequency,
    StaffSupervisionNote,
    SupervisionNote,
    SupportArrangement,
    SupportKind,
    TrainingNeed,
)
from withus.support.services import ensure_catalogue

# (what they said, course keys that would help, met this many days after asking or None)
NEEDS = [
    (
        "I'd like to chair the forum one day but I freeze when everyone looks at me.",
        ["confidence", "facilitation"],
        None,
    ),
    (
        "I want to do the peer research but I have never done interviews. Can someone show me?",
        ["research", "interviewing"],
        40,
    ),
    ("I can't use email on my phone. I miss the papers for meetings.", ["it"], 21),
    ("Someone to talk to after meetings. Some of it brings back hard memories.", [], None),
    ("How do I speak for the group and not just for me?", ["representative"], None),
    (
        "I was asked to talk to a reporter. I want to know what I should and shouldn't say.",
        ["media"],
        30,
    ),
]

# (course key, days ago, provider, certificate)
COMPLETIONS = [
    ("confidence", 300, "Our centre", True),
    ("it", 250, "Local college", True),
    ("research", 200, "Peer research partner", True),
    ("interviewing", 160, "Our centre", False),
    ("team-working", 120, "Our centre", False),
    ("committee", 90, "Clinks training day", True),
    ("facilitation", 60, "Our centre", True),
    ("media", 35, "Media trainer", False),
]

NOTES = [
    (
        "Forum member",
        "Settling in well. Spoke up twice at the last forum, about the waiting "
        "room. Finds the long papers hard: agreed we will send a one-page summary first.",
    ),
    (
        "Peer researcher",
        "Enjoyed the first interviews. One interview was upsetting because it "
        "was close to home; we talked it through and agreed a debrief after each session.",
    ),
]


def _participants(organisation) -> list[Participant]:
    return list(
        Participant.objects.filter(
            organisation=organisation, erased_at__isnull=True, status=pc.Status.ACTIVE
        ).order_by("id")[:8]
    )


def seed_support(organisation, *, actor) -> None:
    """Training and support records for one organisation (see the module docstring)."""
    done = (
        TrainingNeed.objects.filter(organisation=organisation).exists()
        or Completion.objects.filter(organisation=organisation).exists()
        or SupportArrangement.objects.filter(organisation=organisation).exists()
    )
    courses = {c.key: c for c in ensure_catalogue(organisation) if c.key}
    if done:
        return
    today = timezone.localdate()
    people = _participants(organisation)
    memberships = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user_id")
    )
    staff = [m.user for m in memberships]

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    for i, person in enumerate(people):
        said, keys, met_after = NEEDS[i % len(NEEDS)]
        asked = ago(330 - i * 25)
        need = TrainingNeed.objects.create(
            organisation=organisation,
            participant=person,
            asked_on=asked,
            asked_by=actor,
            said=said,
            met_on=asked + dt.timedelta(days=met_after) if met_after else None,
            recorded_by=actor,
        )
        need.courses.set([courses[k] for k in keys if k in courses])
        for j in range(1 + i % 3):
            key, days, provider, certificate = COMPLETIONS[(i + j * 3) % len(COMPLETIONS)]
            if key in courses:
                Completion.objects.get_or_create(
                    organisation=organisation,
                    participant=person,
                    course=courses[key],
                    defaults={
                        "completed_on": ago(days - i),
                        "provider": provider,
                        "certificate": certificate,
                        "recorded_by": actor,
                    },
                )
        if i % 2 == 0:
            mentor = people[(i + 1) % len(people)].preferred_name if len(people) > 1 else "Sam"
            SupportArrangement.objects.create(
                organisation=organisation,
                participant=person,
                kind=SupportKind.PEER if i % 4 == 0 else SupportKind.MENTOR,
                given_by=mentor,
                how_often=Frequency.FORTNIGHTLY,
                starts_on=ago(200 - i * 10),
                ends_on=ago(20) if i == 4 else None,
                recorded_by=actor,
            )
        if i < len(NOTES):
            role, text = NOTES[i]
            SupervisionNote.objects.create(
                organisation=organisation,
                participant=person,
                met_on=ago(45 - i * 7),
                role=role,
                note=text,
                next_on=ago(45 - i * 7) + dt.timedelta(days=56),
                written_by=actor,
            )

    for k, user in enumerate(staff):
        if k % 2 == 0 and "involvement-awareness" in courses:
            Completion.objects.create(
                organisation=organisation,
                staff=user,
                course=courses["involvement-awareness"],
                completed_on=ago(180 - k * 15),
                provider="Clinks training day",
                certificate=True,
                recorded_by=actor,
            )
        if k == 0:
            SupportArrangement.objects.create(
                organisation=organisation,
                staff=user,
                kind=SupportKind.SUPERVISION,
                given_by="Line manager",
                how_often=Frequency.MONTHLY,
                starts_on=ago(365),
                notes="Involvement work is a standing item at supervision and appraisal.",
                recorded_by=actor,
            )
        if k == 1:
            TrainingNeed.objects.create(
                organisation=organisation,
                staff=user,
                asked_on=ago(14),
                asked_by=actor,
                said="I would like help running sessions where participants lead.",
                recorded_by=actor,
            ).courses.set([c for key, c in courses.items() if key == "group-facilitation-staff"])

    supervised = next(
        (m.user for m in memberships if m.user != actor and m.has(Capability.MANAGE_PEOPLE)), None
    )
    if supervised is not None:
        StaffSupervisionNote.objects.create(
            organisation=organisation,
            staff=supervised,
            met_on=ago(30),
            role="Involvement coordinator",
            went_well="The forum now sets its own agenda, and two members co-chaired last month.",
            worries="Feeding back what happened to suggestions is slipping because of workload.",
            training_agreed="Group facilitation for staff in the spring; a monthly check on the "
            "'you said, we did' list.",
            next_on=ago(30) + dt.timedelta(days=28),
            written_by=actor,
        )

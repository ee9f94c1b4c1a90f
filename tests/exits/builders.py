"""Objects the exits tests and the URL walker share (all in org A, made once per test database)."""

from __future__ import annotations

import datetime as dt

from django_scopes import scope


def walker_person(world):
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Moving On Person"
    )
    return person


def walker_letter(world):
    from withus.exits import services
    from withus.exits.models import LetterVersion

    person = walker_person(world)
    with scope(organisation=world.org_a):
        existing = LetterVersion.objects.filter(participant=person).first()
        return existing or services.letter_save(
            participant=person,
            addressed_to="To whom it may concern",
            body="A letter.",
            cv_wording="",
            actor=world.alice,
        )


def walker_request(world):
    from withus.portal.models import TestimonialRequest

    person = walker_person(world)
    asked = TestimonialRequest.unscoped.filter(participant=person).first()
    if asked is None:
        from django.utils import timezone

        asked = TestimonialRequest.unscoped.create(
            organisation=world.org_a, participant=person, created_at=timezone.now()
        )
    return asked


def walker_entry(world):
    from withus.exits.models import SignpostOrganisation

    entry, _ = SignpostOrganisation.unscoped.get_or_create(
        organisation=world.org_a, name="Walker Signpost", defaults={"offers": "Help"}
    )
    return entry


def walker_concern(world):
    from withus.exits.models import SafeguardingConcern

    concern = SafeguardingConcern.unscoped.filter(
        organisation=world.org_a, summary="Walker concern"
    ).first()
    return concern or SafeguardingConcern.unscoped.create(
        organisation=world.org_a,
        summary="Walker concern",
        details="Details",
        raised_on=dt.date(2026, 1, 5),
        raised_by="A volunteer",
    )

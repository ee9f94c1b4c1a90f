"""The moving-on and safeguarding demo seeder: deterministic, idempotent, within the rules."""

import datetime as dt

import pytest
from django_scopes import scope

from tests.events.builders import invite, make_event
from tests.portal.helpers import person
from withus.demo.exits import seed_exits
from withus.exits.models import (
    ExitRecord,
    LetterVersion,
    SafeguardingConcern,
    SafeguardingDecision,
    SignpostOrganisation,
)
from withus.portal.models import TestimonialRequest as Asked

pytestmark = pytest.mark.django_db

MODELS = (
    SignpostOrganisation,
    ExitRecord,
    LetterVersion,
    SafeguardingConcern,
    SafeguardingDecision,
    Asked,
)


def _counts():
    return [m.objects.count() for m in MODELS]


def test_seed_exits_fills_every_part_once(world):
    day = dt.date.today() - dt.timedelta(days=40)
    for i in range(5):
        someone = person(world.org_a, f"Person {i}")
        for j in range(i):
            event = make_event(world.org_a, title=f"Forum {i}-{j}", day=day - dt.timedelta(j))
            invite(event, someone, reply="accepted", attendance="attended")
    with scope(organisation=world.org_a):
        seed_exits(world.org_a, actor=world.alice, lead=world.safeguarding_a)
        first = _counts()
        assert all(first), first
        assert LetterVersion.objects.filter(signed_at__isnull=False).count() == 1
        signed = LetterVersion.objects.get(signed_at__isnull=False)
        assert "Forum" in signed.body and "[Add" not in signed.body
        assert SafeguardingConcern.objects.filter(reportable=True, reported_on__isnull=False)
        assert SafeguardingConcern.objects.filter(status="open", review_on__isnull=False)
        assert Asked.objects.filter(done_at__isnull=True).count() == 1
        moved = {e.participant.preferred_name for e in ExitRecord.objects.all()}
        assert moved == {"Person 4", "Person 3"}
        seed_exits(world.org_a, actor=world.alice, lead=world.safeguarding_a)
        assert _counts() == first
    with scope(organisation=world.org_b):
        assert _counts() == [0, 0, 0, 0, 0, 0]


def test_seed_exits_with_no_participants(world):
    with scope(organisation=world.org_b):
        seed_exits(world.org_b, actor=world.charlie)
        assert SignpostOrganisation.objects.count() == 12
        assert not ExitRecord.objects.exists()
        assert SafeguardingConcern.objects.count() == 2

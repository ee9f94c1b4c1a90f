"""The training and support demo seeder: deterministic, idempotent, and within the rules."""

import pytest
from django_scopes import scope

from tests.support.builders import person
from withus.demo.support import seed_support
from withus.support import selectors
from withus.support.models import (
    Completion,
    StaffSupervisionNote,
    SupervisionNote,
    SupportArrangement,
    TrainingNeed,
)

pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count() for m in (TrainingNeed, Completion, SupportArrangement, SupervisionNote)
    ]


def test_seed_support_fills_every_part_once(world):
    for i in range(10):
        person(world.org_a, f"Person {i}")
    with scope(organisation=world.org_a):
        seed_support(world.org_a, actor=world.alice)
        first = _counts()
        assert all(first), first
        assert TrainingNeed.objects.filter(staff__isnull=False).exists()
        assert TrainingNeed.objects.filter(met_on__isnull=True).exists()
        assert TrainingNeed.objects.filter(met_on__isnull=False).exists()
        assert Completion.objects.filter(certificate=True).exists()
        assert selectors.staff_trained_count(world.org_a)[0] >= 1
        note = StaffSupervisionNote.objects.get()
        assert note.staff != world.alice and note.written_by == world.alice
        for need in TrainingNeed.objects.filter(met_on__isnull=False):
            assert need.met_on >= need.asked_on
        seed_support(world.org_a, actor=world.alice)
        assert _counts() == first
    with scope(organisation=world.org_b):
        assert _counts() == [0, 0, 0, 0]


def test_seed_support_with_no_participants(world):
    with scope(organisation=world.org_b):
        seed_support(world.org_b, actor=world.charlie)
        assert Completion.objects.filter(staff__isnull=False).count() >= 1

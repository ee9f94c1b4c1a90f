"""The adviser's demo rows: deterministic, idempotent, and they make their signals fire."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from withus.adviser import selectors
from withus.demo.adviser import GROUP, PROJECT, ROLE, seed_adviser
from withus.events.models import Event, EventInvitation
from withus.orgs.models import Organisation
from withus.projects.models import Project
from withus.recruitment.models import Opportunity

pytestmark = pytest.mark.django_db


def _counts(org):
    return (
        Project.objects.filter(name=PROJECT).count(),
        Opportunity.objects.filter(title=ROLE).count(),
        Event.objects.filter(title=GROUP).count(),
        EventInvitation.objects.filter(event__title=GROUP).count(),
    )


def test_seed_adviser_makes_signals_fire_and_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    with scopes_disabled():
        organisations = list(Organisation.objects.filter(is_demo=True).order_by("slug"))
    assert organisations
    for org in organisations:
        with scope(organisation=org):
            before = {s.code: s.status for s in selectors.all_signals(org).signals}
            seed_adviser(org, actor=None)
            first = _counts(org)
            seed_adviser(org, actor=None)
            assert _counts(org) == first == (1, 1, 6, first[3])
            assert first[3] > 0
            after = {s.code: s for s in selectors.all_signals(org).signals}
        assert after["co_planning"].fires
        assert after["recruitment"].fires
        assert any(f"“{ROLE}”" in line for line in after["recruitment"].evidence)
        assert after["attendance"].fires
        # signals that fired on the demo before still fire
        assert all(after[code].fires for code, status in before.items() if status == "fires")

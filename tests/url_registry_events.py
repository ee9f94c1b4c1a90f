"""URL registry entries for events, venues, invitations and attendance (merged into
tests/url_registry.py). `walker_event` and `event_kw` are shared by the other event parts."""

from __future__ import annotations

from tests.url_spec import OrgUrl  # noqa: F401
from withus.orgs.capabilities import Capability  # noqa: F401

PEOPLE = Capability.MANAGE_PEOPLE


def walker_event(world):
    """One event in org A (made once per test database)."""
    from tests.events.builders import make_event
    from withus.events.models import Event

    event = Event.unscoped.filter(organisation=world.org_a, title="Walker event").first()
    return event or make_event(world.org_a, title="Walker event")


def event_kw(world) -> dict:
    return {"pk": walker_event(world).pk}


URLS: dict = {}

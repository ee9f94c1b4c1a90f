"""URL registry entries for the participant portal (merged into tests/url_registry.py).

Participant pages live outside /o/<org>/ and are signed in to with a portal session, not a staff
one: their own walker is tests/portal/test_portal_walker.py (registry: tests/portal/registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability


def _person_kw(world) -> dict:
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Portal Person"
    )
    return {"pk": person.pk}


def _testimonial_kw(world) -> dict:
    from django.utils import timezone

    from withus.people.models import Participant
    from withus.portal.models import TestimonialRequest

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Portal Person"
    )
    asked = TestimonialRequest.unscoped.create(
        organisation=world.org_a, participant=person, created_at=timezone.now()
    )
    return {"pk": asked.pk}


URLS: dict[str, OrgUrl] = {
    "portal:issue_access_code": OrgUrl(Capability.MANAGE_PEOPLE, _person_kw),
    "portal:view_as": OrgUrl(Capability.MANAGE_PEOPLE, _person_kw, method="post", ok_status=302),
    "portal:testimonials": OrgUrl(Capability.MANAGE_PEOPLE),
    "portal:testimonial_done": OrgUrl(
        Capability.MANAGE_PEOPLE, _testimonial_kw, method="post", ok_status=302
    ),
}

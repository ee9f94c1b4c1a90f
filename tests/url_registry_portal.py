"""URL registry entries for the participant portal (merged into tests/url_registry.py).

Participant pages live outside /o/<org>/ and are signed in to with a portal session, not a staff
one, so the walker's staff rules do not apply; tests/portal/ covers them."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability


def _person_kw(world) -> dict:
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Portal Person"
    )
    return {"pk": person.pk}


URLS: dict[str, OrgUrl] = {
    "portal:issue_access_code": OrgUrl(Capability.MANAGE_PEOPLE, _person_kw),
}

EXEMPT: dict[str, str] = {
    "portal:home": "participant's own page by portal session (tests/portal/test_home.py)",
    "portal:sign_in": "public sign-in page, no data (tests/portal/test_sign_in.py)",
    "portal:check_code": "public code page, no data (tests/portal/test_sign_in.py)",
    "portal:access_code": "public access-code page, no data (tests/portal/test_access_code.py)",
    "portal:choose": "lists only the signed-in participant's own organisations "
    "(tests/portal/test_sign_in.py::test_two_organisations_choose)",
    "portal:sign_out": "ends the portal session (tests/portal/test_sign_in.py::test_sign_out)",
}

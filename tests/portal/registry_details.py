"""Portal "About you" pages: details, contact, access needs, availability, consent, a break,
coming back, leaving and a copy of their data. None names an object: each works on the
signed-in participant only, so the walker checks the owner's private text never shows to
anyone else."""

from __future__ import annotations

from tests.portal.portal_spec import PortalUrl

PRIVATE = "olive@example.org"  # Olive Owner's email (tests/portal/helpers.walker_people)

URLS = {
    "portal:details": PortalUrl(private=PRIVATE),
    "portal:details_contact": PortalUrl(private=PRIVATE),
    "portal:details_access": PortalUrl(),
    "portal:details_availability": PortalUrl(),
    "portal:consent": PortalUrl(),
    "portal:consent_change": PortalUrl(
        method="post", data={"purpose": "photos", "state": "withdrawn"}, ok=(302,)
    ),
    "portal:details_pause": PortalUrl(),
    "portal:details_rejoin": PortalUrl(method="post", ok=(302,)),
    "portal:details_leave": PortalUrl(),
    "portal:details_data": PortalUrl(private=PRIVATE),
}

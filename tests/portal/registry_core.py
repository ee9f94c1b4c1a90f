"""Portal core pages: sign-in, choosing an organisation, home, Easy Read, sign out."""

from __future__ import annotations

from tests.portal.portal_spec import PortalUrl

URLS = {
    "portal:home": PortalUrl(private="Olive Owner"),
}

EXEMPT = {
    "portal:sign_in": "public sign-in page, no data (tests/portal/test_sign_in.py)",
    "portal:check_code": "public code page, no data (tests/portal/test_sign_in.py)",
    "portal:access_code": "public access-code page, no data (tests/portal/test_access_code.py)",
    "portal:choose": "lists only the signed-in participant's own organisations "
    "(tests/portal/test_sign_in.py::test_two_organisations_choose)",
    "portal:sign_out": "ends the portal session (tests/portal/test_sign_in.py::test_sign_out)",
    "portal:easy_read": "a display preference kept in the session, no data "
    "(tests/portal/test_easy_read.py)",
    "portal:stop_viewing": "ends a staff read-only view (tests/portal/test_view_as.py)",
}

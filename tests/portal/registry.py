"""Every participant portal URL (under /p/), with how to build its objects for a participant.

The participant walker (tests/portal/test_portal_walker.py) checks each one: signed out → the
sign-in page; the owner → success; another participant in the same organisation, and a
participant in another organisation → 404 for the owner's objects (or, for a page naming no
object, a page without the owner's private text); staff signed in without a portal session →
the sign-in page; a member of staff viewing as someone else → 404, and never a change.

Each area keeps its entries in tests/portal/registry_<area>.py, merged below. A part defines
URLS: dict[str, PortalUrl] and may define EXEMPT: dict[str, str] (public pages, with a reason).
"""

from __future__ import annotations

import importlib

from tests.portal.portal_spec import PortalUrl

AREAS = ["core", "events", "money", "details", "voice", "record", "help"]


PORTAL_URLS: dict[str, PortalUrl] = {}
PORTAL_EXEMPT: dict[str, str] = {}
for _area in AREAS:
    try:
        _part = importlib.import_module(f"tests.portal.registry_{_area}")
    except ModuleNotFoundError as error:  # an area not built yet has no part
        if error.name != f"tests.portal.registry_{_area}":
            raise
        continue
    PORTAL_URLS.update(_part.URLS)
    PORTAL_EXEMPT.update(getattr(_part, "EXEMPT", {}))

"""Portal "Your record" pages: the record, the CV summary, asking for a testimonial."""

from __future__ import annotations

from tests.portal.portal_spec import PortalUrl

URLS = {
    "portal:record": PortalUrl(),
    "portal:record_cv": PortalUrl(private="Olive Owner"),
    "portal:record_testimonial": PortalUrl(method="post", data={"purpose": "A job at the library"}),
}

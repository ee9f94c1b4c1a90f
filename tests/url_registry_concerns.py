"""URL registry entries for the staff concerns and complaints inbox (merged into
tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE


def _complaint_kw(world) -> dict:
    """A complaint in org A (safeguarding items have their own tests in tests/concerns/)."""
    import datetime as dt

    from withus.concerns.models import Concern

    found = Concern.unscoped.filter(organisation=world.org_a, about="Walker complaint").first()
    if found is None:
        found = Concern.unscoped.create(
            organisation=world.org_a,
            kind=Concern.Kind.COMPLAINT,
            about="Walker complaint",
            acknowledge_by=dt.date(2026, 3, 4),
            respond_by=dt.date(2026, 3, 30),
        )
    return {"pk": found.pk}


URLS: dict[str, OrgUrl] = {
    "concerns:inbox": OrgUrl(PEOPLE),
    "concerns:detail": OrgUrl(PEOPLE, params=_complaint_kw),
    "concerns:acknowledge": OrgUrl(PEOPLE, params=_complaint_kw, method="post", ok_status=302),
    # Posted empty, the form answers with its errors on the page.
    "concerns:respond": OrgUrl(PEOPLE, params=_complaint_kw, method="post", ok_status=200),
    "concerns:close": OrgUrl(PEOPLE, params=_complaint_kw, method="post", ok_status=302),
}

"""Portal help pages: get help, complaints and concerns, "worried about something?"."""

from __future__ import annotations

import datetime as dt

from tests.portal.portal_spec import PortalUrl


def _owners_concern(world, owner) -> dict:
    from withus.concerns.models import Concern

    concern = Concern.unscoped.filter(participant=owner, about="Olive own complaint").first()
    if concern is None:
        concern = Concern.unscoped.create(
            organisation=owner.organisation,
            participant=owner,
            kind=Concern.Kind.COMPLAINT,
            about="Olive own complaint",
            acknowledge_by=dt.date(2026, 3, 4),
            respond_by=dt.date(2026, 3, 30),
        )
    return {"pk": concern.pk}


URLS = {
    "portal:help": PortalUrl(),
    # The list names the signed-in person; their own concerns are tested in test_help.py.
    "portal:concerns": PortalUrl(private="Olive Owner"),
    "portal:concern_new": PortalUrl(),
    "portal:concern_sent": PortalUrl(),
    "portal:concern": PortalUrl(params=_owners_concern, private="Olive own complaint"),
}

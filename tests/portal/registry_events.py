"""Portal Meetings (events) and Opportunities pages.

Meetings name the owner's own invitation, so anyone else gets 404. An open opportunity is not
private (every participant in the organisation may see it and say they are interested), so its
two pages are exempt here and their isolation (signed out, another organisation, staff, staff
viewing as someone) is tested in tests/portal/test_opportunities.py.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scope

from tests.events.builders import invite, make_event, make_venue
from tests.portal.portal_spec import PortalUrl
from withus.events.models import EventDocument


def owners_invitation(world, owner, **fields):
    """A meeting the owner is invited to and coming to, with its papers sent."""
    event = make_event(
        world.org_a,
        title="Olive's private forum",
        venue=make_venue(world.org_a),
        papers_sent_at=timezone.now(),
        **fields,
    )
    return invite(event, owner, reply="accepted")


def _invitation(world, owner) -> dict:
    return {"pk": owners_invitation(world, owner).pk}


def _pack(world, owner) -> dict:
    return {**_invitation(world, owner), "format": "large_print", "kind": "pdf"}


def add_paper(event, *, title="Minutes", content=b"%PDF-1.4 minutes") -> EventDocument:
    with scope(organisation=event.organisation):
        document = EventDocument(
            organisation=event.organisation,
            event=event,
            title=title,
            filename="minutes.pdf",
            content_type="application/pdf",
            size=len(content),
        )
        document.file.save("minutes.pdf", ContentFile(content), save=False)
        document.save()
    return document


def _paper(world, owner) -> dict:
    invitation = owners_invitation(world, owner)
    return {"pk": invitation.pk, "document_id": add_paper(invitation.event).pk}


URLS = {
    # The lists name no object and show no name; that another participant's list never shows
    # the owner's meetings or interest is tested in test_events.py and test_opportunities.py.
    "portal:events": PortalUrl(),
    "portal:event": PortalUrl(params=_invitation),
    "portal:event_reply": PortalUrl(
        params=_invitation, method="post", data={"reply": "no"}, ok=(302,)
    ),
    "portal:event_pack": PortalUrl(params=_pack),
    "portal:event_paper": PortalUrl(params=_paper),
    "portal:event_calendar": PortalUrl(params=_invitation),
    "portal:opportunities": PortalUrl(),
}

EXEMPT = {
    "portal:opportunity": "an open opportunity is seen by every participant in its organisation; "
    "other organisation → 404, signed out and staff tested in tests/portal/test_opportunities.py",
    "portal:opportunity_interested": "any participant in the organisation may say they are "
    "interested (their own candidacy); tested in tests/portal/test_opportunities.py",
}

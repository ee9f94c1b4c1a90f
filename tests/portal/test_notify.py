"""Staff hear about requests made in the portal by email that names nobody: interest in a role
goes to the person's contact, a "yes" stopped by a safeguarding check to the safeguarding lead."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.events.builders import invite, make_event, make_venue
from tests.portal.helpers import person, portal_login
from tests.portal.test_events import _restrict
from tests.portal.test_opportunities import make_opportunity
from withus.portal.notify import recipients

pytestmark = pytest.mark.django_db


def _sent(client, django_capture_on_commit_callbacks, url, data=None):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data or {})
    return mail.outbox


def test_interest_emails_the_named_contact_without_the_persons_name(
    client, world, django_capture_on_commit_callbacks
):
    pat = person(world.org_a, "Pat Quietly", named_contact=world.alice)
    portal_login(client, pat)
    opportunity = make_opportunity(world.org_a)
    (email,) = _sent(
        client, django_capture_on_commit_callbacks, f"/p/opportunities/{opportunity.pk}/interested/"
    )
    assert email.to == [world.alice.email]
    assert "interested in a role" in email.subject
    assert f"/o/org-a/recruitment/opportunities/{opportunity.pk}/" in email.body
    assert "Pat" not in email.body and "Peer researcher" not in email.body
    # Pressing again tells nobody again.
    assert (
        _sent(
            client,
            django_capture_on_commit_callbacks,
            f"/p/opportunities/{opportunity.pk}/interested/",
        )
        == []
    )


def test_without_a_contact_every_people_manager_hears(world):
    emails = {
        u.email for u in recipients(organisation=world.org_a, kind="interested", contact_id=None)
    }
    assert world.alice.email in emails and world.bob.email not in emails
    assert world.charlie.email not in emails


def test_a_yes_stopped_by_a_check_goes_only_to_safeguarding(
    client, world, django_capture_on_commit_callbacks
):
    pat = person(world.org_a, "Pat Quietly", named_contact=world.alice)
    portal_login(client, pat)
    event = make_event(world.org_a, title="Forum", venue=make_venue(world.org_a))
    invitation = invite(event, pat)
    _restrict(world, pat)
    emails = _sent(
        client,
        django_capture_on_commit_callbacks,
        f"/p/meetings/{invitation.pk}/reply/",
        {"reply": "yes"},
    )
    sent_to = {e.to[0] for e in emails}
    assert world.safeguarding_a.email in sent_to and world.alice.email not in sent_to
    assert all("Pat" not in e.body and "Forum" not in e.body for e in emails)

"""Telling staff that a participant asked for something in the portal.

The email says what kind of thing is waiting and links to it; it never names the person or
quotes what they wrote (email is easy to forward and often read on shared screens). It goes to
the person's named contact when they are still a member who manages people, otherwise to every
member who does; safeguarding matters go only to those with the safeguarding capability."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task

from withus.orgs.capabilities import ROLES, Capability
from withus.orgs.models import Membership, Organisation

# What each kind of request says to staff (no names, no words from the person).
SUBJECTS = {
    "interested": "Someone said they are interested in a role",
    "needs_check": "Someone said yes to a meeting, but a safeguarding check needs a decision",
    "testimonial": "Someone asked for a testimonial or reference",
}
SAFEGUARDING = {"needs_check"}


def _members_with(organisation: Organisation, capability: Capability):
    roles = [key for key, role in ROLES.items() if capability in role.capabilities]
    return (
        Membership.of_user.filter(organisation=organisation, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )


def recipients(*, organisation: Organisation, kind: str, contact_id: int | None) -> list:
    if kind in SAFEGUARDING:
        return [m.user for m in _members_with(organisation, Capability.MANAGE_SAFEGUARDING)]
    managers = list(_members_with(organisation, Capability.MANAGE_PEOPLE))
    named = [m.user for m in managers if m.user_id == contact_id]
    return named or [m.user for m in managers]


@task()
def tell_staff(organisation_id: int, kind: str, path: str, contact_id: int | None = None) -> str:
    organisation = Organisation.objects.get(pk=organisation_id)
    subject = SUBJECTS[kind]
    link = settings.WITHUS_BASE_URL.rstrip("/") + path
    people = [u for u in recipients(organisation=organisation, kind=kind, contact_id=contact_id)]
    for user in people:
        if not user.email:
            continue
        send_mail(
            subject=f"{subject} – withus",
            message=(
                f"Hello {user.get_short_name()},\n\n{subject} at {organisation.name}, through "
                f"the participant portal.\n\nSign in to withus to see it:\n{link}\n"
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    return f"sent {len(people)}"


def enqueue(*, organisation: Organisation, kind: str, path: str, contact=None) -> None:
    """Queue the email once the current transaction has committed."""
    from django.db import transaction

    contact_id = getattr(contact, "pk", None)
    transaction.on_commit(lambda: tell_staff.enqueue(organisation.pk, kind, path, contact_id))

"""Background work for organisations. Tasks take ids and re-enter the organisation's scope."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django_scopes import scope

from withus.orgs.capabilities import ROLES
from withus.orgs.models import Invitation


@task()
def send_invitation(invitation_id: int) -> str:
    """Email the invitation link. The secret token is made here, so it never sits in the queue."""
    from withus.orgs.services import invitation_issue_token

    invitation = Invitation.unscoped.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_open:
        return "skipped: invitation no longer open"
    with scope(organisation=invitation.organisation):
        token = invitation_issue_token(invitation=invitation)
        link = settings.WITHUS_BASE_URL.rstrip("/") + reverse(
            "orgs:invitation_accept", kwargs={"token": token}
        )
        context = {
            "invitation": invitation,
            "role": ROLES[invitation.role],
            "link": link,
        }
        send_mail(
            subject=f"You're invited to join {invitation.organisation.name} on withus",
            message=render_to_string("orgs/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    return "sent"

"""Telling staff that something new is waiting. Tasks take ids and re-enter the scope."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django_scopes import scope

from withus.concerns.models import Concern


@task()
def notify_staff(concern_id: int) -> str:
    """One email to each person who may deal with it. It says only that something new is
    waiting, with a link: never who raised it or what they wrote."""
    from withus.concerns.services import recipients

    concern = Concern.unscoped.select_related("organisation").filter(pk=concern_id).first()
    if concern is None:
        return "skipped: gone"
    organisation = concern.organisation
    with scope(organisation=organisation):
        link = settings.WITHUS_BASE_URL.rstrip("/") + reverse(
            "concerns:detail", kwargs={"org_slug": organisation.slug, "pk": concern.pk}
        )
        safeguarding = concern.kind == Concern.Kind.WORRIED
        subject = (
            "A new safeguarding item is waiting in withus"
            if safeguarding
            else "A new complaint or concern is waiting in withus"
        )
        people = recipients(
            organisation=organisation, kind=concern.kind, about_staff=concern.about_staff
        )
        for user in people:
            body = render_to_string(
                "concerns/email/new.txt",
                {
                    "user": user,
                    "organisation": organisation,
                    "link": link,
                    "safeguarding": safeguarding,
                    "acknowledge_by": concern.acknowledge_by,
                },
            )
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    return f"sent {len(people)}"

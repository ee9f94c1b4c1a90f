"""Set up a new organisation and invite its first admin: how a real withus starts.

    manage.py create_organisation "Eastfield Women's Centre" --slug eastfield \
        --admin-email manager@eastfield.org.uk [--charity-number 1100001] [--print-link]

The admin gets an invitation email (sent by the background worker), or with --print-link the
command prints the invitation link instead, for a server whose email is not set up yet.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from django_scopes import scope

from withus.orgs import services


class Command(BaseCommand):
    help = "Create an organisation and invite its first admin."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument(
            "--slug", default="", help="Web address part; made from the name if left out."
        )
        parser.add_argument("--charity-number", default="")
        parser.add_argument(
            "--print-link",
            action="store_true",
            help="Print the invitation link instead of emailing it.",
        )

    def handle(self, *args, name, admin_email, slug, charity_number, print_link, **options):
        try:
            validate_email(admin_email)
        except ValidationError:
            raise CommandError(f"{admin_email!r} is not an email address.") from None
        slug = slug or slugify(name)[:60]
        try:
            with transaction.atomic():
                organisation = services.organisation_create(
                    name=name, slug=slug, charity_number=charity_number
                )
                with scope(organisation=organisation):
                    invitation = services.invitation_create(
                        organisation=organisation,
                        email=admin_email,
                        role="admin",
                        invited_by=None,
                        send_email=not print_link,
                    )
                    token = (
                        services.invitation_issue_token(invitation=invitation)
                        if print_link
                        else None
                    )
        except ValidationError as error:
            messages = "; ".join(
                f"{field}: {' '.join(errs)}" for field, errs in error.message_dict.items()
            )
            raise CommandError(messages) from None
        self.stdout.write(
            self.style.SUCCESS(f"Created {organisation.name} at /o/{organisation.slug}/")
        )
        if token:
            link = settings.WITHUS_BASE_URL.rstrip("/") + reverse(
                "orgs:invitation_accept", kwargs={"token": token}
            )
            self.stdout.write(
                f"Send this invitation link to {admin_email} (it works for 14 days):\n{link}"
            )
        else:
            self.stdout.write(
                f"An invitation email to {admin_email} is queued for the background worker."
            )

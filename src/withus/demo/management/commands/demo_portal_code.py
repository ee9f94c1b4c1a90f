"""Print a fresh printed access code for a demo participant, to try the portal (never in
production). Any earlier code for them stops working."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from withus.demo.portal import PHONES, portal_person
from withus.orgs.models import Organisation
from withus.portal.services import issue_access_code


class Command(BaseCommand):
    help = "Show a printed access code for the demo participant, to sign in at /p/sign-in/code/."

    def add_arguments(self, parser):
        parser.add_argument("organisation", nargs="?", default="eastfield", choices=sorted(PHONES))

    def handle(self, *args, organisation, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo codes are not available in production.")
        org = Organisation.objects.filter(slug=organisation, is_demo=True).first()
        if org is None:
            raise CommandError("No demo data yet: run `make run` (or manage.py seed_demo) first.")
        with scope(organisation=org):
            person = portal_person(org)
            if person is None:
                raise CommandError("The demo organisation has no participant with a phone.")
            code = issue_access_code(participant=person, actor=None)
        self.stdout.write(
            f"{person.preferred_name} at {org.name}: access code {code}\n"
            f"Type it at /p/sign-in/code/ — or type {person.phone} at /p/sign-in/ and read the "
            "text message under Messages (signed in as staff)."
        )

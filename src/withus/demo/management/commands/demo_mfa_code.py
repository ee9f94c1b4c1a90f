"""Print the current authenticator code for a demo member of staff (never in production)."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from withus.demo.data import DEMO_TOTP_SECRET, ORGANISATIONS

DEMO_EMAILS = {email for org in ORGANISATIONS for _, _, email in org["staff"]}


class Command(BaseCommand):
    help = "Show the six-digit sign-in code for a demo admin, finance officer or safeguarding lead."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", default="")

    def handle(self, *args, email, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo codes are not available in production.")
        if email and email.lower() not in DEMO_EMAILS:
            raise CommandError(f"{email} is not one of the demo sign-ins.")
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
        self.stdout.write(f"Current demo authenticator code: {code} (changes every 30 seconds)")

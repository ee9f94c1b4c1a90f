"""Create demo data: `seed_demo` for two organisations, `--scale national` for hundreds.

Safe to run again: what already exists is left as it is.
"""

from __future__ import annotations

import itertools
import time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scope, scopes_disabled

from withus.accounts.models import User
from withus.demo import data
from withus.demo.adviser import seed_adviser
from withus.demo.assessment import seed_assessment
from withus.demo.events import seed_events, seed_national_events
from withus.demo.exits import seed_exits
from withus.demo.money import seed_money, seed_national_money
from withus.demo.people import add_details, build_participants
from withus.demo.policies import seed_policies
from withus.demo.portal import seed_portal
from withus.demo.projects import seed_projects
from withus.demo.recruitment import seed_national_involvement, seed_recruitment
from withus.demo.support import seed_support
from withus.demo.surveys import seed_surveys
from withus.demo.voice import seed_baseline, seed_voice
from withus.orgs.capabilities import ROLES
from withus.orgs.models import Membership, Organisation
from withus.orgs.services import invitation_create
from withus.people.models import Participant

BATCH = 2000


class Command(BaseCommand):
    help = "Create demo organisations and staff (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "national"], default="small")
        parser.add_argument(
            "--organisations", type=int, default=300, help="With --scale national: how many."
        )
        parser.add_argument(
            "--staff-per-org", type=int, default=12, help="With --scale national: staff in each."
        )
        parser.add_argument(
            "--large-org-people",
            type=int,
            default=20000,
            help="With --scale national: participants in each of the three largest organisations.",
        )
        parser.add_argument(
            "--small-org-people",
            type=int,
            default=40,
            help="With --scale national: participants in each other organisation.",
        )

    def handle(
        self,
        *args,
        scale,
        organisations,
        staff_per_org,
        large_org_people,
        small_org_people,
        **options,
    ):
        self.large_org_people, self.small_org_people = large_org_people, small_org_people
        if settings.PRODUCTION:
            # The demo accounts' password and authenticator secret are published in the README.
            raise CommandError("Demo data must never be loaded in production.")
        if organisations < 1 or staff_per_org < 1:
            raise CommandError("--organisations and --staff-per-org must be at least 1.")
        started = time.monotonic()
        with scopes_disabled():
            self.seed_small()
            if scale == "national":
                self.seed_national(organisations, staff_per_org)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f}s.")
        )

    @transaction.atomic
    def seed_small(self) -> None:
        password = make_password(data.DEMO_PASSWORD)
        for spec in data.ORGANISATIONS:
            org, created = Organisation.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "name": spec["name"],
                    "charity_number": spec["charity_number"],
                    "is_demo": True,
                },
            )
            for role, full_name, email in spec["staff"]:
                user, user_created = User.objects.get_or_create(
                    email=email, defaults={"full_name": full_name, "password": password}
                )
                EmailAddress.objects.get_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                Membership.of_user.get_or_create(
                    user=user, organisation=org, defaults={"role": role}
                )
                if (
                    ROLES[role].requires_mfa
                    and not Authenticator.objects.filter(
                        user=user, type=Authenticator.Type.TOTP
                    ).exists()
                ):
                    TOTP.activate(user, data.DEMO_TOTP_SECRET)
            if not Participant.objects.filter(organisation=org).exists():
                self.seed_people(org, count=36, seed=len(org.slug) * 101, with_sensitive=True)
            coordinator = User.objects.get(email=spec["staff"][1][2])
            with scope(organisation=org):
                seed_projects(
                    org,
                    actor=coordinator,
                    co_planners=list(
                        Participant.objects.filter(organisation=org, status="active")[:3]
                    ),
                )
                seed_assessment(org, actor=coordinator)
                seed_recruitment(org, actor=coordinator)
                seed_events(org, actor=coordinator)
                seed_money([org])
                general, _ = seed_surveys([org], seed=len(org.slug) * 13)
                seed_voice([org], seed=len(org.slug) * 17, surveys_by_org=general)
                seed_baseline([org], seed=len(org.slug) * 19)
                seed_portal(org, contact=coordinator)
                admin = User.objects.get(email=spec["staff"][0][2])
                seed_policies(org, actor=coordinator, approver=admin)
                seed_support(org, actor=coordinator)
                lead_email = next((e for r, _, e in spec["staff"] if r == "safeguarding"), None)
                seed_exits(
                    org,
                    actor=coordinator,
                    lead=User.objects.get(email=lead_email) if lead_email else None,
                )
                seed_adviser(org, actor=coordinator)
            if created:
                admin = User.objects.get(email=spec["staff"][0][2])
                email, role = spec["invite"]
                with scope(organisation=org):
                    invitation_create(organisation=org, email=email, role=role, invited_by=admin)
            self.stdout.write(f"{'Created' if created else 'Found'} {org.name} (/o/{org.slug}/)")

    def seed_people(self, org, *, count: int, seed: int, with_sensitive: bool) -> int:
        contacts = list(
            Membership.of_user.filter(
                organisation=org, role__in=["coordinator", "admin"]
            ).values_list("user_id", flat=True)
        )
        people = build_participants(org, count, seed=seed, named_contacts=contacts)
        Participant.objects.bulk_create(people, batch_size=BATCH)
        add_details(people, seed=seed, with_sensitive=with_sensitive)
        return len(people)

    def seed_national(self, count: int, staff_per_org: int) -> None:
        """Hundreds of organisations and thousands of staff, with bulk inserts."""
        existing = set(
            Organisation.objects.filter(slug__startswith="national-").values_list("slug", flat=True)
        )
        names = itertools.cycle(f"{place} {kind}" for kind in data.KINDS for place in data.PLACES)
        new_orgs = []
        for n in range(1, count + 1):
            slug = f"national-{n:04d}"
            name = next(names)
            if slug not in existing:
                new_orgs.append(
                    Organisation(
                        name=f"{name} {n}", slug=slug, charity_number=f"2{n:06d}", is_demo=True
                    )
                )
        Organisation.objects.bulk_create(new_orgs, batch_size=BATCH)
        orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=[o.slug for o in new_orgs])}
        password = make_password(data.DEMO_PASSWORD)
        # Every national member of staff is a coordinator or viewer, so none needs an authenticator.
        roles = ["coordinator", "coordinator", "viewer"]
        users, memberships = [], []
        for slug, org in orgs.items():
            for i in range(staff_per_org):
                first = data.FIRST_NAMES[(org.pk + i) % len(data.FIRST_NAMES)]
                last = data.LAST_NAMES[(org.pk * 7 + i) % len(data.LAST_NAMES)]
                users.append(
                    User(
                        email=f"staff{i + 1}@{slug}.example",
                        full_name=f"{first} {last}",
                        password=password,
                    )
                )
        User.objects.bulk_create(users, batch_size=BATCH)
        by_email = dict(
            User.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk")
        )
        addresses = []
        for slug, org in orgs.items():
            for i in range(staff_per_org):
                email = f"staff{i + 1}@{slug}.example"
                memberships.append(
                    Membership(
                        user_id=by_email[email], organisation=org, role=roles[i % len(roles)]
                    )
                )
                addresses.append(
                    EmailAddress(user_id=by_email[email], email=email, verified=True, primary=True)
                )
        Membership.of_user.bulk_create(memberships, batch_size=BATCH)
        EmailAddress.objects.bulk_create(addresses, batch_size=BATCH)
        # The first three are large organisations; the rest are small charities. Everyone is
        # built in memory first, then inserted together, so queries do not grow with the count.
        contacts: dict[int, list[int]] = {}
        for user_id, org_id in Membership.of_user.filter(
            organisation__in=orgs.values(), role="coordinator"
        ).values_list("user_id", "organisation_id"):
            contacts.setdefault(org_id, []).append(user_id)
        everyone = []
        for org in sorted(orgs.values(), key=lambda o: o.slug):
            large = int(org.slug.removeprefix("national-")) <= 3
            size = self.large_org_people if large else self.small_org_people
            everyone += build_participants(
                org,
                size,
                seed=org.pk,
                named_contacts=contacts.get(org.pk, []),
                areas=[org.name.split(" ")[0]],
            )
        Participant.objects.bulk_create(everyone, batch_size=BATCH)
        add_details(everyone, seed=count, with_sensitive=False)
        people = len(everyone)
        seed_national_involvement(sorted(orgs.values(), key=lambda o: o.slug), seed=count)
        events = seed_national_events(sorted(orgs.values(), key=lambda o: o.slug), seed=count)
        money_started = time.monotonic()
        money = seed_national_money(sorted(orgs.values(), key=lambda o: o.slug), seed=count)
        money_seconds = time.monotonic() - money_started
        voice_started = time.monotonic()
        ordered = sorted(orgs.values(), key=lambda o: o.slug)
        large = {o.pk for o in ordered if int(o.slug.removeprefix("national-")) <= 3}
        general, voice = seed_surveys(ordered, seed=count, large=large)
        voice |= seed_voice(ordered, seed=count, surveys_by_org=general, large=large)
        voice["baseline rows"] = seed_baseline(ordered, seed=count, large=large)
        self.stdout.write(
            f"National scale: {len(new_orgs)} new organisations, {len(users)} new staff, "
            f"{people} participants, {events} events "
            f"({count - len(new_orgs)} organisations were already there)."
        )
        if money:
            self.stdout.write(
                "Money: "
                + ", ".join(f"{n} {what}" for what, n in money.items())
                + f" in {money_seconds:.1f}s."
            )
        if ordered:
            self.stdout.write(
                "Voice and surveys: "
                + ", ".join(f"{n} {what}" for what, n in voice.items())
                + f" in {time.monotonic() - voice_started:.1f}s."
            )

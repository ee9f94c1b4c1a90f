import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from withus.accounts.models import User
from withus.orgs.models import Membership, Organisation

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

STAFF_FIRST = ["Wilhelmina", "Bartholomew", "Ottoline", "Cornelius", "Rosalind", "Ignatius"]
STAFF_LAST = ["Thorncastle", "Quenby", "Fairweather", "Marchbank", "Oddington", "Pemberly"]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    # Made-up names that no test uses for a participant: with random names a member of staff
    # called "Samuel" once broke a test checking that "Sam" (a participant) was not on a page.
    full_name = factory.Sequence(
        lambda n: (
            f"{STAFF_FIRST[n % len(STAFF_FIRST)]} "
            f"{STAFF_LAST[(n // len(STAFF_FIRST)) % len(STAFF_LAST)]}"
        )
    )
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = "coordinator"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.of_user.create(*args, **kwargs)


def member(organisation, role: str, email: str, *, mfa: bool | None = None) -> User:
    """A user with `role` at `organisation`; roles that require MFA get an authenticator."""
    from withus.orgs.capabilities import ROLES

    user = UserFactory(email=email)
    MembershipFactory(organisation=organisation, user=user, role=role)
    if mfa if mfa is not None else ROLES[role].requires_mfa:
        TOTP.activate(user, TEST_TOTP_SECRET)
    return user


def away_from_server_date(org):
    """Put the organisation where today's date is not the server's. UTC+14 and UTC-12 are 26
    hours apart, so at any moment at least one of them has another date than the server."""
    from django.utils import timezone as tz

    from withus.messaging.reminders import local_today

    for name in ("Pacific/Kiritimati", "Etc/GMT+12"):
        org.timezone = name
        if local_today(org) != tz.localdate():
            break
    org.save()
    assert local_today(org) != tz.localdate()

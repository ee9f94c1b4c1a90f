"""Changes to organisations, memberships and invitations. Each one is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.audit.services import diff_fields, log_action
from withus.orgs.capabilities import ROLES, Capability
from withus.orgs.models import Invitation, Membership, Organisation

INVITATION_LIFETIME = dt.timedelta(days=14)
SETTINGS_FIELDS = [
    "name",
    "charity_number",
    "phone",
    "timezone",
    "papers_lead_days",
    "expense_target_days",
    "feedback_target_days",
    "small_number_threshold",
    "retention_months",
]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _admin_count(organisation: Organisation) -> int:
    admin_roles = [key for key, role in ROLES.items() if Capability.ADMIN in role.capabilities]
    return Membership.objects.filter(organisation=organisation, role__in=admin_roles).count()


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    invited_by,
    request=None,
    send_email: bool = True,
):
    email = email.strip().lower()
    if role not in ROLES:
        raise ValidationError({"role": "Choose a role from the list."})
    if Membership.objects.filter(organisation=organisation, user__email=email).exists():
        raise ValidationError({"email": "This person is already a member of staff here."})
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at=None, revoked_at=None
    ).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(secrets.token_urlsafe(32)),  # replaced when the email is sent
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    log_action(
        organisation=organisation,
        actor=invited_by,
        action="staff.invite",
        target=invitation,
        summary=f"Invited {email} as {ROLES[role].label}",
        request=request,
    )
    if send_email:
        from withus.orgs.tasks import send_invitation

        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def invitation_issue_token(*, invitation: Invitation) -> str:
    """Make a fresh secret token for the invitation and keep only its hash."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return token


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.unscoped.select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitation_cancel(*, invitation: Invitation, actor, request=None) -> None:
    if not invitation.is_open:
        raise ValidationError("This invitation has already been used, cancelled or has expired.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log_action(
        organisation=invitation.organisation,
        actor=actor,
        action="staff.invite_cancel",
        target=invitation,
        summary=f"Cancelled the invitation for {invitation.email}",
        request=request,
    )


def organisation_create(*, name: str, slug: str, charity_number: str = "") -> Organisation:
    organisation = Organisation(name=name.strip(), slug=slug, charity_number=charity_number)
    organisation.full_clean()
    organisation.save()
    # Its ladder of participation starts as the default, so pages that offer rungs only read.
    from django_scopes import scope

    from withus.projects.services import ensure_default_ladder

    with scope(organisation=organisation):
        ensure_default_ladder(organisation)
    log_action(
        organisation=organisation,
        action="organisation.create",
        target=organisation,
        summary=f"Created the organisation {organisation.name}",
    )
    return organisation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
    request=None,
) -> Membership:
    """Join the organisation. With no user, create the account the invitation was sent to."""
    invitation = Invitation.unscoped.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError("This invitation has already been used, cancelled or has expired.")
    if user is None:
        if User.objects.filter(email=invitation.email).exists():
            raise ValidationError(
                "An account with this email address already exists. Sign in first."
            )
        user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
        # The invitation link reached this address, so the address is verified.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif user.email != invitation.email:
        raise ValidationError("This invitation was sent to a different email address.")
    membership, _ = Membership.of_user.update_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    log_action(
        organisation=invitation.organisation,
        actor=user,
        action="staff.join",
        target=membership,
        summary=f"{user.email} joined as {ROLES[invitation.role].label}",
        request=request,
    )
    return membership


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor, request=None) -> Membership:
    if role not in ROLES:
        raise ValidationError({"role": "Choose a role from the list."})
    before = {"role": membership.role}
    losing_admin = (
        membership.has(Capability.ADMIN) and Capability.ADMIN not in ROLES[role].capabilities
    )
    if losing_admin and _admin_count(membership.organisation) <= 1:
        raise ValidationError(
            {"role": "This is the only organisation admin. Make someone else an admin first."}
        )
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(
        organisation=membership.organisation,
        actor=actor,
        action="staff.role_change",
        target=membership,
        summary=f"Changed {membership.user.email}'s role to {ROLES[role].label}",
        changes=diff_fields(membership, before, ["role"]),
        request=request,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor, request=None) -> None:
    if membership.has(Capability.ADMIN) and _admin_count(membership.organisation) <= 1:
        raise ValidationError("This is the only organisation admin, so they cannot be removed.")
    log_action(
        organisation=membership.organisation,
        actor=actor,
        action="staff.remove",
        target=membership,
        summary=f"Removed {membership.user.email} from the organisation",
        request=request,
    )
    # Their private calendar feed stops too (it would already answer 404 for a non-member).
    from withus.events.models import CalendarFeed

    CalendarFeed.objects.filter(organisation=membership.organisation, user=membership.user).delete()
    membership.delete()


def organisation_update_settings(*, organisation: Organisation, data: dict, actor, request=None):
    # Read the stored values: a bound ModelForm has already changed `organisation` in memory.
    before = Organisation.objects.filter(pk=organisation.pk).values(*SETTINGS_FIELDS).get()
    for field in SETTINGS_FIELDS:
        if field in data:
            setattr(organisation, field, data[field])
    organisation.full_clean()
    organisation.save()
    changes = diff_fields(organisation, before, SETTINGS_FIELDS)
    if changes:
        log_action(
            organisation=organisation,
            actor=actor,
            action="organisation.settings",
            target=organisation,
            summary="Changed the organisation's settings",
            changes=changes,
            request=request,
        )
    return organisation

from django.db.models import Count, QuerySet

from withus.orgs.models import Invitation, Membership


def staff_memberships() -> QuerySet[Membership]:
    return Membership.objects.select_related("user").order_by("user__full_name", "user__email")


def open_invitations() -> QuerySet[Invitation]:
    from django.utils import timezone

    return Invitation.objects.filter(
        accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def staff_counts_by_role() -> dict[str, int]:
    return dict(Membership.objects.values_list("role").annotate(n=Count("id")).order_by())

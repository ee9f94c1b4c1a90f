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


def improvement_summary() -> dict:
    """What the "Improve" page says about each tool, in three small queries (call in scope)."""
    from withus.assessment.models import Assessment
    from withus.policies.models import PolicyDocument, PolicyVersion

    last = (
        Assessment.objects.filter(status=Assessment.Status.FINISHED)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    strategy = (
        PolicyVersion.objects.filter(
            document__kind=PolicyDocument.Kind.STRATEGY, status=PolicyVersion.Status.APPROVED
        )
        .order_by("-approved_at")
        .values_list("approved_at", flat=True)
        .first()
    )
    approved_kinds = (
        PolicyVersion.objects.filter(status=PolicyVersion.Status.APPROVED)
        .values("document__kind")
        .distinct()
        .count()
    )
    return {
        "last_assessment": last,
        "strategy_approved": strategy,
        "approved_documents": approved_kinds,
        "document_kinds": len(PolicyDocument.Kind.values),
    }

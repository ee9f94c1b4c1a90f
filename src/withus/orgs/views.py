from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from withus.audit.selectors import audit_events
from withus.forms import apply_errors
from withus.orgs import selectors, services
from withus.orgs.capabilities import ROLES, Capability
from withus.orgs.forms import AcceptInvitationForm, InviteForm, RoleForm, SettingsForm
from withus.orgs.middleware import SESSION_LAST_ORG
from withus.orgs.models import Invitation, Membership
from withus.orgs.permissions import capability_required


@capability_required(Capability.VIEW_REPORTS)
def improve(request, org_slug):
    """One door to the three tools for getting better at involvement, so the menu stays short."""
    return render(request, "orgs/improve.html", {"summary": selectors.improvement_summary()})


def home(request):
    """Send people where they work: their last organisation, or a choice of organisations."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    memberships = list(Membership.of_user.for_user(request.user))
    last = request.session.get(SESSION_LAST_ORG)
    for membership in memberships:
        if membership.organisation.slug == last or len(memberships) == 1:
            return redirect("orgs:dashboard", org_slug=membership.organisation.slug)
    return redirect("orgs:choose")


@login_required
def choose(request):
    memberships = Membership.of_user.for_user(request.user)
    return render(request, "orgs/choose.html", {"memberships": memberships})


def dashboard(request, org_slug):
    membership = request.membership
    context = {
        "role": ROLES[membership.role],
        "capabilities": sorted(c.value for c in membership.capabilities),
    }
    if membership.has(Capability.MANAGE_PEOPLE) or membership.has(Capability.VIEW_REPORTS):
        from withus.people.selectors import status_counts

        context["people_counts"] = status_counts()
        from withus.projects.models import Project
        from withus.recruitment.models import Opportunity

        context["running_projects"] = Project.objects.filter(status=Project.Status.ACTIVE).count()
        context["open_opportunities"] = Opportunity.objects.filter(
            status=Opportunity.Status.OPEN
        ).count()
        context["can_manage_people"] = membership.has(Capability.MANAGE_PEOPLE)
        context["loop"] = _loop_last_year(request.organisation)
        if context["can_manage_people"]:
            from withus.events.selectors import coming_up

            context["coming_up"] = coming_up(limit=5)
    context["staff_surveys"] = _staff_surveys(request.user)
    if membership.has(Capability.ADMIN):
        context["staff_counts"] = [
            (ROLES[key].label, count)
            for key, count in sorted(selectors.staff_counts_by_role().items())
        ]
        context["open_invitations"] = selectors.open_invitations().count()
        context["recent_events"] = audit_events()[:5]
    return render(request, "orgs/dashboard.html", context)


def _staff_surveys(user):
    from django.utils import timezone

    from withus.surveys.selectors import staff_surveys_to_answer

    return staff_surveys_to_answer(user, today=timezone.localdate())


def _loop_last_year(organisation):
    """Closing the loop over the last 12 months: the heart of involvement, so on the dashboard."""
    import datetime as dt

    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from withus.voice.selectors import loop_stats

    today = timezone.localdate()
    start = today - relativedelta(months=12) + dt.timedelta(days=1)
    return loop_stats(
        start=start, end=today, target_days=organisation.feedback_target_days, today=today
    )


@capability_required(Capability.ADMIN)
def staff(request, org_slug):
    return render(
        request,
        "orgs/staff.html",
        {
            "memberships": selectors.staff_memberships(),
            "invitations": selectors.open_invitations(),
            "roles": ROLES.values(),
        },
    )


@capability_required(Capability.ADMIN)
def invite(request, org_slug):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organisation=request.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("orgs:staff", org_slug=org_slug)
    return render(request, "orgs/invite.html", {"form": form, "roles": ROLES.values()})


@capability_required(Capability.ADMIN)
def change_role(request, org_slug, membership_id):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                membership=membership,
                role=form.cleaned_data["role"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{membership.user} is now {membership.get_role_display()}.")
            return redirect("orgs:staff", org_slug=org_slug)
    return render(
        request,
        "orgs/change_role.html",
        {"form": form, "member": membership, "roles": ROLES.values()},
    )


@capability_required(Capability.ADMIN)
def remove_member(request, org_slug, membership_id):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, actor=request.user, request=request)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, f"{membership.user} no longer has access.")
            if membership.user_id == request.user.id:
                return redirect("home")
            return redirect("orgs:staff", org_slug=org_slug)
    return render(request, "orgs/remove_member.html", {"member": membership, "error": error})


@require_POST
@capability_required(Capability.ADMIN)
def cancel_invitation(request, org_slug, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id)
    try:
        services.invitation_cancel(invitation=invitation, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"The invitation for {invitation.email} is cancelled.")
    return redirect("orgs:staff", org_slug=org_slug)


@capability_required(Capability.ADMIN)
def organisation_settings(request, org_slug):
    organisation = request.organisation
    form = SettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update_settings(
            organisation=organisation, data=form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, "Settings saved.")
        return redirect("orgs:settings", org_slug=org_slug)
    if request.method == "POST":
        organisation.refresh_from_db()  # the header must not show an unsaved name
    return render(request, "orgs/settings.html", {"form": form})


def invitation_accept(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None or not invitation.is_open:
        return render(
            request, "orgs/invitation_invalid.html", {"invitation": invitation}, status=404
        )
    role = ROLES[invitation.role]
    context = {"invitation": invitation, "role": role}
    if request.user.is_authenticated:
        if request.user.email != invitation.email:
            return render(request, "orgs/invitation_wrong_account.html", context)
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=request.user, request=request)
            messages.success(request, f"You've joined {invitation.organisation.name}.")
            return redirect("orgs:dashboard", org_slug=invitation.organisation.slug)
        return render(request, "orgs/invitation_confirm.html", context)

    from withus.accounts.models import User

    if User.objects.filter(email=invitation.email).exists():
        return render(request, "orgs/invitation_sign_in.html", context)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, f"Welcome to withus. You've joined {invitation.organisation.name}."
            )
            return redirect("orgs:dashboard", org_slug=invitation.organisation.slug)
    context["form"] = form
    return render(request, "orgs/invitation_create_account.html", context)

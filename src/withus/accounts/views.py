from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from withus.accounts.forms import YouForm
from withus.accounts.mfa import has_mfa
from withus.audit.services import diff_fields, log_action
from withus.orgs.models import Membership


@login_required
def you(request):
    user = request.user
    before = {"full_name": user.full_name, "phone": user.phone}
    form = YouForm(request.POST or None, instance=user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            changes = diff_fields(user, before, ["full_name", "phone"])
            if changes:
                log_action(
                    action="account.update",
                    summary="Changed their own name or work phone",
                    actor=user,
                    target=user,
                    changes=changes,
                    request=request,
                )
            messages.success(request, "Saved.")
            return redirect("you")
        user.refresh_from_db()  # the page must not show unsaved values as saved
    return render(
        request,
        "accounts/you.html",
        {
            "form": form,
            "mfa": has_mfa(user),
            "memberships": Membership.of_user.for_user(user),
        },
    )

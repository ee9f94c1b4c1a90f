from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from withus.accounts.mfa import has_mfa
from withus.orgs.models import Membership


@login_required
def you(request):
    return render(
        request,
        "accounts/you.html",
        {"mfa": has_mfa(request.user), "memberships": Membership.of_user.for_user(request.user)},
    )

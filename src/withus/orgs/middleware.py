"""Resolves /o/<org-slug>/… to an organisation, checks membership and enters its scope.

Every organisation-owned query inside the request is filtered by django-scopes; an organisation
the person does not belong to answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from withus.accounts.mfa import has_mfa
from withus.orgs.models import Membership

SESSION_LAST_ORG = "withus_last_org"


class OrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.app_name == "admin":
            # Django's admin is for the people who run the server, across organisations.
            with scopes_disabled():
                return self.get_response(request)
        slug = match.kwargs.get("org_slug")
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = (
            Membership.of_user.for_user(request.user).filter(organisation__slug=slug).first()
        )
        if membership is None:
            raise Http404("No such organisation.")
        if membership.requires_mfa and not has_mfa(request.user):
            messages.warning(
                request,
                f"Your role at {membership.organisation.name} can approve payments, "
                "see safeguarding "
                "detail or manage staff, so it needs a second sign-in step. Set up an "
                "authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        request.organisation = membership.organisation
        request.membership = membership
        request.session[SESSION_LAST_ORG] = membership.organisation.slug
        # Times on every page are the organisation's local times (a 6pm meeting stays 6pm).
        with (
            scope(organisation=membership.organisation),
            timezone.override(membership.organisation.timezone),
        ):
            return self.get_response(request)

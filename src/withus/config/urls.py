from django.contrib import admin
from django.urls import include, path

from withus.accounts import views as account_views
from withus.orgs import views as org_views
from withus.pages import views as page_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", page_views.healthz, name="healthz"),
    path("", include("withus.pages.urls")),
    path("", include("withus.orgs.urls")),
    path("o/<slug:org_slug>/audit/", include("withus.audit.urls")),
    path("o/<slug:org_slug>/people/", include("withus.people.urls")),
    path("o/<slug:org_slug>/projects/", include("withus.projects.urls")),
    path("o/<slug:org_slug>/recruitment/", include("withus.recruitment.urls")),
    path("o/<slug:org_slug>/events/", include("withus.events.urls")),
    path("o/<slug:org_slug>/messages/", include("withus.messaging.urls")),
    path("o/<slug:org_slug>/money/", include("withus.money.urls")),
    path("o/<slug:org_slug>/voice/", include("withus.voice.urls")),
    path("o/<slug:org_slug>/surveys/", include("withus.surveys.urls")),
    path("o/<slug:org_slug>/reports/", include("withus.reports.urls")),
    path("o/<slug:org_slug>/self-assessment/", include("withus.assessment.urls")),
    path("o/<slug:org_slug>/adviser/", include("withus.adviser.urls")),
    path("o/<slug:org_slug>/documents/", include("withus.policies.urls")),
    path("o/<slug:org_slug>/support/", include("withus.support.urls")),
    path("o/<slug:org_slug>/moving-on/", include("withus.exits.urls")),
    path("s/", include("withus.surveys.urls_public")),
    path("", include("withus.portal.urls")),
    path("", include("withus.concerns.urls")),
    path("calendar/", include("withus.events.urls_feed")),
    path("you/", account_views.you, name="you"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "withus.pages.views.error_400"
handler403 = "withus.pages.views.error_403"
handler404 = "withus.pages.views.error_404"
handler500 = "withus.pages.views.error_500"

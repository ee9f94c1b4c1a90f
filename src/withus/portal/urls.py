from django.urls import include, path

from withus.portal import views, views_staff

app_name = "portal"

# Each area's participant pages live in their own module under p/…; all share the portal
# namespace. Staff pages about the portal live under o/<org_slug>/portal/.
urlpatterns = [
    path("p/", views.home, name="home"),
    path("p/sign-in/", views.sign_in, name="sign_in"),
    path("p/sign-in/check/", views.check_code, name="check_code"),
    path("p/sign-in/code/", views.access_code, name="access_code"),
    path("p/choose/", views.choose, name="choose"),
    path("p/sign-out/", views.sign_out, name="sign_out"),
    path("p/easy-read/", views.easy_read, name="easy_read"),
    path("p/stop-viewing/", views.stop_viewing, name="stop_viewing"),
    path("p/", include("withus.portal.urls_events")),
    path("p/", include("withus.portal.urls_money")),
    path("p/", include("withus.portal.urls_details")),
    path("p/", include("withus.portal.urls_voice")),
    path("p/", include("withus.portal.urls_record")),
    path("p/", include("withus.portal.urls_help")),
    path(
        "o/<slug:org_slug>/portal/people/<int:pk>/access-code/",
        views_staff.issue_access_code,
        name="issue_access_code",
    ),
    path(
        "o/<slug:org_slug>/portal/people/<int:pk>/view-as/",
        views_staff.view_as,
        name="view_as",
    ),
    path("o/<slug:org_slug>/portal/", include("withus.portal.urls_staff")),
]

from django.urls import path

from withus.portal import views, views_staff

app_name = "portal"

urlpatterns = [
    path("p/", views.home, name="home"),
    path("p/sign-in/", views.sign_in, name="sign_in"),
    path("p/sign-in/check/", views.check_code, name="check_code"),
    path("p/sign-in/code/", views.access_code, name="access_code"),
    path("p/choose/", views.choose, name="choose"),
    path("p/sign-out/", views.sign_out, name="sign_out"),
    path(
        "o/<slug:org_slug>/portal/people/<int:pk>/access-code/",
        views_staff.issue_access_code,
        name="issue_access_code",
    ),
]

from django.urls import include, path

from withus.orgs import views

app_name = "orgs"

org_urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("staff/", views.staff, name="staff"),
    path("staff/invite/", views.invite, name="invite"),
    path("staff/<int:membership_id>/role/", views.change_role, name="change_role"),
    path("staff/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path(
        "invitations/<int:invitation_id>/cancel/", views.cancel_invitation, name="cancel_invitation"
    ),
    path("settings/", views.organisation_settings, name="settings"),
    path("improve/", views.improve, name="improve"),
]

urlpatterns = [
    path("organisations/", views.choose, name="choose"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("o/<slug:org_slug>/", include(org_urlpatterns)),
]

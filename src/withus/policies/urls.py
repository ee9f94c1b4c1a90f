from django.urls import path

from withus.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/versions/<int:number>/approve/", views.approve, name="approve"),
    path(
        "<int:pk>/versions/<int:number>/<str:fmt>.<str:ext>",
        views.version_download,
        name="version_download",
    ),
    path("welcome/", views.welcome_choose, name="welcome"),
    path(
        "welcome/<int:project_id>/<int:participant_id>/<str:fmt>.<str:ext>",
        views.welcome_download,
        name="welcome_download",
    ),
]

"""Staff pages for concerns and complaints raised by participants (under /o/<org_slug>/)."""

from django.urls import path

from withus.concerns import views

app_name = "concerns"

urlpatterns = [
    path("o/<slug:org_slug>/concerns/", views.inbox, name="inbox"),
    path("o/<slug:org_slug>/concerns/<int:pk>/", views.detail, name="detail"),
    path("o/<slug:org_slug>/concerns/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("o/<slug:org_slug>/concerns/<int:pk>/respond/", views.respond, name="respond"),
    path("o/<slug:org_slug>/concerns/<int:pk>/close/", views.close, name="close"),
]

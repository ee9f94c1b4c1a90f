"""Staff pages for concerns and complaints raised by participants (under /o/<org_slug>/)."""

from django.urls import path  # noqa: F401

app_name = "concerns"

urlpatterns: list = []

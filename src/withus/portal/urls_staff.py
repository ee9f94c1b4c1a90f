"""Staff pages about the portal under o/<org_slug>/portal/ (included from withus.portal.urls)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

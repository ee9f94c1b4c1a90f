"""Participant portal URLs: details (included from withus.portal.urls; names start as in
withus.portal.context_processors.MENU so the menu marks the current section)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

"""Participant portal URLs: help (included from withus.portal.urls; names start as in
withus.portal.context_processors.MENU so the menu marks the current section)."""

from django.urls import path

from withus.portal import views_help

urlpatterns = [
    path("help/", views_help.help_home, name="help"),
    path("help/concerns/", views_help.concern_list, name="concerns"),
    path("help/concerns/new/", views_help.concern_new, name="concern_new"),
    path("help/concerns/sent/", views_help.concern_sent, name="concern_sent"),
    path("help/concerns/<int:pk>/", views_help.concern_detail, name="concern"),
]

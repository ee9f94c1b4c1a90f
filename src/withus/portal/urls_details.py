"""Participant portal URLs: details (included from withus.portal.urls; names start as in
withus.portal.context_processors.MENU so the menu marks the current section)."""

from django.urls import path

from withus.portal import views_details as views

urlpatterns: list = [
    path("about-you/", views.details, name="details"),
    path("about-you/contact/", views.contact, name="details_contact"),
    path("about-you/access/", views.access, name="details_access"),
    path("about-you/when-you-are-free/", views.availability, name="details_availability"),
    path("about-you/consent/", views.consent, name="consent"),
    path("about-you/consent/change/", views.consent_change, name="consent_change"),
    path("about-you/break/", views.pause, name="details_pause"),
    path("about-you/come-back/", views.rejoin, name="details_rejoin"),
    path("about-you/leave/", views.leave, name="details_leave"),
    path("about-you/your-information/", views.data, name="details_data"),
]

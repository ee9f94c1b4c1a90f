"""/o/<org>/events/…: the calendar, calendar files and the private feed's settings."""

from django.urls import path

from withus.events import views_calendar

urlpatterns = [
    path("calendar/", views_calendar.calendar_month, name="calendar"),
    path("calendar/feed/", views_calendar.calendar_feed_settings, name="calendar_feed_settings"),
    path("<int:pk>/event.ics", views_calendar.event_ics, name="ics"),
]

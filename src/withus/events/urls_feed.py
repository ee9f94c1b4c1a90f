"""/calendar/<token>.ics: private calendar feeds, reached by a secret address without signing in
(no organisation in the address, no namespace)."""

from django.urls import path

from withus.events import views_calendar

urlpatterns = [
    path("<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]

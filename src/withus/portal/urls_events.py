"""Participant portal URLs: meetings (events) and opportunities (included from
withus.portal.urls; names start as in withus.portal.context_processors.MENU so the menu marks
the current section)."""

from django.urls import path

from withus.portal import views_events, views_opportunities

urlpatterns = [
    path("meetings/", views_events.events, name="events"),
    path("meetings/<int:pk>/", views_events.event, name="event"),
    path("meetings/<int:pk>/reply/", views_events.event_reply, name="event_reply"),
    path(
        "meetings/<int:pk>/pack/<str:format>/<str:kind>/",
        views_events.event_pack,
        name="event_pack",
    ),
    path(
        "meetings/<int:pk>/papers/<int:document_id>/",
        views_events.event_paper,
        name="event_paper",
    ),
    path("meetings/<int:pk>/calendar.ics", views_events.event_calendar, name="event_calendar"),
    path("opportunities/", views_opportunities.opportunities, name="opportunities"),
    path("opportunities/<int:pk>/", views_opportunities.opportunity, name="opportunity"),
    path(
        "opportunities/<int:pk>/interested/",
        views_opportunities.opportunity_interested,
        name="opportunity_interested",
    ),
]

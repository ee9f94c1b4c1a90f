"""/o/<org>/events/…: each part of the events area keeps its routes in its own module."""

from withus.events import urls_calendar, urls_core, urls_documents

app_name = "events"
urlpatterns = [*urls_core.urlpatterns, *urls_documents.urlpatterns, *urls_calendar.urlpatterns]

"""Events, venues, invitations and attendance (the core of /o/<org>/events/)."""

from django.urls import path

from withus.events import views_events, views_invitations, views_venues

urlpatterns = [
    path("", views_events.event_list, name="list"),
    path("add/", views_events.event_add, name="add"),
    path("<int:pk>/", views_events.event_detail, name="detail"),
    path("<int:pk>/edit/", views_events.event_edit, name="edit"),
    path("<int:pk>/agenda/", views_events.event_agenda, name="agenda"),
    path("<int:pk>/papers/", views_events.event_papers, name="papers"),
    path(
        "<int:pk>/papers/<int:document_id>/",
        views_events.paper_download,
        name="paper_download",
    ),
    path(
        "<int:pk>/papers/<int:document_id>/delete/",
        views_events.paper_delete,
        name="paper_delete",
    ),
    path("<int:pk>/cancel/", views_events.event_cancel, name="cancel"),
    path("<int:pk>/debrief/", views_events.event_debrief, name="debrief"),
    path("<int:pk>/invite/", views_invitations.invite, name="invite"),
    path("<int:pk>/invite/matches/", views_invitations.invite_matches, name="invite_matches"),
    path(
        "<int:pk>/invitations/<int:invitation_id>/",
        views_invitations.invitation_edit,
        name="invitation",
    ),
    path("<int:pk>/attendance/", views_invitations.attendance, name="attendance"),
    path("venues/", views_venues.venue_list, name="venues"),
    path("venues/add/", views_venues.venue_add, name="venue_add"),
    path("venues/<int:venue_id>/", views_venues.venue_edit, name="venue_edit"),
]

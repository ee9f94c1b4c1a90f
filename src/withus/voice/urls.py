"""/o/<org>/voice/…"""

from django.urls import path

from withus.voice import views_actions as a
from withus.voice import views_contributions as c
from withus.voice import views_home as h

app_name = "voice"
urlpatterns = [
    path("", h.home, name="home"),
    path("contributions/", c.contribution_list, name="contributions"),
    path("contributions/add/", c.contribution_add, name="contribution_add"),
    path("contributions/<int:pk>/", c.contribution_detail, name="contribution"),
    path("contributions/<int:pk>/edit/", c.contribution_edit, name="contribution_edit"),
    path("events/<int:pk>/contributions/", c.event_contributions, name="event_contributions"),
    path("actions/", a.action_list, name="actions"),
    path("actions/add/", a.action_add, name="action_add"),
    path("actions/<int:pk>/", a.action_detail, name="action"),
    path("actions/<int:pk>/edit/", a.action_edit, name="action_edit"),
    path("actions/<int:pk>/tell/", a.action_tell, name="action_tell"),
    path("board/", h.board, name="board"),
    path("board/poster.pdf", h.board_pdf, name="board_pdf"),
    path("outcomes/", h.outcome_list, name="outcomes"),
    path("outcomes/add/", h.outcome_add, name="outcome_add"),
    path("outcomes/<int:pk>/", h.outcome_edit, name="outcome_edit"),
    path("impact/", h.impact_list, name="impact"),
    path("impact/add/", h.impact_add, name="impact_add"),
    path("impact/<int:pk>/", h.impact_edit, name="impact_edit"),
    path("people/<int:pk>/", h.person, name="person"),
]

"""/o/<org>/support/… training and support."""

from django.urls import path

from withus.support import views as v

app_name = "support"

urlpatterns = [
    path("", v.home, name="home"),
    path("courses/", v.courses, name="courses"),
    path("courses/add/", v.course_add, name="course_add"),
    path("courses/starters/", v.catalogue_add_starters, name="catalogue_add_starters"),
    path("courses/<int:pk>/", v.course_edit, name="course_edit"),
    path("people/<int:pk>/", v.person, name="person"),
    path("people/<int:pk>/needs/add/", v.person_need_add, name="person_need_add"),
    path("people/<int:pk>/training/add/", v.person_completion_add, name="person_completion_add"),
    path("people/<int:pk>/support/add/", v.person_arrangement_add, name="person_arrangement_add"),
    path("people/<int:pk>/supervision/", v.notes, name="notes"),
    path("people/<int:pk>/supervision/add/", v.note_add, name="note_add"),
    path("staff/", v.staff, name="staff"),
    path("staff/<int:user_id>/", v.staff_person, name="staff_person"),
    path("staff/<int:user_id>/needs/add/", v.staff_need_add, name="staff_need_add"),
    path("staff/<int:user_id>/training/add/", v.staff_completion_add, name="staff_completion_add"),
    path("staff/<int:user_id>/support/add/", v.staff_arrangement_add, name="staff_arrangement_add"),
    path("staff/<int:user_id>/supervision/", v.staff_notes, name="staff_notes"),
    path("staff/<int:user_id>/supervision/add/", v.staff_note_add, name="staff_note_add"),
    path("staff-supervision/<int:pk>/", v.staff_note_edit, name="staff_note_edit"),
    path("needs/<int:pk>/", v.need_edit, name="need_edit"),
    path("training/<int:pk>/", v.completion_edit, name="completion_edit"),
    path("training/<int:pk>/delete/", v.completion_delete, name="completion_delete"),
    path("support/<int:pk>/", v.arrangement_edit, name="arrangement_edit"),
    path("supervision/<int:pk>/", v.note_edit, name="note_edit"),
]

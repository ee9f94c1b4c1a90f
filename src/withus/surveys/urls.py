"""/o/<org>/surveys/…"""

from django.urls import path

from withus.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("add/", views.survey_add, name="add"),
    path("<int:pk>/answer/", views.staff_answer, name="staff_answer"),
    path("<int:pk>/", views.survey_detail, name="survey"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/preview/", views.survey_preview, name="preview"),
    path("<int:pk>/open/", views.survey_open, name="open"),
    path("<int:pk>/close/", views.survey_close, name="close"),
    path("<int:pk>/make-after/", views.make_after, name="make_after"),
    path("<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("<int:pk>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path(
        "<int:pk>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/paper/", views.enter_paper, name="enter_paper"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path(
        "<int:pk>/answers/<int:answer_id>/to-voice/",
        views.answer_to_contribution,
        name="answer_to_contribution",
    ),
    path("events/<int:pk>/feedback/", views.event_feedback, name="event_feedback"),
]

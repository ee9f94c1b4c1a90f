"""/s/<token>/: answering a survey through a personal link, without signing in."""

from django.urls import path

from withus.surveys import views_public

app_name = "survey_link"
urlpatterns = [path("<str:token>/", views_public.answer, name="answer")]

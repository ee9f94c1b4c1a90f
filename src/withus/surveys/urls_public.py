"""/s/<token>/: answering a survey through a personal link, without signing in."""

app_name = "survey_link"
urlpatterns: list = []

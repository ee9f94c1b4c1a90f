"""Participant portal URLs: voice (included from withus.portal.urls; names start as in
withus.portal.context_processors.MENU so the menu marks the current section)."""

from django.urls import path

from withus.portal import views_voice as v

urlpatterns: list = [
    path("your-say/", v.voice, name="voice"),
    path("your-say/suggest/", v.suggest, name="voice_suggest"),
    path("your-say/suggest/thank-you/", v.thanks, name="voice_thanks"),
    path("your-say/yours/", v.mine, name="voice_mine"),
    path("your-say/you-said-we-did/", v.board, name="voice_board"),
    path("your-say/surveys/", v.surveys, name="surveys"),
    path("your-say/surveys/<int:pk>/", v.survey, name="survey"),
]

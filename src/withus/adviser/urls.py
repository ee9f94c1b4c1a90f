"""/o/<org>/adviser/…"""

from django.urls import path

from withus.adviser import views

app_name = "adviser"

urlpatterns = [
    path("", views.home, name="home"),
]

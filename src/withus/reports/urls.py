"""/o/<org>/reports/…"""

from django.urls import path

from withus.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/download/<str:fmt>/", views.download, name="download"),
    path("equality/", views.equality, name="equality"),
    path("equality/baseline/", views.baseline, name="baseline"),
]

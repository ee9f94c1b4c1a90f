from django.urls import path

from withus.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("chart-jigsaw.png", views.chart_jigsaw, name="chart_jigsaw"),
    path("chart-ladder.png", views.chart_ladder, name="chart_ladder"),
    path("rounds/", views.assessment_list, name="list"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/rate/<slug:piece>/", views.rate, name="rate"),
    path("<int:pk>/ladder/", views.ladder, name="ladder"),
    path("<int:pk>/projects/", views.projects, name="projects"),
    path("<int:pk>/finish/", views.finish, name="finish"),
    path("actions/", views.action_list, name="actions"),
    path("actions/add/", views.action_add, name="action_add"),
    path("actions/<int:item_id>/edit/", views.action_edit, name="action_edit"),
    path("statements/", views.statement_list, name="statements"),
    path("statements/add/", views.statement_add, name="statement_add"),
    path("statements/<int:item_id>/edit/", views.statement_edit, name="statement_edit"),
]

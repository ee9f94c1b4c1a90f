from django.urls import path

from withus.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("add/", views.project_add, name="add"),
    path("ladder/", views.ladder, name="ladder"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/outcomes/add/", views.outcome_add, name="outcome_add"),
    path("<int:pk>/outcomes/<int:item_id>/edit/", views.outcome_edit, name="outcome_edit"),
    path("<int:pk>/tasks/add/", views.task_add, name="task_add"),
    path("<int:pk>/tasks/<int:item_id>/edit/", views.task_edit, name="task_edit"),
    path("<int:pk>/tasks/<int:item_id>/matches/", views.task_matches, name="task_matches"),
    path("<int:pk>/budget/add/", views.budget_add, name="budget_add"),
    path("<int:pk>/budget/<int:item_id>/edit/", views.budget_edit, name="budget_edit"),
    path("<int:pk>/budget.xlsx", views.budget_xlsx, name="budget_xlsx"),
    path("<int:pk>/risks/add/", views.risk_add, name="risk_add"),
    path("<int:pk>/risks/<int:item_id>/edit/", views.risk_edit, name="risk_edit"),
    path("<int:pk>/risks/common/", views.risks_common, name="risks_common"),
]

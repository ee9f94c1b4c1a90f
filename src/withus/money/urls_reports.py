"""The money home, reports, downloads and statements in advance (/o/<org>/money/…)."""

from django.urls import path

from withus.money import views_reports

urlpatterns = [
    path("", views_reports.overview, name="overview"),
    path("people/<int:pk>/", views_reports.person, name="person"),
    path("people/<int:pk>/statement.xlsx", views_reports.person_xlsx, name="person_xlsx"),
    path("ledger.xlsx", views_reports.ledger_xlsx, name="ledger_xlsx"),
    path("spend/", views_reports.spend, name="spend"),
    path(
        "statements/invitation/<int:invitation_id>/",
        views_reports.statement_invitation,
        name="statement_invitation",
    ),
    path(
        "statements/opportunity/<int:opportunity_id>/people/<int:pk>/",
        views_reports.statement_opportunity,
        name="statement_opportunity",
    ),
]

"""Participant Money pages (issue 8, point 5): claims, payments, claiming expenses, statements."""

from django.urls import path

from withus.portal import views_money

urlpatterns = [
    path("money/", views_money.money, name="money"),
    path("money/claim/", views_money.claim_new, name="claim_new"),
    path("money/claims/<int:pk>/", views_money.claim, name="claim"),
    path("money/claims/<int:pk>/add/", views_money.claim_add, name="claim_add"),
    path("money/statement/", views_money.statement, name="money_statement"),
    path("money/statement/pdf/", views_money.statement_pdf, name="money_statement_pdf"),
]

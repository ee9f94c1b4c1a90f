"""Batches, the bank file, marking paid, and the voucher and cash registers (finance only)."""

from django.urls import path

from withus.money import views_batches as views

urlpatterns = [
    path("batches/", views.batches, name="batches"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:batch_id>/bank-file.csv", views.batch_csv, name="batch_csv"),
    path("batches/<int:batch_id>/paid/", views.batch_paid, name="batch_paid"),
    path(
        "batches/<int:batch_id>/remove/<int:payment_id>/",
        views.batch_remove,
        name="batch_remove",
    ),
    path("vouchers/", views.vouchers, name="vouchers"),
    path("cash/", views.cash, name="cash"),
]

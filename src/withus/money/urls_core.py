"""Rate cards and payments (the core of /o/<org>/money/)."""

from django.urls import path

from withus.money import views_core

urlpatterns = [
    path("rates/", views_core.rate_cards, name="rate_cards"),
    path("rates/add/", views_core.rate_card_add, name="rate_card_add"),
    path("rates/<int:rate_card_id>/", views_core.rate_card_edit, name="rate_card_edit"),
    path("payments/", views_core.payment_list, name="payments"),
    path("payments/add/", views_core.payment_add, name="payment_add"),
    path("payments/<int:payment_id>/", views_core.payment_detail, name="payment"),
    path("payments/<int:payment_id>/edit/", views_core.payment_edit, name="payment_edit"),
    path("payments/<int:payment_id>/delete/", views_core.payment_delete, name="payment_delete"),
    path("payments/<int:payment_id>/approve/", views_core.payment_approve, name="payment_approve"),
    path("payments/<int:payment_id>/correct/", views_core.payment_reverse, name="payment_reverse"),
    path(
        "events/<int:event_id>/draft-payments/",
        views_core.event_draft_payments,
        name="event_draft_payments",
    ),
]

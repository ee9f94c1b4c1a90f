"""/o/<org>/money/claims/…, receipts/… and travel/…: expense claims (issue 6, part 4)."""

from django.urls import path

from withus.money import views_claims as views

urlpatterns = [
    path("claims/", views.claim_list, name="claims"),
    path("claims/add/", views.claim_add, name="claim_add"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/items/add/", views.claim_item_add, name="claim_item_add"),
    path("claims/<int:claim_id>/decide/", views.claim_decide, name="claim_decide"),
    path("receipts/<int:receipt_id>/", views.receipt_download, name="receipt"),
    path("travel/", views.prebooked, name="prebooked"),
]

"""The pre-meeting pack, the sign-in sheet and the glossary (merged into the events namespace)."""

from django.urls import path

from withus.events import views_documents, views_glossary

urlpatterns = [
    path("<int:pk>/pack/", views_documents.pack, name="pack"),
    path("<int:pk>/pack/<str:fmt>.<str:ext>", views_documents.pack_download, name="pack_download"),
    path("<int:pk>/sign-in-sheet.pdf", views_documents.sign_in, name="sign_in_sheet"),
    path("glossary/", views_glossary.glossary, name="glossary"),
    path("glossary/add/", views_glossary.glossary_add, name="glossary_add"),
    path("glossary/<int:term_id>/edit/", views_glossary.glossary_edit, name="glossary_edit"),
    path("glossary/<int:term_id>/delete/", views_glossary.glossary_delete, name="glossary_delete"),
]

from django.urls import path

from withus.people import views, views_data

app_name = "people"

urlpatterns = [
    path("", views.participant_list, name="list"),
    path("add/", views.participant_add, name="add"),
    path("export/", views_data.export, name="export"),
    path("import/", views_data.import_upload, name="import"),
    path("import/<int:batch_id>/", views_data.import_preview, name="import_preview"),
    path("retention/", views_data.retention, name="retention"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/details/", views.edit_details, name="edit_details"),
    path("<int:pk>/involvement/", views.edit_involvement, name="edit_involvement"),
    path("<int:pk>/access/", views.edit_access, name="edit_access"),
    path("<int:pk>/communication/", views.edit_communication, name="edit_communication"),
    path("<int:pk>/payment/", views.edit_payment, name="edit_payment"),
    path("<int:pk>/bank/", views.edit_bank_details, name="edit_bank"),
    path("<int:pk>/bank/view/", views.view_bank_details, name="view_bank"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    path("<int:pk>/benefits/", views.benefits, name="benefits"),
    path("<int:pk>/equality/", views.equality, name="equality"),
    path("<int:pk>/restrictions/", views.restrictions, name="restrictions"),
    path("<int:pk>/restrictions/add/", views.restriction_add, name="restriction_add"),
    path(
        "<int:pk>/restrictions/<int:restriction_id>/end/",
        views.restriction_end,
        name="restriction_end",
    ),
    path("<int:pk>/subject-access/", views_data.subject_access, name="subject_access"),
    path(
        "<int:pk>/subject-access.json", views_data.subject_access_json, name="subject_access_json"
    ),
    path("<int:pk>/subject-access.pdf", views_data.subject_access_pdf, name="subject_access_pdf"),
    path("<int:pk>/erase/", views_data.erase, name="erase"),
]

from django.urls import path

from withus.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:message_id>/", views.detail, name="detail"),
    path("<int:message_id>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("letters/", views.letters, name="letters"),
    path("letters.pdf", views.letters_pdf, name="letters_pdf"),
    path("letters/printed/", views.letters_printed, name="letters_printed"),
    path("calls/", views.calls, name="calls"),
    path("calls/<int:message_id>/done/", views.call_done, name="call_done"),
    path("templates/", views.templates, name="templates"),
    path("templates/<str:key>/", views.template_edit, name="template_edit"),
    path("people/<int:pk>/", views.participant_history, name="participant_history"),
    path("people/<int:pk>/new/", views.compose, name="compose"),
]

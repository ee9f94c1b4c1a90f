"""Participant portal URLs: record (included from withus.portal.urls; names start as in
withus.portal.context_processors.MENU so the menu marks the current section)."""

from django.urls import path

from withus.portal import views_record as v

urlpatterns: list = [
    path("your-record/", v.record, name="record"),
    path("your-record/cv/", v.cv, name="record_cv"),
    path("your-record/testimonial/", v.testimonial, name="record_testimonial"),
]

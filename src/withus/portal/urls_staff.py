"""Staff pages about the portal under o/<org_slug>/portal/ (included from withus.portal.urls)."""

from django.urls import path

from withus.portal import views_staff_record as r

urlpatterns: list = [
    path("testimonials/", r.testimonials, name="testimonials"),
    path("testimonials/<int:pk>/done/", r.testimonial_done, name="testimonial_done"),
]

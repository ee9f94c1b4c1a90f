from django.urls import path

from withus.recruitment import views_pipeline, views_roles

app_name = "recruitment"

urlpatterns = [
    # Role descriptions and terms of reference (views_roles)
    path("roles/", views_roles.role_list, name="roles"),
    path("roles/add/", views_roles.role_add, name="role_add"),
    path("roles/<int:pk>/", views_roles.role_detail, name="role_detail"),
    path("roles/<int:pk>/edit/", views_roles.role_edit, name="role_edit"),
    path("roles/<int:pk>/document.pdf", views_roles.role_pdf, name="role_pdf"),
    path("roles/<int:pk>/document.docx", views_roles.role_docx, name="role_docx"),
    path("terms/add/", views_roles.terms_add, name="terms_add"),
    path("terms/<int:pk>/", views_roles.terms_detail, name="terms_detail"),
    path("terms/<int:pk>/edit/", views_roles.terms_edit, name="terms_edit"),
    path("terms/<int:pk>/document.pdf", views_roles.terms_pdf, name="terms_pdf"),
    path("terms/<int:pk>/document.docx", views_roles.terms_docx, name="terms_docx"),
    # Opportunities, the pipeline, funnels and matching (views_pipeline)
    path("opportunities/", views_pipeline.opportunity_list, name="opportunities"),
    path("opportunities/add/", views_pipeline.opportunity_add, name="opportunity_add"),
    path("opportunities/<int:pk>/", views_pipeline.opportunity_detail, name="opportunity_detail"),
    path(
        "opportunities/<int:pk>/candidates/add/",
        views_pipeline.candidate_add,
        name="candidate_add",
    ),
    path(
        "opportunities/<int:pk>/candidates/<int:candidate_id>/stage/",
        views_pipeline.candidate_stage,
        name="candidate_stage",
    ),
    path("opportunities/<int:pk>/matches/", views_pipeline.opportunity_matches, name="matches"),
    path(
        "opportunities/<int:pk>/status/",
        views_pipeline.opportunity_status,
        name="opportunity_status",
    ),
    path("funnel/", views_pipeline.funnel, name="funnel"),
]

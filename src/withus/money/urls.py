"""/o/<org>/money/…: each part of the money area keeps its routes in its own module."""

from withus.money import urls_batches, urls_claims, urls_core, urls_reports

app_name = "money"
urlpatterns = [
    *urls_core.urlpatterns,
    *urls_claims.urlpatterns,
    *urls_batches.urlpatterns,
    *urls_reports.urlpatterns,
]

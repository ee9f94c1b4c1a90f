"""/o/<org>/reports/…"""

app_name = "reports"
urlpatterns: list = []

"""/o/<org>/surveys/…"""

app_name = "surveys"
urlpatterns: list = []

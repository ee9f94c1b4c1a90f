"""/o/<org>/voice/…"""

app_name = "voice"
urlpatterns: list = []

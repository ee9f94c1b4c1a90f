from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "withus.pages"
    label = "pages"
    verbose_name = "Site pages"

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "withus.reports"
    verbose_name = "Reports and equality monitoring"

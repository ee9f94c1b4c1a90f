from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "withus.demo"
    label = "demo"
    verbose_name = "Demo data"

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "withus.support"

from django.apps import AppConfig


class AdviserConfig(AppConfig):
    name = "withus.adviser"

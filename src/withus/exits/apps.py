from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "withus.exits"

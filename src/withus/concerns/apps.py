from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "withus.concerns"
    verbose_name = "Concerns and complaints"

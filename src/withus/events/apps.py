from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "withus.events"
    verbose_name = "Events and meetings"

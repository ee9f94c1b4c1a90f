from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "withus.portal"
    verbose_name = "Participant portal"

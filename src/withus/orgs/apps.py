from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "withus.orgs"
    label = "orgs"
    verbose_name = "Organisations"

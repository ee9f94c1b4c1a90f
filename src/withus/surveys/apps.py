from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "withus.surveys"
    verbose_name = "Surveys and evaluation"

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "withus.assessment"

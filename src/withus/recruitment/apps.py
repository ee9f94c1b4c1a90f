from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "withus.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"

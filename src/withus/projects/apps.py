from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "withus.projects"
    label = "projects"
    verbose_name = "Involvement projects"

from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "withus.messaging"
    verbose_name = "Messages and reminders"

from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "withus.voice"
    verbose_name = "Voice and impact"

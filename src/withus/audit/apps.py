from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "withus.audit"
    label = "audit"
    verbose_name = "Audit trail"

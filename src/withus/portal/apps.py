from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "withus.portal"
    verbose_name = "Participant portal"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from withus.portal.session import forget_on_staff_sign_in

        user_logged_in.connect(forget_on_staff_sign_in, dispatch_uid="portal-forget-on-staff")

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "withus.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from withus.accounts import signals  # noqa: F401  (audit sign-ins)

from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "withus.money"
    verbose_name = "Payments and expenses"

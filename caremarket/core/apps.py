from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "caremarket.core"
    label = "core"
    verbose_name = "Core"

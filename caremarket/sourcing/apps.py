from django.apps import AppConfig


class SourcingConfig(AppConfig):
    name = "caremarket.sourcing"
    label = "sourcing"
    verbose_name = "Sourcing"

    def ready(self) -> None:
        from caremarket.sourcing import panels, permissions  # noqa: F401  (registers rules and panels)

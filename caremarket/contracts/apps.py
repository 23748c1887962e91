from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "caremarket.contracts"
    label = "contracts"
    verbose_name = "Contracts and orders"

    def ready(self) -> None:
        # Registers the rules and the home page panels (the handovers panel among them).
        from caremarket.contracts import panels, panels_continuity, permissions  # noqa: F401

from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "caremarket.contracts"
    label = "contracts"
    verbose_name = "Contracts and orders"

    def ready(self) -> None:
        from caremarket.contracts import panels, permissions  # noqa: F401  (registers rules and panels)

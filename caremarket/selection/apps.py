from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "caremarket.selection"
    label = "selection"
    verbose_name = "Provider selection: the Provider Selection Regime and Most Suitable Provider processes"

    def ready(self) -> None:
        from caremarket.selection import (
            panels_mcp,  # noqa: F401  (registers the home panels)
            panels_psr,  # noqa: F401  (registers the home panels)
            permissions,  # noqa: F401  (registers the rules)
        )

from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "caremarket.transparency"
    label = "transparency"
    verbose_name = "Transparency: notices, OCDS releases and records"

    def ready(self) -> None:
        from caremarket.transparency import (
            panels,  # noqa: F401  (registers the home panel)
            panels_manage,  # noqa: F401  (the "Notices" home panel)
            permissions,  # noqa: F401  (registers the rules)
        )

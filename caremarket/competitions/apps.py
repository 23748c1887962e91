from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "caremarket.competitions"
    label = "competitions"
    verbose_name = "Competitions"

    def ready(self) -> None:
        from caremarket.competitions import (
            panels,  # noqa: F401  (registers the home page panels)
            permissions,  # noqa: F401  (registers the rules)
            sealed_audit,
        )

        sealed_audit.install()

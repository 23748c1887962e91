from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "caremarket.agreements"
    label = "agreements"
    verbose_name = "Commercial agreements"

    def ready(self) -> None:
        from caremarket.agreements import permissions  # noqa: F401  (registers the rules)

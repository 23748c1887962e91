from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "caremarket.transparency"
    label = "transparency"
    verbose_name = "Transparency: notices, OCDS releases and records"

    def ready(self) -> None:
        from caremarket.transparency import permissions  # noqa: F401  (registers the rules)

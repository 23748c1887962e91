from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "caremarket.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from caremarket.catalogue import panels, permissions  # noqa: F401  (registers rules and panels)

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "caremarket.orgs"
    label = "orgs"
    verbose_name = "Organisations and people"

    def ready(self) -> None:
        from caremarket.orgs import permissions  # noqa: F401  (registers the rules)

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "caremarket.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from caremarket.audit import permissions  # noqa: F401  (registers the rules)

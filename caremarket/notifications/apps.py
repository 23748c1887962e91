from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "caremarket.notifications"
    label = "notifications"
    verbose_name = "Messages sent to people"

    def ready(self) -> None:
        from caremarket.notifications import panels  # noqa: F401  (registers the home panel)

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "caremarket.web"
    label = "web"
    verbose_name = "Pages"

    def ready(self) -> None:
        from caremarket.web import panels  # noqa: F401  (registers the home page panels)

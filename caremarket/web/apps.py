from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "caremarket.web"
    label = "web"
    verbose_name = "Pages"

    def ready(self) -> None:
        import importlib

        from caremarket.web import panels  # noqa: F401  (registers the home page panels)

        # Each domain's panels, after the organisation panels, in this order.
        for module in ("caremarket.web.agreement_panels",):
            importlib.import_module(module)

"""Request middleware: who is acting, and the security headers Django does not set."""

from django.utils.functional import SimpleLazyObject

SESSION_ORGANISATION_KEY = "caremarket.organisation_id"


class ActorMiddleware:
    """Attach `request.actor`: the signed-in person with their roles, built once, lazily."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: _actor_for(request))
        return self.get_response(request)


def _actor_for(request):
    from caremarket.orgs.selectors import build_actor

    user = getattr(request, "user", None)
    person = user if user is not None and user.is_authenticated else None
    return build_actor(person, request.session.get(SESSION_ORGANISATION_KEY))


class SecurityHeadersMiddleware:
    """Headers beyond Django's SecurityMiddleware: no powerful features, no caching of
    pages that show personal or commercial data."""

    PERMISSIONS_POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith("/assets/"):
            response.setdefault("Cache-Control", "no-store")
        return response

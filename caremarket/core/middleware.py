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


class ApiRequestSizeMiddleware:
    """An API request whose body is over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 in JSON before
    anything reads it (Django would otherwise raise RequestDataTooBig when the body is first
    read, and answer with its HTML 400 page). Multipart uploads are left to Django, which
    counts only their form fields against the limit, not the files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        from caremarket.api.errors import error_response, is_api_request

        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and is_api_request(request) and not _is_multipart(request):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return error_response(413)
        return self.get_response(request)


def _is_multipart(request) -> bool:
    return request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/")


class StripControlCharactersMiddleware:
    """Form posts to the pages lose the control characters no one types (pasted from another
    program, say): the rule of caremarket.core.validation.CONTROL_CHARACTERS, which the API
    applies by refusing. Stripped once here, for every form, whether a view reads it through
    a Django form or from request.POST; tabs and newlines stay. Passwords are left as typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.path.startswith("/api/"):
            return None
        content_type = request.META.get("CONTENT_TYPE", "").lower()
        if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            return None
        from caremarket.core.validation import has_control_characters, strip_control_characters

        posted = request.POST
        dirty = [
            key
            for key, values in posted.lists()
            if "password" not in key and any(has_control_characters(v) for v in values)
        ]
        if dirty:
            cleaned = posted.copy()
            for key in dirty:
                cleaned.setlist(key, [strip_control_characters(v) for v in posted.getlist(key)])
            cleaned._mutable = False
            request.POST = cleaned
        return None


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

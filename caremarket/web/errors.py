"""The one place page errors are shown: an NHS.UK error page or error summary."""

from django.shortcuts import render

from caremarket.api.errors import error_response as api_error_response
from caremarket.api.errors import is_api_request
from caremarket.core.errors import ApplicationError, NotAuthenticated


def error_list(exc: ApplicationError) -> list[dict]:
    """An ApplicationError as the NHS.UK error summary's list, linking each field."""
    fields = exc.details.get("fields") or {}
    if not fields:
        return [{"text": exc.message}]
    return [
        {"text": message, "href": f"#{field}"} for field, messages in fields.items() for message in messages
    ]


def field_errors(exc: ApplicationError | None) -> dict[str, str]:
    """Each field's first message, for the error message beside the field."""
    if exc is None:
        return {}
    return {field: messages[0] for field, messages in (exc.details.get("fields") or {}).items()}


class ApplicationErrorMiddleware:
    """An ApplicationError that no view handled becomes an error page with its status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError) or request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotAuthenticated):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return render_error(request, exception.status, exception.message, exception.code)


TITLES = {
    400: "There is a problem",
    403: "You cannot see this page",
    404: "Page not found",
    409: "This cannot be done",
    422: "There is a problem",
    500: "Sorry, there is a problem with the service",
}


def render_error(request, status: int, message: str, code: str = ""):
    return render(
        request,
        "web/error.jinja",
        {"title": TITLES.get(status, TITLES[400]), "message": message, "code": code, "status": status},
        status=status,
    )


# Django's own error handlers (caremarket.urls): a page for the pages, JSON for the API.


def bad_request(request, exception=None):
    if is_api_request(request):
        return api_error_response(400, exception)
    return render_error(request, 400, "The request could not be understood.")


def forbidden(request, exception=None):
    if is_api_request(request):
        return api_error_response(403, exception)
    return render_error(request, 403, "You do not have permission to see this page.")


def not_found(request, exception=None):
    if is_api_request(request):
        return api_error_response(404, exception)
    return render_error(request, 404, "If you typed the web address, check it is correct.")


def server_error(request):
    if is_api_request(request):
        return api_error_response(500)
    return render_error(request, 500, "Try again later. Nothing you entered has been saved.")


def csrf_failure(request, reason=""):
    return render_error(
        request, 403, "Your form had expired. Go back, refresh the page and try again.", "csrf_failed"
    )

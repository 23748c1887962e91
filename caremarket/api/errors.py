"""The one place API errors become JSON: `{"code", "message", "details"}`."""

import math

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ApplicationError


def _body(code: str, message: str, details: dict | None = None) -> dict:
    return {"code": str(code), "message": message, "details": details or {}}


def _field_name(loc) -> str:
    # ("body", "payload", "code") -> "code"; ("query", "page") -> "page"
    parts = list(loc[1:])
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or "body"


API_PREFIX = "/api/"
TOO_LARGE_MESSAGE = (
    "The request body is larger than the 2.5 MB the API accepts: send files as multipart form "
    "uploads, and other data in smaller requests"
)
PAGE_ERRORS = {
    400: (ErrorCode.BAD_REQUEST, "The request could not be understood"),
    403: (ErrorCode.PERMISSION_DENIED, "You do not have permission to do this"),
    404: (ErrorCode.NOT_FOUND, "Not found"),
    413: (ErrorCode.REQUEST_TOO_LARGE, TOO_LARGE_MESSAGE),
    500: (ErrorCode.SERVER_ERROR, "Sorry, there is a problem with the service: try again later"),
}


def is_api_request(request) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(status: int, exception: Exception | None = None) -> JsonResponse:
    """The JSON answer for an error Django itself handles (its handler400/403/404/500, outside
    Ninja), for a request to the API: the same `{"code", "message", "details"}` shape."""
    if isinstance(exception, RequestDataTooBig):
        status = 413
    code, message = PAGE_ERRORS.get(status, PAGE_ERRORS[400])
    return JsonResponse(_body(code, message), status=status)


def install_error_handlers(api) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request, exc: ApplicationError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc: NinjaValidationError):
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            location = _field_name(error.get("loc", ()))
            fields.setdefault(location, []).append(error.get("msg", "is not valid"))
        return api.create_response(
            request,
            _body(ErrorCode.VALIDATION_FAILED, "The request is not valid", {"fields": fields}),
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        return api.create_response(
            request,
            _body(
                ErrorCode.NOT_AUTHENTICATED, "Sign in, or send a valid API token as 'Authorization: Bearer …'"
            ),
            status=401,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, _body(ErrorCode.NOT_FOUND, "Not found"), status=404)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        return api.create_response(request, _body(ErrorCode.REQUEST_TOO_LARGE, TOO_LARGE_MESSAGE), status=413)

    @api.exception_handler(Throttled)
    def rate_limited(request, exc: Throttled):
        seconds = max(1, math.ceil(exc.wait or 1))
        response = api.create_response(
            request,
            _body(
                ErrorCode.RATE_LIMITED,
                f"Too many requests from your address: wait {seconds} seconds and try again "
                "(the public API allows a limited number of requests a minute from each address)",
                {"retry_after_seconds": seconds},
            ),
            status=429,
        )
        response["Retry-After"] = str(seconds)
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if isinstance(exc.__cause__, RequestDataTooBig):  # Ninja's "Cannot parse request body"
            return too_large(request, exc.__cause__)
        code = ErrorCode.PERMISSION_DENIED if exc.status_code == 403 else ErrorCode.VALIDATION_FAILED
        return api.create_response(request, _body(code, str(exc)), status=exc.status_code)

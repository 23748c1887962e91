"""The one place API errors become JSON: `{"code", "message", "details"}`."""

from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
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

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code = ErrorCode.PERMISSION_DENIED if exc.status_code == 403 else ErrorCode.VALIDATION_FAILED
        return api.create_response(request, _body(code, str(exc)), status=exc.status_code)

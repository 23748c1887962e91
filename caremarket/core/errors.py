"""The one error type that services raise, and its families.

Plain Python (no Django), so the pure `rules` package can raise these too. Each interface
maps them in exactly one place: the API to JSON `{"code", "message", "details"}`, the
pages to the NHS.UK error summary, the CLI to a message and a non-zero exit.
"""

from typing import Any

from caremarket.core.error_codes import ErrorCode


class ApplicationError(Exception):
    status = 400
    default_code = ErrorCode.VALIDATION_FAILED

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = str(code or self.default_code)
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class NotAuthenticated(ApplicationError):
    status = 401
    default_code = ErrorCode.NOT_AUTHENTICATED


class PermissionDenied(ApplicationError):
    status = 403
    default_code = ErrorCode.PERMISSION_DENIED


class NotFound(ApplicationError):
    status = 404
    default_code = ErrorCode.NOT_FOUND


class ValidationFailed(ApplicationError):
    """Bad input. `details["fields"]` maps a field name to its messages."""

    status = 422
    default_code = ErrorCode.VALIDATION_FAILED

    @classmethod
    def for_field(cls, field: str, message: str, *, code: str | None = None) -> "ValidationFailed":
        return cls(message, code=code, details={"fields": {field: [message]}})


class Conflict(ApplicationError):
    status = 409
    default_code = ErrorCode.CONFLICT


class RuleViolation(ApplicationError):
    """A business rule refuses the action; the message says which rule and why."""

    status = 409
    default_code = ErrorCode.RULE_VIOLATION


class ImportFailed(ApplicationError):
    """An import refused as a whole; `details["rows"]` lists each bad row's problems."""

    status = 422
    default_code = ErrorCode.IMPORT_FAILED

    def __init__(self, message: str, *, problems: list[dict[str, Any]]) -> None:
        super().__init__(message, details={"rows": problems})
        self.problems = problems

"""Stable error codes: clients match on these, so a code never changes meaning.

One list for the whole platform (each domain adds its own section), so that the API
documentation, the pages and the CLI can all name them.
"""

from enum import StrEnum


class ErrorCode(StrEnum):
    # Generic
    NOT_AUTHENTICATED = "not_authenticated"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    VALIDATION_FAILED = "validation_failed"
    CONFLICT = "conflict"
    RULE_VIOLATION = "rule_violation"
    IMPORT_FAILED = "import_failed"

    # Organisations and people
    ORGANISATION_CODE_TAKEN = "organisation.code_taken"
    ROLE_NOT_ALLOWED_FOR_SECTOR = "membership.role_not_allowed_for_sector"
    MEMBERSHIP_EXISTS = "membership.exists"
    LAST_ADMINISTRATOR = "membership.last_administrator"
    SITE_CODE_TAKEN = "site.code_taken"
    CERTIFICATION_DATES_INVALID = "certification.dates_invalid"
    TOKEN_REVOKED = "token.revoked"

    # Audit
    AUDIT_CHAIN_BROKEN = "audit.chain_broken"

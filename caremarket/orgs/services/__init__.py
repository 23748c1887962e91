"""Changes to organisations, sites, certifications, people, memberships and API tokens.

Each function checks permission, applies the rules, writes, and records its audit event in the
same transaction."""

from caremarket.orgs.services.organisations import (
    ORGANISATION_FIELDS,
    _care_system_upsert,
    _certification_declare,
    _organisation_create,
    _organisation_update,
    care_system_upsert,
    certification_declare,
    organisation_create,
    organisation_update,
    site_add,
)
from caremarket.orgs.services.people import (
    membership_grant,
    membership_revoke,
    person_register,
    person_set_password,
    person_signed_in,
    person_signed_out,
)
from caremarket.orgs.services.tokens import api_token_create, api_token_revoke, api_token_used

__all__ = [
    "ORGANISATION_FIELDS",
    "_care_system_upsert",
    "_certification_declare",
    "_organisation_create",
    "_organisation_update",
    "api_token_create",
    "api_token_revoke",
    "api_token_used",
    "care_system_upsert",
    "certification_declare",
    "membership_grant",
    "membership_revoke",
    "organisation_create",
    "organisation_update",
    "person_register",
    "person_set_password",
    "person_signed_in",
    "person_signed_out",
    "site_add",
]

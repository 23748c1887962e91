"""Who holds which role, and in which kind of organisation a role makes sense."""

from enum import StrEnum


class Sector(StrEnum):
    BUYER = "buyer"
    SUPPLIER = "supplier"
    PLATFORM = "platform"


class Role(StrEnum):
    BUYER = "buyer"
    PROCUREMENT_LEAD = "procurement_lead"
    EVALUATOR = "evaluator"
    APPROVER = "approver"
    AGREEMENT_MANAGER = "agreement_manager"
    SUPPLIER_USER = "supplier_user"
    ORG_ADMIN = "org_admin"
    AUDITOR = "auditor"
    PLATFORM_ADMIN = "platform_admin"


ROLE_LABELS: dict[Role, str] = {
    Role.BUYER: "Buyer",
    Role.PROCUREMENT_LEAD: "Procurement lead",
    Role.EVALUATOR: "Evaluator",
    Role.APPROVER: "Approver",
    Role.AGREEMENT_MANAGER: "Agreement manager",
    Role.SUPPLIER_USER: "Supplier user",
    Role.ORG_ADMIN: "Organisation administrator",
    Role.AUDITOR: "Auditor",
    Role.PLATFORM_ADMIN: "Platform administrator",
}

ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.BUYER: "Records requirements, searches the catalogue, places orders.",
    Role.PROCUREMENT_LEAD: "Runs competitions and buying clubs for the organisation.",
    Role.EVALUATOR: "Scores bids on an evaluation panel after declaring any conflict.",
    Role.APPROVER: "Approves awards, contracts and spending.",
    Role.AGREEMENT_MANAGER: "Runs frameworks and dynamic purchasing systems.",
    Role.SUPPLIER_USER: "Applies to agreements, publishes services, bids and takes orders.",
    Role.ORG_ADMIN: "Manages the organisation's details, sites and people.",
    Role.AUDITOR: "Reads everything on the platform, changes nothing.",
    Role.PLATFORM_ADMIN: "Runs the platform: organisations, people and reference data.",
}

# Auditors and platform administrators act across the whole platform, so they are held
# only in the platform operator's organisation.
PLATFORM_ROLES = frozenset({Role.AUDITOR, Role.PLATFORM_ADMIN})

ROLES_BY_SECTOR: dict[Sector, frozenset[Role]] = {
    Sector.BUYER: frozenset(
        {
            Role.BUYER,
            Role.PROCUREMENT_LEAD,
            Role.EVALUATOR,
            Role.APPROVER,
            Role.AGREEMENT_MANAGER,
            Role.ORG_ADMIN,
        }
    ),
    Sector.SUPPLIER: frozenset({Role.SUPPLIER_USER, Role.ORG_ADMIN}),
    Sector.PLATFORM: frozenset({Role.AUDITOR, Role.PLATFORM_ADMIN, Role.ORG_ADMIN}),
}


def role_allowed_in_sector(role: str, sector: str) -> bool:
    return Role(role) in ROLES_BY_SECTOR[Sector(sector)]


def refusal_for_role(role: str, sector: str) -> str | None:
    """Why `role` cannot be granted in an organisation of `sector`, or None if it can."""
    if role not in Role.__members__.values():
        return f"'{role}' is not a role on Caremarket"
    if role_allowed_in_sector(role, sector):
        return None
    allowed = ", ".join(sorted(ROLE_LABELS[r].lower() for r in ROLES_BY_SECTOR[Sector(sector)]))
    return (
        f"A {ROLE_LABELS[Role(role)].lower()} cannot belong to a {sector} organisation "
        f"(allowed there: {allowed})"
    )

import rules

from caremarket.core.permissions import (
    is_auditor,
    is_platform_admin,
    is_signed_in,
    member_with_role,
    permissions,
)
from caremarket.rules.roles import Role


def _org(obj):
    return obj.pk


@rules.predicate
def is_self(actor, person) -> bool:
    return person is not None and actor.person_id == person.pk


@rules.predicate
def shares_an_organisation(actor, person) -> bool:
    if person is None or not actor.organisation_ids:
        return False
    return person.memberships.filter(organisation_id__in=actor.organisation_ids).exists()


member_of_org = member_with_role(owner=_org)
org_admin = member_with_role(Role.ORG_ADMIN, owner=_org)

permissions.add_rule("orgs.view_directory", is_signed_in)
permissions.add_rule("orgs.view_organisation", is_signed_in)
permissions.add_rule("orgs.create_organisation", is_platform_admin)
permissions.add_rule("orgs.update_organisation", is_platform_admin | org_admin)
permissions.add_rule("orgs.view_people", is_platform_admin | is_auditor | member_of_org)
permissions.add_rule("orgs.manage_people", is_platform_admin | org_admin)
permissions.add_rule(
    "orgs.manage_sites",
    is_platform_admin | member_with_role(Role.ORG_ADMIN, Role.PROCUREMENT_LEAD, Role.BUYER, owner=_org),
)
permissions.add_rule(
    "orgs.manage_certifications",
    is_platform_admin | member_with_role(Role.ORG_ADMIN, Role.SUPPLIER_USER, owner=_org),
)
permissions.add_rule("orgs.view_person", is_platform_admin | is_auditor | is_self | shares_an_organisation)
permissions.add_rule("orgs.import_reference_data", is_platform_admin)
permissions.add_rule("orgs.register_person", is_platform_admin)

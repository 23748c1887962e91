import rules

from caremarket.core.permissions import is_auditor, is_platform_admin, permissions
from caremarket.rules.roles import Role


@rules.predicate
def administers_any_organisation(actor) -> bool:
    return any(Role.ORG_ADMIN in roles for roles in actor.roles_by_org.values())


# Auditors and platform administrators read the whole log; an organisation's
# administrators read the events about their own organisation.
permissions.add_rule("audit.view_log", is_auditor | is_platform_admin | administers_any_organisation)
permissions.add_rule("audit.verify_chain", is_auditor | is_platform_admin)

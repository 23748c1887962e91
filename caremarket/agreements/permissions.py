"""Who may do what with agreements, lots, applications, evidence and reviews."""

import rules

from caremarket.core.permissions import (
    is_auditor,
    is_platform_admin,
    is_signed_in,
    member_with_role,
    permissions,
)
from caremarket.rules.agreements import AgreementStatus
from caremarket.rules.roles import Role


def _agreement_owner(obj):
    """The organisation running the agreement an object belongs to."""
    for path in ("owner_id", "agreement.owner_id", "lot.agreement.owner_id", "review.agreement.owner_id"):
        target = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        return target
    return None


@rules.predicate
def is_published(actor, agreement) -> bool:
    return agreement is not None and agreement.stage != AgreementStatus.DRAFT


@rules.predicate
def manages_any_agreement(actor) -> bool:
    return any(Role.AGREEMENT_MANAGER in roles for roles in actor.roles_by_org.values())


@rules.predicate
def is_supplier_member(actor, obj) -> bool:
    """A member (any role) of the supplier an application, evidence or place belongs to."""
    return obj is not None and actor.is_member(getattr(obj, "supplier_id", None))


@rules.predicate
def manages_an_agreement_using(actor, evidence) -> bool:
    """Evidence is seen by the managers of the agreements whose applications cite it."""
    if evidence is None:
        return False
    managed = [org for org, roles in actor.roles_by_org.items() if Role.AGREEMENT_MANAGER in roles]
    return bool(managed) and evidence.applications.filter(lot__agreement__owner_id__in=managed).exists()


manager = member_with_role(Role.AGREEMENT_MANAGER, owner=_agreement_owner)
manager_of_org = member_with_role(Role.AGREEMENT_MANAGER, owner=lambda org: org.pk)
supplier_user = member_with_role(Role.SUPPLIER_USER, owner=lambda org: org.pk)
supplier_user_of = member_with_role(Role.SUPPLIER_USER, owner=lambda obj: obj.supplier_id)
oversight = is_platform_admin | is_auditor

# Browsing: a published agreement, its lots and who is on them, for everyone signed in;
# a draft only for the people running it.
permissions.add_rule("agreements.browse", is_signed_in)
permissions.add_rule("agreements.view_agreement", is_signed_in & (is_published | manager | oversight))
permissions.add_rule("agreements.set_up_agreements", is_platform_admin | manages_any_agreement)
permissions.add_rule("agreements.create_agreement", is_platform_admin | manager_of_org)
permissions.add_rule("agreements.manage_agreement", is_platform_admin | manager)
permissions.add_rule("agreements.import_definitions", is_platform_admin)
# Suppliers apply and renew their certifications; their colleagues and the manager read.
permissions.add_rule("agreements.apply", is_platform_admin | supplier_user)
permissions.add_rule("agreements.withdraw_application", is_platform_admin | supplier_user_of)
permissions.add_rule("agreements.view_application", oversight | is_supplier_member | manager)
permissions.add_rule("agreements.assess_application", is_platform_admin | manager)
permissions.add_rule("agreements.view_evidence", oversight | is_supplier_member | manages_an_agreement_using)
permissions.add_rule("agreements.upload_evidence", is_platform_admin | supplier_user)
permissions.add_rule("agreements.renew_certification", is_platform_admin | supplier_user)
permissions.add_rule("agreements.view_compliance", oversight | member_with_role(owner=lambda org: org.pk))
# The manager reviews, suspends, reinstates and removes; auditors read reviews and history.
permissions.add_rule("agreements.view_review", oversight | manager)
permissions.add_rule("agreements.change_standing", is_platform_admin | manager)
permissions.add_rule("agreements.view_standing_history", oversight | manager | is_supplier_member)

"""Who may do what with contracts, orders, fees, performance, continuity, delivery and GP IT."""

import rules

from caremarket.core.permissions import (
    is_auditor,
    is_platform_admin,
    is_signed_in,
    member_with_role,
    permissions,
)
from caremarket.rules.roles import Role

BUYING_ROLES = (Role.BUYER, Role.PROCUREMENT_LEAD)
CONTRACT_ROLES = (Role.PROCUREMENT_LEAD, Role.APPROVER)


def _agreement_owner(obj):
    agreement = getattr(obj, "agreement", None)
    return agreement.owner_id if agreement is not None else None


@rules.predicate
def is_party(actor, obj) -> bool:
    """A member of the buyer or the supplier of a contract or order (any role)."""
    if obj is None:
        return False
    return actor.is_member(getattr(obj, "buyer_id", None)) or actor.is_member(
        getattr(obj, "supplier_id", None)
    )


@rules.predicate
def is_subcontractor(actor, contract) -> bool:
    if contract is None or not actor.organisation_ids:
        return False
    return contract.subcontracts.filter(subcontractor_id__in=actor.organisation_ids).exists()


@rules.predicate
def is_handover_party(actor, handover) -> bool:
    if handover is None:
        return False
    return actor.has_role(handover.outgoing_id, Role.SUPPLIER_USER) or actor.has_role(
        handover.incoming_id, Role.SUPPLIER_USER
    )


oversight = is_platform_admin | is_auditor
agreement_manager = member_with_role(Role.AGREEMENT_MANAGER, owner=_agreement_owner)
manager_of_agreement = member_with_role(Role.AGREEMENT_MANAGER, owner=lambda agreement: agreement.owner_id)
buyer_contracting = member_with_role(*CONTRACT_ROLES, owner=lambda obj: obj.buyer_id)
buyer_approver = member_with_role(Role.APPROVER, owner=lambda obj: obj.buyer_id)
buyer_member = member_with_role(owner=lambda obj: obj.buyer_id)
buyer_buying = member_with_role(*BUYING_ROLES, Role.APPROVER, owner=lambda obj: obj.buyer_id)
org_contracting = member_with_role(*CONTRACT_ROLES, owner=lambda org: org.pk)
org_buying = member_with_role(*BUYING_ROLES, owner=lambda org: org.pk)
org_supplier_user = member_with_role(Role.SUPPLIER_USER, owner=lambda org: org.pk)
supplier_user_of = member_with_role(Role.SUPPLIER_USER, owner=lambda obj: obj.supplier_id)
org_member = member_with_role(owner=lambda org: org.pk)
backstop_keeper = member_with_role(Role.PROCUREMENT_LEAD, Role.AGREEMENT_MANAGER, owner=lambda b: b.owner_id)
backstop_member = member_with_role(owner=lambda b: b.owner_id)
commissioner_decider = member_with_role(
    Role.APPROVER, Role.PROCUREMENT_LEAD, owner=lambda r: r.commissioner_id
)
commissioner_member = member_with_role(owner=lambda obj: obj.commissioner_id)
practice_member = member_with_role(owner=lambda r: r.practice_id)
practice_buyer = member_with_role(Role.BUYER, Role.PROCUREMENT_LEAD, Role.ORG_ADMIN, owner=lambda org: org.pk)

# Contracts: the register for everyone signed in (each sees the contracts they are party to).
permissions.add_rule("contracts.view_register", is_signed_in)
permissions.add_rule("contracts.view_contract", oversight | is_party | is_subcontractor | agreement_manager)
permissions.add_rule("contracts.create_contract", is_platform_admin | org_contracting)
permissions.add_rule("contracts.manage_contract", is_platform_admin | buyer_contracting)
permissions.add_rule("contracts.approve_exception", is_platform_admin | buyer_approver)
# Orders: placed by the buyer's buyers and procurement leads; seen by both parties and the
# agreement's manager; the supplier reports delivery.
permissions.add_rule("contracts.place_order", is_platform_admin | org_buying)
permissions.add_rule("contracts.amend_order", is_platform_admin | buyer_buying)
permissions.add_rule("contracts.view_order", oversight | is_party | agreement_manager)
permissions.add_rule("contracts.update_delivery", is_platform_admin | supplier_user_of)
# Fees: suppliers make returns; the agreement's manager reconciles, invoices and chases.
permissions.add_rule("contracts.submit_return", is_platform_admin | org_supplier_user)
permissions.add_rule(
    "contracts.view_return", oversight | member_with_role(owner=lambda r: r.supplier_id) | agreement_manager
)
permissions.add_rule("contracts.view_fees", oversight | manager_of_agreement)
permissions.add_rule("contracts.manage_fees", is_platform_admin | manager_of_agreement)
# Performance.
permissions.add_rule("contracts.report_performance", is_platform_admin | supplier_user_of)
permissions.add_rule("contracts.give_feedback", is_platform_admin | buyer_buying)
permissions.add_rule("contracts.manage_performance", is_platform_admin | buyer_contracting)
permissions.add_rule("contracts.view_supplier_scorecard", oversight | org_member)
permissions.add_rule("contracts.decide_proposal", is_platform_admin | agreement_manager)
# KPIs are defined by the buyer's contract managers; plans' progress is told by them or the supplier.
permissions.add_rule("contracts.define_kpi", is_platform_admin | buyer_contracting)
permissions.add_rule("contracts.update_plan", is_platform_admin | buyer_contracting | supplier_user_of)
# Continuity of supply.
permissions.add_rule("contracts.view_backstop", oversight | backstop_member)
permissions.add_rule("contracts.manage_backstop", is_platform_admin | backstop_keeper)
permissions.add_rule(
    "contracts.create_backstop",
    is_platform_admin
    | member_with_role(Role.PROCUREMENT_LEAD, Role.AGREEMENT_MANAGER, owner=lambda org: org.pk),
)
# A lot's backstops: kept by the agreement's managers (seen by them and oversight).
permissions.add_rule("contracts.view_lot_backstops", oversight | manager_of_agreement)
permissions.add_rule("contracts.manage_lot_backstops", is_platform_admin | manager_of_agreement)
permissions.add_rule(
    "contracts.view_handover",
    oversight | member_with_role(owner=lambda h: h.contract.buyer_id) | is_handover_party,
)
permissions.add_rule(
    "contracts.update_handover",
    is_platform_admin
    | member_with_role(*CONTRACT_ROLES, owner=lambda h: h.contract.buyer_id)
    | is_handover_party,
)
# GP IT.
permissions.add_rule("contracts.manage_allocations", is_platform_admin | manager_of_agreement)
permissions.add_rule("contracts.view_allocation", oversight | commissioner_member | agreement_manager)
permissions.add_rule("contracts.choose_foundation", is_platform_admin | practice_buyer)
permissions.add_rule("contracts.view_own_system_request", oversight | practice_member | commissioner_member)
permissions.add_rule("contracts.decide_own_system", is_platform_admin | commissioner_decider)

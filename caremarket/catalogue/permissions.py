"""Who may do what in the catalogue."""

import rules

from caremarket.core.permissions import (
    is_auditor,
    is_platform_admin,
    is_signed_in,
    member_with_role,
    permissions,
)
from caremarket.rules.roles import Role, Sector


def _agreement_owner(obj):
    """The organisation running the agreement a listing (or one of its versions) is under."""
    listing = getattr(obj, "listing", obj)
    return listing.lot.agreement.owner_id


@rules.predicate
def manages_any_agreement(actor) -> bool:
    return any(Role.AGREEMENT_MANAGER in roles for roles in actor.roles_by_org.values())


@rules.predicate
def is_listing_supplier_member(actor, listing) -> bool:
    return listing is not None and actor.is_member(getattr(listing, "listing", listing).supplier_id)


@rules.predicate
def is_the_advisor(actor, advisor) -> bool:
    return advisor is not None and actor.person_id == advisor.person_id


@rules.predicate
def is_supplier_org(actor, org) -> bool:
    return org is not None and org.sector == Sector.SUPPLIER


oversight = is_platform_admin | is_auditor
supplier_user = member_with_role(Role.SUPPLIER_USER, owner=lambda org: org.pk)
listing_supplier_user = member_with_role(
    Role.SUPPLIER_USER, owner=lambda obj: getattr(obj, "listing", obj).supplier_id
)
agreement_manager = member_with_role(Role.AGREEMENT_MANAGER, owner=_agreement_owner)
buyer_of_org = member_with_role(Role.BUYER, Role.PROCUREMENT_LEAD, owner=lambda org: org.pk)
shortlist_buyer = member_with_role(Role.BUYER, Role.PROCUREMENT_LEAD, owner=lambda s: s.organisation_id)
shortlist_member = member_with_role(owner=lambda s: s.organisation_id)

# Everyone signed in searches, compares and reads live listings, advisors and benchmarks.
permissions.add_rule("catalogue.search", is_signed_in)
permissions.add_rule("catalogue.view_benchmarks", is_signed_in)
permissions.add_rule("catalogue.view_advisors", is_signed_in)
# Suppliers write their listings; their colleagues, the agreement's manager and oversight read
# every version.
permissions.add_rule("catalogue.publish_listings", is_platform_admin | supplier_user)
permissions.add_rule(
    "catalogue.view_own_listings", oversight | (is_supplier_org & member_with_role(owner=lambda org: org.pk))
)
permissions.add_rule("catalogue.edit_listing", is_platform_admin | listing_supplier_user)
permissions.add_rule(
    "catalogue.view_listing_history", oversight | is_listing_supplier_member | agreement_manager
)
# The agreement's manager approves or rejects; either side may withdraw a live listing.
permissions.add_rule("catalogue.view_approvals", oversight | manages_any_agreement)
permissions.add_rule("catalogue.approve_listing", is_platform_admin | agreement_manager)
permissions.add_rule(
    "catalogue.withdraw_listing", is_platform_admin | listing_supplier_user | agreement_manager
)
# Buyers keep shortlists for their organisation; its members and oversight read them.
permissions.add_rule("catalogue.save_shortlist", is_platform_admin | buyer_of_org)
permissions.add_rule("catalogue.view_shortlists", oversight | member_with_role(owner=lambda org: org.pk))
permissions.add_rule("catalogue.view_shortlist", oversight | shortlist_member)
permissions.add_rule("catalogue.change_shortlist", is_platform_admin | shortlist_buyer)
# Anyone signed in may nominate themselves as an advisor, and change or withdraw their entry.
permissions.add_rule("catalogue.nominate_advisor", is_signed_in & ~is_auditor)
permissions.add_rule("catalogue.change_advisor", is_platform_admin | is_the_advisor)
# Awarded prices come from the domains that award contracts.
permissions.add_rule("catalogue.record_awarded_price", is_platform_admin)
permissions.add_rule("catalogue.rebuild_index", is_platform_admin)

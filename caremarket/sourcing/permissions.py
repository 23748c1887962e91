"""Who may do what in sourcing: requirements, buying clubs, collaborations, individual
procurements, intentions, the route advisor and the diagnostic."""

import rules

from caremarket.core.permissions import (
    is_auditor,
    is_platform_admin,
    is_signed_in,
    member_with_role,
    permissions,
)
from caremarket.rules.roles import Role, Sector

BUYING = (Role.BUYER, Role.PROCUREMENT_LEAD)
oversight = is_platform_admin | is_auditor


@rules.predicate
def is_buyer_person(actor) -> bool:
    """Holds a buying role in some organisation."""
    return any(roles & set(BUYING) for roles in actor.roles_by_org.values())


@rules.predicate
def leads_procurement_anywhere(actor) -> bool:
    return any(Role.PROCUREMENT_LEAD in roles for roles in actor.roles_by_org.values())


@rules.predicate
def is_buyer_org(actor, organisation) -> bool:
    return organisation is not None and organisation.sector == Sector.BUYER


def _club_lead(obj):
    for path in ("lead_organisation_id", "club.lead_organisation_id"):
        target = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        return target
    return None


# On an organisation
buyer_of_org = member_with_role(*BUYING, owner=lambda org: org.pk)
lead_of_org = member_with_role(Role.PROCUREMENT_LEAD, owner=lambda org: org.pk)
member_of_org = member_with_role(owner=lambda org: org.pk)
# On a club (or a club member, whose `club` leads)
club_lead = member_with_role(Role.PROCUREMENT_LEAD, owner=_club_lead)
club_lead_any_role = member_with_role(owner=_club_lead)
# On a requirement set or a club member (owned by `organisation_id`)
buyer_of_owner = member_with_role(*BUYING)
member_of_owner = member_with_role()


@rules.predicate
def lead_of_sets_club(actor, requirement_set) -> bool:
    """The club's lead helps its members fill in their requirements."""
    club = getattr(requirement_set, "club", None)
    return club is not None and actor.has_role(club.lead_organisation_id, Role.PROCUREMENT_LEAD)


@rules.predicate
def collaboration_partner(actor, collaboration) -> bool:
    if collaboration is None:
        return False
    if actor.is_member(collaboration.lead_organisation_id):
        return True
    return collaboration.partners.filter(organisation_id__in=actor.organisation_ids).exists()


collaboration_lead = member_with_role(Role.PROCUREMENT_LEAD, owner=lambda c: c.lead_organisation_id)


@rules.predicate
def is_published_intention(actor, intention) -> bool:
    return intention is not None and intention.status == "published"


# Requirements: the organisation's buyers; the club's lead for a member's set; oversight reads.
permissions.add_rule("sourcing.manage_requirements", is_platform_admin | (buyer_of_org & is_buyer_org))
permissions.add_rule("sourcing.view_requirements", oversight | member_of_owner | lead_of_sets_club)
permissions.add_rule("sourcing.edit_requirements", is_platform_admin | buyer_of_owner | lead_of_sets_club)
# Buying clubs: the programme is public to everyone signed in; the lead body runs each club.
permissions.add_rule("sourcing.browse", is_signed_in)
permissions.add_rule("sourcing.view_club", is_signed_in)
permissions.add_rule("sourcing.create_club", is_platform_admin | (lead_of_org & is_buyer_org))
permissions.add_rule("sourcing.start_club", is_platform_admin | leads_procurement_anywhere)
permissions.add_rule("sourcing.manage_club", is_platform_admin | club_lead)
permissions.add_rule("sourcing.view_baseline", oversight | club_lead_any_role)
permissions.add_rule("sourcing.join_club", is_platform_admin | (buyer_of_org & is_buyer_org))
permissions.add_rule("sourcing.manage_membership", is_platform_admin | buyer_of_owner | club_lead)
# Collaborations and individual procurements
permissions.add_rule("sourcing.plan_procurements", is_platform_admin | is_buyer_person)
permissions.add_rule("sourcing.create_collaboration", is_platform_admin | (lead_of_org & is_buyer_org))
permissions.add_rule("sourcing.view_collaboration", oversight | collaboration_partner)
permissions.add_rule("sourcing.manage_collaboration", is_platform_admin | collaboration_lead)
permissions.add_rule("sourcing.create_individual", is_platform_admin | (buyer_of_org & is_buyer_org))
permissions.add_rule("sourcing.view_individual", oversight | member_of_owner)
permissions.add_rule("sourcing.manage_individual", is_platform_admin | buyer_of_owner)
# Intentions: buyers publish; everyone signed in (suppliers above all) sees the pipeline.
permissions.add_rule("sourcing.view_pipeline", is_signed_in)
permissions.add_rule("sourcing.create_intention", is_platform_admin | (buyer_of_org & is_buyer_org))
permissions.add_rule("sourcing.view_intention", oversight | is_published_intention | member_of_owner)
permissions.add_rule("sourcing.manage_intention", is_platform_admin | buyer_of_owner)
# The route advisor and the diagnostic
permissions.add_rule("sourcing.use_route_advisor", is_signed_in)
permissions.add_rule("sourcing.view_diagnostic", oversight | buyer_of_org)
permissions.add_rule("sourcing.edit_cost_figures", is_platform_admin | buyer_of_org)

"""Who may do what in provider selection (the rules are added by each part of the app)."""

# --- The Provider Selection Regime's processes (chooser, decision, standstill, award) ---------

import rules as _rules

from caremarket.core.permissions import (
    is_auditor,
    is_platform_admin,
    member_with_role,
    permissions,
)
from caremarket.rules.roles import Role

PSR_MANAGING_ROLES = (Role.PROCUREMENT_LEAD, Role.APPROVER)
psr_oversight = is_platform_admin | is_auditor
# On an organisation: its procurement leads and approvers start processes for it.
psr_org_commissioner = member_with_role(*PSR_MANAGING_ROLES, owner=lambda org: org.pk)
# On a process: the lead commissioner's procurement leads and approvers run it.
psr_lead_commissioner = member_with_role(*PSR_MANAGING_ROLES, owner=lambda sp: sp.lead_commissioner_id)
# On an organisation: any of its members (a provider's people make its representations).
psr_org_member = member_with_role(owner=lambda org: org.pk)


@_rules.predicate
def psr_commissioner_member(actor, selection) -> bool:
    """A member of one of the process's commissioners."""
    if selection is None or not actor.organisation_ids:
        return False
    if selection.lead_commissioner_id in actor.organisation_ids:
        return True
    return selection.commissioners.filter(pk__in=actor.organisation_ids).exists()


permissions.add_rule("selection.start_process", psr_org_commissioner)
permissions.add_rule("selection.manage_psr", psr_lead_commissioner)
permissions.add_rule("selection.view_process", psr_oversight | psr_commissioner_member)
permissions.add_rule("selection.represent_provider", psr_org_member)
permissions.add_rule("selection.view_annual_summary", psr_oversight | psr_org_member)

# --- The Most Suitable Provider process (alliances, panel, gateways, stage 2) ----------------

MSP_PROVIDER_ROLES = (Role.SUPPLIER_USER, Role.ORG_ADMIN)


@_rules.predicate
def msp_commissioner_manager(actor, selection) -> bool:
    """A procurement lead or approver of one of the process's commissioners."""
    if selection is None:
        return False
    ids = {selection.lead_commissioner_id, *selection.commissioners.values_list("pk", flat=True)}
    return any(actor.has_role(org_id, *PSR_MANAGING_ROLES) for org_id in ids)


@_rules.predicate
def msp_panel_member(actor, selection) -> bool:
    if selection is None or actor.person_id is None:
        return False
    return selection.panel_members.filter(person_id=actor.person_id).exists()


@_rules.predicate
def msp_any_alliance_member(actor, selection) -> bool:
    """A provider's person in an organisation that belongs to one of the process's alliances."""
    if selection is None or not actor.organisation_ids:
        return False
    from caremarket.selection.models import AllianceMember

    orgs = AllianceMember.objects.filter(alliance__process=selection).values_list(
        "organisation_id", flat=True
    )
    return any(actor.has_role(org_id, *MSP_PROVIDER_ROLES) for org_id in set(orgs))


@_rules.predicate
def msp_alliance_provider(actor, alliance) -> bool:
    """On an alliance: a provider's person in one of its member organisations."""
    if alliance is None:
        return False
    orgs = alliance.members.values_list("organisation_id", flat=True)
    return any(actor.has_role(org_id, *MSP_PROVIDER_ROLES) for org_id in set(orgs))


# On an alliance: the lead provider's people agree stage 2 documents for the alliance.
msp_alliance_lead = member_with_role(*MSP_PROVIDER_ROLES, owner=lambda alliance: alliance.lead_id)


@_rules.predicate
def msp_alliance_commissioner(actor, alliance) -> bool:
    return alliance is not None and msp_commissioner_manager.test(actor, alliance.process)


permissions.add_rule("selection.manage_msp", is_platform_admin | msp_commissioner_manager)
permissions.add_rule(
    "selection.view_msp",
    psr_oversight | psr_commissioner_member | msp_panel_member | msp_any_alliance_member,
)
# An alliance's own page (its members, submission, documents and stage 2) is for the
# commissioners, the panel and oversight, and among providers for that alliance's members only.
msp_alliance_oversight = _rules.predicate(
    lambda actor, alliance: (
        alliance is not None
        and (psr_oversight | psr_commissioner_member | msp_panel_member).test(actor, alliance.process)
    ),
    name="msp_alliance_oversight",
)
permissions.add_rule("selection.view_alliance", msp_alliance_oversight | msp_alliance_provider)
permissions.add_rule("selection.rate_msp", msp_panel_member)
permissions.add_rule("selection.submit_for_alliance", msp_alliance_provider)
permissions.add_rule("selection.agree_for_alliance", msp_alliance_lead)
permissions.add_rule(
    "selection.record_alliance_letter", is_platform_admin | msp_alliance_commissioner | msp_alliance_provider
)

# --- Urgent awards (regulation 14) ---------------------------------------------------------------

# On an urgent award: the lead commissioner's members and oversight see it (its notice is public).
urgent_commissioner_member = member_with_role(owner=lambda award: award.lead_commissioner_id)
permissions.add_rule("selection.view_urgent_award", psr_oversight | urgent_commissioner_member)

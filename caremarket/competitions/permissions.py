"""Who may do what with competitions, bids, evaluation and award.

Reading or counting bids on the buyer side needs one of these permissions AND an open seal
(`rules.bidding.seal_refusal`): selectors check both, so no role reads a bid early.
"""

import rules

from caremarket.core.permissions import (
    is_auditor,
    is_platform_admin,
    is_signed_in,
    member_with_role,
    permissions,
)
from caremarket.rules.bidding import BidderFacts, bidder_refusal
from caremarket.rules.competitions import CompetitionStatus
from caremarket.rules.roles import Role, Sector


def _buyer(obj):
    for path in ("buyer_id", "competition.buyer_id", "award.competition.buyer_id"):
        target = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        return target
    return None


def _competition(obj):
    return obj if hasattr(obj, "procedure") else getattr(obj, "competition", None)


@rules.predicate
def is_published(actor, competition) -> bool:
    return competition is not None and competition.stage != CompetitionStatus.DRAFT


def supplier_orgs(actor, *roles: str) -> list[int]:
    """The supplier organisations the actor belongs to (holding one of `roles`, if given)."""
    from caremarket.orgs.models import Organisation

    ids = [org for org, held in actor.roles_by_org.items() if not roles or held & set(roles)]
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids, sector=Sector.SUPPLIER).values_list("pk", flat=True))


def is_invited(competition, supplier_id: int) -> bool:
    """Invited to the competition, or any supplier at all for an open procedure."""
    return competition.is_open_procedure or competition.invitations.filter(supplier_id=supplier_id).exists()


def bidder_facts(actor, competition, supplier_id: int, supplier_sector: str) -> BidderFacts:
    return BidderFacts(
        member_of_supplier=actor.is_member(supplier_id),
        supplier_user=actor.has_role(supplier_id, Role.SUPPLIER_USER),
        is_supplier=supplier_sector == Sector.SUPPLIER,
        published=competition.stage != CompetitionStatus.DRAFT,
        invited=is_invited(competition, supplier_id),
    )


@rules.predicate
def may_take_part(actor, competition) -> bool:
    """A member of a supplier invited to it (or, for an open procedure, any supplier)."""
    competition = _competition(competition)
    if competition is None or competition.stage == CompetitionStatus.DRAFT:
        return False
    return any(is_invited(competition, supplier) for supplier in supplier_orgs(actor))


@rules.predicate
def may_bid(actor, competition) -> bool:
    """`rules.bidding.bidder_refusal` passes for one of the actor's supplier organisations."""
    competition = _competition(competition)
    if competition is None:
        return False
    return any(
        bidder_refusal(bidder_facts(actor, competition, supplier, Sector.SUPPLIER)) is None
        for supplier in supplier_orgs(actor, Role.SUPPLIER_USER)
    )


@rules.predicate
def is_assigned_evaluator(actor, competition) -> bool:
    competition = _competition(competition)
    return (
        competition is not None
        and actor.person_id is not None
        and actor.has_role(competition.buyer_id, Role.EVALUATOR)
        and competition.evaluators.filter(person_id=actor.person_id).exists()
    )


buyer_member = member_with_role(owner=_buyer)
lead = member_with_role(Role.PROCUREMENT_LEAD, owner=_buyer)
lead_of_org = member_with_role(Role.PROCUREMENT_LEAD, owner=lambda org: org.pk)
approver = member_with_role(Role.APPROVER, owner=_buyer)
oversight = is_platform_admin | is_auditor

permissions.add_rule("competitions.browse", is_signed_in)
permissions.add_rule("competitions.create", is_platform_admin | lead_of_org)
permissions.add_rule("competitions.view", buyer_member | oversight | (is_published & may_take_part))
permissions.add_rule("competitions.manage", is_platform_admin | lead)
# Suppliers ask, bid and challenge; only the supplier's own users.
permissions.add_rule("competitions.take_part", may_bid)
permissions.add_rule("competitions.answer", is_platform_admin | lead)
# Reading bids (only after the deadline): the lead, approvers, assigned evaluators, oversight.
permissions.add_rule("competitions.open_bids", lead | approver | is_assigned_evaluator | oversight)
permissions.add_rule("competitions.evaluate", is_assigned_evaluator)
permissions.add_rule("competitions.moderate", is_platform_admin | lead)
permissions.add_rule("competitions.decide_award", is_platform_admin | lead)
permissions.add_rule("competitions.direct_award", is_platform_admin | lead_of_org)

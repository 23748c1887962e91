"""Test data for competitions, built through the services so every record has its audit trail."""

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from caremarket.agreements.factories import admit, apply, make_agreement, make_supplier
from caremarket.agreements.models import Agreement, Lot
from caremarket.competitions import services
from caremarket.competitions.engine import valid_bids
from caremarket.competitions.models import Competition
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.models import Organisation
from caremarket.rules.roles import Role, Sector

SYSTEM = Actor.system("factories")
_numbers = itertools.count(1)


def deadlines(now: datetime | None = None, *, days: int = 14) -> tuple[datetime, datetime]:
    """(clarification, submission) deadlines comfortably beyond the minimum bidding period."""
    now = now or clock.now()
    return now + timedelta(days=days - 4), now + timedelta(days=days)


@dataclass
class Market:
    """A buyer with a procurement lead, an approver and two evaluators; a live DPS with
    suppliers admitted to lot 1, each with a supplier user."""

    buyer: Organisation
    lead: Actor
    approver: Actor
    evaluators: list[Actor]
    agreement: Agreement
    lot: Lot
    suppliers: list[Organisation] = field(default_factory=list)
    bidders: list[Actor] = field(default_factory=list)


def make_market(*, suppliers: int = 3, procedures=("further_competition",), **agreement_fields) -> Market:
    n = next(_numbers)
    buyer = make_organisation(Sector.BUYER, code=f"CB{n:03d}", name=f"Competition Buyer ICB {n}")
    lead = actor_for(make_person(roles=[(buyer, Role.PROCUREMENT_LEAD)]), buyer)
    approver = actor_for(make_person(roles=[(buyer, Role.APPROVER)]), buyer)
    evaluators = [actor_for(make_person(roles=[(buyer, Role.EVALUATOR)]), buyer) for _ in range(2)]
    agreement = make_agreement(procedures=procedures, **agreement_fields)
    market = Market(buyer, lead, approver, evaluators, agreement, agreement.lots.get(number=1))
    for i in range(suppliers):
        supplier = make_supplier(code=f"CS{n:03d}{i}", name=f"Bidder {n}-{i} Ltd")
        admit(apply(supplier, agreement, (1,))[0])
        market.suppliers.append(supplier)
        market.bidders.append(actor_for(make_person(roles=[(supplier, Role.SUPPLIER_USER)]), supplier))
    return market


def make_competition(market: Market, *, publish: bool = False, **fields) -> Competition:
    clarification, submission = deadlines()
    values = {
        "title": "Network connectivity for 40 sites",
        "procedure": "further_competition",
        "lot": market.lot,
        "requirement": "HSCN connectivity for every site, with migration off the legacy network.",
        "clarification_deadline": clarification,
        "submission_deadline": submission,
        **fields,
    }
    competition = services.competition_create(actor=market.lead, buyer=market.buyer, **values)
    if publish:
        competition = services.competition_transition(
            actor=market.lead, competition=competition, to="published"
        )
    return competition


def submit_bid(market: Market, competition: Competition, index: int, price: str, **draft) -> None:
    supplier, actor = market.suppliers[index], market.bidders[index]
    services.bid_save_draft(actor=actor, competition=competition, supplier=supplier, price=price, **draft)
    return services.bid_submit(actor=actor, competition=competition, supplier=supplier)


def evaluate_and_moderate(
    *, lead: Actor, evaluator: Actor, competition: Competition, leaves, gate: str, score: int = 3
) -> Competition:
    """From closed for bids to moderation done, every bid alike: the evaluator declares no
    conflict and scores each leaf; the lead passes each bid's gate and agrees the scores."""
    services.evaluator_declare(actor=evaluator, competition=competition, declaration="no_conflict")
    competition = services.competition_transition(actor=lead, competition=competition, to="evaluation")
    bids = sorted(valid_bids(competition), key=lambda bid: bid.supplier.code)  # those standing
    for bid in bids:
        for leaf in leaves:
            services.score_record(
                actor=evaluator,
                competition=competition,
                bid=bid,
                criterion_id=leaf,
                score=score,
                justification="Sound",
            )
    services.evaluator_submit(actor=evaluator, competition=competition)
    competition = services.competition_transition(actor=lead, competition=competition, to="moderation")
    for bid in bids:
        services.gate_record(
            actor=lead, competition=competition, bid=bid, criterion_id=gate, passed=True, rationale="Yes"
        )
        for leaf in leaves:
            services.consensus_record(
                actor=lead,
                competition=competition,
                bid=bid,
                criterion_id=leaf,
                score=score,
                rationale="Agreed",
            )
    return competition

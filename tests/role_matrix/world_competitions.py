"""What the competition cases need: competitions of the matrix buyer (B) on lot 1 of MX1, to
which the matrix supplier (S) is invited, at each stage: a draft; one open for bids (S has
bid and asked a question), its bids sealed; one past its deadline in evaluation (B's
evaluator on the panel, declared, scores recorded); one in moderation with every score
agreed; one in standstill (S has challenged); one whose standstill has ended. And, for
direct award, a framework lot allowing it with a locked shortlist of S's service."""

from datetime import timedelta

import time_machine

from caremarket.agreements import services as agreement_services
from caremarket.catalogue import services as catalogue_services
from caremarket.catalogue.factories import make_listing
from caremarket.catalogue.search import SearchQuery, columns, visibility
from caremarket.competitions import services
from caremarket.competitions.models import Competition
from caremarket.core import clock
from caremarket.core.actor import Actor

SYSTEM = Actor.system("matrix")
LEAVES = ("delivery", "support", "social_value")


def _create(world, title: str, *, publish: bool = True) -> Competition:
    now = clock.now()
    competition = services.competition_create(
        actor=SYSTEM,
        buyer=world.buyer,
        title=title,
        procedure="further_competition",
        lot=world.extra["agreement"].lots.get(number=1),
        requirement="Matrix requirement",
        clarification_deadline=now + timedelta(days=10),
        submission_deadline=now + timedelta(days=14),
    )
    if publish:
        competition = services.competition_transition(actor=SYSTEM, competition=competition, to="published")
    return competition


def _bid(world, competition: Competition, price: str = "1000", *, submit: bool = True) -> None:
    actor = world.actor("S:supplier_user")
    services.bid_save_draft(
        actor=actor,
        competition=competition,
        supplier=world.supplier,
        price=price,
        responses={"delivery": "Plan"},
    )
    services.bid_file_add(
        actor=actor,
        competition=competition,
        supplier=world.supplier,
        name="plan.pdf",
        content=b"%PDF matrix plan",
        content_type="application/pdf",
    )
    if submit:
        services.bid_submit(actor=actor, competition=competition, supplier=world.supplier)


def _to_evaluation(world, title: str, *, score: bool = True, submit: bool = False) -> Competition:
    start = clock.now() - timedelta(days=40)
    with time_machine.travel(start, tick=False):
        competition = _create(world, title)
        services.evaluator_assign(actor=SYSTEM, competition=competition, person=world.people["B:evaluator"])
        _bid(world, competition)
    with time_machine.travel(start + timedelta(days=15), tick=False):
        evaluator = world.actor("B:evaluator")
        services.evaluator_declare(actor=evaluator, competition=competition, declaration="no_conflict")
        competition = services.competition_transition(actor=SYSTEM, competition=competition, to="evaluation")
        bid = competition.bids.get()
        if score:
            for leaf in LEAVES:
                services.score_record(
                    actor=evaluator,
                    competition=competition,
                    bid=bid,
                    criterion_id=leaf,
                    score=3,
                    justification="Good",
                )
        if submit:
            services.evaluator_submit(actor=evaluator, competition=competition)
    return competition


def _to_moderation(world, title: str) -> Competition:
    competition = _to_evaluation(world, title, submit=True)
    with time_machine.travel(clock.now() - timedelta(days=24), tick=False):
        competition = services.competition_transition(actor=SYSTEM, competition=competition, to="moderation")
        bid = competition.bids.get()
        services.gate_record(
            actor=SYSTEM,
            competition=competition,
            bid=bid,
            criterion_id="eligibility",
            passed=True,
            rationale="Held",
        )
        for leaf in LEAVES:
            services.consensus_record(
                actor=SYSTEM, competition=competition, bid=bid, criterion_id=leaf, score=3, rationale="Agreed"
            )
    return competition


def _direct_award_setting(world) -> None:
    agreement = agreement_services.agreement_import(
        actor=SYSTEM,
        definition={
            "reference": "MX3",
            "title": "Matrix framework with direct award",
            "owner": world.buyer.code,
            "kind": "framework",
            "status": "live",
            "starts_on": clock.today() - timedelta(days=300),
            "ends_on": clock.today() + timedelta(days=700),
            "required_standards": ["dspt"],
            "lots": [
                {"number": 1, "title": "Matrix direct lot", "procedures": ["direct_award"], "questions": []}
            ],
        },
        source="matrix",
    )
    lot = world.buyer.agreements.get(reference=agreement.reference).lots.get(number=1)
    agreement_services.lot_supplier_record(
        actor=SYSTEM, lot=lot, supplier=world.supplier, admitted_on=clock.today(), reason="Matrix"
    )
    listing = make_listing(supplier=world.supplier, lot=lot, name="Matrix Zephyr direct service")
    columns.forget()
    visibility.forget()
    shortlist = catalogue_services.shortlist_save(
        actor=SYSTEM,
        organisation=world.buyer,
        name="Matrix direct shortlist",
        query=SearchQuery(text="Zephyr"),
    )
    shortlist = catalogue_services.shortlist_lock(actor=SYSTEM, shortlist=shortlist)
    world.extra.update(direct_shortlist=shortlist, direct_listing=listing)


def needed_for(route: str) -> bool:
    """Only the competition and direct-award cases (and their records pages) use this world."""
    return "competition" in route or "direct-award" in route or "audit/sealed" in route


def build(world) -> None:
    competitions = {"draft": _create(world, "Matrix draft competition", publish=False)}
    competitions["open"] = _create(world, "Matrix open competition")
    _bid(world, competitions["open"])
    services.question_ask(
        actor=world.actor("S:supplier_user"),
        competition=competitions["open"],
        supplier=world.supplier,
        text="Matrix question?",
    )
    services.evaluator_assign(
        actor=SYSTEM, competition=competitions["open"], person=world.people["B:evaluator"]
    )
    competitions["drafting"] = _create(world, "Matrix competition with a draft bid")
    _bid(world, competitions["drafting"], submit=False)
    competitions["withdrawn"] = _create(world, "Matrix competition with a withdrawn bid")
    _bid(world, competitions["withdrawn"])
    services.bid_withdraw(
        actor=world.actor("S:supplier_user"), competition=competitions["withdrawn"], supplier=world.supplier
    )
    competitions["evaluation"] = _to_evaluation(world, "Matrix competition in evaluation")
    competitions["moderation"] = _to_moderation(world, "Matrix competition in moderation")
    standstill = _to_moderation(world, "Matrix competition in standstill")
    services.award_decide(actor=SYSTEM, competition=standstill, bid=standstill.bids.get(), reasons="Only bid")
    challenge = services.challenge_record(
        actor=world.actor("S:supplier_user"),
        competition=standstill,
        supplier=world.supplier,
        grounds="Matrix",
    )
    competitions["standstill"] = standstill
    ended = _to_moderation(world, "Matrix competition past standstill")
    with time_machine.travel(clock.now() - timedelta(days=20), tick=False):
        services.award_decide(actor=SYSTEM, competition=ended, bid=ended.bids.get(), reasons="Only bid")
    competitions["ended"] = ended
    document = services.document_upload(
        actor=SYSTEM, competition=competitions["open"], kind="terms", name="terms.pdf", content=b"%PDF terms"
    )
    _direct_award_setting(world)
    shortlist = world.extra["direct_shortlist"]
    direct = services.direct_award_create(
        actor=SYSTEM, shortlist=shortlist, entry=shortlist.entries.get(), justification="Matrix: only fit"
    )
    world.extra.update(
        competitions={k: c.reference for k, c in competitions.items()},
        competition_objects=competitions,
        question=competitions["open"].questions.get(),
        document=document,
        challenge=challenge,
        open_bid=competitions["open"].bids.get(),
        evaluation_bid=competitions["evaluation"].bids.get(),
        moderation_bid=competitions["moderation"].bids.get(),
        direct_award=direct,
    )

"""Evaluation and moderation: the panel, declarations, scores, consensus, pass/fail gates,
the ranking and decisions on its flags."""

from ninja import Status

from caremarket.api.competition_schemas import (
    ConsensusIn,
    DeclarationIn,
    EvaluatorIn,
    EvaluatorOut,
    FlagIn,
    GateIn,
    RankingOut,
    ScoreIn,
    ScoreOut,
)
from caremarket.api.competitions.common import bid_of, competition_of, router
from caremarket.api.schemas import responses
from caremarket.competitions import selectors, services
from caremarket.competitions.engine import ranking_snapshot
from caremarket.core.errors import ValidationFailed
from caremarket.core.permissions import require


@router.get("/competitions/{reference}/panel", response=responses(200, list[EvaluatorOut]))
def list_panel(request, reference: str):
    evaluators = selectors.panel_for_actor(request.actor, competition_of(request, reference))
    return [
        {
            "email": e.person.email,
            "declaration": e.declaration,
            "declared_at": e.declared_at,
            "submitted_at": e.submitted_at,
        }
        for e in evaluators
    ]


@router.post("/competitions/{reference}/panel", response=responses(201, EvaluatorOut))
def assign_evaluator(request, reference: str, payload: EvaluatorIn):
    competition = competition_of(request, reference)
    require(request.actor, "competitions.manage", competition)
    person = selectors.person_by_email(payload.email)
    if person is None:
        raise ValidationFailed.for_field("email", f"There is nobody with the email {payload.email}")
    services.evaluator_assign(actor=request.actor, competition=competition, person=person)
    return Status(201, {"email": person.email, "declaration": "", "declared_at": None, "submitted_at": None})


@router.post("/competitions/{reference}/declaration", response=responses(200, EvaluatorOut))
def declare(request, reference: str, payload: DeclarationIn):
    """Declare any conflict of interest: needed before opening any bid."""
    competition = competition_of(request, reference)
    e = services.evaluator_declare(
        actor=request.actor, competition=competition, declaration=str(payload.declaration), note=payload.note
    )
    return {
        "email": e.person.email,
        "declaration": e.declaration,
        "declared_at": e.declared_at,
        "submitted_at": e.submitted_at,
    }


@router.put("/competitions/{reference}/scores", response=responses(200, ScoreOut))
def record_score(request, reference: str, payload: ScoreIn):
    """Your own score for one bid and criterion, with its justification."""
    competition = competition_of(request, reference)
    bid = bid_of(competition, payload.bid_id)
    s = services.score_record(
        actor=request.actor,
        competition=competition,
        bid=bid,
        criterion_id=payload.criterion,
        score=payload.score,
        justification=payload.justification,
    )
    return {
        "evaluator": request.actor.label,
        "bid": bid.label,
        "criterion_id": s.criterion_id,
        "score": s.score,
        "justification": s.justification,
        "mine": True,
    }


@router.post("/competitions/{reference}/scores/submit", response=responses(200, EvaluatorOut))
def submit_scores(request, reference: str):
    competition = competition_of(request, reference)
    e = services.evaluator_submit(actor=request.actor, competition=competition)
    return {
        "email": e.person.email,
        "declaration": e.declaration,
        "declared_at": e.declared_at,
        "submitted_at": e.submitted_at,
    }


@router.get("/competitions/{reference}/scores", response=responses(200, list[ScoreOut]))
def list_scores(request, reference: str):
    """Your own scores; everyone's once every evaluator has submitted."""
    return selectors.scores_for_actor(request.actor, competition_of(request, reference))


@router.post("/competitions/{reference}/consensus", response=responses(200, dict))
def record_consensus(request, reference: str, payload: ConsensusIn):
    competition = competition_of(request, reference)
    row = services.consensus_record(
        actor=request.actor,
        competition=competition,
        bid=bid_of(competition, payload.bid_id),
        criterion_id=payload.criterion,
        score=payload.score,
        rationale=payload.justification,
    )
    return {
        "bid": row.bid.label,
        "criterion": row.criterion_id,
        "score": row.score,
        "originals": row.originals,
    }


@router.post("/competitions/{reference}/gates", response=responses(200, dict))
def record_gate(request, reference: str, payload: GateIn):
    competition = competition_of(request, reference)
    row = services.gate_record(
        actor=request.actor,
        competition=competition,
        bid=bid_of(competition, payload.bid_id),
        criterion_id=payload.criterion,
        passed=payload.passed,
        rationale=payload.rationale,
    )
    return {"bid": row.bid.label, "criterion": row.criterion_id, "passed": row.passed}


@router.get("/competitions/{reference}/ranking", response=responses(200, RankingOut))
def get_ranking(request, reference: str):
    """Every figure of the ranking, from the one scoring engine; flags to decide."""
    competition = competition_of(request, reference)
    ev = selectors.evaluation_for_actor(request.actor, competition)
    labels = {o.label: o.bid.supplier.name for o in ev.opened}
    return {
        "complete": ev.evaluation is not None,
        "problems": ev.problems,
        "ranking": ranking_snapshot(ev.evaluation, labels) if ev.evaluation else None,
        "decided_flags": selectors.decided_flag_keys(competition),
    }


@router.post("/competitions/{reference}/flags", response=responses(200, dict))
def decide_flag(request, reference: str, payload: FlagIn):
    """Record the decision on a tie or an abnormally low price."""
    competition = competition_of(request, reference)
    row = services.flag_decide(
        actor=request.actor, competition=competition, key=payload.key, decision=payload.decision
    )
    return {"key": row.key, "decision": row.decision}

"""The evaluation panel: assigning evaluators, conflict declarations, independent scores,
moderation (consensus and pass/fail results), exclusions and decisions on flags."""

from caremarket.audit.services import audit_record
from caremarket.competitions.engine import competition_evaluation, flag_key, valid_bids
from caremarket.competitions.evaluation_models import model_from
from caremarket.competitions.models import (
    Bid,
    Competition,
    Consensus,
    Evaluator,
    FlagDecision,
    GateResult,
    Score,
)
from caremarket.competitions.selectors.panel import ensure_may_open, panel
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.orgs.models import Person
from caremarket.rules.competitions import STATUS_LABELS, CompetitionStatus
from caremarket.rules.moderation import (
    Declaration,
    IndividualScore,
    individual_score_refusal,
    record_consensus,
)
from caremarket.rules.roles import Role
from caremarket.rules.scoring import gate_criteria, quality_leaves

S = CompetitionStatus
PANEL_STAGES = (S.DRAFT, S.PUBLISHED, S.CLARIFICATION_CLOSED, S.CLOSED, S.EVALUATION)


def _refuse_stage(competition: Competition, allowed: tuple, what: str) -> None:
    status = competition.status(clock.now())
    if status not in allowed:
        raise RuleViolation(
            f"{competition.reference} is {STATUS_LABELS[status]}: {what}",
            code=ErrorCode.COMPETITION_TRANSITION_REFUSED,
        )


@service
def evaluator_assign(*, actor: Actor, competition: Competition, person: Person) -> Evaluator:
    require(actor, "competitions.manage", competition)
    _refuse_stage(competition, PANEL_STAGES, "evaluators can no longer be added")
    if not person.memberships.filter(organisation_id=competition.buyer_id, role=Role.EVALUATOR).exists():
        raise ValidationFailed.for_field(
            "person", f"{person.email} is not an evaluator in {competition.buyer.name}"
        )
    if competition.evaluators.filter(person=person).exists():
        raise Conflict(f"{person.email} is already on the panel")
    evaluator = Evaluator.objects.create(competition=competition, person=person, assigned_by=actor.person)
    audit_record(
        actor=actor,
        action="evaluator.assigned",
        obj=evaluator,
        organisation_id=competition.buyer_id,
        after={"competition": competition.reference, "person": person.email},
    )
    return evaluator


def _evaluator_of(actor: Actor, competition: Competition) -> Evaluator:
    evaluator = competition.evaluators.filter(person_id=actor.person_id).first()
    if evaluator is None:
        raise RuleViolation("You are not on the evaluation panel of this competition")
    return evaluator


@service
def evaluator_declare(
    *, actor: Actor, competition: Competition, declaration: str, note: str = ""
) -> Evaluator:
    """Declare a conflict of interest (or none) before opening any bid; once made it stands."""
    require(actor, "competitions.evaluate", competition)
    evaluator = Evaluator.objects.select_for_update().get(pk=_evaluator_of(actor, competition).pk)
    if declaration not in set(Declaration):
        raise ValidationFailed.for_field("declaration", "Say whether you have a conflict of interest")
    if declaration == Declaration.CONFLICT and not note.strip():
        raise ValidationFailed.for_field("note", "Describe the conflict of interest")
    if evaluator.declaration:
        raise Conflict("You have already made your declaration")
    evaluator.declaration, evaluator.declaration_note, evaluator.declared_at = (
        declaration,
        note.strip(),
        clock.now(),
    )
    evaluator.save()
    audit_record(
        actor=actor,
        action="evaluator.declared",
        obj=evaluator,
        organisation_id=competition.buyer_id,
        after={
            "competition": competition.reference,
            "declaration": declaration,
            "note": evaluator.declaration_note,
        },
    )
    return evaluator


@service
def score_record(
    *, actor: Actor, competition: Competition, bid: Bid, criterion_id: str, score: int, justification: str
) -> Score:
    """An evaluator's own score for one bid and quality criterion, with its justification."""
    require(actor, "competitions.evaluate", competition)
    _refuse_stage(competition, (S.EVALUATION,), "scores are recorded during evaluation")
    ensure_may_open(actor, competition)
    evaluator = _evaluator_of(actor, competition)
    if evaluator.submitted_at:
        raise RuleViolation("You have submitted your scores: they can no longer change")
    if bid.competition_id != competition.pk or bid not in valid_bids(competition):
        raise ValidationFailed.for_field("bid", "Score a bid submitted to this competition")
    model = model_from(competition.evaluation_model)
    if criterion_id not in {n.criterion.id for n in quality_leaves(model)}:
        raise ValidationFailed.for_field("criterion", f"'{criterion_id}' is not a quality criterion to score")
    refusal = individual_score_refusal(score, justification, model.scale)
    if refusal:
        raise refusal.error(criterion=criterion_id)
    row, _ = Score.objects.update_or_create(
        evaluator=evaluator,
        bid=bid,
        criterion_id=criterion_id,
        defaults={"score": score, "justification": justification.strip(), "recorded_at": clock.now()},
    )
    audit_record(
        actor=actor,
        action="evaluation.scored",
        obj=row,
        organisation_id=competition.buyer_id,
        after={"bid": bid.label, "criterion": criterion_id, "score": score},
    )
    return row


def _missing_scores(evaluator: Evaluator, competition: Competition) -> list[str]:
    model = model_from(competition.evaluation_model)
    leaves = [n.criterion.id for n in quality_leaves(model)]
    have = set(evaluator.scores.values_list("bid_id", "criterion_id"))
    return [f"{b.label} {c}" for b in valid_bids(competition) for c in leaves if (b.pk, c) not in have]


@service
def evaluator_submit(*, actor: Actor, competition: Competition) -> Evaluator:
    require(actor, "competitions.evaluate", competition)
    _refuse_stage(competition, (S.EVALUATION,), "scores are submitted during evaluation")
    ensure_may_open(actor, competition)
    evaluator = Evaluator.objects.select_for_update().get(pk=_evaluator_of(actor, competition).pk)
    missing = _missing_scores(evaluator, competition)
    if missing:
        raise ValidationFailed(
            f"Score every bid on every criterion first: {len(missing)} missing",
            code=ErrorCode.EVALUATION_INCOMPLETE,
            details={"missing": missing},
        )
    evaluator.submitted_at = clock.now()
    evaluator.save(update_fields=["submitted_at"])
    audit_record(
        actor=actor,
        action="evaluation.submitted",
        obj=evaluator,
        organisation_id=competition.buyer_id,
        after={"competition": competition.reference},
    )
    return evaluator


def _ensure_panel_submitted(competition: Competition) -> None:
    members = panel(competition)
    if not members:
        raise RuleViolation(
            "Assign at least one evaluator without a conflict", code=ErrorCode.EVALUATION_INCOMPLETE
        )
    waiting = [e.person.email for e in members if not e.submitted_at]
    if waiting:
        raise RuleViolation(
            f"Moderation starts when every evaluator has submitted: waiting for {', '.join(waiting)}",
            code=ErrorCode.EVALUATION_INCOMPLETE,
        )


def _originals(bid: Bid, criterion_id: str) -> list[IndividualScore]:
    rows = Score.objects.filter(
        bid=bid, criterion_id=criterion_id, evaluator__submitted_at__isnull=False
    ).select_related("evaluator__person")
    return [IndividualScore(r.evaluator.person.email, r.score, r.justification) for r in rows]


@service
def consensus_record(
    *, actor: Actor, competition: Competition, bid: Bid, criterion_id: str, score: int, rationale: str
) -> Consensus:
    """The moderated score, starting from (and keeping) every evaluator's original."""
    require(actor, "competitions.moderate", competition)
    _refuse_stage(competition, (S.MODERATION,), "consensus scores are recorded in moderation")
    model = model_from(competition.evaluation_model)
    if criterion_id not in {n.criterion.id for n in quality_leaves(model)}:
        raise ValidationFailed.for_field("criterion", f"'{criterion_id}' is not a quality criterion")
    if bid.competition_id != competition.pk:
        raise ValidationFailed.for_field("bid", "Moderate a bid of this competition")
    originals = _originals(bid, criterion_id)
    agreed = record_consensus(
        bid.label, criterion_id, originals, score, rationale, model.scale, expected=len(panel(competition))
    )
    row, _ = Consensus.objects.update_or_create(
        bid=bid,
        criterion_id=criterion_id,
        defaults={
            "score": agreed.score,
            "rationale": agreed.rationale,
            "originals": [o.__dict__ for o in agreed.originals],
            "spread": {
                "lowest": agreed.spread.lowest,
                "highest": agreed.spread.highest,
                "spread": agreed.spread.spread,
                "mean": str(agreed.spread.mean),
                "needs_moderation": agreed.spread.needs_moderation,
                "reason": agreed.spread.reason,
            },
            "recorded_at": clock.now(),
            "recorded_by": actor.person,
        },
    )
    audit_record(
        actor=actor,
        action="moderation.consensus_recorded",
        obj=row,
        organisation_id=competition.buyer_id,
        after={"bid": bid.label, "criterion": criterion_id, "score": score, "rationale": agreed.rationale},
    )
    return row


@service
def gate_record(
    *, actor: Actor, competition: Competition, bid: Bid, criterion_id: str, passed: bool, rationale: str
) -> GateResult:
    require(actor, "competitions.moderate", competition)
    _refuse_stage(competition, (S.MODERATION,), "pass/fail results are recorded in moderation")
    model = model_from(competition.evaluation_model)
    if criterion_id not in {n.criterion.id for n in gate_criteria(model)}:
        raise ValidationFailed.for_field("criterion", f"'{criterion_id}' is not a pass/fail criterion")
    if not rationale.strip():
        raise ValidationFailed.for_field("rationale", "Record why the bid passes or fails")
    row, _ = GateResult.objects.update_or_create(
        bid=bid,
        criterion_id=criterion_id,
        defaults={
            "passed": passed,
            "rationale": rationale.strip(),
            "recorded_at": clock.now(),
            "recorded_by": actor.person,
        },
    )
    audit_record(
        actor=actor,
        action="moderation.gate_recorded",
        obj=row,
        organisation_id=competition.buyer_id,
        after={"bid": bid.label, "criterion": criterion_id, "passed": passed},
    )
    return row


@service
def flag_decide(*, actor: Actor, competition: Competition, key: str, decision: str) -> FlagDecision:
    """Record the decision on a tie or an abnormally low price: never resolved silently."""
    require(actor, "competitions.moderate", competition)
    _refuse_stage(competition, (S.MODERATION,), "flags are decided in moderation")
    if not decision.strip():
        raise ValidationFailed.for_field("decision", "Record the decision and why")
    ev = competition_evaluation(competition, clock.now())
    if ev.evaluation is None:
        raise RuleViolation(
            "Finish moderation first: " + "; ".join(ev.problems[:3]), code=ErrorCode.EVALUATION_INCOMPLETE
        )
    flag = next((f for f in ev.evaluation.flags if flag_key(f.kind, f.bid_ids) == key), None)
    if flag is None:
        raise ValidationFailed.for_field("key", "There is no such flag on the ranking as it stands")
    row, _ = FlagDecision.objects.update_or_create(
        competition=competition,
        key=key,
        defaults={
            "kind": flag.kind,
            "message": flag.message,
            "decision": decision.strip(),
            "recorded_at": clock.now(),
            "recorded_by": actor.person,
        },
    )
    audit_record(
        actor=actor,
        action="moderation.flag_decided",
        obj=row,
        organisation_id=competition.buyer_id,
        after={"flag": key, "decision": row.decision},
    )
    return row

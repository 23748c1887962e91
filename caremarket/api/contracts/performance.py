"""Performance: KPI results and the balanced scorecard, customer feedback, and the suspension
proposals repeated KPI failure raises."""

from ninja import Status

from caremarket.api import contract_schemas as s
from caremarket.api.contract_schemas import performance as ps
from caremarket.api.contracts.common import contract_of, kpi_out, org_out, router
from caremarket.api.schemas import Id, responses
from caremarket.contracts import selectors, services
from caremarket.contracts.selectors import performance as perf
from caremarket.core.errors import NotFound, ValidationFailed


def _decimal(value) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _kpi_defined(k) -> dict:
    return {
        "code": k.code,
        "name": k.name,
        "unit": k.unit,
        "target": _decimal(k.target),
        "direction": k.direction,
        "frequency": k.frequency,
        "domain": k.domain,
        "amber_limit": _decimal(k.amber_limit),
    }


def _plan(p) -> dict:
    return {
        "id": p.pk,
        "contract": p.contract.reference,
        "title": p.title,
        "actions": p.actions,
        "kpi": p.kpi.code if p.kpi_id else None,
        "opened_on": p.opened_on,
        "due_on": p.due_on,
        "status": p.status,
        "outcome": p.outcome,
        "updates": [{"progress": u.progress, "recorded_at": u.recorded_at} for u in perf.plan_updates(p)],
    }


@router.get("/contracts/{reference}/performance", response=responses(200, s.PerformanceOut))
def contract_performance(request, reference: str):
    """Each KPI's results per period with their RAG status, and the balanced scorecard."""
    contract = contract_of(request, reference)
    return {
        "contract": contract.reference,
        "kpis": [
            {
                "kpi": kpi_out(t.kpi),
                "results": [
                    {"period": r.period, "actual": f"{r.actual.normalize():f}", "rag": r.rag}
                    for r in t.results
                ],
            }
            for t in selectors.kpi_trends(contract)
        ],
        "scorecard": [
            {"domain": c.domain, "score": None if c.score is None else str(c.score), "rag": c.rag}
            for c in selectors.scorecard_for([contract])
        ],
    }


@router.post("/contracts/{reference}/kpis/{code}/results", response=responses(201, s.KpiReturnOut))
def report_kpi(request, reference: str, code: str, payload: s.KpiResultIn):
    """The supplier reports a KPI for a month; the third red in a row proposes suspension."""
    contract = contract_of(request, reference)
    kpi = selectors.kpi_of(contract, code)
    if kpi is None:
        raise NotFound(f"{contract.reference} has no KPI {code}")
    before = selectors.proposal_count(kpi)
    result = services.kpi_return_submit(actor=request.actor, kpi=kpi, **payload.dict())
    return Status(
        201,
        {
            "kpi": kpi.code,
            "period": result.period,
            "actual": f"{result.actual.normalize():f}",
            "rag": result.rag,
            "suspension_proposed": selectors.proposal_count(kpi) > before,
        },
    )


@router.post("/contracts/{reference}/feedback", response=responses(201, s.DomainScoreOut))
def give_feedback(request, reference: str, payload: s.FeedbackIn):
    contract = contract_of(request, reference)
    services.feedback_give(
        actor=request.actor,
        contract=contract,
        domain=str(payload.domain),
        stars=payload.stars,
        comment=payload.comment,
    )
    card = next(c for c in selectors.scorecard_for([contract]) if c.domain == payload.domain)
    return Status(201, {"domain": card.domain, "score": str(card.score), "rag": card.rag})


def _proposal(p) -> dict:
    return {
        "id": p.pk,
        "contract": p.contract.reference,
        "supplier": org_out(p.supplier),
        "kpi": p.kpi.code,
        "reason": p.reason,
        "status": p.status,
        "outcome": p.outcome,
        "suspended": p.suspended,
    }


@router.get("/suspension-proposals", response=responses(200, list[s.ProposalOut]))
def list_proposals(request):
    """Open proposals on the agreements you manage, raised by repeated KPI failure."""
    return [_proposal(p) for p in selectors.proposals_for_actor(request.actor)]


@router.post("/suspension-proposals/{proposal_id}/decision", response=responses(200, s.ProposalOut))
def decide_proposal(request, proposal_id: Id, payload: s.ProposalDecisionIn):
    proposal = selectors.proposal_for_actor(request.actor, proposal_id)
    return _proposal(services.proposal_decide(actor=request.actor, proposal=proposal, **payload.dict()))


@router.get("/suspension-proposals/{proposal_id}", response=responses(200, ps.ProposalDetailOut))
def show_proposal(request, proposal_id: Id):
    """A proposal with its evidence: the KPI's history, the contract's improvement plans and
    their progress, and the customer feedback."""
    proposal = selectors.proposal_for_actor(request.actor, proposal_id)
    evidence = perf.proposal_evidence(proposal)
    return {
        **_proposal(proposal),
        "raised_at": proposal.raised_at,
        "history": [
            {"period": r.period, "actual": _decimal(r.actual), "rag": r.rag} for r in evidence.trend.results
        ],
        "plans": [_plan(p) for p in evidence.plans],
        "feedback": [
            {"domain": f.domain, "stars": f.stars, "comment": f.comment, "given_at": f.given_at}
            for f in evidence.feedback
        ],
    }


@router.post("/contracts/{reference}/kpis", response=responses(201, ps.KpiDefinedOut))
def define_kpi(request, reference: str, payload: ps.KpiDefineIn):
    """The buyer's contract managers add a KPI: name, unit, target, direction, how often it is
    reported and its amber limit (the worst result still amber)."""
    contract = contract_of(request, reference)
    data = payload.dict()
    kpi = services.kpi_define(
        actor=request.actor,
        contract=contract,
        **{
            **data,
            "direction": str(data["direction"]),
            "frequency": str(data["frequency"]),
            "domain": str(data["domain"]),
        },
    )
    return Status(201, _kpi_defined(kpi))


@router.post("/contracts/{reference}/self-assessments", response=responses(201, ps.SelfAssessmentOut))
def self_assess(request, reference: str, payload: ps.SelfAssessmentIn):
    """The supplier scores itself 1 to 5 in each scorecard domain for a month."""
    contract = contract_of(request, reference)
    assessment = services.self_assessment_submit(
        actor=request.actor,
        contract=contract,
        period=payload.period,
        scores={str(d): v for d, v in payload.scores.items()},
        notes=payload.notes,
    )
    return Status(201, {"period": assessment.period, "scores": assessment.scores})


@router.post("/contracts/{reference}/improvement-plans", response=responses(201, ps.PlanOut))
def open_plan(request, reference: str, payload: ps.PlanIn):
    """Open an improvement plan; sent again with the same form_key, the same plan is returned."""
    contract = contract_of(request, reference)
    kpi = None
    if payload.kpi:
        kpi = selectors.kpi_of(contract, payload.kpi)
        if kpi is None:
            raise ValidationFailed.for_field("kpi", f"{contract.reference} has no KPI {payload.kpi}")
    plan = services.improvement_plan_open(
        actor=request.actor,
        contract=contract,
        title=payload.title,
        actions=payload.actions,
        due_on=payload.due_on,
        kpi=kpi,
        form_key=payload.form_key,
    )
    return Status(201, _plan(plan))


@router.post("/improvement-plans/{plan_id}/progress", response=responses(201, ps.PlanOut))
def record_progress(request, plan_id: Id, payload: ps.ProgressIn):
    plan = perf.plan_for_actor(request.actor, plan_id)
    services.plan_progress_record(actor=request.actor, plan=plan, progress=payload.progress)
    return Status(201, _plan(perf.plan_for_actor(request.actor, plan_id)))


@router.post("/improvement-plans/{plan_id}/close", response=responses(200, ps.PlanOut))
def close_plan(request, plan_id: Id, payload: ps.PlanCloseIn):
    plan = perf.plan_for_actor(request.actor, plan_id)
    return _plan(services.improvement_plan_complete(actor=request.actor, plan=plan, outcome=payload.outcome))

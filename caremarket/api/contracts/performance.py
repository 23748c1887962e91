"""Performance: KPI results and the balanced scorecard, customer feedback, and the suspension
proposals repeated KPI failure raises."""

from ninja import Status

from caremarket.api import contract_schemas as s
from caremarket.api.contracts.common import contract_of, kpi_out, org_out, router
from caremarket.api.schemas import Id, responses
from caremarket.contracts import selectors, services
from caremarket.core.errors import NotFound


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
    }


@router.get("/suspension-proposals", response=responses(200, list[s.ProposalOut]))
def list_proposals(request):
    """Open proposals on the agreements you manage, raised by repeated KPI failure."""
    return [_proposal(p) for p in selectors.proposals_for_actor(request.actor)]


@router.post("/suspension-proposals/{proposal_id}/decision", response=responses(200, s.ProposalOut))
def decide_proposal(request, proposal_id: Id, payload: s.ProposalDecisionIn):
    proposal = selectors.proposal_for_actor(request.actor, proposal_id)
    return _proposal(services.proposal_decide(actor=request.actor, proposal=proposal, **payload.dict()))

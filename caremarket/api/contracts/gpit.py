"""GP IT: notional allocations per commissioner, foundation solution choices, and practices'
requests to use their own systems."""

from ninja import Status

from caremarket.agreements.selectors import agreement_for_actor
from caremarket.api import contract_schemas as s
from caremarket.api.contracts.common import org_out, router
from caremarket.api.idempotency import idempotent
from caremarket.api.schemas import Id, responses
from caremarket.contracts import selectors, services
from caremarket.core.errors import NotFound
from caremarket.orgs.selectors import organisation_for_actor


def _allocation(row) -> dict:
    a = row.allocation
    return {
        "id": a.pk,
        "commissioner": org_out(a.commissioner),
        "agreement": a.agreement.reference,
        "financial_year": a.financial_year,
        "amount": str(a.amount),
        "spent": str(row.spent),
        "remaining": str(row.remaining),
    }


@router.get("/gpit/allocations", response=responses(200, list[s.AllocationOut]))
def list_allocations(request):
    """Notional GP IT allocations per commissioner, with what orders have spent."""
    return [_allocation(r) for r in selectors.allocations_for_actor(request.actor)]


@router.post("/gpit/allocations", response=responses(201, s.AllocationOut))
@idempotent
def set_allocation(request, payload: s.AllocationIn):
    agreement = agreement_for_actor(request.actor, payload.agreement)
    commissioner = organisation_for_actor(request.actor, payload.commissioner_code)
    allocation = services.allocation_set(
        actor=request.actor,
        agreement=agreement,
        commissioner=commissioner,
        financial_year=payload.financial_year,
        amount=payload.amount,
    )
    row = next(r for r in selectors.allocations_for_actor(request.actor) if r.allocation.pk == allocation.pk)
    return Status(201, _allocation(row))


@router.post("/gpit/foundation-choices", response=responses(201, s.ChoiceOut))
def choose_foundation(request, payload: s.FoundationIn):
    """A practice chooses its accredited foundation solution."""
    practice = organisation_for_actor(request.actor, payload.practice_code)
    solution = selectors.solution_named(payload.solution)
    if solution is None:
        raise NotFound(f"There is no GP IT solution called {payload.solution}")
    choice = services.foundation_choose(actor=request.actor, practice=practice, solution=solution)
    return Status(201, {"practice": practice.code, "solution": choice.solution.name})


def _own(r) -> dict:
    return {
        "id": r.pk,
        "practice": org_out(r.practice),
        "commissioner": org_out(r.commissioner),
        "system_name": r.system_name,
        "status": r.status,
        "reason": r.reason,
    }


@router.get("/gpit/own-system-requests", response=responses(200, list[s.OwnSystemOut]))
def list_own_systems(request):
    return [_own(r) for r in selectors.own_system_requests_for_actor(request.actor)]


@router.post("/gpit/own-system-requests", response=responses(201, s.OwnSystemOut))
def request_own_system(request, payload: s.OwnSystemIn):
    """A practice asks to use its own system on NHS infrastructure; unsupported software is refused."""
    practice = organisation_for_actor(request.actor, payload.practice_code)
    commissioner = organisation_for_actor(request.actor, payload.commissioner_code)
    r = services.own_system_request(
        actor=request.actor,
        practice=practice,
        commissioner=commissioner,
        system_name=payload.system_name,
        purpose=payload.purpose,
    )
    return Status(201, _own(r))


@router.post("/gpit/own-system-requests/{request_id}/decision", response=responses(200, s.OwnSystemOut))
def decide_own_system(request, request_id: Id, payload: s.DecisionIn):
    r = selectors.own_system_request_for_actor(request.actor, request_id)
    return _own(
        services.own_system_decide(
            actor=request.actor, request=r, decision=str(payload.decision), reason=payload.reason
        )
    )

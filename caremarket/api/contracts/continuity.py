"""Continuity of supply: backstop providers, calling on one, and the handover checklist."""

from ninja import Status

from caremarket.api import contract_schemas as s
from caremarket.api.contracts.common import contract_of, org_out, router
from caremarket.api.schemas import Id, responses
from caremarket.contracts import selectors, services
from caremarket.core.errors import NotFound
from caremarket.orgs.selectors import organisation_for_actor


def _handover(h) -> dict:
    return {
        "id": h.pk,
        "contract": h.contract.reference,
        "outgoing": org_out(h.outgoing),
        "incoming": org_out(h.incoming),
        "reason": h.reason,
        "completed": h.completed_at is not None,
        "items": selectors.handover_item_rows(h),
    }


@router.post("/backstops", response=responses(201, s.BackstopOut))
def create_backstop(request, payload: s.BackstopIn):
    owner = organisation_for_actor(request.actor, payload.owner_code)
    suppliers = [organisation_for_actor(request.actor, c) for c in payload.supplier_codes]
    backstop = services.backstop_create(
        actor=request.actor, owner=owner, category=payload.category, title=payload.title, suppliers=suppliers
    )
    return Status(
        201,
        {
            "id": backstop.pk,
            "owner": org_out(owner),
            "category": backstop.category,
            "title": backstop.title,
            "suppliers": [org_out(x) for x in suppliers],
        },
    )


@router.post("/backstops/{backstop_id}/trigger", response=responses(201, s.HandoverOut))
def trigger_backstop(request, backstop_id: Id, payload: s.TriggerIn):
    """Call on the backstop when a supplier exits or a re-procurement fails."""
    backstop = selectors.backstop_for_actor(request.actor, backstop_id)
    contract = contract_of(request, payload.contract)
    handover = services.backstop_trigger(
        actor=request.actor,
        backstop=backstop,
        contract=contract,
        reason=str(payload.reason),
        details=payload.details,
    )
    return Status(201, _handover(handover))


@router.get("/handovers/{handover_id}", response=responses(200, s.HandoverOut))
def get_handover(request, handover_id: Id):
    return _handover(selectors.handover_for_actor(request.actor, handover_id))


@router.post("/handovers/{handover_id}/items/{position}/done", response=responses(200, s.HandoverOut))
def complete_item(request, handover_id: Id, position: int, payload: s.ItemDoneIn):
    handover = selectors.handover_for_actor(request.actor, handover_id)
    item = selectors.handover_item(handover, position)
    if item is None:
        raise NotFound(f"The handover has no item {position}")
    services.handover_item_complete(actor=request.actor, item=item, note=payload.note)
    return _handover(selectors.handover_for_actor(request.actor, handover_id))

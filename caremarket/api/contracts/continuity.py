"""Continuity of supply: backstop providers per lot and region, calling on one, and the
handover checklist."""

from ninja import Status

from caremarket.agreements import selectors as agreement_selectors
from caremarket.api.contract_schemas import continuity as s
from caremarket.api.contracts.common import contract_of, org_out, router
from caremarket.api.schemas import Id, LotNumber, responses
from caremarket.contracts import selectors, services
from caremarket.core import clock
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.rules.continuity import INTERIM_TERM_MONTHS


def _handover(h) -> dict:
    return {
        "id": h.pk,
        "contract": h.contract.reference,
        "buyer": org_out(h.contract.buyer),
        "outgoing": org_out(h.outgoing),
        "incoming": org_out(h.incoming),
        "reason": h.reason,
        "interim_contract": h.interim_contract.reference if h.interim_contract_id else None,
        "started_at": h.triggered_at,
        "completed": h.completed_at is not None,
        "completed_at": h.completed_at,
        "items": [
            {
                "position": i.position,
                "title": i.title,
                "status": i.status,
                "note": i.note,
                "done_at": i.done_at,
                "done_by": str(i.done_by) if i.done_by_id else None,
            }
            for i in selectors.handover_items(h)
        ],
    }


def _backstop(b) -> dict:
    return {
        "id": b.pk,
        "owner": org_out(b.owner),
        "category": b.category,
        "title": b.title,
        "suppliers": [org_out(x) for x in selectors.backstop_suppliers(b)],
        "agreement": b.lot.agreement.reference if b.lot_id else None,
        "lot": b.lot.number if b.lot_id else None,
        "region": b.region,
    }


def _suppliers(codes: list[str]) -> list:
    found = []
    for code in codes:
        supplier = selectors.supplier_by_code(code)
        if supplier is None:
            raise ValidationFailed.for_field("supplier_codes", f"There is no supplier {code}")
        found.append(supplier)
    return found


@router.post("/backstops", response=responses(201, s.BackstopOut))
def create_backstop(request, payload: s.BackstopIn):
    """A buyer's own backstop for a category of service (not tied to an agreement lot)."""
    owner = organisation_for_actor(request.actor, payload.owner_code)
    suppliers = [organisation_for_actor(request.actor, c) for c in payload.supplier_codes]
    backstop = services.backstop_create(
        actor=request.actor, owner=owner, category=payload.category, title=payload.title, suppliers=suppliers
    )
    return Status(201, _backstop(backstop))


@router.get("/agreements/{reference}/lots/{number}/backstops", response=responses(200, list[s.BackstopOut]))
def list_lot_backstops(request, reference: str, number: LotNumber):
    """A lot's backstops, one per region ("" is every region), suppliers in order of call."""
    lot = agreement_selectors.lot_for_actor(request.actor, reference, number)
    return [_backstop(b) for b in selectors.lot_backstops_for_actor(request.actor, lot)]


@router.post("/agreements/{reference}/lots/{number}/backstops", response=responses(201, s.BackstopOut))
def create_lot_backstop(request, reference: str, number: LotNumber, payload: s.LotBackstopIn):
    """The agreement manager pre-selects suppliers admitted to the lot, in order of call, for a
    region (or every region)."""
    lot = agreement_selectors.lot_for_actor(request.actor, reference, number)
    require(request.actor, "contracts.manage_lot_backstops", lot.agreement)
    backstop = services.lot_backstop_create(
        actor=request.actor,
        lot=lot,
        region=str(payload.region or ""),
        title=payload.title,
        suppliers=_suppliers(payload.supplier_codes),
    )
    return Status(201, _backstop(backstop))


@router.put("/backstops/{backstop_id}/suppliers", response=responses(200, s.BackstopOut))
def rank_backstop(request, backstop_id: Id, payload: s.RankingIn):
    """Change a backstop's order of call; a supplier left out is taken off it."""
    backstop = selectors.backstop_for_actor(request.actor, backstop_id)
    backstop = services.backstop_rank(
        actor=request.actor, backstop=backstop, suppliers=_suppliers(payload.supplier_codes)
    )
    return _backstop(backstop)


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
    return Status(201, _handover(selectors.handover_for_actor(request.actor, handover.pk)))


@router.get("/contracts/{reference}/backstop", response=responses(200, s.ContractBackstopOut))
def contract_backstop(request, reference: str):
    """The backstop covering a contract (its lot's, for the buyer's region or every region) and
    which supplier would be called today."""
    contract = contract_of(request, reference)
    require(request.actor, "contracts.manage_contract", contract)
    backstop = selectors.backstop_for_contract(contract)
    ranking = selectors.backstop_ranking(backstop, contract) if backstop else []
    under_way = selectors.open_handover_of(contract)
    return {
        "contract": contract.reference,
        "backstop": _backstop(backstop) if backstop else None,
        "ranking": [
            {
                "rank": r.rank,
                "supplier": org_out(r.supplier),
                "standing": r.standing,
                "can_take_on": r.can_take_on,
                "would_be_called": r.called,
            }
            for r in ranking
        ],
        "handover_under_way": under_way.pk if under_way else None,
        "interim_term_months": INTERIM_TERM_MONTHS,
        "starts_on": clock.today(),
    }


@router.post("/contracts/{reference}/backstop", response=responses(201, s.HandoverOut))
def call_contract_backstop(request, reference: str, payload: s.ContractTriggerIn):
    """Call on the contract's lot backstop: makes the interim contract and the handover."""
    contract = contract_of(request, reference)
    require(request.actor, "contracts.manage_contract", contract)
    backstop = selectors.backstop_for_contract(contract)
    if backstop is None:
        raise NotFound(f"There is no backstop for {contract.reference}'s lot and the buyer's region")
    handover = services.backstop_trigger(
        actor=request.actor,
        backstop=backstop,
        contract=contract,
        reason=str(payload.reason),
        details=payload.details,
    )
    return Status(201, _handover(selectors.handover_for_actor(request.actor, handover.pk)))


@router.get("/handovers", response=responses(200, list[s.HandoverOut]))
def list_handovers(request, open_only: bool = False):
    """The buyer's handovers and those the actor's supplier is handing over or taking on."""
    return [_handover(h) for h in selectors.handovers_for_actor(request.actor, open_only=open_only)]


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

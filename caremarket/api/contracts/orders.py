"""Call-off orders from a contract, an agreement lot or a buying club's awarded catalogue, and
their amendments."""

from ninja import Status
from ninja.pagination import paginate

from caremarket.agreements.selectors import lot_for_actor
from caremarket.api import contract_schemas as s
from caremarket.api.contracts.common import contract_of, org_out, router
from caremarket.api.idempotency import idempotent
from caremarket.api.schemas import ERRORS, Pages, responses
from caremarket.contracts import catalogues, selectors, services
from caremarket.core.errors import ValidationFailed
from caremarket.orgs.selectors import acting_organisation, organisation_for_actor


def _order(o) -> dict:
    return {
        "reference": o.reference,
        "revision_id": o.revision_id,
        "title": o.title,
        "buyer": org_out(o.buyer),
        "supplier": org_out(o.supplier),
        "source": o.source,
        "contract": o.contract.reference if o.contract_id else None,
        "agreement": o.agreement.reference if o.agreement_id else None,
        "value": str(o.value),
        "fee": str(o.fee),
        "placed_on": o.placed_on,
    }


def _order_detail(o) -> dict:
    from caremarket.rules.contracts import order_revision_id

    return {
        **_order(o),
        "lines": [
            {
                "position": li.position,
                "item": li.item,
                "ref": li.ref,
                "label": li.description,
                "unit": li.unit,
                "unit_price": str(li.unit_price),
                "quantity": li.quantity,
                "value": str(li.value),
                "site": li.site.code if li.site else None,
                "recipient": li.recipient.code if li.recipient else None,
                "delivery_date": li.delivery_date,
                "price_source": li.price_source,
            }
            for li in selectors.order_lines(o)
        ],
        "revisions": [
            {
                "id": order_revision_id(o.pk, r.number),
                "value": str(r.value),
                "fee": str(r.fee),
                "reason": r.reason,
                "created_at": r.created_at,
            }
            for r in selectors.order_revisions(o)
        ],
    }


@router.get("/orders", response={200: list[s.OrderOut], **ERRORS})
@paginate(Pages)
def list_orders(request):
    return [_order(o) for o in selectors.orders_for_actor(request.actor)[:5000]]


@router.post("/orders", response=responses(201, s.OrderDetailOut))
@idempotent
def place_order(request, payload: s.OrderIn):
    """Place a call-off order from a contract, an agreement lot or a buying club's catalogue."""
    actor = request.actor
    code = payload.buyer_code
    if not code:
        org = acting_organisation(actor)
        if org is None:
            raise ValidationFailed.for_field("buyer_code", "Say which organisation is buying")
        code = org.code
    buyer = organisation_for_actor(actor, code)
    kwargs = {}
    if payload.contract:
        kwargs["contract"] = contract_of(request, payload.contract)
    elif payload.agreement:
        kwargs["lot"] = lot_for_actor(actor, payload.agreement, payload.lot or 1)
        kwargs["supplier"] = (
            organisation_for_actor(actor, payload.supplier_code) if payload.supplier_code else None
        )
        kwargs["procedure"] = payload.procedure
    elif payload.buying_club:
        kwargs["club"] = catalogues.club_for_actor(actor, payload.buying_club)
    if payload.allocation:
        kwargs["allocation"] = selectors.allocation_for_actor(actor, payload.allocation)
    order = services.order_place(
        actor=actor, buyer=buyer, title=payload.title, lines=[li.dict() for li in payload.lines], **kwargs
    )
    return Status(201, _order_detail(order))


@router.get("/orders/{reference}", response=responses(200, s.OrderDetailOut))
def get_order(request, reference: str):
    """An order (C000123) as its current revision, or a given revision (C000123-01)."""
    return _order_detail(selectors.order_for_actor(request.actor, reference))


@router.post("/orders/{reference}/amendments", response=responses(201, s.OrderDetailOut))
@idempotent
def amend_order(request, reference: str, payload: s.AmendmentIn):
    order = selectors.order_for_actor(request.actor, reference)
    order = services.order_amend(
        actor=request.actor, order=order, reason=payload.reason, lines=[li.dict() for li in payload.lines]
    )
    return Status(201, _order_detail(order))

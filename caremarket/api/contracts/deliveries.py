"""Delivery and migration: each ordered site from ordered to migrated off the legacy network, and
progress per buying club, region or supplier."""

from ninja.pagination import paginate

from caremarket.api import contract_schemas as s
from caremarket.api.contracts.common import router
from caremarket.api.schemas import ERRORS, Id, Pages, responses
from caremarket.contracts import selectors, services
from caremarket.core.errors import NotFound


@router.get("/deliveries", response={200: list[s.DeliveryOut], **ERRORS})
@paginate(Pages)
def list_deliveries(request, late: bool = False):
    """Sites ordered for connectivity and their stage; `late=true` for those past their date."""
    return [
        {
            "id": d.pk,
            "order": d.order.reference,
            "site": d.site.code,
            "site_name": d.site.name,
            "stage": d.stage,
            "required_by": d.required_by,
            "late": d.is_late(),
        }
        for d in selectors.delivery_rows_for_actor(request.actor, late=late, limit=5000)
    ]


@router.get("/deliveries/progress", response=responses(200, list[s.ProgressOut]))
def delivery_progress(request, by: str = "region"):
    """Sites at each stage per buying club, region or supplier (`by=club|region|supplier`)."""
    return [
        {
            "group": p.group,
            **{stage: p.counts.get(stage, 0) for stage in ("ordered", "installed", "live", "migrated")},
            "total": p.total,
            "percent_migrated": str(p.percent_migrated()),
        }
        for p in selectors.delivery_progress(request.actor, by)
    ]


@router.post("/deliveries/{delivery_id}/stage", response=responses(200, s.DeliveryOut))
def advance_delivery(request, delivery_id: Id, payload: s.StageIn):
    """The supplier moves a site on: installed, live, migrated off the legacy network."""
    delivery = selectors.delivery_for_actor(request.actor, delivery_id)
    if delivery is None:
        raise NotFound(f"There is no site delivery #{delivery_id} that you can see")
    d = services.site_delivery_advance(
        actor=request.actor, delivery=delivery, stage=str(payload.stage), on=payload.on
    )
    return {
        "id": d.pk,
        "order": d.order.reference,
        "site": d.site.code,
        "site_name": d.site.name,
        "stage": d.stage,
        "required_by": d.required_by,
        "late": d.is_late(),
    }

"""Sourcing API: intentions to procure and the phasing of launches and closings."""

from ninja import Query, Status
from ninja.pagination import paginate

from caremarket.api.schemas import ERRORS, Pages, QueryFlag, responses
from caremarket.api.sourcing.common import P, router
from caremarket.api.sourcing_schemas import (
    IntentionIn,
    IntentionOut,
    PhasingOut,
)
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.sourcing import selectors, services


def _intention_out(i) -> dict:
    return {
        "reference": i.reference,
        "organisation_code": i.organisation.code,
        "organisation_name": i.organisation.name,
        "title": i.title,
        "description": i.description,
        "category": i.category,
        "region": i.region,
        "value_band": i.value_band,
        "launch_on": i.launch_on,
        "closes_on": i.closes_on,
        "status": i.status,
        "published_at": i.published_at,
    }


@router.get(f"{P}/intentions", response={200: list[IntentionOut], **ERRORS})
@paginate(Pages)
def list_intentions(request, mine: Query[QueryFlag] = False, category: str = "", region: str = ""):
    """The pipeline: every published intention; with `mine=true`, your organisations' own in
    any status."""
    found = selectors.intentions_for_actor(request.actor, mine=mine, category=category, region=region)
    return [_intention_out(i) for i in found]


@router.post(f"{P}/intentions", response=responses(201, IntentionOut))
def create_intention(request, payload: IntentionIn):
    data = payload.dict()
    organisation = organisation_for_actor(request.actor, data.pop("organisation_code"))
    data["region"], data["value_band"] = str(data["region"]), str(data["value_band"])
    created = services.intention_create(actor=request.actor, organisation=organisation, **data)
    return Status(201, _intention_out(created))


@router.get(f"{P}/intentions/{{reference}}", response=responses(200, IntentionOut))
def get_intention(request, reference: str):
    return _intention_out(selectors.intention_for_actor(request.actor, reference))


@router.post(f"{P}/intentions/{{reference}}/publish", response=responses(200, IntentionOut))
def publish_intention(request, reference: str):
    intention = selectors.intention_for_actor(request.actor, reference)
    return _intention_out(services.intention_publish(actor=request.actor, intention=intention))


@router.post(f"{P}/intentions/{{reference}}/withdraw", response=responses(200, IntentionOut))
def withdraw_intention(request, reference: str):
    intention = selectors.intention_for_actor(request.actor, reference)
    return _intention_out(services.intention_withdraw(actor=request.actor, intention=intention))


@router.get(f"{P}/phasing", response=responses(200, PhasingOut))
def get_phasing(request, region: str = ""):
    """Launches and closings per month and region; a warning for each category with more
    competitions closing in one fortnight than suppliers can answer."""
    result = selectors.phasing_for_actor(request.actor, region=region)
    return {
        "rows": [row.__dict__ for row in result.rows],
        "totals": [row.__dict__ for row in result.totals],
        "warnings": [
            {
                "category": w.category,
                "fortnight_start": w.fortnight.start,
                "fortnight_end": w.fortnight.end,
                "references": list(w.references),
                "message": w.message,
            }
            for w in result.warnings
        ],
    }

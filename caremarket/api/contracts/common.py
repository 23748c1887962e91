"""What the contracts API modules share: the router, fetching a contract for the request's
actor, and how an organisation and a KPI are shown."""

from ninja import Router

from caremarket.contracts import selectors

router = Router(tags=["Contracts"])


def org_out(org) -> dict:
    return {"code": org.code, "name": org.name}


def kpi_out(k) -> dict:
    return {
        "code": k.code,
        "name": k.name,
        "domain": k.domain,
        "target": f"{k.target.normalize():f}",
        "direction": k.direction,
        "unit": k.unit,
    }


def contract_of(request, reference: str):
    return selectors.contract_for_actor(request.actor, reference)

"""Contracts and NHS SLAs: the register, recording, signing, extending, exceptions past the last
option, variations, termination and the lead provider's subcontractors."""

from django.http import HttpResponse
from ninja import Query, Status
from ninja.pagination import paginate

from caremarket.agreements.selectors import lot_for_actor
from caremarket.api import contract_schemas as s
from caremarket.api.contracts.common import contract_of, kpi_out, org_out, router
from caremarket.api.idempotency import idempotent
from caremarket.api.schemas import ERRORS, Id, Pages, responses
from caremarket.contracts import exports, selectors, services, summary_pdf
from caremarket.core.errors import NotFound
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.rules.contracts import lead_share


def _contract(c) -> dict:
    return {
        "reference": c.reference,
        "title": c.title,
        "buyer": org_out(c.buyer),
        "supplier": org_out(c.supplier),
        "origin": c.origin,
        "status": str(c.status()),
        "value": str(c.value),
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "term": c.term.label(),
        "options_left": c.options_left,
        "agreement": c.agreement.reference if c.agreement else None,
        "is_sla": c.is_sla,
    }


def _contract_detail(c) -> dict:
    subs = selectors.subcontracts_of(c)
    return {
        **_contract(c),
        "notice_months": c.notice_months,
        "service_specification": c.service_specification,
        "payment_mechanism": c.payment_mechanism,
        "risk_share": c.risk_share,
        "has_dpa": c.has_dpa,
        "tupe": c.tupe,
        "expiring_days": c.expiring_days,
        "price_list": c.price_list,
        "committed": str(selectors.committed_value(c)),
        "lead_share_percent": str(lead_share(subs_facts(subs))),
        "kpis": [kpi_out(k) for k in selectors.kpis_of(c)],
        "variations": selectors.variation_rows(c),
        "subcontractors": [
            {
                "subcontractor": org_out(x.subcontractor),
                "share_percent": str(x.share_percent),
                "services": x.services,
            }
            for x in subs
        ],
        "exceptions": selectors.exception_rows(c),
        "extensions": selectors.extension_rows(c),
    }


def subs_facts(subs):
    from caremarket.rules.contracts import SubcontractFacts

    return [SubcontractFacts(x.subcontractor.code, x.share_percent) for x in subs]


@router.get("/contracts", response={200: list[s.ContractOut], **ERRORS})
@paginate(Pages)
def list_contracts(
    request, q: str = "", status: Query[s.RegisterStatus | None] = None, buyer: str = "", supplier: str = ""
):
    """The contract register: what is live, expiring, ended, with the contracts you are party to."""
    filters = selectors.RegisterFilters(q=q, status=str(status or ""), buyer=buyer, supplier=supplier)
    return [_contract(c) for c in selectors.contracts_for_actor(request.actor, filters)]


FILE_CONTENT = {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
}


@router.get(
    "/contracts/register/{extension}",
    response={200: None, **ERRORS},
    openapi_extra={"responses": {"200": {"description": "The register as a file", "content": FILE_CONTENT}}},
)
def download_register(
    request,
    extension: s.ExportFormat,
    q: str = "",
    status: Query[s.RegisterStatus | None] = None,
    buyer: str = "",
    supplier: str = "",
):
    """The contract register you see, with the same filters as the list, as CSV or XLSX."""
    filters = selectors.RegisterFilters(q=q, status=str(status or ""), buyer=buyer, supplier=supplier)
    body, content_type, name = exports.register_file(
        selectors.contracts_for_actor(request.actor, filters), str(extension)
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post("/contracts", response=responses(201, s.ContractDetailOut))
@idempotent
def create_contract(request, payload: s.ContractIn):
    """Record a contract by hand: an existing contract or NHS SLA, a direct award under an
    agreement lot, or the contract after a Most Capable Provider gateway."""
    data = payload.dict()
    buyer = organisation_for_actor(request.actor, data.pop("buyer_code"))
    supplier = organisation_for_actor(request.actor, data.pop("supplier_code"))
    agreement, number = data.pop("agreement"), data.pop("lot")
    lot = lot_for_actor(request.actor, agreement, number) if agreement and number else None
    origin = str(data.pop("origin"))
    data["kpis"] = [{**k, "domain": str(k["domain"]), "direction": str(k["direction"])} for k in data["kpis"]]
    contract = services.contract_record(
        actor=request.actor, buyer=buyer, supplier=supplier, origin=origin, lot=lot, **data
    )
    return Status(201, _contract_detail(contract))


@router.get("/contracts/{reference}", response=responses(200, s.ContractDetailOut))
def get_contract(request, reference: str):
    return _contract_detail(contract_of(request, reference))


@router.get(
    "/contracts/{reference}/summary.pdf",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The contract's summary",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def contract_summary_pdf(request, reference: str):
    """The contract's summary as a PDF: its terms, subcontract chain, KPIs and history."""
    contract = contract_of(request, reference)
    response = HttpResponse(summary_pdf.summary_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{summary_pdf.file_name(contract)}"'
    return response


@router.post("/contracts/{reference}/sign", response=responses(200, s.ContractDetailOut))
def sign_contract(request, reference: str):
    return _contract_detail(
        services.contract_sign(actor=request.actor, contract=contract_of(request, reference))
    )


@router.post("/contracts/{reference}/extend", response=responses(200, s.ContractDetailOut))
@idempotent
def extend_contract(request, reference: str):
    """Take the next extension option (only before the end date)."""
    return _contract_detail(
        services.contract_extend(actor=request.actor, contract=contract_of(request, reference))
    )


@router.post("/contracts/{reference}/exceptions", response=responses(201, s.ExceptionOut))
def request_exception(request, reference: str, payload: s.ExceptionIn):
    """Ask to run past the last option, with the re-procurement timetable; an approver decides."""
    contract = contract_of(request, reference)
    exception = services.contract_exception_request(actor=request.actor, contract=contract, **payload.dict())
    return Status(201, exception)


@router.post(
    "/contracts/{reference}/exceptions/{exception_id}/decision", response=responses(200, s.ExceptionOut)
)
def decide_exception(request, reference: str, exception_id: Id, payload: s.DecisionIn):
    contract = contract_of(request, reference)
    exception = selectors.exception_of(contract, exception_id)
    if exception is None:
        raise NotFound(f"{contract.reference} has no exception #{exception_id}")
    return services.contract_exception_decide(
        actor=request.actor,
        exception=exception,
        approve=payload.decision == s.Decision.APPROVED,
        reason=payload.reason,
    )


@router.post("/contracts/{reference}/variations", response=responses(201, s.VariationOut))
@idempotent
def vary_contract(request, reference: str, payload: s.VariationIn):
    contract = contract_of(request, reference)
    variation = services.contract_vary(
        actor=request.actor,
        contract=contract,
        summary=payload.summary,
        changes=payload.changes,
        agreed_on=payload.agreed_on,
        psr_ground=str(payload.psr_ground or ""),
        materially_different_in_character=payload.materially_different_in_character,
        successor_meets_basic_selection_criteria=payload.successor_meets_basic_selection_criteria,
    )
    return Status(201, variation)


@router.post("/contracts/{reference}/terminate", response=responses(200, s.ContractDetailOut))
def terminate_contract(request, reference: str, payload: s.TerminationIn):
    contract = services.contract_terminate(
        actor=request.actor, contract=contract_of(request, reference), reason=payload.reason
    )
    return _contract_detail(contract)


@router.post("/contracts/{reference}/subcontractors", response=responses(201, s.ContractDetailOut))
def add_subcontractor(request, reference: str, payload: s.SubcontractIn):
    """Name a subcontractor under the lead provider, with its share; the buyer sees the chain."""
    contract = contract_of(request, reference)
    sub = organisation_for_actor(request.actor, payload.subcontractor_code)
    services.subcontract_add(
        actor=request.actor,
        contract=contract,
        subcontractor=sub,
        share_percent=payload.share_percent,
        services=payload.services,
    )
    return Status(201, _contract_detail(contract))

"""Contracts and NHS SLAs, call-off orders, management fees, performance, continuity of supply,
delivery and migration, and GP IT."""

from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from caremarket.agreements.selectors import agreement_for_actor, lot_for_actor
from caremarket.api import contract_schemas as s
from caremarket.api.schemas import ERRORS, Pages, responses
from caremarket.contracts import selectors, services
from caremarket.contracts.models import GpitSolution
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.rules.contracts import lead_share

router = Router(tags=["Contracts"])


def _org(org) -> dict:
    return {"code": org.code, "name": org.name}


def _kpi(k) -> dict:
    return {
        "code": k.code,
        "name": k.name,
        "domain": k.domain,
        "target": f"{k.target.normalize():f}",
        "direction": k.direction,
        "unit": k.unit,
    }


def _contract(c) -> dict:
    return {
        "reference": c.reference,
        "title": c.title,
        "buyer": _org(c.buyer),
        "supplier": _org(c.supplier),
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
    subs = list(c.subcontracts.select_related("subcontractor"))
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
        "kpis": [_kpi(k) for k in c.kpis.all()],
        "variations": list(c.variations.values("number", "summary", "changes", "agreed_on")),
        "subcontractors": [
            {
                "subcontractor": _org(x.subcontractor),
                "share_percent": str(x.share_percent),
                "services": x.services,
            }
            for x in subs
        ],
        "exceptions": list(
            c.exceptions.values(
                "id", "months", "reason", "reprocurement_starts_on", "reprocurement_award_by", "status"
            )
        ),
    }


def subs_facts(subs):
    from caremarket.rules.contracts import SubcontractFacts

    return [SubcontractFacts(x.subcontractor.code, x.share_percent) for x in subs]


def _order(o) -> dict:
    return {
        "reference": o.reference,
        "revision_id": o.revision_id,
        "title": o.title,
        "buyer": _org(o.buyer),
        "supplier": _org(o.supplier),
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
            for r in o.revisions.all()
        ],
    }


def _invoice(i) -> dict:
    return {
        "id": i.pk,
        "number": i.number,
        "supplier": _org(i.supplier),
        "agreement": i.agreement.reference,
        "period": i.period,
        **{
            k: str(getattr(i, k))
            for k in (
                "ordered_total",
                "declared_total",
                "under_declared",
                "over_declared",
                "off_platform",
                "fee_base",
                "fee_rate",
                "amount",
            )
        },
        "matched_orders": i.matched_orders,
        "mismatched_orders": i.mismatched_orders,
        "missing_orders": i.missing_orders,
        "due_on": i.due_on,
        "paid_on": i.paid_on,
        "state": str(i.state),
        "discrepancies": i.discrepancies,
    }


def _return(r) -> dict:
    invoice = getattr(r, "invoice", None) if hasattr(r, "invoice") else None
    return {
        "id": r.pk,
        "supplier": _org(r.supplier),
        "agreement": r.agreement.reference,
        "period": r.period,
        "is_nil": r.is_nil,
        "rows": r.row_count,
        "declared_total": str(r.declared_total),
        "state": str(r.state),
        "invoice": invoice.number if invoice else None,
    }


def _handover(h) -> dict:
    return {
        "id": h.pk,
        "contract": h.contract.reference,
        "outgoing": _org(h.outgoing),
        "incoming": _org(h.incoming),
        "reason": h.reason,
        "completed": h.completed_at is not None,
        "items": list(h.items.values("position", "title", "status")),
    }


def _contract_for(request, reference):
    return selectors.contract_for_actor(request.actor, reference)


# --- Contracts ------------------------------------------------------------------------------


@router.get("/contracts", response={200: list[s.ContractOut], **ERRORS})
@paginate(Pages)
def list_contracts(
    request, q: str = "", status: Query[s.RegisterStatus | None] = None, buyer: str = "", supplier: str = ""
):
    """The contract register: what is live, expiring, ended, with the contracts you are party to."""
    filters = selectors.RegisterFilters(q=q, status=str(status or ""), buyer=buyer, supplier=supplier)
    return [_contract(c) for c in selectors.contracts_for_actor(request.actor, filters)]


@router.post("/contracts", response=responses(201, s.ContractDetailOut))
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
    return _contract_detail(_contract_for(request, reference))


@router.post("/contracts/{reference}/sign", response=responses(200, s.ContractDetailOut))
def sign_contract(request, reference: str):
    return _contract_detail(
        services.contract_sign(actor=request.actor, contract=_contract_for(request, reference))
    )


@router.post("/contracts/{reference}/extend", response=responses(200, s.ContractDetailOut))
def extend_contract(request, reference: str):
    """Take the next extension option (only before the end date)."""
    return _contract_detail(
        services.contract_extend(actor=request.actor, contract=_contract_for(request, reference))
    )


@router.post("/contracts/{reference}/exceptions", response=responses(201, s.ExceptionOut))
def request_exception(request, reference: str, payload: s.ExceptionIn):
    """Ask to run past the last option, with the re-procurement timetable; an approver decides."""
    contract = _contract_for(request, reference)
    exception = services.contract_exception_request(actor=request.actor, contract=contract, **payload.dict())
    return Status(201, exception)


@router.post(
    "/contracts/{reference}/exceptions/{exception_id}/decision", response=responses(200, s.ExceptionOut)
)
def decide_exception(request, reference: str, exception_id: int, payload: s.DecisionIn):
    contract = _contract_for(request, reference)
    exception = contract.exceptions.filter(pk=exception_id).first()
    if exception is None:
        raise NotFound(f"{contract.reference} has no exception #{exception_id}")
    return services.contract_exception_decide(
        actor=request.actor,
        exception=exception,
        approve=payload.decision == s.Decision.APPROVED,
        reason=payload.reason,
    )


@router.post("/contracts/{reference}/variations", response=responses(201, s.VariationOut))
def vary_contract(request, reference: str, payload: s.VariationIn):
    contract = _contract_for(request, reference)
    variation = services.contract_vary(
        actor=request.actor,
        contract=contract,
        summary=payload.summary,
        changes=payload.changes,
        agreed_on=payload.agreed_on,
    )
    return Status(201, variation)


@router.post("/contracts/{reference}/terminate", response=responses(200, s.ContractDetailOut))
def terminate_contract(request, reference: str, payload: s.TerminationIn):
    contract = services.contract_terminate(
        actor=request.actor, contract=_contract_for(request, reference), reason=payload.reason
    )
    return _contract_detail(contract)


@router.post("/contracts/{reference}/subcontractors", response=responses(201, s.ContractDetailOut))
def add_subcontractor(request, reference: str, payload: s.SubcontractIn):
    """Name a subcontractor under the lead provider, with its share; the buyer sees the chain."""
    contract = _contract_for(request, reference)
    sub = organisation_for_actor(request.actor, payload.subcontractor_code)
    services.subcontract_add(
        actor=request.actor,
        contract=contract,
        subcontractor=sub,
        share_percent=payload.share_percent,
        services=payload.services,
    )
    return Status(201, _contract_detail(contract))


@router.get("/contracts/{reference}/performance", response=responses(200, s.PerformanceOut))
def contract_performance(request, reference: str):
    """Each KPI's results per period with their RAG status, and the balanced scorecard."""
    contract = _contract_for(request, reference)
    return {
        "contract": contract.reference,
        "kpis": [
            {
                "kpi": _kpi(t.kpi),
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
    contract = _contract_for(request, reference)
    kpi = contract.kpis.filter(code=code).first()
    if kpi is None:
        raise NotFound(f"{contract.reference} has no KPI {code}")
    before = kpi.proposals.count()
    result = services.kpi_return_submit(actor=request.actor, kpi=kpi, **payload.dict())
    return Status(
        201,
        {
            "kpi": kpi.code,
            "period": result.period,
            "actual": f"{result.actual.normalize():f}",
            "rag": result.rag,
            "suspension_proposed": kpi.proposals.count() > before,
        },
    )


@router.post("/contracts/{reference}/feedback", response=responses(201, s.DomainScoreOut))
def give_feedback(request, reference: str, payload: s.FeedbackIn):
    contract = _contract_for(request, reference)
    services.feedback_give(
        actor=request.actor,
        contract=contract,
        domain=str(payload.domain),
        stars=payload.stars,
        comment=payload.comment,
    )
    card = next(c for c in selectors.scorecard_for([contract]) if c.domain == payload.domain)
    return Status(201, {"domain": card.domain, "score": str(card.score), "rag": card.rag})


# --- Orders ---------------------------------------------------------------------------------


@router.get("/orders", response={200: list[s.OrderOut], **ERRORS})
@paginate(Pages)
def list_orders(request):
    return [_order(o) for o in selectors.orders_for_actor(request.actor)[:5000]]


@router.post("/orders", response=responses(201, s.OrderDetailOut))
def place_order(request, payload: s.OrderIn):
    """Place a call-off order from a contract, an agreement lot or a buying club's catalogue."""
    actor = request.actor
    code = payload.buyer_code
    if not code:
        from caremarket.orgs.models import Organisation

        org = Organisation.objects.filter(pk=actor.organisation_id).first()
        if org is None:
            raise ValidationFailed.for_field("buyer_code", "Say which organisation is buying")
        code = org.code
    buyer = organisation_for_actor(actor, code)
    kwargs = {}
    if payload.contract:
        kwargs["contract"] = _contract_for(request, payload.contract)
    elif payload.agreement:
        kwargs["lot"] = lot_for_actor(actor, payload.agreement, payload.lot or 1)
        kwargs["supplier"] = (
            organisation_for_actor(actor, payload.supplier_code) if payload.supplier_code else None
        )
        kwargs["procedure"] = payload.procedure
    elif payload.buying_club:
        kwargs["club"] = _club(payload.buying_club)
    if payload.allocation:
        kwargs["allocation"] = selectors.allocation_for_actor(actor, payload.allocation)
    order = services.order_place(
        actor=actor, buyer=buyer, title=payload.title, lines=[li.dict() for li in payload.lines], **kwargs
    )
    return Status(201, _order_detail(order))


def _club(club_id: int):
    try:
        from caremarket.sourcing.models import BuyingClub
    except ImportError:
        raise NotFound("Buying clubs are not available") from None
    club = BuyingClub.objects.filter(pk=club_id).first()
    if club is None:
        raise NotFound(f"There is no buying club #{club_id}")
    return club


@router.get("/orders/{reference}", response=responses(200, s.OrderDetailOut))
def get_order(request, reference: str):
    """An order (C000123) as its current revision, or a given revision (C000123-01)."""
    return _order_detail(selectors.order_for_actor(request.actor, reference))


@router.post("/orders/{reference}/amendments", response=responses(201, s.OrderDetailOut))
def amend_order(request, reference: str, payload: s.AmendmentIn):
    order = selectors.order_for_actor(request.actor, reference)
    order = services.order_amend(
        actor=request.actor, order=order, reason=payload.reason, lines=[li.dict() for li in payload.lines]
    )
    return Status(201, _order_detail(order))


@router.get("/deliveries", response={200: list[s.DeliveryOut], **ERRORS})
@paginate(Pages)
def list_deliveries(request, late: bool = False):
    """Sites ordered for connectivity and their stage; `late=true` for those past their date."""
    rows = selectors.late_sites(request.actor) if late else selectors.deliveries_for_actor(request.actor)
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
        for d in rows.order_by("required_by", "id")[:5000]
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
def advance_delivery(request, delivery_id: int, payload: s.StageIn):
    """The supplier moves a site on: installed, live, migrated off the legacy network."""
    delivery = selectors.deliveries_for_actor(request.actor).filter(pk=delivery_id).first()
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


# --- Fees -----------------------------------------------------------------------------------


@router.get("/fee-returns", response={200: list[s.ReturnOut], **ERRORS})
@paginate(Pages)
def list_returns(request):
    return [_return(r) for r in selectors.returns_for_actor(request.actor).select_related("invoice")[:5000]]


@router.post("/fee-returns", response=responses(201, s.ReturnOut))
def submit_return(
    request,
    supplier_code: Form[str],
    agreement: Form[str],
    period: Form[s.IsoDate],
    nil: Form[bool] = False,
    file: File[UploadedFile] = None,
):
    """A supplier's monthly management information: a CSV or XLSX file of its sales through the
    agreement (every row checked; refused whole if any is wrong), or a nil return."""
    supplier = organisation_for_actor(request.actor, supplier_code)
    deal = agreement_for_actor(request.actor, agreement)
    fee_return = services.fee_return_submit(
        actor=request.actor,
        supplier=supplier,
        agreement=deal,
        period=period,
        nil=nil,
        file_name=file.name if file else "",
        content=file.read() if file else None,
    )
    return Status(201, _return(fee_return))


@router.post("/fee-returns/{return_id}/invoice", response=responses(201, s.InvoiceOut))
def invoice_return(request, return_id: int):
    """Reconcile the return against the month's orders and invoice the management fee."""
    fee_return = selectors.return_for_actor(request.actor, return_id)
    return Status(201, _invoice(services.fee_invoice_issue(actor=request.actor, fee_return=fee_return)))


@router.get("/fee-invoices/{invoice_id}", response=responses(200, s.InvoiceOut))
def get_invoice(request, invoice_id: int):
    return _invoice(selectors.invoice_for_actor(request.actor, invoice_id))


@router.post("/fee-invoices/{invoice_id}/payment", response=responses(200, s.InvoiceOut))
def record_payment(request, invoice_id: int, payload: s.PaymentIn):
    invoice = selectors.invoice_for_actor(request.actor, invoice_id)
    return _invoice(
        services.fee_invoice_record_payment(actor=request.actor, invoice=invoice, **payload.dict())
    )


@router.get("/agreements/{reference}/fees", response=responses(200, list[s.FeePositionOut]))
def agreement_fees(request, reference: str):
    """Per supplier: fees accrued by orders, invoiced, paid, overdue, and the open flags."""
    agreement = agreement_for_actor(request.actor, reference)
    return [
        {
            "supplier": _org(p.supplier),
            "accrued": str(p.accrued),
            "invoiced": str(p.invoiced),
            "paid": str(p.paid),
            "overdue": str(p.overdue),
            "flags": [
                {"supplier": _org(p.supplier), "kind": f.kind, "period": f.period, "detail": f.detail}
                for f in p.flags
            ],
        }
        for p in selectors.fee_positions(request.actor, agreement)
    ]


@router.post("/agreements/{reference}/fees/flags", response=responses(200, list[s.FlagOut]))
def raise_flags(request, reference: str):
    """Flag late or missing returns and unpaid fees to the agreement's review."""
    agreement = agreement_for_actor(request.actor, reference)
    flags = services.fee_flags_raise(actor=request.actor, agreement=agreement)
    return [
        {"supplier": _org(f.supplier), "kind": f.kind, "period": f.period, "detail": f.detail} for f in flags
    ]


# --- Suspension proposals -------------------------------------------------------------------


def _proposal(p) -> dict:
    return {
        "id": p.pk,
        "contract": p.contract.reference,
        "supplier": _org(p.supplier),
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
def decide_proposal(request, proposal_id: int, payload: s.ProposalDecisionIn):
    proposal = selectors.proposal_for_actor(request.actor, proposal_id)
    return _proposal(services.proposal_decide(actor=request.actor, proposal=proposal, **payload.dict()))


# --- Continuity -----------------------------------------------------------------------------


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
            "owner": _org(owner),
            "category": backstop.category,
            "title": backstop.title,
            "suppliers": [_org(x) for x in suppliers],
        },
    )


@router.post("/backstops/{backstop_id}/trigger", response=responses(201, s.HandoverOut))
def trigger_backstop(request, backstop_id: int, payload: s.TriggerIn):
    """Call on the backstop when a supplier exits or a re-procurement fails."""
    backstop = selectors.backstop_for_actor(request.actor, backstop_id)
    contract = _contract_for(request, payload.contract)
    handover = services.backstop_trigger(
        actor=request.actor,
        backstop=backstop,
        contract=contract,
        reason=str(payload.reason),
        details=payload.details,
    )
    return Status(201, _handover(handover))


@router.get("/handovers/{handover_id}", response=responses(200, s.HandoverOut))
def get_handover(request, handover_id: int):
    return _handover(selectors.handover_for_actor(request.actor, handover_id))


@router.post("/handovers/{handover_id}/items/{position}/done", response=responses(200, s.HandoverOut))
def complete_item(request, handover_id: int, position: int, payload: s.ItemDoneIn):
    handover = selectors.handover_for_actor(request.actor, handover_id)
    item = handover.items.filter(position=position).first()
    if item is None:
        raise NotFound(f"The handover has no item {position}")
    services.handover_item_complete(actor=request.actor, item=item, note=payload.note)
    return _handover(selectors.handover_for_actor(request.actor, handover_id))


# --- GP IT ----------------------------------------------------------------------------------


def _allocation(row) -> dict:
    a = row.allocation
    return {
        "id": a.pk,
        "commissioner": _org(a.commissioner),
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
    solution = GpitSolution.objects.filter(name__iexact=payload.solution).first()
    if solution is None:
        raise NotFound(f"There is no GP IT solution called {payload.solution}")
    choice = services.foundation_choose(actor=request.actor, practice=practice, solution=solution)
    return Status(201, {"practice": practice.code, "solution": choice.solution.name})


def _own(r) -> dict:
    return {
        "id": r.pk,
        "practice": _org(r.practice),
        "commissioner": _org(r.commissioner),
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
def decide_own_system(request, request_id: int, payload: s.DecisionIn):
    r = selectors.own_system_request_for_actor(request.actor, request_id)
    return _own(
        services.own_system_decide(
            actor=request.actor, request=r, decision=str(payload.decision), reason=payload.reason
        )
    )

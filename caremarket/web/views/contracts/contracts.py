"""The contract register, recording a contract by hand, a contract's page and its actions:
sign, extend by the next option, terminate, vary, subcontractors, exceptions."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.contracts import selectors, services
from caremarket.contracts.choices import ORIGIN_CHOICES, STATUS_CHOICES
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.rules.contracts import BY_HAND, SubcontractFacts, lead_share
from caremarket.rules.roles import Sector
from caremarket.web.forms import form_errors, render_form
from caremarket.web.pagination import paginate
from caremarket.web.views.contracts.common import done, parse_date, refusal

STATUSES = [("in_force", "In force (live, extended or expiring)"), *STATUS_CHOICES]


@login_required
def register(request):
    actor = request.actor
    status = request.GET.get("status", "")
    filters = selectors.RegisterFilters(
        q=request.GET.get("q", "").strip()[:100], status=status if status in dict(STATUSES) else ""
    )
    contracts = selectors.contracts_for_actor(actor, filters)
    everything = selectors.contracts_for_actor(actor) if filters.status or filters.q else contracts
    page, nav = paginate(request, contracts)
    org = acting_organisation(actor)
    return render(
        request,
        "web/contracts/register.jinja",
        {
            "page": page,
            "nav": nav,
            "filters": filters,
            "statuses": STATUSES,
            "summary": selectors.register_summary(everything),
            "can_record": org is not None and can(actor, "contracts.create_contract", org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record(request):
    actor = request.actor
    org = acting_organisation(actor)
    if org is None or not can(actor, "contracts.create_contract", org):
        require(
            actor,
            "contracts.create_contract",
            org,
            message="Only a buyer's procurement leads and approvers record contracts",
        )
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            supplier = organisation_by_code(data.get("supplier", ""), sector=Sector.SUPPLIER)
            if supplier is None:
                from caremarket.core.errors import ValidationFailed

                raise ValidationFailed.for_field("supplier", "Enter the code of a supplier on Caremarket")
            prices = [
                {"item": item, "unit": "", "unit_price": price}
                for item, price in zip(data.getlist("price_item"), data.getlist("price_value"), strict=False)
                if item.strip()
            ]
            contract = services.contract_record(
                actor=actor,
                buyer=org,
                supplier=supplier,
                origin=data.get("origin", ""),
                title=data.get("title", ""),
                value=data.get("value", ""),
                starts_on=parse_date(data.get("starts_on", ""), "starts_on"),
                term=data.get("term", ""),
                notice_months=int(data.get("notice_months") or 3),
                service_specification=data.get("service_specification", ""),
                payment_mechanism=data.get("payment_mechanism", ""),
                risk_share=data.get("risk_share", ""),
                has_dpa=data.get("has_dpa") == "yes",
                tupe=data.get("tupe") == "yes",
                price_list=prices,
            )
        except (ApplicationError, TypeError, ValueError) as exc:
            if isinstance(exc, ApplicationError):
                error = refusal(exc)
            else:
                from caremarket.core.errors import ValidationFailed

                error = ValidationFailed.for_field("starts_on", "Enter the start date as DD/MM/YYYY")
        else:
            return done(
                request, f"{contract.reference} was recorded as a draft", "web:contract", contract.reference
            )
    context = {
        "org": org,
        "data": data,
        "origins": [c for c in ORIGIN_CHOICES if c[0] in BY_HAND and c[0] != "direct_award"],
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/record.jinja", context)


@login_required
def detail(request, reference: str, error=None):
    actor = request.actor
    contract = selectors.contract_for_actor(actor, reference)
    parts = selectors.contract_parts(contract)
    subs = parts["subcontracts"]
    manages = can(actor, "contracts.manage_contract", contract)
    context = {
        "contract": contract,
        "status": contract.status(),
        "kpis": parts["kpis"],
        "variations": parts["variations"],
        "subcontracts": subs,
        "lead_share": lead_share([SubcontractFacts(s.subcontractor.code, s.share_percent) for s in subs]),
        "exceptions": parts["exceptions"],
        "orders": list(selectors.orders_for_actor(actor, contract=contract)[:50]),
        "committed": selectors.committed_value(contract),
        "handovers": parts["handovers"],
        "manages": manages,
        "approves": can(actor, "contracts.approve_exception", contract),
        "orders_allowed": can(actor, "contracts.place_order", contract.buyer) and contract.in_force(),
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/detail.jinja", context)


ACTIONS = {
    "sign": (services.contract_sign, "was signed"),
    "extend": (services.contract_extend, "was extended by its next option"),
}


@login_required
@require_POST
def act(request, reference: str):
    """Sign, extend, terminate, vary, add a subcontractor, request or decide an exception."""
    actor = request.actor
    contract = selectors.contract_for_actor(actor, reference)
    action = request.POST.get("action", "")
    data = request.POST
    try:
        if action in ACTIONS:
            fn, said = ACTIONS[action]
            fn(actor=actor, contract=contract)
        elif action == "terminate":
            services.contract_terminate(actor=actor, contract=contract, reason=data.get("reason", ""))
            said = "was terminated"
        elif action == "vary":
            changes = {k: data[k] for k in ("value", "notice_months", "title") if data.get(k, "").strip()}
            variation = services.contract_vary(
                actor=actor, contract=contract, summary=data.get("summary", ""), changes=changes
            )
            said = f"was varied (variation {variation.number})"
        elif action == "subcontract":
            sub = organisation_by_code(data.get("subcontractor", ""))
            if sub is None:
                raise NotFound(f"There is no organisation {data.get('subcontractor', '')}")
            services.subcontract_add(
                actor=actor,
                contract=contract,
                subcontractor=sub,
                share_percent=data.get("share_percent", ""),
                services=data.get("services", ""),
            )
            said = f"names {sub.name} as a subcontractor"
        elif action == "exception":
            services.contract_exception_request(
                actor=actor,
                contract=contract,
                months=int(data.get("months") or 0),
                reason=data.get("reason", ""),
                reprocurement_starts_on=parse_date(
                    data.get("reprocurement_starts_on", ""), "reprocurement_starts_on"
                ),
                reprocurement_award_by=parse_date(
                    data.get("reprocurement_award_by", ""), "reprocurement_award_by"
                ),
            )
            said = "has an exception waiting for approval"
        elif action in ("approve", "refuse"):
            exception = selectors.exception_of(contract, data.get("exception") or 0)
            if exception is None:
                raise NotFound("There is no such exception")
            services.contract_exception_decide(
                actor=actor, exception=exception, approve=action == "approve", reason=data.get("reason", "")
            )
            said = "exception " + ("approved" if action == "approve" else "refused")
        else:
            require(actor, "contracts.manage_contract", contract)
            raise NotFound("Choose what to do")
    except ApplicationError as exc:
        return detail(request, reference, error=refusal(exc))
    except (TypeError, ValueError):
        from caremarket.core.errors import ValidationFailed

        return detail(request, reference, error=ValidationFailed("Check the numbers and dates you entered"))
    return done(request, f"{contract.reference} {said}", "web:contract", contract.reference)

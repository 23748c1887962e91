"""The contract register (and its CSV and XLSX downloads), recording a contract by hand, a
contract's page, its print layout and PDF, and its actions: sign, extend by the next option
(after a confirmation page), terminate, vary, subcontractors, exceptions."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.contracts import exports, selectors, services, summary_pdf
from caremarket.contracts.choices import ORIGIN_CHOICES, STATUS_CHOICES
from caremarket.contracts.services import contract_terms
from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.rules import contract_changes
from caremarket.rules.contracts import BY_HAND, SubcontractFacts, lead_share
from caremarket.rules.performance import DIRECTION_LABELS, DOMAIN_LABELS, FREQUENCY_LABELS
from caremarket.rules.roles import Sector
from caremarket.transparency.content.contracts import is_psr_contract
from caremarket.web.forms import form_errors, render_form
from caremarket.web.pagination import paginate
from caremarket.web.views.contracts.common import done, parse_date, refusal

STATUSES = [("in_force", "In force (live, extended or expiring)"), *STATUS_CHOICES]


def _register_filters(request) -> selectors.RegisterFilters:
    status = request.GET.get("status", "")
    return selectors.RegisterFilters(
        q=request.GET.get("q", "").strip()[:100], status=status if status in dict(STATUSES) else ""
    )


@login_required
def register(request):
    actor = request.actor
    filters = _register_filters(request)
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
            "query": request.GET.urlencode(),
            "options_text": contract_changes.options_left_text,
        },
    )


@login_required
def register_download(request, extension: str):
    """The register as the actor sees it, with the same filters, as CSV or XLSX."""
    if extension not in exports.CONTENT_TYPES:
        raise Http404("Download the register as .csv or .xlsx")
    contracts = selectors.contracts_for_actor(request.actor, _register_filters(request))
    body, content_type, name = exports.register_file(contracts, extension)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


KPI_ROWS = 3  # KPI rows on the record page


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
            kpis = [
                {
                    "name": name,
                    "unit": data.get(f"kpi_unit_{n}", ""),
                    "target": data.get(f"kpi_target_{n}", ""),
                    "direction": data.get(f"kpi_direction_{n}", ""),
                    "frequency": data.get(f"kpi_frequency_{n}", ""),
                    "amber_limit": data.get(f"kpi_amber_{n}", ""),
                    "domain": data.get(f"kpi_domain_{n}", ""),
                    "unit_required": True,
                }
                for n in range(1, KPI_ROWS + 1)
                if (name := data.get(f"kpi_name_{n}", "").strip())
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
                kpis=kpis,
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
        "kpi_rows": range(1, KPI_ROWS + 1),
        "kpi_directions": [(str(k), v) for k, v in DIRECTION_LABELS.items()],
        "kpi_frequencies": [(str(k), v) for k, v in FREQUENCY_LABELS.items()],
        "kpi_domains": [(str(k), v) for k, v in DOMAIN_LABELS.items()],
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/record.jinja", context)


@login_required
def detail(request, reference: str, error=None, data=None):
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
        "history": selectors.contract_history(contract),
        "options_text": contract_changes.options_left_text(contract.options_left),
        "risk_share_text": contract_changes.risk_share_text(contract.risk_share),
        "change_lines": contract_changes.change_lines,
        "psr": is_psr_contract(contract),
        "psr_grounds": list(contract_terms.PSR_GROUNDS.items()),
        "psr_ground_labels": contract_terms.PSR_GROUNDS,
        "data": data or {},
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/detail.jinja", context)


@login_required
def summary(request, reference: str):
    """The contract's summary laid out for printing (and a link to the PDF)."""
    contract = selectors.contract_for_actor(request.actor, reference)
    parts = selectors.contract_parts(contract)
    subs = parts["subcontracts"]
    context = {
        "contract": contract,
        "rows": summary_pdf.summary_rows(contract),
        "subcontracts": subs,
        "lead_share": lead_share([SubcontractFacts(s.subcontractor.code, s.share_percent) for s in subs]),
        "kpis": parts["kpis"],
        "history": selectors.contract_history(contract),
        "today": clock.today(),
    }
    return render(request, "web/contracts/summary.jinja", context)


@login_required
def summary_download(request, reference: str):
    contract = selectors.contract_for_actor(request.actor, reference)
    response = HttpResponse(summary_pdf.summary_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{summary_pdf.file_name(contract)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def extend(request, reference: str):
    """Taking the next extension option: a page showing the end date before and after, and a
    button to confirm. Nothing changes until the person confirms."""
    actor = request.actor
    contract = selectors.contract_for_actor(actor, reference)
    require(actor, "contracts.manage_contract", contract)
    error = None
    if request.method == "POST":
        try:
            services.contract_extend(actor=actor, contract=contract)
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                f"{contract.reference} was extended by its next option: it now ends on "
                f"{_spoken(selectors.contract_for_actor(actor, reference).ends_on)}",
                "web:contract",
                contract.reference,
            )
    preview = contract_changes.extension_preview(contract.facts(), clock.today())
    context = {
        "contract": contract,
        "preview": preview,
        "options_text": contract_changes.options_left_text(contract.options_left),
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/extend.jinja", context)


def _spoken(day) -> str:
    return f"{day.day} {day:%B %Y}"


ACTIONS = {
    "sign": (services.contract_sign, "was signed"),
}


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get((value or "").strip())


def _psr_answers(data) -> dict:
    """A Provider Selection Regime modification's answers (regulation 13) from the form."""
    return {
        "psr_ground": data.get("psr_ground", ""),
        "materially_different_in_character": _yes_no(data.get("materially_different_in_character")),
        "successor_meets_basic_selection_criteria": _yes_no(
            data.get("successor_meets_basic_selection_criteria")
        ),
    }


@login_required
@require_POST
def act(request, reference: str):
    """Sign, extend, terminate, vary, add a subcontractor, request or decide an exception."""
    actor = request.actor
    contract = selectors.contract_for_actor(actor, reference)
    action = request.POST.get("action", "")
    data = request.POST
    if action == "extend":
        # Taking an option is confirmed on its own page, which shows the new end date.
        require(actor, "contracts.manage_contract", contract)
        return redirect("web:contract-extend", contract.reference)
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
                actor=actor,
                contract=contract,
                summary=data.get("summary", ""),
                changes=changes,
                **(_psr_answers(data) if is_psr_contract(contract) else {}),
            )
            said = f"was varied (variation {variation.number})"
        elif action == "subcontract":
            code = data.get("subcontractor", "").strip()
            sub = organisation_by_code(code) if code else None
            if sub is None:
                raise ValidationFailed.for_field(
                    "subcontractor",
                    f"There is no organisation with the code {code} on Caremarket: check the code"
                    if code
                    else "Enter the subcontractor's organisation code",
                )
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
                raise ValidationFailed.for_field(
                    "exception", f"{contract.reference} has no such exception waiting: reload the page"
                )
            services.contract_exception_decide(
                actor=actor, exception=exception, approve=action == "approve", reason=data.get("reason", "")
            )
            said = "exception " + ("approved" if action == "approve" else "refused")
        else:
            require(actor, "contracts.manage_contract", contract)
            raise NotFound("Choose what to do")
    except ApplicationError as exc:
        return detail(request, reference, error=refusal(exc), data=data)
    except (TypeError, ValueError):
        problem = (
            ValidationFailed.for_field("months", "Enter the number of months, like 6")
            if action == "exception"
            else ValidationFailed("Check the numbers and dates you entered")
        )
        return detail(request, reference, error=problem, data=data)
    return done(request, f"{contract.reference} {said}", "web:contract", contract.reference)

"""Continuity of supply on the pages: a lot's backstops (kept by the agreement manager), calling
on one from a contract, the handovers list and a handover's checklist, item by item."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET, require_http_methods

from caremarket.agreements import selectors as agreement_selectors
from caremarket.contracts import selectors, services
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.orgs.choices import Region
from caremarket.rules.continuity import (
    INTERIM_TERM_MONTHS,
    ITEM_LABELS,
    MAX_RANKED,
    TRIGGER_LABELS,
    TriggerReason,
    handover_progress,
)
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, refusal

RANK_NAMES = ("First", "Second", "Third", "Fourth", "Fifth")
REGION_CHOICES = [("", "Every region"), *Region.choices]


def _ranked_codes(data) -> list[str]:
    """The supplier codes chosen for each place in the order of call, blanks left out."""
    return [c for c in (data.get(f"rank_{n}", "").strip() for n in range(1, MAX_RANKED + 1)) if c]


def _ranked_suppliers(codes: list[str]) -> list:
    suppliers = []
    for code in codes:
        supplier = selectors.supplier_by_code(code)
        if supplier is None:
            raise ValidationFailed.for_field("suppliers", f"There is no supplier {code}")
        suppliers.append(supplier)
    return suppliers


def _rank_context(lot, chosen: list[str]) -> dict:
    admitted = selectors.admitted_suppliers(lot)
    choices = [(s.code, s.name) for s in admitted]
    return {
        "ranks": [
            {
                "n": n,
                "label": f"{RANK_NAMES[n - 1]} to call" + ("" if n == 1 else " (optional)"),
                "options": [{"value": "", "text": "Nobody"}]
                + [
                    {"value": code, "text": name, "selected": len(chosen) >= n and chosen[n - 1] == code}
                    for code, name in choices
                ],
            }
            for n in range(1, MAX_RANKED + 1)
        ],
        "admitted": admitted,
    }


def _backstop_rows(backstops) -> list[dict]:
    return [
        {
            "backstop": b,
            "region": selectors.region_label(b.region),
            "suppliers": selectors.backstop_suppliers(b),
        }
        for b in backstops
    ]


@login_required
@require_http_methods(["GET", "POST"])
def lot_backstops(request, reference: str, number: int):
    """A lot's backstops, one per region, and a form to pre-select another region's."""
    actor = request.actor
    lot = agreement_selectors.lot_for_actor(actor, reference, number)
    backstops = selectors.lot_backstops_for_actor(actor, lot)
    manages = can(actor, "contracts.manage_lot_backstops", lot.agreement)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            require(actor, "contracts.manage_lot_backstops", lot.agreement)
            backstop = services.lot_backstop_create(
                actor=actor,
                lot=lot,
                region=data.get("region", ""),
                title=data.get("title", ""),
                suppliers=_ranked_suppliers(_ranked_codes(data)),
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                f"{backstop.title} was set up for {selectors.region_label(backstop.region).lower()}",
                "web:agreement-lot-backstops",
                lot.agreement.reference,
                lot.number,
            )
    context = {
        "agreement": lot.agreement,
        "lot": lot,
        "rows": _backstop_rows(backstops),
        "manages": manages,
        "data": data,
        "regions": [
            {"value": v, "text": t, "selected": data.get("region", "") == v} for v, t in REGION_CHOICES
        ],
        **_rank_context(lot, _ranked_codes(data)),
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/backstops.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def lot_backstop(request, reference: str, number: int, backstop_id: int):
    """One backstop: its suppliers in order of call, and (for the agreement manager) a form to
    change the order, add or remove suppliers."""
    actor = request.actor
    lot = agreement_selectors.lot_for_actor(actor, reference, number)
    backstop = selectors.lot_backstop_for_actor(actor, lot, backstop_id)
    manages = can(actor, "contracts.manage_lot_backstops", lot.agreement)
    error = None
    if request.method == "POST":
        chosen = _ranked_codes(request.POST)
        try:
            require(actor, "contracts.manage_lot_backstops", lot.agreement)
            services.backstop_rank(actor=actor, backstop=backstop, suppliers=_ranked_suppliers(chosen))
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                f"The order of call for {backstop.title} was saved",
                "web:agreement-lot-backstop",
                lot.agreement.reference,
                lot.number,
                backstop.pk,
            )
    else:
        chosen = [supplier.code for supplier in selectors.backstop_suppliers(backstop)]
    context = {
        "agreement": lot.agreement,
        "lot": lot,
        "backstop": backstop,
        "region": selectors.region_label(backstop.region),
        "ranking": selectors.backstop_ranking(backstop),
        "manages": manages,
        **_rank_context(lot, chosen),
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/backstop.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def contract_backstop(request, reference: str):
    """Call on the backstop for a contract's lot and the buyer's region: who would be called,
    why, what happened, and a confirmation. Makes the interim contract and the handover."""
    actor = request.actor
    contract = selectors.contract_for_actor(actor, reference)
    require(actor, "contracts.manage_contract", contract)
    backstop = selectors.backstop_for_contract(contract)
    under_way = selectors.open_handover_of(contract)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            if backstop is None:
                raise NotFound(
                    f"There is no backstop for {contract.reference}'s lot in "
                    f"{selectors.region_label(contract.buyer.region).lower()}"
                )
            if data.get("confirm") != "yes":
                raise ValidationFailed.for_field("confirm", "Confirm that you want to call on the backstop")
            handover = services.backstop_trigger(
                actor=actor,
                backstop=backstop,
                contract=contract,
                reason=data.get("reason", ""),
                details=data.get("details", ""),
            )
        except NotFound as exc:
            error = exc
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                f"{handover.incoming.name} takes the service on under the interim contract "
                f"{handover.interim_contract.reference}: the handover has started",
                "web:handover",
                handover.pk,
            )
    context = {
        "contract": contract,
        "backstop": backstop,
        "region": selectors.region_label(contract.buyer.region),
        "ranking": selectors.backstop_ranking(backstop, contract) if backstop else [],
        "under_way": under_way,
        "data": data,
        "reasons": [
            {"value": r.value, "text": TRIGGER_LABELS[r], "checked": data.get("reason") == r.value}
            for r in TriggerReason
        ],
        "interim_months": INTERIM_TERM_MONTHS,
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/backstop_call.jinja", context)


@login_required
@require_GET
def handovers(request):
    """The handovers the person can see: their buyer's, and those their supplier is handing
    over or taking on."""
    actor = request.actor
    rows = [
        {
            "handover": h,
            "progress": handover_progress([i.status for i in selectors.handover_items(h)]),
            "reason": TRIGGER_LABELS.get(h.reason, h.reason),
        }
        for h in selectors.handovers_for_actor(actor)
    ]
    return render_form(request, "web/contracts/handovers.jinja", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def handover(request, handover_id: int):
    actor = request.actor
    item = selectors.handover_for_actor(actor, handover_id)
    error = None
    if request.method == "POST":
        entry = selectors.handover_item(item, request.POST.get("position") or 0)
        try:
            if entry is None:
                raise NotFound("Choose an item of the checklist")
            services.handover_item_complete(actor=actor, item=entry, note=request.POST.get("note", ""))
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(request, f"'{entry.title}' is done", "web:handover", item.pk)
    items = selectors.handover_items(item)
    context = {
        "handover": item,
        "items": items,
        "item_labels": ITEM_LABELS,
        "progress": handover_progress([i.status for i in items]),
        "reason": TRIGGER_LABELS.get(item.reason, item.reason),
        "updates": can(actor, "contracts.update_handover", item) and item.completed_at is None,
        "sees_interim": item.interim_contract is not None
        and can(actor, "contracts.view_contract", item.interim_contract),
        "sees_contract": can(actor, "contracts.view_contract", item.contract),
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/handover.jinja", context)

"""GP IT: commissioners' allocations and what orders have spent, ordering from the GP IT
Futures catalogue against an allocation, practices' foundation choices, and own-system requests
decided by the commissioner."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.contracts import selectors, services
from caremarket.contracts.pricing import lot_book
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.money import format_money
from caremarket.core.permissions import can
from caremarket.orgs.choices import OrganisationType
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.rules.gpit import REQUEST_LABELS, RequestStatus
from caremarket.rules.roles import Sector
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, refusal
from caremarket.web.views.contracts.orders import _order_page


def _practice_of(actor):
    org = acting_organisation(actor)
    return org if org is not None and org.org_type == OrganisationType.GP_PRACTICE else None


def _gpit_page(request, error: ApplicationError | None = None):
    actor = request.actor
    practice = _practice_of(actor)
    requests = list(selectors.own_system_requests_for_actor(actor)[:100])
    commissioner = ""
    if practice is not None and practice.care_system_id:
        found = organisation_by_code(practice.care_system.code, sector=Sector.BUYER)
        commissioner = found.code if found else ""
    context = {
        "allocations": selectors.allocations_for_actor(actor),
        "practice": practice,
        "choice": selectors.foundation_choice_of(practice),
        "solutions": [s for s in selectors.solutions() if s.is_foundation],
        "requests": [
            (r, can(actor, "contracts.decide_own_system", r) and r.status == RequestStatus.REQUESTED)
            for r in requests
        ],
        "request_labels": {str(k): v for k, v in REQUEST_LABELS.items()},
        "data": request.POST,
        "commissioner": request.POST.get("commissioner", commissioner),
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/gpit.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def gpit(request):
    if request.method == "GET":
        return _gpit_page(request)
    actor = request.actor
    practice = _practice_of(actor)
    data = request.POST
    try:
        if practice is None:
            raise NotFound("Only a GP practice chooses systems here")
        if data.get("action") == "foundation":
            solution = selectors.solution_by_id(data.get("solution") or 0)
            if solution is None:
                raise ValidationFailed.for_field("solution", "Choose a solution")
            services.foundation_choose(actor=actor, practice=practice, solution=solution)
            said = f"{practice.name} now uses {solution.name}"
        else:
            code = data.get("commissioner", "").strip()
            commissioner = organisation_by_code(code) if code else None
            if commissioner is None:
                raise ValidationFailed.for_field(
                    "commissioner",
                    f"There is no organisation with the code {code} on Caremarket: check the code"
                    if code
                    else "Enter your commissioner's organisation code",
                )
            services.own_system_request(
                actor=actor,
                practice=practice,
                commissioner=commissioner,
                system_name=data.get("system_name", ""),
                purpose=data.get("purpose", ""),
            )
            said = f"Your request went to {commissioner.name}"
    except ApplicationError as exc:
        return _gpit_page(request, refusal(exc))
    return done(request, said, "web:gpit")


@login_required
@require_POST
def decide(request, request_id: int):
    """The commissioner approves or refuses (with the reason) a practice's own system."""
    actor = request.actor
    item = selectors.own_system_request_for_actor(actor, request_id)
    decision = request.POST.get("decision", "")
    try:
        services.own_system_decide(
            actor=actor, request=item, decision=decision, reason=request.POST.get("reason", "")
        )
    except ApplicationError as exc:
        return _gpit_page(request, refusal(exc))
    label = REQUEST_LABELS.get(decision, decision).lower()
    return done(request, f"{item.practice.name}'s request for {item.system_name} was {label}", "web:gpit")


def _orders_for(actor, allocation) -> bool:
    buyer = acting_organisation(actor)
    return (
        buyer is not None
        and buyer.pk == allocation.commissioner_id
        and can(actor, "contracts.place_order", buyer)
    )


@login_required
def allocation(request, allocation_id: int):
    """An allocation: what is allocated, spent and left, the orders charged to it, and the
    catalogue its commissioner may order from."""
    actor = request.actor
    row = selectors.allocation_row_for_actor(actor, allocation_id)
    context = {
        "row": row,
        "orders": list(selectors.allocation_orders_for_actor(actor, row.allocation)[:100]),
        "offers": selectors.allocation_offers(row.allocation),
        "orders_here": _orders_for(actor, row.allocation),
    }
    return render(request, "web/contracts/gpit_allocation.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def allocation_order(request, allocation_id: int, lot_number: int, supplier_code: str):
    """Order from a supplier's GP IT Futures catalogue, charged to the allocation: an order
    beyond what is left is refused, with the reason, in the error summary."""
    actor = request.actor
    row = selectors.allocation_row_for_actor(actor, allocation_id)
    allocation = row.allocation
    if not _orders_for(actor, allocation):
        raise NotFound(f"Only {allocation.commissioner.name} orders against its allocation")
    offer = next(
        (
            o
            for o in selectors.allocation_offers(allocation)
            if o.lot.number == lot_number and o.supplier.code.lower() == supplier_code.lower()
        ),
        None,
    )
    if offer is None:
        raise NotFound(
            f"{supplier_code} sells nothing on lot {lot_number} of {allocation.agreement.reference}"
        )
    book = lot_book(offer.lot, offer.supplier)
    # Each option is the exact priced item (its key), in words with its price.
    items = [(e.key, f"{e.label} – {format_money(e.first.unit_price)}") for e in book.entries.values()]

    def place(buyer, lines, title):
        return services.order_place(
            actor=actor,
            buyer=buyer,
            lot=offer.lot,
            supplier=offer.supplier,
            procedure="direct_award",
            allocation=allocation,
            lines=lines,
            title=title,
        )

    return _order_page(
        request,
        title=f"Order from {offer.supplier.name}",
        caption=f"{allocation.agreement.title}, lot {offer.lot.number}: {offer.lot.title}",
        items=items,
        place=place,
        back=("web:gpit-allocation", allocation.pk),
        note=(
            f"Charged to {allocation.commissioner.name}'s {allocation.year_label} GP IT allocation: "
            f"{format_money(row.remaining)} left of {format_money(allocation.amount)}. "
            "An order for more than what is left is refused."
        ),
    )

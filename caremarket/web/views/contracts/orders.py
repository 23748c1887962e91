"""Ordering (from a contract or a buying club's awarded catalogue), the orders list, an order's
page with its revisions and sites, and the supplier's delivery updates."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.contracts import catalogues, selectors, services
from caremarket.contracts.pricing import contract_book
from caremarket.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.jinja2 import format_date
from caremarket.orgs.selectors import acting_organisation, sites_of
from caremarket.rules.delivery import STAGE_LABELS, next_stage
from caremarket.web.forms import form_errors, render_form
from caremarket.web.pagination import paginate
from caremarket.web.views.contracts.common import done, parse_date, refusal

ROWS = 6


def _lines(data) -> list[dict]:
    lines = []
    for n in range(1, ROWS + 1):
        item = data.get(f"item_{n}", "").strip()
        if not item:
            continue
        try:
            quantity = int(data.get(f"quantity_{n}") or 1)
        except ValueError:
            raise ValidationFailed.for_field(f"quantity_{n}", f"Line {n}: enter a whole number") from None
        lines.append(
            {
                "item": item,
                "quantity": quantity,
                "site": data.get(f"site_{n}", ""),
                "delivery_date": parse_date(data.get(f"date_{n}", ""), f"date_{n}"),
            }
        )
    return lines


def _order_page(
    request,
    *,
    title: str,
    caption: str,
    items: list[tuple[str, str]],
    place,
    back: tuple[str, ...],
    note: str = "",
    refused: str = "",
):
    actor = request.actor
    buyer = acting_organisation(actor)
    if buyer is None or not can(actor, "contracts.place_order", buyer):
        raise NotFound("You cannot order for the organisation you are acting for")
    error = None
    if request.method == "POST" and not refused:
        try:
            order = place(buyer, _lines(request.POST), request.POST.get("title", ""))
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                f"Order {order.revision_id} was placed with {order.supplier.name}",
                "web:order",
                order.reference,
            )
    context = {
        "heading": title,
        "caption": caption,
        "items": items,
        "sites": [(s.code, f"{s.name} ({s.code})") for s in sites_of(buyer)],
        "rows": range(1, ROWS + 1),
        "data": request.POST,
        "back": back,
        "note": note,
        "refused": refused,
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/order_form.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def order_from_contract(request, reference: str):
    actor = request.actor
    contract = selectors.contract_for_actor(actor, reference)
    buyer = acting_organisation(actor)
    if buyer is None or buyer.pk != contract.buyer_id:
        raise PermissionDenied(
            f"{buyer.name if buyer else 'You'} cannot order under {contract.reference}: "
            f"only its buyer, {contract.buyer.name}, orders under it"
        )
    book = contract_book(contract)
    # Each option is the exact priced item (its key), in words with its price.
    items = [(e.key, f"{e.label} – £{e.first.unit_price:,.2f}") for e in book.entries.values()]

    def place(buyer, lines, title):
        return services.order_place(actor=actor, buyer=buyer, contract=contract, lines=lines, title=title)

    return _order_page(
        request,
        title=f"Order under {contract.reference}",
        caption=f"{contract.title} with {contract.supplier.name}",
        items=items,
        place=place,
        back=("web:contract", contract.reference),
    )


@login_required
def club_catalogues(request):
    """Buying clubs' awarded catalogues: what each offers, and who may order from it."""
    rows = catalogues.club_catalogues_for_actor(request.actor)
    buyer = acting_organisation(request.actor)
    orders = bool(buyer) and can(request.actor, "contracts.place_order", buyer)
    return render(request, "web/contracts/club_catalogues.jinja", {"rows": rows, "orders": orders})


@login_required
@require_http_methods(["GET", "POST"])
def order_from_club(request, club_id: int):
    """Order from a buying club's awarded catalogue: members included at launch only."""
    actor = request.actor
    club = catalogues.club_for_actor(actor, club_id)
    row = catalogues.club_catalogue_for_actor(actor, club)
    items = [(i.item, f"{i.label} – £{i.first_year:,.2f}") for i in (row.items if row else [])]

    def place(buyer, lines, title):
        return services.order_place(actor=actor, buyer=buyer, club=club, lines=lines, title=title)

    buyer = acting_organisation(actor)
    refused = ""
    if row and buyer and not row.is_member:
        refused = (
            f"{buyer.name} cannot order from the {club.name} catalogue: it was not a member when the "
            f"club launched on {format_date(club.launched_at)}, and only the members included at launch "
            f"({', '.join(row.member_names)}) may order from it."
        )

    return _order_page(
        request,
        title=f"Order from the {club.name} catalogue",
        caption=f"Awarded to {row.supplier.name}" if row else "Buying club catalogue",
        items=items,
        place=place,
        back=("web:club-catalogues",),
        note="Only the organisations that were members when the club launched may order from its "
        "catalogue. Each price is the one-off charge and the first year's annual charge together.",
        refused=refused,
    )


@login_required
def order_list(request):
    page, nav = paginate(request, selectors.orders_for_actor(request.actor))
    return render(request, "web/contracts/orders.jinja", {"page": page, "nav": nav})


@login_required
def order_detail(request, reference: str, error=None):
    actor = request.actor
    order = selectors.order_for_actor(actor, reference)
    deliveries = selectors.order_deliveries(order)
    context = {
        "order": order,
        "lines": list(selectors.order_lines(order)),
        "revisions": selectors.order_revisions(order),
        "deliveries": [(d, next_stage(d.stage)) for d in deliveries],
        "stage_labels": {str(k): v for k, v in STAGE_LABELS.items()},
        "updates_delivery": can(actor, "contracts.update_delivery", order),
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/order.jinja", context)


@login_required
@require_POST
def advance_site(request, reference: str, delivery_id: int):
    actor = request.actor
    order = selectors.order_for_actor(actor, reference)
    delivery = selectors.order_delivery(order, delivery_id)
    if delivery is None:
        raise NotFound("That site is not on this order")
    require(actor, "contracts.update_delivery", order)
    try:
        services.site_delivery_advance(actor=actor, delivery=delivery, stage=request.POST.get("stage", ""))
    except ApplicationError as exc:
        return order_detail(request, reference, error=refusal(exc))
    return done(
        request,
        f"{delivery.site.name} is now {STAGE_LABELS.get(request.POST.get('stage'), '').lower()}",
        "web:order",
        order.reference,
    )

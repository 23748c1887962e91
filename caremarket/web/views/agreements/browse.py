"""Browsing agreements and lots: what each allows, who is on each lot, who can be invited."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from caremarket.agreements import selectors
from caremarket.agreements.choices import KIND_CHOICES, STATUS_CHOICES, PriceUnit
from caremarket.catalogue.selectors import locked_shortlists_for_lot
from caremarket.core import clock
from caremarket.core.permissions import can
from caremarket.orgs.models import Organisation
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.agreements import (
    AGREEMENT_LIFECYCLE,
    THRESHOLD_LABELS,
    Procedure,
    Threshold,
    application_refusal,
    call_off_refusal,
    review_due_on,
)
from caremarket.rules.roles import Sector
from caremarket.web.pagination import paginate


def acting_supplier(actor) -> Organisation | None:
    """The supplier the person is acting for, if they are acting for one."""
    return acting_organisation(actor, sector=Sector.SUPPLIER)


@login_required
def agreement_list(request):
    filters = selectors.AgreementFilters(
        q=request.GET.get("q", "").strip()[:100],
        kind=request.GET.get("kind", "") if request.GET.get("kind") in dict(KIND_CHOICES) else "",
        status=request.GET.get("status", "") if request.GET.get("status") in dict(STATUS_CHOICES) else "",
    )
    page, nav = paginate(request, selectors.agreements_for_actor(request.actor, filters))
    return render(
        request,
        "web/agreements/list.jinja",
        {
            "page": page,
            "nav": nav,
            "filters": filters,
            "kinds": KIND_CHOICES,
            "statuses": STATUS_CHOICES,
            "can_set_up": can(request.actor, "agreements.set_up_agreements"),
            "applies": acting_supplier(request.actor) is not None or request.actor.sees_everything,
        },
    )


@login_required
def agreement_detail(request, reference: str):
    actor = request.actor
    agreement = selectors.agreement_for_actor(actor, reference)
    lots = selectors.lots_of(agreement)
    today = clock.today()
    status = agreement.status(today)
    facts = agreement.facts(lot_count=len(lots))
    open_lots = [lot for lot in lots if application_refusal(facts, lot.facts(), today) is None]
    supplier = acting_supplier(actor)
    manages = can(actor, "agreements.manage_agreement", agreement)
    last_review, open_review = selectors.latest_reviews(agreement)
    return render(
        request,
        "web/agreements/detail.jinja",
        {
            "agreement": agreement,
            "status": status,
            "lots": lots,
            "open_lots": open_lots,
            "closed_reason": application_refusal(facts, lots[0].facts(), today)
            if lots and not open_lots
            else None,
            "call_off_reason": call_off_refusal(facts, today),
            "can_apply": bool(open_lots)
            and supplier is not None
            and can(actor, "agreements.apply", supplier),
            "manages": manages,
            "moves": sorted(AGREEMENT_LIFECYCLE.transitions.get(status, ())) if manages else [],
            "can_review": can(actor, "agreements.view_review", agreement),
            "open_review": open_review,
            "review_due": review_due_on(
                agreement.starts_on,
                clock.local(last_review.completed_at).date() if last_review else None,
                agreement.review_interval_months,
                today,
            ),
            "today": today,
        },
    )


@login_required
def lot_detail(request, reference: str, number: int):
    actor = request.actor
    lot = selectors.lot_for_actor(actor, reference, number)
    agreement = lot.agreement
    rows = selectors.lot_suppliers_for_actor(actor, lot)
    rules = lot.current_rules
    sections: dict[str, list] = {}
    for question in rules.question_list() if rules else []:
        key = question.section or ("Declarations" if question.is_declaration else "Questions")
        sections.setdefault(key, []).append(question)
    units = dict(PriceUnit.choices)
    supplier = acting_supplier(actor)
    today = clock.today()
    return render(
        request,
        "web/agreements/lot.jinja",
        {
            "agreement": agreement,
            "lot": lot,
            "rules": rules,
            "invitable": [row for row in rows if row.invitable],
            "rows": rows,
            "sections": sections,
            "price_units": [units.get(u, u) for u in (rules.price_units if rules else [])],
            "thresholds": [
                (THRESHOLD_LABELS[Threshold(k)], v)
                for k, v in (rules.threshold_amounts() if rules else {}).items()
            ],
            "call_off_reason": call_off_refusal(agreement.facts(lot_count=1), today),
            "application_reason": application_refusal(agreement.facts(lot_count=1), lot.facts(), today),
            "can_apply": supplier is not None and can(actor, "agreements.apply", supplier),
            "manages": can(actor, "agreements.manage_agreement", agreement),
            "sees_grounds": can(actor, "agreements.view_review", agreement),
        }
        | _buy_context(actor, lot),
    )


def _buy_context(actor, lot) -> dict:
    """Buy from this lot: the routes it offers today (and why not the others), and what the
    buyer the person acts for may start: a further competition, or a direct award from one of
    its locked shortlists on the lot (or from a shortlist of the lot's catalogue)."""
    routes = selectors.lot_routes_for_actor(actor, lot)
    buyer = acting_organisation(actor, sector=Sector.BUYER)
    direct = routes.option(Procedure.DIRECT_AWARD)
    awards = buyer is not None and can(actor, "competitions.direct_award", buyer)
    return {
        "routes": routes,
        "buyer": buyer,
        "can_compete": buyer is not None and can(actor, "competitions.create", buyer),
        "can_award": awards,
        "lot_shortlists": locked_shortlists_for_lot(actor, buyer, lot) if awards and direct.allowed else [],
    }

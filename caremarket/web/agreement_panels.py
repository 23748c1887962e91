"""The home page panels for commercial agreements: a supplier's applications and lots, the
applications waiting for an agreement manager, and the agreements buyers can use."""

from caremarket.agreements import selectors
from caremarket.core import clock
from caremarket.core.permissions import can
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.admission import SupplierStatus
from caremarket.rules.agreements import AgreementStatus, review_due_on
from caremarket.rules.roles import Role, Sector
from caremarket.web.home import Panel, home_panel


@home_panel
def supplier_panel(actor) -> list[Panel]:
    org = acting_organisation(actor, sector=Sector.SUPPLIER)
    if org is None or not can(actor, "agreements.view_compliance", org):
        return []
    rows = selectors.supplier_overview_for_actor(actor, org)
    places = [p for row in rows for p in row.places]
    return [
        Panel(
            "Your applications and lots",
            "web/agreements/panels/supplier.jinja",
            {
                "org": org,
                "pending": sum(len(row.pending) for row in rows),
                "admitted": sum(1 for p in places if p.status == SupplierStatus.ADMITTED),
                "suspended": [p for p in places if p.status == SupplierStatus.SUSPENDED],
                "non_compliant": [row for row in rows if row.gaps and row.places],
            },
        )
    ]


@home_panel
def manager_panel(actor) -> list[Panel]:
    if not selectors.managed_org_ids(actor):
        return []
    waiting = list(selectors.applications_to_assess(actor)[:50])
    managed = selectors.managed_agreements_for_actor(actor)
    today = clock.today()
    due = []
    for agreement in managed:
        if agreement.status(today) in (AgreementStatus.DRAFT, AgreementStatus.EXPIRED):
            continue
        reviews = selectors.reviews_of(agreement)
        if any(r.is_open for r in reviews):
            continue
        completed = [r.completed_at for r in reviews if r.completed_at]
        last = clock.local(max(completed)).date() if completed else None
        on = review_due_on(agreement.starts_on, last, agreement.review_interval_months, today)
        if on <= today:
            due.append((agreement, on))
    return [
        Panel(
            "Applications to assess",
            "web/agreements/panels/manager.jinja",
            {"waiting": waiting[:5], "count": len(waiting), "due": due[:5], "agreements": len(managed)},
        )
    ]


@home_panel
def buyer_panel(actor) -> list[Panel]:
    org = acting_organisation(actor, sector=Sector.BUYER)
    if org is None or Role.AGREEMENT_MANAGER in actor.roles_in(org.pk):
        return []
    agreements = selectors.agreements_for_actor(actor)
    live = [a for a in agreements if a.status() in (AgreementStatus.LIVE, AgreementStatus.CLOSED)]
    return [
        Panel(
            "Commercial agreements",
            "web/agreements/panels/buyer.jinja",
            {"live": live[:6], "count": len(live)},
        )
    ]

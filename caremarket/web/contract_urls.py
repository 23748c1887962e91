"""The contract pages: the register, orders, fees, delivery, GP IT and handovers (part of the
`web` namespace)."""

from django.urls import path

from caremarket.web.views.contracts import (
    continuity,
    contracts,
    delivery,
    fees,
    gpit,
    orders,
    performance,
    proposals,
)

urlpatterns = [
    path("contracts", contracts.register, name="contracts"),
    path("contracts/new", contracts.record, name="contract-new"),
    path("contracts/register.<str:extension>", contracts.register_download, name="contracts-download"),
    path("contracts/handovers", continuity.handovers, name="handovers"),
    path("contracts/handovers/<int:handover_id>", continuity.handover, name="handover"),
    path("contracts/proposals", proposals.proposal_list, name="proposals"),
    path("contracts/proposals/<int:proposal_id>", proposals.proposal, name="proposal"),
    path("contracts/<str:reference>", contracts.detail, name="contract"),
    path("contracts/<str:reference>/actions", contracts.act, name="contract-act"),
    path("contracts/<str:reference>/extend", contracts.extend, name="contract-extend"),
    path("contracts/<str:reference>/summary", contracts.summary, name="contract-summary"),
    path("contracts/<str:reference>/summary.pdf", contracts.summary_download, name="contract-summary-pdf"),
    path("contracts/<str:reference>/backstop", continuity.contract_backstop, name="contract-backstop"),
    path("contracts/<str:reference>/order", orders.order_from_contract, name="contract-order"),
    path("contracts/<str:reference>/performance", performance.performance, name="contract-performance"),
    path(
        "contracts/<str:reference>/performance.pdf",
        performance.scorecard_download,
        name="contract-scorecard-pdf",
    ),
    path("contracts/<str:reference>/kpis", performance.kpis, name="contract-kpis"),
    path("orders", orders.order_list, name="orders"),
    path("orders/clubs", orders.club_catalogues, name="club-catalogues"),
    path("orders/club/<int:club_id>", orders.order_from_club, name="club-order"),
    path("orders/<str:reference>", orders.order_detail, name="order"),
    path("orders/<str:reference>/sites/<int:delivery_id>", orders.advance_site, name="order-site"),
    path("delivery", delivery.progress, name="delivery"),
    path("fees", fees.fees, name="fees"),
    path("fees/returns/<int:return_id>", fees.fee_return, name="fee-return"),
    path("fees/<str:reference>/flags", fees.raise_flags, name="fee-flags"),
    path("gp-it", gpit.gpit, name="gpit"),
    path("gp-it/requests/<int:request_id>", gpit.decide, name="gpit-decide"),
    path("gp-it/allocations/<int:allocation_id>", gpit.allocation, name="gpit-allocation"),
    path(
        "gp-it/allocations/<int:allocation_id>/order/<int:lot_number>/<str:supplier_code>",
        gpit.allocation_order,
        name="gpit-allocation-order",
    ),
]

"""Contracts and NHS SLAs, call-off orders, management fees, performance, continuity of
supply, delivery and migration, and GP IT allocations."""

from caremarket.contracts.models.continuity import Backstop, BackstopSupplier, Handover, HandoverItem
from caremarket.contracts.models.contracts import (
    Contract,
    ContractExtension,
    ContractKpi,
    ExtensionException,
    Subcontract,
    Variation,
)
from caremarket.contracts.models.fees import FeeFlag, FeeInvoice, FeeReturn, ReturnLine
from caremarket.contracts.models.gpit import Allocation, FoundationChoice, GpitSolution, OwnSystemRequest
from caremarket.contracts.models.orders import Order, OrderLine, OrderRevision, SiteDelivery
from caremarket.contracts.models.performance import (
    Feedback,
    ImprovementPlan,
    KpiReturn,
    PlanUpdate,
    SelfAssessment,
    SuspensionProposal,
)

__all__ = [
    "Allocation",
    "Backstop",
    "BackstopSupplier",
    "Contract",
    "ContractExtension",
    "ContractKpi",
    "ExtensionException",
    "FeeFlag",
    "FeeInvoice",
    "FeeReturn",
    "Feedback",
    "FoundationChoice",
    "GpitSolution",
    "Handover",
    "HandoverItem",
    "ImprovementPlan",
    "KpiReturn",
    "Order",
    "OrderLine",
    "OrderRevision",
    "OwnSystemRequest",
    "PlanUpdate",
    "ReturnLine",
    "SelfAssessment",
    "SiteDelivery",
    "Subcontract",
    "SuspensionProposal",
    "Variation",
]

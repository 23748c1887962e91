"""Every change to contracts, orders, fees, performance, continuity, delivery and GP IT.

One module per noun; each function checks permission, applies the rules in `rules/`, writes
and records its audit event in the same transaction.
"""

from caremarket.contracts.reconciliation import reconcile_return
from caremarket.contracts.services.awards import contract_create_from_award
from caremarket.contracts.services.continuity import (
    backstop_create,
    backstop_rank,
    backstop_trigger,
    handover_item_complete,
    lot_backstop_create,
)
from caremarket.contracts.services.contract_alerts import contracts_send_expiry_alerts
from caremarket.contracts.services.contract_terms import contract_vary, kpi_add, subcontract_add
from caremarket.contracts.services.contracts import (
    contract_exception_decide,
    contract_exception_request,
    contract_extend,
    contract_record,
    contract_sign,
    contract_terminate,
)
from caremarket.contracts.services.fees import (
    fee_flags_raise,
    fee_invoice_issue,
    fee_invoice_record_payment,
    fee_return_submit,
)
from caremarket.contracts.services.gpit import (
    allocation_set,
    foundation_choose,
    own_system_decide,
    own_system_request,
    solution_record,
)
from caremarket.contracts.services.kpis import kpi_define, kpi_reminders_send
from caremarket.contracts.services.orders import LineIn, order_amend, order_place, site_delivery_advance
from caremarket.contracts.services.performance import (
    feedback_give,
    improvement_plan_complete,
    improvement_plan_open,
    kpi_return_submit,
    plan_progress_record,
    proposal_decide,
    self_assessment_submit,
)

__all__ = [
    "LineIn",
    "allocation_set",
    "backstop_create",
    "backstop_rank",
    "backstop_trigger",
    "contract_create_from_award",
    "contract_exception_decide",
    "contract_exception_request",
    "contract_extend",
    "contract_record",
    "contract_sign",
    "contract_terminate",
    "contract_vary",
    "contracts_send_expiry_alerts",
    "fee_flags_raise",
    "fee_invoice_issue",
    "fee_invoice_record_payment",
    "fee_return_submit",
    "feedback_give",
    "foundation_choose",
    "handover_item_complete",
    "improvement_plan_complete",
    "improvement_plan_open",
    "kpi_add",
    "kpi_define",
    "kpi_reminders_send",
    "kpi_return_submit",
    "lot_backstop_create",
    "order_amend",
    "order_place",
    "own_system_decide",
    "own_system_request",
    "plan_progress_record",
    "proposal_decide",
    "reconcile_return",
    "self_assessment_submit",
    "site_delivery_advance",
    "solution_record",
    "subcontract_add",
]

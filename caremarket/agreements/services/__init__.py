"""Every change to agreements, lots, applications, evidence, standing and reviews.

One module per noun; each function checks permission, applies the rules in `rules/`, writes
and records its audit event in the same transaction.
"""

from caremarket.agreements.services.agreements import (
    agreement_create,
    agreement_transition,
    agreement_update,
    lot_add,
    lot_rules_update,
)
from caremarket.agreements.services.applications import (
    application_admit,
    application_assess,
    application_reject,
    application_submit,
    application_withdraw,
    certification_renew,
)
from caremarket.agreements.services.definitions import agreement_import
from caremarket.agreements.services.evidence import evidence_upload
from caremarket.agreements.services.reviews import (
    FeeFlagIn,
    review_complete,
    review_entry_record,
    review_fee_flags_record,
    review_open,
    review_supplier_remove,
)
from caremarket.agreements.services.standing import (
    ensure_call_off_allowed,
    ensure_supplier_can_trade,
    lot_supplier_admit,
    lot_supplier_record,
    lot_supplier_reinstate,
    lot_supplier_remove,
    lot_supplier_suspend,
)

__all__ = [
    "FeeFlagIn",
    "agreement_create",
    "agreement_import",
    "agreement_transition",
    "agreement_update",
    "application_admit",
    "application_assess",
    "application_reject",
    "application_submit",
    "application_withdraw",
    "certification_renew",
    "ensure_call_off_allowed",
    "ensure_supplier_can_trade",
    "evidence_upload",
    "lot_add",
    "lot_rules_update",
    "lot_supplier_admit",
    "lot_supplier_record",
    "lot_supplier_reinstate",
    "lot_supplier_remove",
    "lot_supplier_suspend",
    "review_complete",
    "review_entry_record",
    "review_fee_flags_record",
    "review_open",
    "review_supplier_remove",
]

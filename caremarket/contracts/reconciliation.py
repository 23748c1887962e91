"""Reconciling a management fee return against the supplier's orders: a read, set-based, so a
million order lines take seconds. `fee_invoice_issue` runs it inside its own transaction;
`bench/orders_reconcile.py` times it alone."""

import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from caremarket.contracts.models import FeeReturn
from caremarket.rules import fees as rules

DISCREPANCIES_KEPT = 50


def _reconcile_sql(vendor: str) -> str:
    """One statement: the month's orders and the return, each summed per order once, joined,
    and every total and the first differing orders taken from that one join. Money is summed as
    exact numeric on PostgreSQL and as whole pence on SQLite (which has no exact decimal)."""
    if vendor == "postgresql":
        line, declared = "SUM(l.value) * 100", "SUM(value) * 100"
        differing = (
            "(SELECT COALESCE(json_agg(json_build_array(order_id, ordered, declared)), '[]'::json) FROM "
            f"(SELECT order_id, ordered, declared FROM joined WHERE declared IS NULL OR declared <> ordered "
            f"ORDER BY order_id LIMIT {DISCREPANCIES_KEPT}) d)"
        )
    else:
        line, declared = (
            "SUM(CAST(ROUND(l.value * 100) AS INTEGER))",
            "SUM(CAST(ROUND(value * 100) AS INTEGER))",
        )
        differing = (
            "(SELECT COALESCE(json_group_array(json_array(order_id, ordered, declared)), '[]') FROM "
            f"(SELECT order_id, ordered, declared FROM joined WHERE declared IS NULL OR declared <> ordered "
            f"ORDER BY order_id LIMIT {DISCREPANCIES_KEPT}))"
        )
    return f"""
WITH ordered AS (
    SELECT o.id AS order_id, {line} AS pence
    FROM contracts_order o
    JOIN contracts_orderline l ON l.order_id = o.id AND l.revision = o.revision
    WHERE o.supplier_id = %(supplier)s AND o.agreement_id = %(agreement)s
      AND o.placed_on >= %(start)s AND o.placed_on <= %(end)s
    GROUP BY o.id
),
declared AS (
    SELECT order_number, {declared} AS pence
    FROM contracts_returnline
    WHERE fee_return_id = %(fee_return)s
    GROUP BY order_number
),
joined AS (
    SELECT o.order_id, o.pence AS ordered, d.pence AS declared
    FROM ordered o LEFT JOIN declared d ON d.order_number = o.order_id
)
SELECT
    (SELECT COALESCE(SUM(pence), 0) FROM ordered),
    (SELECT COALESCE(SUM(pence), 0) FROM declared),
    (SELECT COALESCE(SUM(CASE WHEN declared IS NULL THEN ordered
                              WHEN declared < ordered THEN ordered - declared ELSE 0 END), 0) FROM joined),
    (SELECT COALESCE(SUM(CASE WHEN declared > ordered THEN declared - ordered ELSE 0 END), 0) FROM joined),
    (SELECT COALESCE(SUM(d.pence), 0) FROM declared d
        WHERE d.order_number IS NULL
           OR NOT EXISTS (SELECT 1 FROM ordered o WHERE o.order_id = d.order_number)),
    (SELECT COUNT(*) FROM joined WHERE declared = ordered),
    (SELECT COUNT(*) FROM joined WHERE declared IS NOT NULL AND declared <> ordered),
    (SELECT COUNT(*) FROM joined WHERE declared IS NULL),
    {differing}
"""


def _pounds(pence) -> Decimal:
    return (Decimal(str(pence)) / 100).quantize(Decimal("0.01"))


@dataclass
class ReconciliationResult:
    totals: rules.Reconciliation
    discrepancies: list[dict]


def reconcile_return(fee_return: FeeReturn) -> ReconciliationResult:
    """Reconcile a return against the supplier's orders on the agreement placed in its month,
    in the database: one aggregate query, whatever the number of order lines."""
    params = {
        "supplier": fee_return.supplier_id,
        "agreement": fee_return.agreement_id,
        "start": fee_return.period,
        "end": rules.month_end(fee_return.period),
        "fee_return": fee_return.pk,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Room to hash a month's orders in memory rather than spill them to disk.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(_reconcile_sql(connection.vendor), params)
        row = cursor.fetchone()
    differing = json.loads(row[8]) if isinstance(row[8], str) else row[8]
    totals = rules.Reconciliation(
        ordered_total=_pounds(row[0]),
        declared_total=_pounds(row[1]),
        under_declared=_pounds(row[2]),
        over_declared=_pounds(row[3]),
        off_platform=_pounds(row[4]),
        matched_orders=int(row[5]),
        mismatched_orders=int(row[6]),
        missing_orders=int(row[7]),
    )
    from caremarket.rules.contracts import order_reference

    discrepancies = [
        {
            "order": order_reference(order_id),
            "ordered": str(_pounds(ordered)),
            "declared": None if declared is None else str(_pounds(declared)),
        }
        for order_id, ordered, declared in differing
    ]
    return ReconciliationResult(totals, discrepancies)

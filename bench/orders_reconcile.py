"""The reconciliation half of the `orders` benchmark, run inside Django on the benchmark's
PostgreSQL database: 200,000 orders of 5 lines (1,000,000 lines) for one supplier in one month,
a return declaring most of them (1% short, 0.5% left out, 1,000 off-platform sales), then
`reconcile_return` timed. Prints one JSON line."""

import json
import os
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402

from caremarket.agreements.models import Agreement  # noqa: E402
from caremarket.contracts.models import FeeReturn  # noqa: E402
from caremarket.contracts.reconciliation import reconcile_return  # noqa: E402
from caremarket.core import clock  # noqa: E402
from caremarket.core.actor import Actor  # noqa: E402
from caremarket.orgs import services as org_services  # noqa: E402
from caremarket.orgs.models import Organisation  # noqa: E402
from caremarket.rules.fees import month_end, month_start  # noqa: E402

ORDERS = 200_000
LINES_PER_ORDER = 5
RUNS = 5


def build() -> FeeReturn:
    system = Actor.system("bench")
    supplier = org_services.organisation_create(
        actor=system, code="SBENCH", name="Benchmark Networks Ltd", sector="supplier", org_type="private"
    )
    agreement = Agreement.objects.get(reference="RM3825")
    buyer = Organisation.objects.get(code="QJG")
    period = month_start(month_start(clock.today()) - timedelta(days=1))
    params = {
        "buyer": buyer.pk,
        "supplier": supplier.pk,
        "agreement": agreement.pk,
        "period": period,
        "days": (month_end(period) - period).days + 1,
        "orders": ORDERS,
        "lines": LINES_PER_ORDER,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO contracts_order (buyer_id, supplier_id, source, agreement_id, procedure, title,
                revision, value, fee_rate, fee, placed_on, placed_at)
            SELECT %(buyer)s, %(supplier)s, 'lot', %(agreement)s, 'further_competition', 'Benchmark order', 1,
                0, 0.0100, 0, %(period)s::date + (g %% %(days)s), now()
            FROM generate_series(1, %(orders)s) g
            """,
            params,
        )
        cursor.execute(
            """
            INSERT INTO contracts_orderline (order_id, revision, position, item, label, ref, unit,
                unit_price, quantity, value, price_source)
            SELECT o.id, 1, p, 'HSCN connection', 'HSCN connection', '', 'per_connection',
                100 + (o.id %% 50), 1 + (p %% 3), (100 + (o.id %% 50)) * (1 + (p %% 3)), '{}'::jsonb
            FROM contracts_order o CROSS JOIN generate_series(1, %(lines)s) p
            WHERE o.supplier_id = %(supplier)s
            """,
            params,
        )
        cursor.execute(
            """
            UPDATE contracts_order o SET value = t.total, fee = round(t.total * 0.01, 2)
            FROM (SELECT order_id, SUM(value) AS total FROM contracts_orderline GROUP BY order_id) t
            WHERE o.id = t.order_id AND o.supplier_id = %(supplier)s
            """,
            params,
        )
    fee_return = FeeReturn.objects.create(supplier=supplier, agreement=agreement, period=period)
    with connection.cursor() as cursor:
        # Declared per order: 1% short by £10, 0.5% left out; plus 1,000 sales against no order.
        cursor.execute(
            """
            INSERT INTO contracts_returnline (fee_return_id, row, order_reference, order_number,
                customer_code, invoice_date, description, value)
            SELECT %(fee_return)s, row_number() OVER (ORDER BY o.id) + 1,
                'C' || lpad(o.id::text, 6, '0'), o.id,
                'QJG', o.placed_on, '', CASE WHEN o.id %% 100 = 0 THEN o.value - 10 ELSE o.value END
            FROM contracts_order o
            WHERE o.supplier_id = %(supplier)s AND o.id %% 200 <> 1
            """,
            {**params, "fee_return": fee_return.pk},
        )
        cursor.execute(
            """
            INSERT INTO contracts_returnline (fee_return_id, row, order_reference, order_number,
                customer_code, invoice_date, description, value)
            SELECT %(fee_return)s, 1000000 + g, '', NULL, 'RGR', %(period)s, 'Off-platform', 50
            FROM generate_series(1, 1000) g
            """,
            {**params, "fee_return": fee_return.pk},
        )
        cursor.execute("ANALYZE contracts_order")
        cursor.execute("ANALYZE contracts_orderline")
        cursor.execute("ANALYZE contracts_returnline")
    return fee_return


def main() -> None:
    started = time.perf_counter()
    fee_return = build()
    built = time.perf_counter() - started
    timings = []
    result = None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = reconcile_return(fee_return)
        timings.append(time.perf_counter() - start)
    totals = result.totals
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM contracts_orderline l JOIN contracts_order o ON o.id = l.order_id "
            "WHERE o.supplier_id = %s",
            [fee_return.supplier_id],
        )
        lines = cursor.fetchone()[0]
    print(
        json.dumps(
            {
                "reconcile_seconds": round(sorted(timings)[len(timings) // 2], 3),
                "reconcile_best_seconds": round(min(timings), 3),
                "reconcile_lines": lines,
                "reconcile_orders": ORDERS,
                "reconcile_build_seconds": round(built, 1),
                "reconcile_matched": totals.matched_orders,
                "reconcile_mismatched": totals.mismatched_orders,
                "reconcile_missing": totals.missing_orders,
                "reconcile_fee_base_pence": int(totals.fee_base * 100),
            }
        )
    )


if __name__ == "__main__":
    main()

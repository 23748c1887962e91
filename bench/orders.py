"""orders: placing call-off orders over HTTP against PostgreSQL with 4 gunicorn workers, every
order taking the contract's row lock to stay within its value ceiling; then the management
fee reconciliation of 1,000,000 order lines (200,000 orders of 5 lines) against a supplier's
monthly return, done in the database as set-based SQL.

PostgreSQL is reached at $BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432); the
benchmark makes its own database and drops it afterwards.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg

from bench.server import REPO, Server, gunicorn_server, wrk

BASE = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")

SETUP_SCRIPT = """
from caremarket.agreements.factories import SYSTEM, admitted_supplier, make_agreement
from caremarket.contracts import services
from caremarket.core import clock
from caremarket.orgs.factories import make_organisation, make_person
from caremarket.orgs.selectors import build_actor
from caremarket.orgs.services import api_token_create
agreement = make_agreement(reference="RM3825", kind="dps", lots=1)
place = admitted_supplier(agreement, 1, code="S1001", name="Northway Networks Ltd")
buyer = make_organisation("buyer", code="QJG", name="NHS Suffolk and North East Essex ICB")
person = make_person(email="buyer@caremarket.example", roles=[(buyer, "buyer")])
# CT-BENCH for the one-contract load, CT-BENCH-1 to CT-BENCH-100 for the spread one.
for reference in ["CT-BENCH", *(f"CT-BENCH-{n}" for n in range(1, CONTRACTS + 1))]:
    contract = services.contract_record(
        actor=SYSTEM, buyer=buyer, supplier=place.supplier, origin="existing", lot=place.lot,
        reference=reference, title="Benchmark connectivity", value="1000000000", starts_on=clock.today(),
        term="3+1+1", price_list=[{"item": "HSCN connection 100 Mbit/s", "unit": "", "unit_price": "289.00"}],
    )
    services.contract_sign(actor=SYSTEM, contract=contract)
print(api_token_create(actor=build_actor(person), name="benchmark")[1], "CT-BENCH")
"""
CONTRACTS = 100


def _admin(sql: str) -> None:
    with psycopg.connect(f"{BASE}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def run(console) -> dict:
    name = f"caremarket_bench_orders_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = f"{BASE}/{name}"
    var = Path(tempfile.mkdtemp(prefix="caremarket-bench-orders-"))
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "CAREMARKET_VAR_DIR": str(var),
            "DATABASE_URL": url,
            "CAREMARKET_LOG_LEVEL": "ERROR",
            # As a deployment at scale runs: one sealer beside the web workers (ADR 0016).
            "CAREMARKET_AUDIT_SEAL_ON_COMMIT": "0",
        }
        setup = Server("", env)
        setup.manage("migrate", "--noinput", "-v0")
        script = f"CONTRACTS = {CONTRACTS}\n{SETUP_SCRIPT}"
        token, reference = setup.manage("shell", "-c", script, capture=True).split()[-2:]
        sealer = subprocess.Popen(
            [sys.executable, "-m", "caremarket.cli", "audit", "seal", "--every", "0.5", "--for", "60"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
        )
        with gunicorn_server(env, workers=4) as server:
            body = json.dumps(
                {"contract": reference, "lines": [{"item": "HSCN connection 100 Mbit/s", "quantity": 1}]}
            )
            endpoint = server.base_url + "/api/v1/orders"
            wrk(endpoint, token=token, body=body, seconds=3)  # warm every worker
            load = wrk(endpoint, token=token, body=body, seconds=15)
            count = server.manage(
                "shell",
                "-c",
                "from caremarket.contracts.models import Order; "
                f"print(Order.objects.filter(contract__reference='{reference}').count())",
                capture=True,
            ).split()[-1]
            console.print(f"{load.rps:,.0f} orders/s, p95 {load.p95_ms:.1f} ms, {count} orders placed")
            spread_body = body.replace(reference, reference + "-{n}")
            wide = wrk(endpoint, token=token, body=spread_body, seconds=15, spread=CONTRACTS)
            used = server.manage(
                "shell",
                "-c",
                "from caremarket.contracts.models import Order; "
                f"print(Order.objects.filter(contract__reference__startswith='{reference}-')"
                ".values('contract').distinct().count())",
                capture=True,
            ).split()[-1]
            console.print(
                f"across {CONTRACTS} contracts ({used} used): {wide.rps:,.0f} orders/s, "
                f"p95 {wide.p95_ms:.1f} ms"
            )
            reconcile = subprocess.run(
                [sys.executable, "-m", "bench.orders_reconcile"],
                env=server.env,
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        figures = json.loads(reconcile.strip().splitlines()[-1])
        console.print(
            f"reconciled {figures['reconcile_lines']:,} order lines in {figures['reconcile_seconds']} s"
        )
        sealer.terminate()
        sealer.wait(timeout=30)
        verified = setup.manage("audit", "verify", capture=True)
        console.print(verified.strip())
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(var, ignore_errors=True)
    if load.errors:
        console.print(f"[yellow]{load.errors} errors under load (reported in the figures)[/yellow]")
    return {
        "rps": round(load.rps, 1),
        "p50_ms": round(load.p50_ms, 2),
        "p95_ms": round(load.p95_ms, 2),
        "requests": load.requests,
        "errors": load.errors,
        "orders_placed": int(count),
        "rps_across_100_contracts": round(wide.rps, 1),
        "p95_ms_across_100_contracts": round(wide.p95_ms, 2),
        "errors_across_100_contracts": wide.errors,
        "contracts_ordered_against": int(used),
        "audit_verify_ok": "intact" in verified,
        "sealing": "one sealer every 0.5 s",
        "workers": 4,
        **figures,
    }

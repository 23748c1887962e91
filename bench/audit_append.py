"""audit_append: audit events per second with 8 concurrent writers on PostgreSQL, for the log of
ADR 0016 (events appended with no shared lock, sealed in batches after commit) and, in the same
run and on the same database, for the single-lock design it replaced (every writer holds one
global lock from its audit event until its transaction commits). Then `audit verify` must pass.

The batched design is measured twice: sealing after each commit (the default, as `make demo`
runs), and with the web processes leaving it to one `caremarket audit seal --every 0.5` process
beside them (CAREMARKET_AUDIT_SEAL_ON_COMMIT=0), as a production deployment runs.

Each writer is its own process with its own connection. A transaction writes one event and then
does 2 ms of further work before committing (`pg_sleep`), as a service's transaction does its
other statements after recording its event: that is what the single lock serialises.

PostgreSQL is reached at $BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432); the
benchmark makes its own database and drops it afterwards."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg

from bench.server import REPO, Server

BASE = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
WRITERS = 8
SECONDS = 10
WORK_MS = 2
SEAL_EVERY = 0.5

VERIFY_SCRIPT = """
import json
from caremarket.audit.models import AuditEvent
from caremarket.audit.verify import verify_now
report = verify_now()
unsealed = AuditEvent.objects.filter(batch__isnull=True).exclude(nonce="").count()
print(json.dumps({"ok": report.ok, "checked": report.checked, "reason": report.reason, "unsealed": unsealed}))
"""


def _admin(sql: str) -> None:
    with psycopg.connect(f"{BASE}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _run_design(env: dict, design: str, sealer: bool = False) -> dict:
    """`sealer`: the web processes do not seal after commit; one `caremarket audit seal` process
    beside them seals every SEAL_EVERY seconds, as in production."""
    cmd = [sys.executable, "-m", "bench.audit_append_writer", design, str(SECONDS), str(WORK_MS)]
    env = {**env, "CAREMARKET_AUDIT_SEAL_ON_COMMIT": "0" if sealer else "1"}
    seal = [sys.executable, "-m", "caremarket.cli", "audit", "seal", "--every", str(SEAL_EVERY)]
    sealing = (
        subprocess.Popen([*seal, "--for", str(SECONDS + 1)], env=env, cwd=REPO, stdout=subprocess.DEVNULL)
        if sealer
        else None
    )
    writers = [
        subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, text=True) for _ in range(WRITERS)
    ]
    outputs = [json.loads(w.communicate()[0].strip().splitlines()[-1]) for w in writers]
    if sealing is not None:
        sealing.wait()
    events = sum(o["events"] for o in outputs)
    seconds = max(o["seconds"] for o in outputs)
    return {
        "events": events,
        "events_per_s": round(events / seconds, 1),
        "errors": sum(o["errors"] for o in outputs),
    }


def run(console) -> dict:
    name = f"caremarket_bench_audit_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    var = Path(tempfile.mkdtemp(prefix="caremarket-bench-audit-"))
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "CAREMARKET_VAR_DIR": str(var),
            "DATABASE_URL": f"{BASE}/{name}",
            "CAREMARKET_LOG_LEVEL": "ERROR",
        }
        setup = Server("", env)
        setup.manage("migrate", "--noinput", "-v0")
        lock = _run_design(env, "single_lock")
        console.print(f"single lock: {lock['events_per_s']:,.0f} events/s")
        on_commit = _run_design(env, "batched")
        console.print(f"batched, sealed after each commit: {on_commit['events_per_s']:,.0f} events/s")
        batched = _run_design(env, "batched", sealer=True)
        console.print(f"batched, with a sealer every {SEAL_EVERY} s: {batched['events_per_s']:,.0f} events/s")
        verified = json.loads(
            setup.manage("shell", "-c", VERIFY_SCRIPT, capture=True).strip().splitlines()[-1]
        )
        console.print(f"audit verify: {verified}")
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(var, ignore_errors=True)
    return {
        "database": "postgresql",
        "writers": WRITERS,
        "seconds_each": SECONDS,
        "work_ms_per_transaction": WORK_MS,
        "batched_events_per_s": batched["events_per_s"],
        "batched_seal_every_s": SEAL_EVERY,
        "batched_sealed_on_commit_events_per_s": on_commit["events_per_s"],
        "single_lock_events_per_s": lock["events_per_s"],
        "ratio": round(batched["events_per_s"] / lock["events_per_s"], 2),
        "ratio_sealed_on_commit": round(on_commit["events_per_s"] / lock["events_per_s"], 2),
        "errors": batched["errors"] + on_commit["errors"] + lock["errors"],
        "verify_ok": verified["ok"],
        "events_checked": verified["checked"],
        "unsealed_after_verify": verified["unsealed"],
    }

"""catalogue_search: 100,000 services from 5,000 suppliers made by `caremarket generate` in a fresh
SQLite database; a text query with three filters and facet counts, timed in process over many
varied queries (p50, p95); the same queries done the plain way, a LIKE scan of the text columns
and plain SQL for the filters, facets and page (bench.catalogue_like), in the same run, each
checked to give the very same page, total and facet counts as ours (naive_ratio); the same kind
of query when its words are not yet held in memory (new_words_p50_ms); and the search API over
HTTP with 2 gunicorn workers (http_rps)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.server import REPO, gunicorn_server, wrk

SERVICES, SUPPLIERS = 100_000, 5_000
QUERIES, NAIVE_QUERIES = 500, 40
HTTP_QUERY = "/api/v1/catalogue/search?q=ethernet&region=east&category=hscn_connectivity&sme=true"

TOKEN_SCRIPT = """
from caremarket.core.actor import Actor
from caremarket.orgs import services
from caremarket.orgs.selectors import build_actor
system = Actor.system("bench")
org = services.organisation_create(
    actor=system, code="BENCHB", name="Bench ICB", sector="buyer", org_type="icb"
)
person = services.person_register(actor=system, email="bench@caremarket.example", full_name="Bench Buyer")
services.membership_grant(actor=system, organisation=org, email=person.email, role="buyer", invite=False)
print(services.api_token_create(actor=build_actor(person), name="benchmark")[1])
"""


def run(console) -> dict:
    var = Path(tempfile.mkdtemp(prefix="caremarket-catalogue-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CAREMARKET_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'catalogue.sqlite3'}",
        "CAREMARKET_LOG_LEVEL": "ERROR",
    }
    cli = [sys.executable, "-m", "caremarket.cli"]
    try:
        subprocess.run([*cli, "migrate", "--noinput", "-v0"], env=env, cwd=REPO, check=True)
        started = time.perf_counter()
        subprocess.run(
            [*cli, "generate", "--services", str(SERVICES), "--suppliers", str(SUPPLIERS)],
            env=env,
            cwd=REPO,
            check=True,
        )
        generate_seconds = time.perf_counter() - started
        probe = subprocess.run(
            [sys.executable, "-m", "bench.catalogue_probe", str(QUERIES), str(NAIVE_QUERIES)],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(probe.stdout.strip().splitlines()[-1])
        console.print(f"in process: {figures}")
        token = (
            subprocess.run(
                [*cli, "shell", "-c", TOKEN_SCRIPT],
                env=env,
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        with gunicorn_server(env, workers=2) as server:
            url = server.base_url + HTTP_QUERY
            wrk(url, seconds=3, token=token)  # warm both workers
            load = wrk(url, seconds=15, token=token)
    finally:
        shutil.rmtree(var, ignore_errors=True)
    console.print(
        f"in process p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms; "
        f"LIKE scan {figures['naive_ratio']}x slower; HTTP {load.rps:,.0f} req/s, {load.errors} errors"
    )
    return {
        **figures,
        "services": SERVICES,
        "suppliers": SUPPLIERS,
        "generate_seconds": round(generate_seconds, 1),
        "http_rps": round(load.rps, 1),
        "http_p50_ms": round(load.p50_ms, 2),
        "http_p95_ms": round(load.p95_ms, 2),
        "http_requests": load.requests,
        # Reported, not fatal: a loaded machine's timeouts are a figure to see, not a lost run.
        "http_errors": load.errors,
    }

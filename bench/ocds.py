"""ocds: 200,000 OCDS releases in 40,000 procurement processes made by `caremarket generate
releases` in a fresh SQLite database, then (bench.ocds_probe):

- `compile_seconds`: Caremarket's full recompile of every record from its stored releases (read
  from the database, compiled with the fast merge, compared with the stored record and written
  back if it differs: `compile_changed_records` did), in 2 worker processes
  (`compile_1_worker_seconds` in one; `compile_write_all_seconds` writing every record back);
- `ocdskit_seconds`: `ocdskit compile --schema <the patched release schema>` on the same
  releases, written first as release packages (not timed), run as a subprocess;
- `identical`: every compiled release equals ocdskit's; `ratio` = ocdskit_seconds / compile_seconds;
- `publish_p50_ms`, `publish_p95_ms`: publishing one notice (a UK10) into an existing process
  through the service (release, record merged, audit), 500 times;
- `http_rps` (and p50/p95): the OCDS feed, `GET /api/v1/ocds/release-packages` with a cursor
  half-way through it, over 2 gunicorn workers, with the public API's rate limit off.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.server import REPO, gunicorn_server, wrk

PROCESSES, RELEASES, SEED = 40_000, 200_000, 2017


def run(console) -> dict:
    var = Path(tempfile.mkdtemp(prefix="caremarket-ocds-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CAREMARKET_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'ocds.sqlite3'}",
        "CAREMARKET_LOG_LEVEL": "ERROR",
        "CAREMARKET_PUBLIC_API_RATE": "",
    }
    cli = [sys.executable, "-m", "caremarket.cli"]
    try:
        subprocess.run([*cli, "migrate", "--noinput", "-v0"], env=env, cwd=REPO, check=True)
        started = time.perf_counter()
        subprocess.run(
            [
                *cli,
                "generate",
                "releases",
                "--processes",
                str(PROCESSES),
                "--releases",
                str(RELEASES),
                "--seed",
                str(SEED),
            ],
            env=env,
            cwd=REPO,
            check=True,
        )
        generate_seconds = time.perf_counter() - started
        probe = subprocess.run(
            [sys.executable, "-m", "bench.ocds_probe"],
            env=env,
            cwd=REPO,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        figures = json.loads(probe.stdout.strip().splitlines()[-1])
        console.print(f"in process: {figures}")
        cursor = figures.pop("feed_cursor")
        with gunicorn_server(env, workers=2) as server:
            url = f"{server.base_url}/api/v1/ocds/release-packages?cursor={cursor}"
            wrk(url, seconds=3)  # warm both workers
            load = wrk(url, seconds=15)
    finally:
        shutil.rmtree(var, ignore_errors=True)
    console.print(
        f"recompile {figures['compile_seconds']} s, ocdskit {figures['ocdskit_seconds']} s "
        f"({figures['ratio']}x, identical: {figures['identical']}); publish p95 "
        f"{figures['publish_p95_ms']} ms; feed {load.rps:,.0f} req/s"
    )
    return {
        **figures,
        "processes": PROCESSES,
        "generate_seconds": round(generate_seconds, 1),
        "http_rps": round(load.rps, 1),
        "http_p50_ms": round(load.p50_ms, 2),
        "http_p95_ms": round(load.p95_ms, 2),
        "http_requests": load.requests,
        "http_errors": load.errors,
    }

"""bid_surge: 2,000 sealed bid submissions from 2,000 supplier accounts (each with its own API
token) in the last 60 seconds before a competition's deadline, plus 200 after it, against
PostgreSQL with 4 gunicorn workers and the real clock.

Each supplier has drafted its bid beforehand; the surge is `POST .../my-bid/submit`, sent at
random moments spread over the last minute (about 34 a second). The on-time submissions are all sent at least
2 seconds before the deadline, so each must be accepted; the late ones are sent from 0.5 to
10 seconds after it, so each must be refused.

- `lost`: on-time submissions not acknowledged (2xx), plus acknowledged ones whose receipt is
  not in the database with the same number and SHA-256, for a bid still submitted (goal 0).
- `late_accepted`: late submissions acknowledged, or receipts issued at or after the deadline
  (goal 0).
- `p95_ms`, `p50_ms`: latency of the on-time submissions, as the client saw it.

The database is `BID_SURGE_DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/
caremarket_bid_surge), dropped and made afresh. The competition is an open procedure with a
benchmark-only short bidding period (CAREMARKET_MIN_BIDDING_HOURS=0).
"""

import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
import psycopg

from bench.server import REPO, gunicorn_server

ON_TIME = 2_000
LATE = 200
WINDOW = 60.0
MARGIN = 2.0
LEAD_IN = 90.0  # from the end of setting up to the start of the window (server start, warm-up)
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/caremarket_bid_surge"

SETUP = r"""
import json, secrets, sys
from datetime import timedelta
from django.db import transaction
from caremarket.competitions import services
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.orgs.models import ApiToken, Membership, Organisation, Person, hash_token
from caremarket.rules.roles import Role, Sector

count, window, lead_in = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
system = Actor.system("bid_surge")
buyer = Organisation.objects.create(code="BSB", name="Surge Buyer ICB", sector=Sector.BUYER, org_type="icb")
suppliers = Organisation.objects.bulk_create(
    Organisation(code=f"BS{i:05d}", name=f"Surge Supplier {i}", sector=Sector.SUPPLIER, org_type="private")
    for i in range(count)
)
people = Person.objects.bulk_create(
    Person(email=f"bids{i}@surge.example", password="!")
    for i in range(count)
)
Membership.objects.bulk_create(
    Membership(person=p, organisation=o, role=Role.SUPPLIER_USER) for p, o in zip(people, suppliers)
)
tokens = []
rows = []
for p in people:
    secret = "cm_" + secrets.token_urlsafe(32)
    tokens.append(secret)
    rows.append(ApiToken(person=p, name="surge", prefix=secret[:10], token_hash=hash_token(secret)))
ApiToken.objects.bulk_create(rows)
now = clock.now()
# Drafting 2,200 bids takes a while: the deadline is set from how long that takes.
competition = services.competition_create(
    actor=system, buyer=buyer, title="Surge competition", procedure="open_procedure", lot=None,
    evaluation_template="open_procedure_70_30",
)
from caremarket.orgs.selectors import build_actor
competition.clarification_deadline = now + timedelta(hours=1)
competition.submission_deadline = now + timedelta(hours=2)
competition.save()
competition = services.competition_transition(actor=system, competition=competition, to="published")
for person, supplier in zip(people, suppliers):
    actor = build_actor(person, supplier.pk)
    services.bid_save_draft(
        actor=actor, competition=competition, supplier=supplier, price=f"{100000 + supplier.pk}.00",
        responses={"approach": "Our approach " * 20, "experience": "Our experience " * 20},
    )
deadline = clock.now() + timedelta(seconds=lead_in + window)
from caremarket.competitions.models import Competition
Competition.objects.filter(pk=competition.pk).update(
    clarification_deadline=clock.now() + timedelta(seconds=1), submission_deadline=deadline
)
print(json.dumps({"reference": competition.reference, "deadline": deadline.timestamp(), "tokens": tokens}))
"""

CHECK = r"""
import json, sys
from caremarket.competitions.models import Competition, Receipt
competition = Competition.objects.get(reference=sys.argv[1])
rows = Receipt.objects.filter(bid__competition=competition).values_list(
    "number", "content_sha256", "issued_at", "bid__status", "bid__content_sha256"
)
print(json.dumps({n: [sha, at.timestamp(), status, bid_sha] for n, sha, at, status, bid_sha in rows}))
"""


def _fresh_database(url: str) -> None:
    config = dj_database_url.parse(url)
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def _django(env: dict, script: str, *args: str) -> str:
    code = "import django; django.setup()\n" + script
    result = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=REPO, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"the setup script failed:\n{result.stderr[-3000:]}")
    return result.stdout


class Client:
    """One keep-alive HTTP connection per thread."""

    def __init__(self, base_url: str) -> None:
        self.parsed = urlparse(base_url)
        self.local = threading.local()

    def post(self, path: str, token: str, method: str = "POST") -> tuple[int, dict, float]:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection(
                self.parsed.hostname, self.parsed.port, timeout=60
            )
        started = time.perf_counter()
        try:
            conn.request(
                method, path, body=b"", headers={"Authorization": f"Bearer {token}", "Content-Length": "0"}
            )
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.local.conn = None
            return 0, {}, (time.perf_counter() - started) * 1000
        elapsed = (time.perf_counter() - started) * 1000
        try:
            data = json.loads(body)
        except ValueError:
            data = {}
        return response.status, data, elapsed


def _schedule(deadline: float, rng: random.Random) -> list[tuple[float, bool]]:
    """(send at, on time?) for every submission, spread evenly over the last minute."""
    start = deadline - WINDOW
    on_time = [start + (WINDOW - MARGIN) * rng.random() for _ in range(ON_TIME)]
    late = [deadline + 0.5 + 9.5 * rng.random() for _ in range(LATE)]
    return [(t, True) for t in on_time] + [(t, False) for t in late]


def run(console) -> dict:
    url = os.environ.get("BID_SURGE_DATABASE_URL", DEFAULT_URL)
    _fresh_database(url)
    var = Path(tempfile.mkdtemp(prefix="caremarket-bid-surge-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CAREMARKET_VAR_DIR": str(var),
        "DATABASE_URL": url,
        "CAREMARKET_LOG_LEVEL": "ERROR",
        "CAREMARKET_MIN_BIDDING_HOURS": "0",
        # Four workers warming up on a busy machine can take longer than gunicorn's default 30 s.
        "GUNICORN_CMD_ARGS": "--timeout 120",
    }
    subprocess.run(
        [sys.executable, "-m", "caremarket.cli", "migrate", "--noinput", "-v0"], env=env, cwd=REPO, check=True
    )
    console.print(f"Setting up {ON_TIME + LATE:,} suppliers with drafted bids…")
    setup = json.loads(
        _django(env, SETUP, str(ON_TIME + LATE), str(WINDOW), str(LEAD_IN)).strip().splitlines()[-1]
    )
    reference, deadline, tokens = setup["reference"], setup["deadline"], setup["tokens"]
    path = f"/api/v1/competitions/{reference}/my-bid/submit"
    rng = random.Random(2026)
    plan = _schedule(deadline, rng)
    order = list(range(len(plan)))
    results: list[tuple[bool, int, dict, float, float]] = [None] * len(plan)  # type: ignore[list-item]
    with gunicorn_server(env, workers=4) as server:
        client = Client(server.base_url)
        # Warm every worker (imports, templates, connections) before the surge.
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(
                pool.map(
                    lambda i: client.post(f"/api/v1/competitions/{reference}", tokens[i], "GET"), range(64)
                )
            )
        if time.time() > deadline - WINDOW:
            raise RuntimeError("setting up took longer than the lead-in: raise LEAD_IN")
        console.print(
            f"{reference}: deadline in {deadline - time.time():.0f} s; the surge starts in "
            f"{deadline - WINDOW - time.time():.0f} s"
        )

        def send(i: int) -> None:
            at, on_time = plan[i]
            pause = at - time.time()
            if pause > 0:
                time.sleep(pause)
            sent = time.time()
            status, data, ms = client.post(path, tokens[i])
            results[i] = (on_time, status, data, ms, sent)

        with ThreadPoolExecutor(max_workers=400) as pool:
            list(pool.map(send, sorted(order, key=lambda i: plan[i][0])))
        receipts = json.loads(_django(env, CHECK, reference).strip().splitlines()[-1])
    on_time = [r for r in results if r[0]]
    late = [r for r in results if not r[0]]
    acknowledged = [r for r in results if 200 <= r[1] < 300]
    not_accepted = sum(1 for r in on_time if not 200 <= r[1] < 300)
    missing = 0
    for _, _, data, _, _ in acknowledged:
        stored = receipts.get(data.get("number", ""))
        if (
            stored is None
            or stored[0] != data.get("content_sha256")
            or stored[2] != "submitted"
            or stored[3] != stored[0]
        ):
            missing += 1
    late_acknowledged = sum(1 for r in late if 200 <= r[1] < 300)
    late_receipts = sum(1 for sha, at, *_ in receipts.values() if at >= deadline)
    latencies = sorted(r[3] for r in on_time)
    late_ok = sum(1 for r in late if r[1] == 409 and r[2].get("code") == "bid.deadline_passed")
    last_sent = max(r[4] for r in on_time)
    figures = {
        "submissions_on_time": len(on_time),
        "submissions_late": len(late),
        "accepted": len(acknowledged),
        "lost": not_accepted + missing,
        "late_accepted": max(late_acknowledged, late_receipts),
        "late_refused_deadline_passed": late_ok,
        "receipts_in_db": len(receipts),
        "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)], 1),
        "max_ms": round(latencies[-1], 1),
        "rps_last_10s": round(sum(1 for r in on_time if r[4] >= deadline - MARGIN - 10) / 10, 1),
        "last_on_time_sent_s_before_deadline": round(deadline - last_sent, 2),
        "workers": 4,
        "database": "postgresql",
    }
    console.print(
        f"lost {figures['lost']}, late accepted {figures['late_accepted']}, p95 {figures['p95_ms']} ms"
    )
    return figures

"""Start Caremarket (with the demo world) under gunicorn for a benchmark, and load it with wrk."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

REPO = Path(__file__).resolve().parent.parent
LUA = Path(__file__).parent / "wrk_report.lua"
POST_LUA = Path(__file__).parent / "wrk_post.lua"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    base_url: str
    env: dict

    def manage(self, *args: str, capture: bool = False) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "caremarket.cli", *args],
            env=self.env,
            cwd=REPO,
            check=True,
            text=True,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        )
        return result.stdout if capture else ""


@contextmanager
def demo_server(*, workers: int = 2, database_url: str | None = None, worker_class: str = "sync"):
    """A gunicorn server on a fresh copy of the demo world (SQLite unless told otherwise)."""
    var = Path(tempfile.mkdtemp(prefix="caremarket-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CAREMARKET_VAR_DIR": str(var),
        "DATABASE_URL": database_url or f"sqlite:///{var / 'bench.sqlite3'}",
        "CAREMARKET_LOG_LEVEL": "ERROR",
    }
    port = _free_port()
    server = Server(f"http://127.0.0.1:{port}", env)
    server.manage("migrate", "--noinput", "-v0")
    server.manage("load-demo")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "caremarket.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--log-level",
            "error",
        ],
        env=env,
        cwd=REPO,
    )
    try:
        _wait(server.base_url + "/sign-in")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


def _wait(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 60 seconds")


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def wrk(
    url: str,
    *,
    seconds: int = 10,
    connections: int = 8,
    token: str = "",
    body: str | None = None,
    spread: int = 0,
) -> Load:
    """Load `url` with wrk (keep-alive connections, one thread) and read its figures: GETs, or
    POSTs of the JSON `body` when one is given (with `spread`, "{n}" in it becomes a random
    number from 1 to `spread` on each request)."""
    binary = shutil.which("wrk")
    if not binary:
        raise RuntimeError("wrk is not installed: run `make bench`, which installs it")
    env = {
        **os.environ,
        "CAREMARKET_TOKEN": token,
        "CAREMARKET_BODY": body or "",
        "CAREMARKET_SPREAD": str(spread),
    }
    script = LUA if body is None else POST_LUA
    out = subprocess.run(
        [binary, "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"CAREMARKET (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)", out)
    if not match:
        raise RuntimeError(f"wrk gave no figures:\n{out}")
    requests, micros, p50, p95, errors = match.groups()
    return Load(int(requests), int(micros) / 1e6, float(p50) / 1000, float(p95) / 1000, int(errors))


@contextmanager
def gunicorn_server(env: dict, *, workers: int = 2):
    """A gunicorn server on a database already made (`env` names it), for benchmarks that bring
    their own data rather than the demo world."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "caremarket.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "error",
        ],
        env=env,
        cwd=REPO,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/sign-in")
        yield Server(f"http://127.0.0.1:{port}", env)
    finally:
        process.terminate()
        process.wait(timeout=30)

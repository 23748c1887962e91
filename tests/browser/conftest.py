"""Browser tests: a real Caremarket server on the demo world, driven in Debian's Chromium.

One server per test session (per xdist worker), with its own database: an SQLite file, or a
fresh PostgreSQL database when the suite runs on PostgreSQL. Playwright never downloads a
browser; it drives /usr/bin/chromium (or $CAREMARKET_CHROMIUM).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.request import urlopen

import dj_database_url
import psycopg
import pytest
from django.conf import settings

REPO = Path(settings.BASE_DIR)
CHROMIUM = os.environ.get("CAREMARKET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "caremarket-demo"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp: Path) -> tuple[str, str | None]:
    """A fresh database of the engine the suite runs on; the PostgreSQL name to drop later."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return f"sqlite:///{tmp / 'browser.sqlite3'}", None
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"caremarket_browser_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(**_pg_params(config), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{name}", name


def _pg_params(config) -> dict:
    return {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
    }


def _drop(name: str) -> None:
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    with psycopg.connect(**_pg_params(config), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The live server's clock offset, in seconds, read on every "now" (see core/clock.py).
CLOCK_FILE: dict[str, Path] = {}


@pytest.fixture
def server_clock(live_server_url):
    """`server_clock(timedelta)` moves the live server's clock that far ahead of real time;
    it is put back when the test ends."""
    from datetime import timedelta

    def move(offset: timedelta) -> None:
        CLOCK_FILE["path"].write_text(str(offset.total_seconds()))

    yield move
    move(timedelta(0))


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("caremarket-browser")
    url, pg_name = _database_url(tmp)
    CLOCK_FILE["path"] = tmp / "clock-offset"
    CLOCK_FILE["path"].write_text("0")
    env = {
        **os.environ,
        "CAREMARKET_TEST_CLOCK_FILE": str(CLOCK_FILE["path"]),
        "DATABASE_URL": url,
        "CAREMARKET_VAR_DIR": str(tmp / "var"),
        "CAREMARKET_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CAREMARKET_LOGIN_FAILURE_LIMIT": "50",
        "DJANGO_SETTINGS_MODULE": "caremarket.settings",
    }
    cli = [sys.executable, "-m", "caremarket.cli"]
    subprocess.run([*cli, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=REPO)
    subprocess.run([*cli, "load-demo"], env=env, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "caremarket.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=REPO,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        if pg_name:
            _drop(pg_name)


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the Caremarket server stopped while starting")
        try:
            with urlopen(base + "/sign-in", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the Caremarket server did not start within 60 seconds")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def sign_in(browser, live_server_url):
    """`sign_in(email)` -> a page signed in as that demo person."""
    contexts = []

    def open_as(email: str | None, **context_options):
        context = browser.new_context(
            base_url=live_server_url, viewport={"width": 1280, "height": 900}, **context_options
        )
        contexts.append(context)
        page = context.new_page()
        if email:
            page.goto("/sign-in")
            page.fill("#email", email)
            page.fill("#password", DEMO_PASSWORD)
            page.click("button:has-text('Sign in')")
            page.wait_for_url(lambda url: "/sign-in" not in url)
        return page

    yield open_as
    for context in contexts:
        context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page; the serious and critical violations, each with its nodes."""
    page.evaluate(AXE.read_text())  # evaluate runs outside the page's CSP, so no nonce needed
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot; to docs/screenshots when CAREMARKET_SCREENSHOTS says so."""
    folder = Path(os.environ.get("CAREMARKET_SCREENSHOTS") or (REPO / "var" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path

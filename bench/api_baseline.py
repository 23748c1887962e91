"""api_baseline: an authenticated `GET /api/v1/organisations?page=1` over HTTP against 2 gunicorn
workers, beside an empty Django view through the same middleware, in the same run."""

from bench.server import demo_server, wrk

TOKEN_SCRIPT = """
from caremarket.orgs.models import Person
from caremarket.orgs.selectors import build_actor
from caremarket.orgs.services import api_token_create
person = Person.objects.get(email="buyer@caremarket.example")
print(api_token_create(actor=build_actor(person), name="benchmark")[1])
"""


def run(console) -> dict:
    with demo_server(workers=2) as server:
        token = server.manage("shell", "-c", TOKEN_SCRIPT, capture=True).strip().splitlines()[-1]
        api_url = server.base_url + "/api/v1/organisations?page=1"
        empty_url = server.base_url + "/bench/empty"
        wrk(api_url, seconds=3, token=token)  # warm both workers
        wrk(empty_url, seconds=3)
        api = wrk(api_url, seconds=15, token=token)
        empty = wrk(empty_url, seconds=15)
    if api.errors or empty.errors:
        console.print(f"[yellow]errors under load: api {api.errors}, empty view {empty.errors}[/yellow]")
    console.print(f"API {api.rps:,.0f} req/s, empty view {empty.rps:,.0f} req/s")
    return {
        "rps": round(api.rps, 1),
        "p50_ms": round(api.p50_ms, 2),
        "p95_ms": round(api.p95_ms, 2),
        "empty_view_rps": round(empty.rps, 1),
        "empty_view_p95_ms": round(empty.p95_ms, 2),
        "ratio_to_empty_view": round(api.rps / empty.rps, 3),
        "requests": api.requests,
        "errors": api.errors,
        "empty_view_errors": empty.errors,
    }

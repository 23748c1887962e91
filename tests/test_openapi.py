"""The OpenAPI document is a tested contract: every route is in it, and the API keeps to it
under fuzzed input (schemathesis), on the demo world, as a buyer, a supplier and an admin.

The fuzz is a CI gate: any 5xx, any response its operation does not document (status code,
content type, body schema) fails it. It runs against `caremarket load-demo` loaded once into
the test database inside a transaction that is rolled back at the end, and every request
runs in a savepoint of its own that is rolled back after it, so no write leaks into another
example, another test or another run.

Time budget (2 cores, per database): the demo world loads in ~15 s; then every operation gets
MAX_EXAMPLES generated cases plus its explicit examples, each sent once per actor, and the
linked-calls (stateful) test runs STATEFUL_SCENARIOS scenarios of up to STATEFUL_STEPS steps
per actor. Together they stay within ~3-4 minutes; the budget is kept by these two numbers,
never by a timing assertion.
"""

import json
import os
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from caremarket.api.root import api
from caremarket.orgs import services
from caremarket.orgs.factories import actor_for
from caremarket.orgs.models import Person
from caremarket.wsgi import application
from tests.fuzz.demo_paths import real_path_parameters
from tests.routes import api_routes

API_PREFIX = "/api/v1"

# The demo people the fuzz acts as (see caremarket/demo/orgs.py): the procurement lead of
# Suffolk and North East Essex ICB (a buyer who also administers it and belongs to a second
# organisation), Northway Networks' bid manager, and the platform administrator.
ACTORS = {
    "buyer": "lead@caremarket.example",
    "supplier": "supplier@caremarket.example",
    "admin": "admin@caremarket.example",
}

# The gate: no 5xx, and every response as documented.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

MAX_EXAMPLES = 10  # generated cases per operation, each sent as every actor
STATEFUL_SCENARIOS = 20  # linked-call scenarios per actor
STATEFUL_STEPS = 6
SEED = 20261202


def _document() -> dict:
    return json.loads(Client().get(f"{API_PREFIX}/openapi.json").content)


@pytest.mark.django_db
def test_every_route_is_documented():
    documented = {
        (method.upper(), path) for path, operations in _document()["paths"].items() for method in operations
    }
    routes = {tuple(route.split(" ", 1)) for route in api_routes()}  # mounted routers too
    assert routes - documented == set()
    assert documented - routes == set()


@pytest.mark.django_db
def test_every_operation_documents_its_errors_and_security():
    for path, operations in _document()["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403", "404", "422"} <= set(operation["responses"]), f"{method} {path}"
            assert operation.get("security"), f"{method} {path} does not say how to authenticate"


def _schema_classes(base: type) -> set[type]:
    found = set()
    for sub in base.__subclasses__():
        found |= {sub} | _schema_classes(sub)
    return found


def test_no_two_schemas_share_a_name():
    # The document keys its schemas by class name: a second class of the same name silently
    # replaces the first, and an operation documents the other one's body.
    from ninja import Schema

    documented = set(_document_without_db()["components"]["schemas"])
    by_name: dict[str, set[str]] = {}
    for cls in _schema_classes(Schema):
        if cls.__module__.startswith("caremarket.") and cls.__name__ in documented:
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}


def _document_without_db() -> dict:
    return api.get_openapi_schema()


# --- the demo world the fuzz runs in -----------------------------------------------------


@dataclass
class Demo:
    tokens: dict[str, str]  # actor -> bearer secret
    paths: dict[str, list[dict]]  # path template -> real path parameters
    media_root: str


DEMO: dict[str, Demo] = {}


def _test_atomic():
    """A savepoint the way Django's TestCase makes one: each service is a durable transaction
    of its own (caremarket.core.services), which may run inside a test's atomic blocks only."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    return atomic


@contextmanager
def _rolled_back():
    """Whatever runs inside leaves the database as it found it."""
    with _test_atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo world, loaded once for the module's fuzz tests and rolled back after them.

    Requests go through the real WSGI handler on this same connection: it would close the
    connection when each request ends (ending the transaction), so that is switched off, as
    Django's own test client does."""
    media = tmp_path_factory.mktemp("fuzz-media")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), _test_atomic():
        call_command("load_demo", stdout=StringIO())
        tokens = {}
        for name, email in ACTORS.items():
            person = Person.objects.get(email=email)
            _, tokens[name] = services.api_token_create(actor=actor_for(person), name=f"fuzz {name}")
        DEMO["world"] = Demo(tokens=tokens, paths=real_path_parameters(), media_root=str(media))
        try:
            yield DEMO["world"]
        finally:
            _write_tally()
            DEMO.clear()
            transaction.set_rollback(True)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def in_demo(demo, settings):
    # Every test gets a fresh MEDIA_ROOT (conftest.py); the fuzz reads the demo's files.
    settings.MEDIA_ROOT = demo.media_root
    return demo


# --- the schema, with real path parameters -------------------------------------------------

config = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {"deterministic": True},
        "phases": {
            # Coverage cases (boundary values of every parameter) are many per operation; the
            # generated cases below already include boundary values.
            "coverage": {"enabled": False},
            "stateful": {"max-steps": STATEFUL_STEPS},
        },
    }
)
schema = schemathesis.openapi.from_wsgi(f"{API_PREFIX}/openapi.json", application, config=config)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Three times in four, the path names a real demo object; otherwise the generated values."""
    world = DEMO.get("world")
    template = context.operation.path.removeprefix(API_PREFIX)
    real = world.paths.get(template) if world else None
    if not real:
        return st.just(path_parameters)
    chosen = st.sampled_from(real).map(lambda row: {**path_parameters, **row})
    return st.one_of(chosen, chosen, chosen, st.just(path_parameters))


def _send_as_everyone(case, demo: Demo) -> None:
    for name, secret in demo.tokens.items():
        with _rolled_back():
            response = case.call(headers={"Authorization": f"Bearer {secret}"})
            _tally("fuzz", case, name, response)
            try:
                case.validate_response(response, checks=CHECKS)
            except BaseException as error:
                TALLY[("failed", case.operation.label, name, response.status_code)] += 1
                error.add_note(f"(sent as the demo {name}, {ACTORS[name]})")
                raise


# (kind, operation, actor, status) -> responses; written out when CAREMARKET_FUZZ_REPORT
# names a file, for the figures of a run (operations, cases, statuses, failures).
TALLY: Counter = Counter()


def _tally(kind: str, case, actor: str, response) -> None:
    TALLY[(kind, case.operation.label, actor, response.status_code)] += 1


def _write_tally() -> None:
    path = os.environ.get("CAREMARKET_FUZZ_REPORT")
    if path:
        rows = [[*key, count] for key, count in sorted(TALLY.items())]
        Path(path).write_text(json.dumps(rows))


FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # No shrinking: a failure is reported as found, and the time stays bounded.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


@pytest.mark.django_db
@pytest.mark.xdist_group("openapi-fuzz")
@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_keeps_its_contract_under_fuzzing(case, in_demo):
    _send_as_everyone(case, in_demo)


@pytest.mark.django_db
@pytest.mark.xdist_group("openapi-fuzz")
def test_every_templated_route_has_demo_objects_to_name(demo):
    templates = {path.removeprefix(API_PREFIX) for path in _document()["paths"] if "{" in path}
    missing = templates - set(demo.paths)
    assert not missing, f"add the routes to tests/fuzz/demo_paths.py: {sorted(missing)}"


# The links schemathesis infers between operations (a list's references feed the detail
# routes, a POST's new object feeds the routes that take it), built once for the module.
LinkedCalls = schema.as_state_machine()


@pytest.mark.django_db
@pytest.mark.xdist_group("openapi-fuzz")
@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="on PostgreSQL a scenario's savepoint loses the test connection; the single-call fuzz "
    "above gates PostgreSQL until linked calls run in a database of their own",
)
@pytest.mark.parametrize("actor", list(ACTORS))
def test_the_api_keeps_its_contract_across_linked_calls(actor, in_demo):
    secret = in_demo.tokens[actor]

    class AsTheActor(LinkedCalls):
        def setup(self):
            # One scenario, one savepoint: its steps see each other's writes, nothing after.
            self.savepoint = _test_atomic()
            self.savepoint.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

        def after_call(self, response, case):
            super().after_call(response, case)
            _tally("linked", case, actor, response)

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {secret}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                checks=CHECKS,
                transport_kwargs=kwargs or None,
                recorder=getattr(self, "recorder", None),
            )

    AsTheActor.run(
        settings=settings(
            FUZZ_SETTINGS,
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=STATEFUL_STEPS,
        ),
    )

"""The OpenAPI document is a tested contract: every route is in it, and the API keeps to it
under fuzzed input (schemathesis)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from caremarket.api.root import api
from caremarket.orgs import services
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector
from caremarket.wsgi import application

pytestmark = pytest.mark.django_db


def _document() -> dict:
    return json.loads(Client().get("/api/v1/openapi.json").content)


def test_every_route_is_documented():
    documented = {
        (method.upper(), path) for path, operations in _document()["paths"].items() for method in operations
    }
    routes = {
        (method, f"/api/v1{prefix}{path}")
        for prefix, router in api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    assert routes - documented == set()
    assert documented - routes == set()


def test_every_operation_documents_its_errors_and_security():
    for path, operations in _document()["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403", "404", "422"} <= set(operation["responses"]), f"{method} {path}"
            assert operation.get("security"), f"{method} {path} does not say how to authenticate"


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_the_test_connection():
    """Requests through the real WSGI handler close the database connection when they end,
    which would end the test's transaction; Django's own test client stops that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(keep_the_test_connection):
    platform = make_organisation(Sector.PLATFORM, code="FUZZP")
    make_organisation(code="FUZZB")
    person = make_person(roles=[(platform, Role.PLATFORM_ADMIN)])
    _, secret = services.api_token_create(actor=actor_for(person), name="fuzz")
    return secret


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_contract_under_fuzzing(case, admin_token):
    # Business rules may refuse input the schema allows (a supplier cannot be an ICB), so a
    # schema-valid request may get a documented 409 or 422; every other check applies.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"}, excluded_checks=[positive_data_acceptance]
    )

"""Every route and page, tried by every kind of actor: each gets exactly the allow or deny
the cases say. A route with no case fails the completeness test, so new routes join here.

The world is built once per module (once per xdist worker), inside a transaction rolled back
at the end; each case runs in a savepoint inside it (pytest-django's `django_db`), and each
actor's request in a savepoint inside that, so nothing a case or an actor writes outlives it."""

import copy
import importlib
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import get_resolver, reverse

from caremarket.catalogue.search import columns, postings, visibility
from tests.role_matrix.cases import Case
from tests.role_matrix.world import ACTORS, ANONYMOUS, build_world
from tests.routes import api_routes as served_api_routes

CASE_MODULES = [
    "tests.role_matrix.cases",
    "tests.role_matrix.cases_agreements",
    "tests.role_matrix.cases_catalogue",
    "tests.role_matrix.cases_sourcing",
    "tests.role_matrix.cases_competitions",
    "tests.role_matrix.cases_contracts",
    "tests.role_matrix.cases_performance",
    "tests.role_matrix.cases_continuity",
    "tests.role_matrix.cases_transparency_public",
    "tests.role_matrix.cases_transparency_feed",
    "tests.role_matrix.cases_transparency_lifecycle",
    "tests.role_matrix.cases_transparency_manage",
    "tests.role_matrix.cases_selection_psr",
    "tests.role_matrix.cases_selection_mcp",
    "tests.role_matrix.cases_selection_urgent",
]

# Routes with no case of their own, and why.
NOT_IN_MATRIX = {
    "/api/v1/": "the API root only points at interactive docs, which are switched off",
    "/records/login/": "redirects everyone to the sign-in page",
}


def all_cases() -> list[Case]:
    return [case for module in CASE_MODULES for case in importlib.import_module(module).CASES]


CASES = all_cases()


# One client for the whole run: building Django's handler for each request is slow.
client = Client()


def _send(case: Case, world, actor: str):
    request = case.request(world, actor)
    client.logout()
    client.cookies.clear()
    headers = {}
    if actor != ANONYMOUS:
        if case.is_api:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {world.secrets[actor]}"
        else:
            client.force_login(world.people[actor])
    if request.data and any(hasattr(value, "read") for value in request.data.values()):
        return client.post(request.path, request.data, **headers)  # multipart, with its files
    if case.is_api and request.data is not None:
        return client.generic(
            case.method, request.path, data=_json(request.data), content_type="application/json", **headers
        )
    if case.method == "GET":
        return client.get(request.path, **headers)
    return client.generic(
        case.method,
        request.path,
        data=_form(request.data or {}),
        content_type="application/x-www-form-urlencoded",
        **headers,
    )


def _json(data) -> str:
    import json

    return json.dumps(data)


def _form(data) -> str:
    from urllib.parse import urlencode

    return urlencode(data)


def _redirects_to_sign_in(response) -> bool:
    sign_in_pages = (reverse("web:sign-in"), "/records/login/")
    return response.status_code == 302 and response["Location"].startswith(sign_in_pages)


def _outcome(case: Case, response) -> str:
    if case.public:
        return "allow" if response.status_code in case.ok else f"unexpected {response.status_code}"
    if case.is_api:
        denied = response.status_code in (401, 403, 404)
    else:
        denied = response.status_code in (403, 404) or _redirects_to_sign_in(response)
    if denied:
        return "deny"
    if response.status_code in case.ok:
        return "allow"
    return f"unexpected {response.status_code}"


def _forget_memories() -> None:
    # Cached reads and the in-memory search columns are keyed by the audit head and the index
    # version, which go back when a case's writes roll back: none may outlive a case.
    cache.clear()
    columns.forget()
    postings.forget()
    visibility.forget()


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole matrix world, built once for the module and rolled back after its last case.

    Built under the settings the root conftest gives each test (fast passwords, a media folder
    of its own), which stay in force for every case: they read the files the world uploaded."""
    media = tmp_path_factory.mktemp("matrix-media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers, MEDIA_ROOT=media):
        # The transaction Django's TestCase opens for setUpTestData: services' durable atomic
        # blocks may run inside it, as they do inside each test's own.
        atomics = TestCase._enter_atomics()
        try:
            _forget_memories()
            yield build_world()
        finally:
            TestCase._rollback_atomics(atomics)
            _forget_memories()


@pytest.fixture
def _media_in_a_folder_of_its_own():
    """Overrides the root conftest's: the cases keep the world's media folder (matrix_world)."""


@pytest.fixture
def world(matrix_world, db):
    """The world for one case, in a savepoint rolled back after it; a copy, as Django's
    setUpTestData gives, so no case sees objects another changed in memory."""
    _forget_memories()
    yield copy.deepcopy(matrix_world)
    _forget_memories()


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.route for c in CASES])
def test_role_matrix(case, world):
    wrong = []
    for actor in ACTORS:
        savepoint = transaction.savepoint()
        response = _send(case, world, actor)
        transaction.savepoint_rollback(savepoint)
        expected = "allow" if actor in case.allowed else "deny"
        got = _outcome(case, response)
        if got != expected:
            wrong.append(f"{actor}: expected {expected}, got {got} ({response.status_code})")
    assert not wrong, f"{case.route}\n" + "\n".join(wrong)


def _web_patterns(patterns=None, prefix="") -> set[str]:
    found = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        text = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            found |= _web_patterns(pattern.url_patterns, text)
        else:
            found.add("/" + re.sub(r"\^\(\?P<(\w+)>[^)]*\)/\$", r"<\1>/", text))
    return found


def test_every_route_is_in_the_matrix():
    api_routes = served_api_routes()
    api_paths = {route.split(" ", 1)[1] for route in api_routes}
    page_patterns = {
        p
        for p in _web_patterns()
        if p not in NOT_IN_MATRIX
        and re.sub(r"<\w+>", "{}", p) not in {re.sub(r"{\w+}", "{}", a) for a in api_paths}
    }
    covered_api = {c.route for c in CASES if c.is_api}
    covered_pages = {c.pattern for c in CASES if not c.is_api}
    assert api_routes - covered_api == set(), "API routes with no role-matrix case"
    assert covered_api - api_routes == set(), "cases for API routes that do not exist"
    assert page_patterns - covered_pages == set(), "pages with no role-matrix case"
    assert covered_pages - page_patterns == set(), "cases for pages that do not exist"


def test_every_actor_is_tried():
    assert len(ACTORS) == len(set(ACTORS)) == 12

"""Security promises: Argon2, CSRF, strict headers, login throttling, tokens, safe redirects."""

import re

import pytest
from django.test import Client

import caremarket.settings as production_settings
from caremarket.audit.models import AuditEvent
from caremarket.orgs import services
from caremarket.orgs.factories import SYSTEM, actor_for, make_organisation, make_person
from caremarket.orgs.models import Person
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture
def buyer():
    return make_person(email="buyer@example.nhs.uk", roles=[(make_organisation(code="QJG"), Role.BUYER)])


def _sign_in(client, email, password=PASSWORD, next_url=""):
    return client.post("/sign-in", {"email": email, "password": password, "next": next_url})


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    person = services.person_register(
        actor=SYSTEM, email="a@example.nhs.uk", full_name="A", password="x" * 14
    )
    assert Person.objects.get(pk=person.pk).password.startswith("argon2$argon2id$")


def test_pages_send_strict_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    # The one inline script carries that nonce; no other inline script exists.
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert all(f'nonce="{nonce}"' in attrs or "src=" in attrs for attrs in scripts)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_forms_need_the_csrf_token(buyer):
    client = Client(enforce_csrf_checks=True)
    response = _sign_in(client, buyer.email)
    assert response.status_code == 403
    assert b"Your form had expired" in response.content
    page = client.get("/sign-in")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    response = client.post(
        "/sign-in", {"email": buyer.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_the_api_needs_csrf_with_a_session_but_not_with_a_token(buyer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    _, secret = services.api_token_create(actor=actor_for(buyer), name="script")
    bearer = Client(enforce_csrf_checks=True)
    response = bearer.post(
        "/api/v1/tokens",
        {"name": "y"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201


def test_signing_in_and_out_is_audited(client, buyer):
    assert _sign_in(client, buyer.email).status_code == 302
    client.post("/sign-out")
    actions = list(AuditEvent.objects.filter(actor=buyer).values_list("action", flat=True).order_by("seq"))
    assert actions == ["person.signed_in", "person.signed_out"]


def test_a_wrong_password_shows_the_error_summary(client, buyer):
    response = _sign_in(client, buyer.email, "not-the-password")
    assert response.status_code == 400
    assert b"nhsuk-error-summary" in response.content
    assert b"Enter a correct email address and password" in response.content


def test_repeated_failures_lock_the_account_out_from_that_address(client, buyer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, buyer.email, "guess").status_code == 400
    assert _sign_in(client, buyer.email, "guess").status_code == 429  # the limit is reached
    response = _sign_in(client, buyer.email)  # even the right password, now
    assert response.status_code == 429
    assert b"Too many attempts to sign in" in response.content
    # Someone else signing in from the same address is not locked out.
    other = make_person(roles=[(make_organisation(), Role.BUYER)])
    assert _sign_in(client, other.email).status_code == 302


def test_sign_in_never_redirects_off_site(client, buyer):
    response = _sign_in(client, buyer.email, next_url="https://evil.example/steal")
    assert response["Location"] == "/"
    response = Client().post(
        "/sign-in", {"email": buyer.email, "password": PASSWORD, "next": "/organisations"}
    )
    assert response["Location"] == "/organisations"


@pytest.mark.parametrize("header", ["Bearer cm_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz"])
def test_the_api_refuses_bad_credentials_with_a_json_reason(client, header):
    response = client.get("/api/v1/organisations", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_api_errors_are_json_with_a_code(client, buyer):
    _, secret = services.api_token_create(actor=actor_for(buyer), name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    missing = client.get("/api/v1/organisations/NOPE", **auth)
    assert missing.status_code == 404
    assert missing.json() == {
        "code": "not_found",
        "message": "There is no organisation with the code NOPE",
        "details": {},
    }
    forbidden = client.post("/api/v1/organisations", {}, content_type="application/json", **auth)
    assert forbidden.status_code == 422  # the body is checked before the permission
    assert set(forbidden.json()["details"]["fields"]) >= {"code", "name", "sector", "org_type"}
    denied = client.post(
        "/api/v1/organisations",
        {"code": "NEW", "name": "New", "sector": "buyer", "org_type": "icb"},
        content_type="application/json",
        **auth,
    )
    assert denied.status_code == 403
    assert denied.json()["code"] == "permission_denied"


def test_the_acting_organisation_can_be_chosen_per_api_request(client):
    icb, trust = make_organisation(code="QJG"), make_organisation(code="RGR")
    person = make_person(roles=[(icb, Role.BUYER), (trust, Role.APPROVER)])
    _, secret = services.api_token_create(actor=actor_for(person), name="t")
    response = client.get(
        "/api/v1/people/me", HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_X_CAREMARKET_ORGANISATION="RGR"
    )
    assert {m["organisation_code"] for m in response.json()["memberships"]} == {"QJG", "RGR"}


def test_directory_query_flags_and_pages_are_checked(client, buyer):
    _, secret = services.api_token_create(actor=actor_for(buyer), name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/organisations?include_closed=true", **auth).status_code == 200
    assert client.get("/api/v1/organisations?include_closed=yes", **auth).status_code == 422
    huge = client.get("/api/v1/organisations?page=99999999999999999999", **auth)
    assert huge.status_code == 422
    assert "page" in huge.json()["details"]["fields"]

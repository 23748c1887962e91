"""The API's edges: whatever arrives (a null, a huge number, a control character, a body too
large, a date in year 1 or 9999, an organisation the caller does not belong to), the answer
is a JSON `{code, message, details}` refusal, never a 500 or an HTML page."""

import json
from datetime import date

import pytest
from django.test import Client

from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.models import Organisation
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role

pytestmark = pytest.mark.django_db

TOO_BIG = 99999999999999999999999


def _client(person, organisation=None, **headers) -> Client:
    _, secret = api_token_create(actor=actor_for(person, organisation), name="edges")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **headers)


def _json(client, method, path, body):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def _refusal(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response.content
    body = json.loads(response.content)
    assert set(body) == {"code", "message", "details"}, body
    return body


@pytest.fixture
def buyer_org():
    return make_organisation(code="QJG", postcode="NG1 1AA", address="1 High St", website="https://a.nhs.uk")


@pytest.fixture
def admin(buyer_org):
    return make_person(roles=[(buyer_org, Role.ORG_ADMIN)])


# --- 1. PATCH with an explicit null ----------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "org_type", "is_sme", "is_vcse"])
def test_patch_null_for_a_required_field_is_refused_naming_it(admin, buyer_org, field):
    response = _json(_client(admin), "patch", f"/api/v1/organisations/{buyer_org.code}", {field: None})
    body = _refusal(response, 422)
    assert body["code"] == "validation_failed" and field in body["details"]["fields"], body


@pytest.mark.parametrize("field", ["postcode", "address", "website", "region"])
def test_patch_null_clears_an_optional_field(admin, buyer_org, field):
    response = _json(_client(admin), "patch", f"/api/v1/organisations/{buyer_org.code}", {field: None})
    assert response.status_code == 200, response.content
    assert getattr(Organisation.objects.get(pk=buyer_org.pk), field) == ""


def test_patch_null_clears_the_closing_date(admin, buyer_org):
    client = _client(admin)
    path = f"/api/v1/organisations/{buyer_org.code}"
    assert _json(client, "patch", path, {"closed_on": "2030-03-31"}).status_code == 200
    assert _json(client, "patch", path, {"closed_on": None}).status_code == 200
    assert Organisation.objects.get(pk=buyer_org.pk).closed_on is None


# --- 2. Numbers beyond 64 bits -----------------------------------------------------------------


def test_a_lot_number_beyond_64_bits_in_an_application_is_refused():
    from caremarket.agreements.factories import make_agreement, make_supplier

    agreement = make_agreement()
    supplier = make_supplier()
    person = make_person(roles=[(supplier, Role.SUPPLIER_USER)])
    response = _json(
        _client(person),
        "post",
        f"/api/v1/agreements/{agreement.reference}/applications",
        {"supplier_code": supplier.code, "lots": [TOO_BIG]},
    )
    body = _refusal(response, 422)
    assert "lots.0" in body["details"]["fields"], body


def test_a_member_id_beyond_64_bits_in_a_path_is_refused(admin, buyer_org):
    response = _client(admin).delete(f"/api/v1/organisations/{buyer_org.code}/members/{TOO_BIG}/roles/buyer")
    body = _refusal(response, 422)
    assert "person_id" in body["details"]["fields"], body


def test_ids_in_paths_are_bounded_in_the_openapi_document():
    document = Client().get("/api/v1/openapi.json").json()
    path = document["paths"]["/api/v1/organisations/{code}/members/{person_id}/roles/{role}"]
    (person_id,) = [p for p in path["delete"]["parameters"] if p["name"] == "person_id"]
    assert person_id["schema"]["minimum"] == 1 and person_id["schema"]["maximum"] == 2**63 - 1


def test_any_number_beyond_64_bits_is_refused_even_where_a_schema_leaves_it_open(admin, buyer_org):
    # An answer to an application question is any whole number: the edge still bounds it.
    from caremarket.api.input_rules import input_problems
    from caremarket.api.orgs import DirectoryQuery

    problems = input_problems({"query": DirectoryQuery(q="x", page=1), "number": TOO_BIG})
    assert [p["loc"] for p in problems] == [("path", "number")]


# --- 3. Control characters ----------------------------------------------------------------------


def test_text_with_a_control_character_is_refused_naming_the_field(admin, buyer_org):
    response = _json(
        _client(admin), "patch", f"/api/v1/organisations/{buyer_org.code}", {"name": "Bad\x0bName"}
    )
    body = _refusal(response, 422)
    assert list(body["details"]["fields"]) == ["name"], body
    assert Organisation.objects.get(pk=buyer_org.pk).name != "Bad\x0bName"


@pytest.mark.parametrize("text", ["Line one\nLine two", "Tab\tseparated", "Windows\r\nline"])
def test_tabs_and_newlines_stay_allowed(admin, buyer_org, text):
    response = _json(_client(admin), "patch", f"/api/v1/organisations/{buyer_org.code}", {"address": text})
    assert response.status_code == 200, response.content


def test_a_nul_in_a_path_is_refused(admin):
    response = _client(admin).get("/api/v1/organisations/QJ%00G")
    _refusal(response, 422)


# --- 4. A body too large --------------------------------------------------------------------------


def test_a_3_mb_json_body_is_answered_in_json(admin, buyer_org):
    body = json.dumps({"address": "x" * (3 * 1024 * 1024)})
    response = _client(admin).patch(f"/api/v1/organisations/{buyer_org.code}", body, "application/json")
    refusal = _refusal(response, 413)
    assert refusal["code"] == "request_too_large"


def test_an_unknown_api_path_is_answered_in_json():
    refusal = _refusal(Client().get("/api/v1/no-such-thing"), 404)
    assert refusal["code"] == "not_found"


def test_an_unknown_page_is_still_an_html_page():
    response = Client().get("/no-such-page")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_server_error_in_the_api_is_answered_in_json(rf):
    from caremarket.web.errors import bad_request, server_error

    assert _refusal(server_error(rf.get("/api/v1/organisations")), 500)["code"] == "server_error"
    assert _refusal(bad_request(rf.get("/api/v1/organisations")), 400)["code"] == "bad_request"


# --- 6. The acting organisation header -----------------------------------------------------------


def test_an_organisation_header_for_an_organisation_you_do_not_belong_to_is_refused(admin):
    other = make_organisation(code="RYJ")
    client = _client(admin, HTTP_X_CAREMARKET_ORGANISATION=other.code)
    refusal = _refusal(client.get("/api/v1/organisations"), 403)
    assert refusal["code"] == "organisation.not_a_member" and "RYJ" in refusal["message"]


def test_an_organisation_header_for_an_unknown_code_is_refused(admin):
    client = _client(admin, HTTP_X_CAREMARKET_ORGANISATION="NOPE1")
    refusal = _refusal(client.get("/api/v1/organisations"), 403)
    assert refusal["code"] == "organisation.not_a_member" and "NOPE1" in refusal["message"]


def test_an_organisation_header_you_belong_to_chooses_it(admin, buyer_org):
    second = make_organisation(code="RYK")
    from caremarket.orgs.factories import SYSTEM
    from caremarket.orgs.services import membership_grant

    membership_grant(actor=SYSTEM, organisation=second, email=admin.email, role=Role.BUYER, invite=False)
    client = _client(admin, HTTP_X_CAREMARKET_ORGANISATION="ryk")
    assert client.get("/api/v1/organisations").status_code == 200


def test_the_organisation_header_is_refused_with_a_session_too(admin):
    make_organisation(code="RYJ")
    client = Client(HTTP_X_CAREMARKET_ORGANISATION="RYJ")
    client.force_login(admin)
    refusal = _refusal(client.get("/api/v1/organisations"), 403)
    assert refusal["code"] == "organisation.not_a_member"


# --- 5. Dates within reason ---------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_nonsense_closing_date_is_refused_at_the_edge(admin, buyer_org, day):
    response = _json(_client(admin), "patch", f"/api/v1/organisations/{buyer_org.code}", {"closed_on": day})
    body = _refusal(response, 422)
    assert "closed_on" in body["details"]["fields"], body


def test_a_closing_date_more_than_ten_years_ahead_is_refused_with_the_bound(admin, buyer_org):
    from caremarket.core import clock
    from caremarket.rules.date_ranges import years_after
    from caremarket.rules.dates import spoken_date

    latest = years_after(clock.today(), 10)
    path = f"/api/v1/organisations/{buyer_org.code}"
    body = _refusal(_json(_client(admin), "patch", path, {"closed_on": "2099-01-01"}), 422)
    assert body["details"]["fields"]["closed_on"] == [
        f"The closing date must be on or before {spoken_date(latest)}"
    ]
    assert _json(_client(admin), "patch", path, {"closed_on": latest.isoformat()}).status_code == 200


def test_a_closing_date_before_the_nhs_is_refused_by_the_service(buyer_org):
    from caremarket.core.errors import ValidationFailed
    from caremarket.orgs.factories import SYSTEM
    from caremarket.orgs.services import organisation_update

    with pytest.raises(ValidationFailed) as raised:
        organisation_update(actor=SYSTEM, organisation=buyer_org, closed_on=date(1948, 7, 4))
    assert raised.value.details["fields"]["closed_on"] == ["The closing date must be on or after 5 July 1948"]


def test_a_published_competitions_deadline_cannot_move_to_9999():
    from caremarket.competitions.factories import make_competition, make_market

    market = make_market()
    competition = make_competition(market, publish=True)
    client = _client(market.lead.person, market.buyer)
    path = f"/api/v1/competitions/{competition.reference}"
    body = _refusal(_json(client, "patch", path, {"submission_deadline": "9999-12-31T12:00:00Z"}), 422)
    assert "submission_deadline" in body["details"]["fields"], body


def test_a_competition_deadline_more_than_two_years_ahead_is_refused_with_the_bound():
    from caremarket.competitions.factories import make_competition, make_market
    from caremarket.core import clock
    from caremarket.rules.date_ranges import years_after
    from caremarket.rules.dates import spoken_date

    market = make_market()
    competition = make_competition(market, publish=True)
    client = _client(market.lead.person, market.buyer)
    path = f"/api/v1/competitions/{competition.reference}"
    body = _refusal(_json(client, "patch", path, {"submission_deadline": "2099-06-30T12:00:00Z"}), 422)
    latest = spoken_date(years_after(clock.today(), 2))
    assert body["details"]["fields"]["submission_deadline"] == [
        f"The submission deadline must be on or before {latest}"
    ]


def test_every_patch_route_refuses_null_for_a_required_field_and_clears_an_optional_one():
    from caremarket.competitions.factories import make_competition, make_market

    market = make_market()
    competition = make_competition(market, description="Draft notes")
    client = _client(market.lead.person, market.buyer)
    path = f"/api/v1/competitions/{competition.reference}"
    for field in ("title", "requirement", "submission_deadline"):
        body = _refusal(_json(client, "patch", path, {field: None}), 422)
        assert field in body["details"]["fields"], body
    response = _json(client, "patch", path, {"description": None})
    assert response.status_code == 200, response.content
    competition.refresh_from_db()
    assert competition.description == ""

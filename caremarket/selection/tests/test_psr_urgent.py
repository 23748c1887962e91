"""Urgent awards under the Provider Selection Regime (regulation 14): permitted only when all
three conditions hold (refused with the rules' reasons otherwise, nothing saved), the advice
against a long term shown but not refusing, the contract entered into today with its urgent
award notice and audit event, counted in the annual summary; and the pages and the API."""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from caremarket.audit.models import AuditEvent
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.core.errors import PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.orgs.services import api_token_create
from caremarket.rules.roles import Role, Sector
from caremarket.rules.standstill import Regime
from caremarket.selection import selectors_psr
from caremarket.selection.models import UrgentAward
from caremarket.selection.services import psr_urgent as services
from caremarket.transparency import overdue
from caremarket.transparency.models import Notice, NoticeStatus

pytestmark = pytest.mark.django_db

YES = {
    "must_be_made_urgently": True,
    "urgency_unforeseeable_and_not_attributable": True,
    "delay_risks_patient_or_public_safety": True,
}


@pytest.fixture(autouse=True)
def _in_june(travel):
    travel(datetime.fromisoformat("2026-06-01T09:00:00+00:00"))


@pytest.fixture
def parties():
    commissioner = make_organisation(Sector.BUYER, code="UCCG", name="Urgent Test ICB")
    provider = make_organisation(Sector.SUPPLIER, code="UPRV", name="Rapid Nursing Ltd")
    lead = make_person(roles=[(commissioner, Role.PROCUREMENT_LEAD)])
    buyer = make_person(roles=[(commissioner, Role.BUYER)])
    return {
        "commissioner": commissioner,
        "provider": provider,
        "lead_person": lead,
        "buyer_person": buyer,
        "lead": actor_for(lead, commissioner),
        "buyer": actor_for(buyer, commissioner),
    }


def _record(parties, actor="lead", **overrides):
    args = {
        "actor": parties[actor],
        "commissioner": parties["commissioner"],
        "provider": parties["provider"],
        "title": "Emergency community nursing",
        "description": "Nursing for discharged patients",
        "value": "180,000",
        "starts_on": clock.today(),
        "term_months": 6,
        "urgency_reason": "The provider went into administration overnight",
        **YES,
    }
    return services.urgent_award_record(**{**args, **overrides})


# --- The service ------------------------------------------------------------------------------------


def test_a_permitted_urgent_award_enters_into_the_contract_and_publishes_its_notice(parties):
    award = _record(parties)
    contract = award.contract
    assert contract.regime == Regime.PROVIDER_SELECTION_REGIME
    assert contract.origin == "direct_award" and contract.signed_on == clock.today()
    assert contract.value == Decimal("180000.00") and contract.supplier == parties["provider"]
    assert award.advice == [] and len(award.reasons) == 3
    notice = award.notice
    assert notice.notice_type == "PSR_URGENT" and notice.status == NoticeStatus.PUBLISHED
    assert notice.publisher == parties["commissioner"]
    assert "administration overnight" in notice.content["tender"]["description"]
    assert notice.content["contracts"][0]["dateSigned"]
    event = AuditEvent.objects.get(action="selection.urgent_award")
    assert event.organisation_id == parties["commissioner"].pk
    assert event.after["contract"] == contract.reference and event.after["notice"] == notice.pk
    # The urgent award notice is what the contract owes on signing: nothing is left due.
    assert [d.code for d in overdue.due_notices(parties["commissioner"].pk, contract.pk)] == []


@pytest.mark.parametrize("fact", sorted(YES))
def test_an_urgent_award_is_refused_with_the_rules_reasons_and_nothing_saved(parties, fact):
    with pytest.raises(RuleViolation) as refused:
        _record(parties, **{fact: False})
    assert "Regulation 14 does not apply" in refused.value.message
    assert list(refused.value.details["fields"]) == [fact]
    assert "regulation 14(1)" in refused.value.details["fields"][fact][0]
    assert not UrgentAward.objects.exists() and not Contract.objects.exists()
    assert not Notice.objects.filter(notice_type="PSR_URGENT").exists()
    assert not AuditEvent.objects.filter(action="selection.urgent_award").exists()


def test_the_refusal_says_poor_planning_is_not_a_reason(parties):
    with pytest.raises(RuleViolation) as refused:
        _record(parties, urgency_unforeseeable_and_not_attributable=False)
    assert "poor planning is not a reason to use regulation 14" in refused.value.message


def test_a_term_longer_than_advised_is_allowed_with_the_advice(parties):
    award = _record(parties, term_months=18)
    assert award.advice == [
        "A term of 18 months is longer than the 12 months advised for an urgent award: "
        "keep it to what the urgency needs"
    ]
    assert AuditEvent.objects.get(action="selection.urgent_award").after["advice"] == award.advice
    assert award.contract.ends_on == date(2027, 11, 30)


def test_missing_answers_are_said_beside_each_field(parties):
    with pytest.raises(ValidationFailed) as missing:
        _record(
            parties,
            provider=None,
            title="",
            value="",
            starts_on=None,
            term_months="",
            urgency_reason=" ",
            must_be_made_urgently=None,
        )
    fields = missing.value.details["fields"]
    assert set(fields) == {
        "provider",
        "title",
        "value",
        "starts_on",
        "term_months",
        "urgency_reason",
        "must_be_made_urgently",
    }


def test_the_contract_cannot_start_before_today(parties):
    with pytest.raises(ValidationFailed) as refused:
        _record(parties, starts_on=clock.today() - timedelta(days=1))
    assert refused.value.details["fields"]["starts_on"] == ["The contract cannot start before today"]


def test_only_procurement_leads_and_approvers_record_an_urgent_award(parties):
    with pytest.raises(PermissionDenied):
        _record(parties, actor="buyer")


def test_an_urgent_award_counts_in_the_annual_summary(parties):
    _record(parties)
    summary = selectors_psr.annual_summary(parties["commissioner"].pk, 2026)
    assert summary.counts["urgent"] == 1
    assert summary.counts["direct_awards"] == 0


# --- The pages --------------------------------------------------------------------------------------


def _form(**overrides):
    return {
        "provider": "UPRV",
        "title": "Emergency community nursing",
        "value": "180,000",
        "starts_on": "01/06/2026",
        "term_months": "6",
        "urgency_reason": "The provider went into administration overnight",
        "must_be_made_urgently": "yes",
        "urgency_unforeseeable_and_not_attributable": "yes",
        "delay_risks_patient_or_public_safety": "yes",
        **overrides,
    }


def test_the_selection_list_links_to_urgent_awards(client, parties):
    client.force_login(parties["lead_person"])
    page = client.get("/selection").content.decode()
    assert 'href="/selection/urgent-awards"' in page
    listing = client.get("/selection/urgent-awards").content.decode()
    assert 'href="/selection/urgent-awards/new"' in listing


def test_form_errors_show_the_error_summary(client, parties):
    client.force_login(parties["lead_person"])
    page = client.get("/selection/urgent-awards/new")
    assert page.status_code == 200
    body = page.content.decode()
    assert "nhsuk-error-summary" not in body and "None" not in body and "12 months" in body
    response = client.post("/selection/urgent-awards/new", _form(title="", must_be_made_urgently=""))
    text = response.content.decode()
    assert response.status_code == 400 and "nhsuk-error-summary" in text
    assert "Enter the title of the services" in text and 'href="#must_be_made_urgently"' in text
    assert 'value="180,000"' in text


def test_a_refusal_shows_the_rules_reasons(client, parties):
    client.force_login(parties["lead_person"])
    response = client.post("/selection/urgent-awards/new", _form(delay_risks_patient_or_public_safety="no"))
    text = response.content.decode()
    assert response.status_code == 400 and "nhsuk-error-summary" in text
    assert "would not put patients or the public at risk" in text
    assert not UrgentAward.objects.exists()


def test_an_urgent_award_through_the_pages(client, parties):
    client.force_login(parties["lead_person"])
    response = client.post("/selection/urgent-awards/new", _form(term_months="18"))
    award = UrgentAward.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/selection/urgent-awards/{award.pk}"
    page = client.get(response["Location"]).content.decode()
    assert award.contract.reference in page and f'href="/notices/{award.notice_id}"' in page
    assert "£180,000.00" in page and "1 June 2026" in page
    assert "longer than the 12 months advised" in page and "nhsuk-card--warning" in page
    assert "None" not in page
    listing = client.get("/selection/urgent-awards").content.decode()
    assert f"/selection/urgent-awards/{award.pk}" in listing


def test_a_buyer_sees_but_does_not_record_urgent_awards(client, parties):
    award = _record(parties)
    client.force_login(parties["buyer_person"])
    assert client.get("/selection/urgent-awards/new").status_code == 403
    assert client.get(f"/selection/urgent-awards/{award.pk}").status_code == 200
    outsider = make_person(roles=[(make_organisation(Sector.BUYER, code="UOTH"), Role.PROCUREMENT_LEAD)])
    client.force_login(outsider)
    assert client.get(f"/selection/urgent-awards/{award.pk}").status_code == 404


# --- The API ----------------------------------------------------------------------------------------


def _api(client, person, method, path, data=None):
    _, secret = api_token_create(actor=actor_for(person), name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if method == "GET":
        return client.get(path, **headers)
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def test_the_api_records_lists_and_reads_an_urgent_award(client, parties):
    payload = {
        "organisation_code": "UCCG",
        "provider_code": "UPRV",
        "title": "Emergency community nursing",
        "value": "180,000",
        "starts_on": "2026-06-01",
        "term_months": 18,
        "urgency_reason": "The provider went into administration overnight",
        **YES,
    }
    refused = _api(
        client,
        parties["lead_person"],
        "POST",
        "/api/v1/selection/urgent-awards",
        {**payload, "must_be_made_urgently": False},
    )
    assert refused.status_code == 409 and "Regulation 14 does not apply" in refused.json()["message"]
    created = _api(client, parties["lead_person"], "POST", "/api/v1/selection/urgent-awards", payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["value"] == "180000.00" and body["advice"] and body["notice_id"]
    listed = _api(client, parties["buyer_person"], "GET", "/api/v1/selection/urgent-awards").json()
    assert [a["id"] for a in listed] == [body["id"]]
    one = _api(client, parties["buyer_person"], "GET", f"/api/v1/selection/urgent-awards/{body['id']}")
    assert one.status_code == 200 and one.json()["contract_reference"] == body["contract_reference"]

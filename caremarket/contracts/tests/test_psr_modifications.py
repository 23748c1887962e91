"""Modifying a contract under the Provider Selection Regime (regulation 13): only on one of its
grounds, the cumulative change in value counted since the contract was entered into; refused
with the rule's reasons (a new process is needed) and nothing saved; the modification notice
(PSR_MODIFICATION) published only when the rule asks for one. A Procurement Act contract's
variation is unchanged (its contract change notice, UK10)."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from caremarket.audit.models import AuditEvent
from caremarket.contracts import services
from caremarket.contracts.factories import make_contract
from caremarket.contracts.models import Contract, Variation
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.orgs.services import api_token_create
from caremarket.rules import psr as psr_rules
from caremarket.rules.standstill import Regime
from caremarket.transparency.models import Notice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 23 November 2026

PSR = Regime.PROVIDER_SELECTION_REGIME


def _table():
    rule = psr_rules.psr_table().modification[-1]
    return rule.thresholds.amount, rule.thresholds.percentage, rule.notice_amount


def test_the_thresholds_these_tests_rely_on():
    # Read from data/psr_processes.yaml: considerable at £500,000 and 25% together; a notice
    # for a change of £500,000 or more on ground (c) or (d).
    assert _table() == (Decimal("500000.00"), Decimal("25"), Decimal("500000.00"))


@pytest.fixture
def psr_contract(buyer_org, supplier_org):
    return make_contract(buyer=buyer_org, supplier=supplier_org, value="2000000", term="3+1", regime=PSR)


@pytest.fixture
def large_psr_contract(buyer_org, supplier_org):
    return make_contract(buyer=buyer_org, supplier=supplier_org, value="4000000", term="3+1", regime=PSR)


def _notices(contract, code=None):
    found = Notice.objects.filter(subject_type="contracts.contract", subject_id=str(contract.pk))
    return list(
        found.filter(notice_type=code) if code else found.exclude(notice_type__in=("UK7", "PSR_AWARD"))
    )


def _vary(lead, contract, value, ground="authority_decision", **answers):
    if ground in ("authority_decision", "external_factors"):
        answers.setdefault("materially_different_in_character", False)
    return services.contract_vary(
        actor=lead,
        contract=contract,
        summary="More patients",
        changes={"value": value},
        psr_ground=ground,
        **answers,
    )


def test_a_small_change_by_the_authority_is_permitted_without_a_notice(lead, psr_contract):
    variation = _vary(lead, psr_contract, "2,100,000")
    assert variation.psr_ground == "authority_decision"
    assert Contract.objects.get(pk=psr_contract.pk).value == Decimal("2100000.00")
    assert _notices(psr_contract) == []
    event = AuditEvent.objects.filter(action="contract.varied").latest("seq")
    assert event.after["psr_ground"] == "authority_decision" and event.after["psr_notice_required"] is False
    assert any("regulation 13(1)(d)" in reason for reason in event.after["psr_reasons"])


def test_a_change_of_500000_or_more_below_25_percent_publishes_the_modification_notice(
    lead, large_psr_contract
):
    # +£600,000 on £4,000,000 is 15%: not considerable, but large enough for a notice.
    variation = _vary(lead, large_psr_contract, "4,600,000")
    notices = _notices(large_psr_contract)
    assert [n.notice_type for n in notices] == ["PSR_MODIFICATION"]
    amendment = notices[0].content["contracts"][0]["amendments"][0]
    assert amendment["id"] == f"{large_psr_contract.reference}-V{variation.number}"
    assert not _notices(large_psr_contract, "UK10")


def test_a_considerable_change_is_refused_and_nothing_is_saved(lead, psr_contract):
    # +£600,000 on £2,000,000 is 30%: at least £500,000 and at least 25%.
    before = AuditEvent.objects.count()
    with pytest.raises(RuleViolation) as refused:
        _vary(lead, psr_contract, "2,600,000")
    assert "cannot be modified without a new process" in refused.value.message
    assert "so a new process is needed" in refused.value.message
    assert Contract.objects.get(pk=psr_contract.pk).value == Decimal("2000000.00")
    assert not Variation.objects.filter(contract=psr_contract).exists()
    assert _notices(psr_contract) == [] and AuditEvent.objects.count() == before


def test_the_change_is_counted_since_the_contract_was_entered_into(lead, psr_contract):
    _vary(lead, psr_contract, "2,300,000")  # +15%
    with pytest.raises(RuleViolation) as refused:
        _vary(lead, psr_contract, "2,600,000")  # +£600,000 in all: 30% of £2,000,000
    assert "£600,000.00" in refused.value.message and "£2,000,000.00" in refused.value.message
    assert Variation.objects.filter(contract=psr_contract).count() == 1


def test_a_change_responding_to_external_factors_needs_no_threshold_but_keeps_its_character(
    lead, psr_contract
):
    _vary(lead, psr_contract, "2,900,000", ground="external_factors")  # +45%: still permitted
    assert [n.notice_type for n in _notices(psr_contract)] == ["PSR_MODIFICATION"]
    with pytest.raises(RuleViolation) as refused:
        _vary(
            lead, psr_contract, "3,000,000", ground="external_factors", materially_different_in_character=True
        )
    assert "materially different in character" in refused.value.message


def test_a_new_provider_must_meet_the_basic_selection_criteria(lead, psr_contract):
    with pytest.raises(RuleViolation) as refused:
        services.contract_vary(
            actor=lead,
            contract=psr_contract,
            summary="Provider acquired",
            changes={"title": "Community nursing (new provider)"},
            psr_ground="provider_succession",
            successor_meets_basic_selection_criteria=False,
        )
    assert "does not meet the basic selection criteria" in refused.value.message
    variation = services.contract_vary(
        actor=lead,
        contract=psr_contract,
        summary="Provider acquired",
        changes={"title": "Community nursing (new provider)"},
        psr_ground="provider_succession",
        successor_meets_basic_selection_criteria=True,
    )
    assert variation.psr_ground == "provider_succession" and _notices(psr_contract) == []


def test_the_ground_and_the_answers_it_needs_are_asked_for(lead, psr_contract):
    with pytest.raises(ValidationFailed) as missing:
        services.contract_vary(
            actor=lead, contract=psr_contract, summary="More", changes={"value": "2,100,000"}
        )
    assert list(missing.value.details["fields"]) == ["psr_ground"]
    with pytest.raises(ValidationFailed) as missing:
        services.contract_vary(
            actor=lead,
            contract=psr_contract,
            summary="More",
            changes={"value": "2,100,000"},
            psr_ground="authority_decision",
        )
    assert list(missing.value.details["fields"]) == ["materially_different_in_character"]
    with pytest.raises(ValidationFailed) as missing:
        services.contract_vary(
            actor=lead,
            contract=psr_contract,
            summary="New",
            changes={"title": "X"},
            psr_ground="provider_succession",
        )
    assert list(missing.value.details["fields"]) == ["successor_meets_basic_selection_criteria"]
    assert not Variation.objects.exists()


def test_a_procurement_act_contracts_variation_is_unchanged(lead, buyer_org, supplier_org):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org, value="2000000", term="3+1")
    # The Regime's answers mean nothing here: ignored, and a change of 30% is recorded.
    variation = services.contract_vary(
        actor=lead,
        contract=contract,
        summary="More",
        changes={"value": "2,600,000"},
        psr_ground="authority_decision",
    )
    assert variation.psr_ground == ""
    assert [n.notice_type for n in _notices(contract)] == ["UK10"]
    assert "psr_ground" not in AuditEvent.objects.filter(action="contract.varied").latest("seq").after


# --- The contract's page and the API ---------------------------------------------------------------


def client_for(actor) -> Client:
    client = Client()
    client.force_login(actor.person)
    return client


def test_the_page_asks_the_ground_only_for_a_psr_contract(lead, psr_contract, buyer_org, supplier_org):
    client = client_for(lead)
    page = client.get(f"/contracts/{psr_contract.reference}").content.decode()
    assert 'name="psr_ground"' in page and "The change is the authority&#39;s own decision" in page
    assert 'name="materially_different_in_character"' in page and "None" not in page.split("<main")[1]
    other = make_contract(buyer=buyer_org, supplier=supplier_org, value="100000")
    assert 'name="psr_ground"' not in client.get(f"/contracts/{other.reference}").content.decode()


def test_the_page_refuses_with_the_reasons_and_records_a_permitted_modification(lead, psr_contract):
    client = client_for(lead)
    url = f"/contracts/{psr_contract.reference}/actions"
    missing = client.post(url, {"action": "vary", "summary": "More", "value": "2,100,000"})
    text = missing.content.decode()
    assert missing.status_code == 400 and "nhsuk-error-summary" in text and 'href="#psr_ground"' in text
    refused = client.post(
        url,
        {
            "action": "vary",
            "summary": "More",
            "value": "2,600,000",
            "psr_ground": "authority_decision",
            "materially_different_in_character": "no",
        },
    )
    text = refused.content.decode()
    assert refused.status_code == 400 and "so a new process is needed" in text and 'value="2,600,000"' in text
    done = client.post(
        url,
        {
            "action": "vary",
            "summary": "More",
            "value": "2,100,000",
            "psr_ground": "authority_decision",
            "materially_different_in_character": "no",
        },
    )
    assert done.status_code == 302
    page = client.get(f"/contracts/{psr_contract.reference}").content.decode()
    assert "Ground (regulation 13): The change is the authority&#39;s own decision" in page


def test_the_api_takes_the_ground(lead, psr_contract):
    _, secret = api_token_create(actor=lead, name="test")
    client = Client()
    url = f"/api/v1/contracts/{psr_contract.reference}/variations"

    def post(body):
        return client.post(
            url, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
        )

    refused = post(
        {
            "summary": "More",
            "changes": {"value": "2,600,000"},
            "psr_ground": "authority_decision",
            "materially_different_in_character": False,
        }
    )
    assert refused.status_code == 409 and "new process" in refused.json()["message"]
    assert post({"summary": "More", "changes": {"value": "2,100,000"}}).status_code == 422
    done = post(
        {
            "summary": "More",
            "changes": {"value": "2,100,000"},
            "psr_ground": "authority_decision",
            "materially_different_in_character": False,
        }
    )
    assert done.status_code == 201 and done.json()["psr_ground"] == "authority_decision"

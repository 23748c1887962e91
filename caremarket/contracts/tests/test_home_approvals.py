"""The approver's home page lists the approvals waiting for them, each linked to its contract."""

import re
from datetime import date

import pytest
from django.test import Client

from caremarket.contracts import services
from caremarket.contracts.factories import make_contract

pytestmark = pytest.mark.django_db


def _home(actor) -> str:
    client = Client()
    client.force_login(actor.person)
    return " ".join(re.sub(r"<[^>]+>", " ", client.get("/").content.decode()).split())


def test_the_approver_sees_the_exception_waiting_and_then_nothing(
    lead, approver, buyer, buyer_org, supplier_org
):
    contract = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2024, 4, 1), term="3+1")
    assert "Nothing is waiting for your approval" in _home(approver)
    services.contract_extend(actor=lead, contract=contract)
    exception = services.contract_exception_request(
        actor=lead,
        contract=contract,
        months=6,
        reason="Market engagement overran",
        reprocurement_starts_on=date(2027, 6, 1),
        reprocurement_award_by=date(2028, 8, 1),
    )
    client = Client()
    client.force_login(approver.person)
    page = client.get("/").content.decode()
    assert f'href="/contracts/{contract.reference}"' in page
    assert "1 request to run a contract past its last extension option waits for your decision" in _home(
        approver
    )
    assert "6 more months" in _home(approver)
    assert "Approvals waiting" not in _home(buyer)  # only approvers have the panel

    services.contract_exception_decide(actor=approver, exception=exception, approve=True)
    assert "Nothing is waiting for your approval" in _home(approver)

"""The buyer's pages for notices due: the home page's "Notices overdue", the page that shows
what will be published, its "Publish notice" button, and the API twins."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from caremarket.contracts import services as contract_services
from caremarket.contracts.factories import make_contract
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector
from caremarket.transparency.models import Notice, NoticeStatus

pytestmark = pytest.mark.django_db
START = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = START.date()


@pytest.fixture
def world():
    with time_machine.travel(START, tick=False):
        buyer = make_organisation(Sector.BUYER, code="QH8", name="Mid and South Essex ICB")
        other = make_organisation(Sector.BUYER, code="QHG", name="Bedfordshire ICB")
        contract = make_contract(
            buyer=buyer,
            signed=False,
            starts_on=TODAY - timedelta(days=40),
            value="98500",
            title="HSCN for 12 sites",
        )
        lead = make_person(email="lead@due.example", roles=[(buyer, Role.PROCUREMENT_LEAD)])
        contract = contract_services.contract_sign(
            actor=actor_for(lead, buyer),
            contract=contract,
            signed_on=TODAY - timedelta(days=40),
        )
        yield {
            "buyer": buyer,
            "contract": contract,
            "lead": lead,
            "approver": make_person(email="approver@due.example", roles=[(buyer, Role.APPROVER)]),
            "plain_buyer": make_person(email="buyer@due.example", roles=[(buyer, Role.BUYER)]),
            "outsider": make_person(email="lead@other.example", roles=[(other, Role.PROCUREMENT_LEAD)]),
        }


def _path(world, code="UK7"):
    return f"/notices/due/{code}/{world['contract'].reference}"


def test_a_buyer_sees_an_overdue_uk7_on_the_home_page(client, world):
    client.force_login(world["lead"])
    body = client.get("/").content.decode()
    assert "Notices overdue" in body
    reference = world["contract"].reference
    assert f"The UK7 contract details notice for {reference} was due by 21 November 2026" in body
    assert "Publish the contract details notice" in body
    assert f'href="{_path(world)}"' in body


def test_a_plain_buyer_sees_it_but_is_not_offered_the_link(client, world):
    client.force_login(world["plain_buyer"])
    body = client.get("/").content.decode()
    assert "Notices overdue" in body
    assert "Publish the contract details notice" not in body
    assert "procurement leads and approvers publish its notices" in body


def test_the_due_page_shows_what_will_be_published_in_plain_words(client, world):
    client.force_login(world["approver"])
    response = client.get(_path(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Publish the contract details notice" in body
    for text in (
        "Contract details notice (UK7)",
        "£98,500.00",
        "23 October 2026",
        "21 November 2026",
        "Publish notice",
    ):
        assert text in body
    assert "None" not in body and "contract_signed" not in body


def test_publishing_redirects_to_the_public_notice_with_a_banner(client, world):
    client.force_login(world["lead"])
    response = client.post(_path(world), follow=True)
    notice = Notice.objects.get(notice_type="UK7")
    assert notice.status == NoticeStatus.PUBLISHED
    assert response.redirect_chain[-1][0] == f"/notices/{notice.pk}"
    body = response.content.decode()
    assert f"The contract details notice for {world['contract'].reference} was published" in body
    assert "Notices overdue" not in client.get("/").content.decode()
    again = client.post(_path(world))
    assert again.status_code == 400
    assert "is not due" in again.content.decode()
    page = client.get(_path(world)).content.decode()
    assert "No contract details notice is due" in page


@pytest.mark.parametrize("who", ["plain_buyer", "outsider"])
def test_others_may_not_publish(client, world, who):
    client.force_login(world[who])
    assert client.get(_path(world)).status_code in (403, 404)
    assert client.post(_path(world)).status_code in (403, 404)
    assert not Notice.objects.exists()


def test_the_api_lists_and_publishes_the_overdue_notice(client, world):
    client.force_login(world["lead"])
    listed = client.get("/api/v1/notices/overdue")
    assert listed.status_code == 200
    (item,) = listed.json()
    assert item["notice_type"] == "UK7" and item["days_overdue"] == 11
    assert item["due_by"] == "2026-11-21"
    published = client.post(item["publish_path"])
    assert published.status_code == 201, published.content
    assert published.json()["status"] == "published"
    assert client.get("/api/v1/notices/overdue").json() == []
    refused = client.post(item["publish_path"])
    assert refused.status_code == 409
    assert "is not due" in refused.json()["message"]


def test_the_api_refuses_others(client, world):
    client.force_login(world["plain_buyer"])
    response = client.post(f"/api/v1/notices/due/UK7/{world['contract'].reference}")
    assert response.status_code == 403
    assert "procurement leads and approvers" in response.json()["message"]

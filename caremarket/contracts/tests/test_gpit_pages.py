"""GP IT on pages (seed 001): the commissioner orders from the GP IT Futures catalogue against
its allocation and sees what is left, an overspend is refused with the reason in the error
summary; the practice chooses its foundation solution and asks to use a system it buys; the
commissioner approves one and refuses another with the reason."""

import html
import re

import pytest
from django.test import Client

from caremarket.agreements.factories import SYSTEM, admitted_supplier, make_agreement, make_supplier
from caremarket.catalogue.factories import flat, make_listing
from caremarket.contracts import services
from caremarket.contracts.models import OwnSystemRequest
from caremarket.contracts.pricing import lot_book
from caremarket.orgs.factories import make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def catalogue():
    agreement = make_agreement(
        kind="dps", status="live", lots=1, procedures=("further_competition", "direct_award")
    )
    place = admitted_supplier(agreement, 1)
    make_listing(
        supplier=place.supplier, lot=place.lot, price_lines=[flat("Survey", "150.00", charge="one_off")]
    )
    [entry] = lot_book(place.lot, place.supplier).entries.values()
    return place.lot, place.supplier, entry.key


@pytest.fixture
def allocation(catalogue, buyer_org):
    lot, _, _ = catalogue
    return services.allocation_set(
        actor=SYSTEM, agreement=lot.agreement, commissioner=buyer_org, financial_year=2026, amount="500"
    )


@pytest.fixture
def practice(buyer_org):
    org = make_organisation(Sector.BUYER, code="L83001", name="Riverside Surgery", org_type="gp_practice")
    return org, client_for(make_person(roles=[(org, Role.BUYER)]))


def test_the_commissioner_orders_against_its_allocation_and_an_overspend_is_refused(
    buyer_org, catalogue, allocation
):
    lot, supplier, item = catalogue
    buyer = client_for(make_person(roles=[(buyer_org, Role.BUYER)]))
    gpit = buyer.get("/gp-it")
    assert f'href="/gp-it/allocations/{allocation.pk}"' in gpit.content.decode()

    page = buyer.get(f"/gp-it/allocations/{allocation.pk}")
    order_url = f"/gp-it/allocations/{allocation.pk}/order/{lot.number}/{supplier.code}"
    assert page.status_code == 200 and order_url in page.content.decode()
    assert "Allocated £500.00" in _text(page) and "Nothing is charged to this allocation yet" in _text(page)

    form = buyer.get(order_url)
    assert form.status_code == 200 and "£500.00 left of £500.00" in _text(form)
    placed = buyer.post(order_url, {"title": "Practice surveys", "item_1": item, "quantity_1": "3"})
    assert placed.status_code == 302 and placed["Location"].startswith("/orders/")
    order = buyer.get(placed["Location"])
    assert "Charged to NHS Devon ICB's GP IT allocation 2026/27" in _text(order)

    balance = _text(buyer.get(f"/gp-it/allocations/{allocation.pk}"))
    assert "Spent £450.00" in balance and "Left £50.00" in balance and "Practice surveys" in balance

    refused = buyer.post(order_url, {"item_1": item, "quantity_1": "1"})
    assert refused.status_code == 400
    summary = html.unescape(refused.content.decode().split("nhsuk-error-summary", 1)[1])
    assert "is more than what is left of NHS Devon ICB" in summary and "£50.00 of £500.00" in summary
    assert allocation.orders.count() == 1


def test_only_the_commissioners_buyers_order_against_its_allocation(buyer_org, catalogue, allocation):
    lot, supplier, _ = catalogue
    order_url = f"/gp-it/allocations/{allocation.pk}/order/{lot.number}/{supplier.code}"
    approver = client_for(make_person(roles=[(buyer_org, Role.APPROVER)]))
    page = approver.get(f"/gp-it/allocations/{allocation.pk}")
    assert page.status_code == 200 and order_url not in page.content.decode()
    assert approver.get(order_url).status_code == 404
    other = make_organisation(Sector.BUYER, code="QOX", name="Other ICB")
    stranger = client_for(make_person(roles=[(other, Role.BUYER)]))
    assert stranger.get(f"/gp-it/allocations/{allocation.pk}").status_code == 404
    assert stranger.get(order_url).status_code == 404
    buyer = client_for(make_person(roles=[(buyer_org, Role.BUYER)]))
    assert buyer.get(f"/gp-it/allocations/{allocation.pk}/order/{lot.number}/NOPE").status_code == 404


def test_the_practice_chooses_its_foundation_solution_on_the_page(practice):
    _org, client = practice
    supplier = make_supplier()
    good = services.solution_record(
        actor=SYSTEM, name="Greenfield Clinical", supplier=supplier, is_foundation=True, accredited=True
    )
    old = services.solution_record(
        actor=SYSTEM, name="Orchard PAS 4", supplier=supplier, is_foundation=True, accredited=False
    )
    page = client.get("/gp-it")
    assert "Riverside Surgery's foundation solution" in _text(page) and "Orchard PAS 4" in _text(page)
    refused = client.post("/gp-it", {"action": "foundation", "solution": old.pk})
    assert refused.status_code == 400
    summary = refused.content.decode().split("nhsuk-error-summary", 1)[1]
    assert "Orchard PAS 4 is not accredited under GP IT Futures" in summary
    assert client.post("/gp-it", {"action": "foundation", "solution": good.pk}).status_code == 302
    chosen = _text(client.get("/gp-it"))
    assert "You use Greenfield Clinical from" in chosen and "chosen on 23 November 2026" in chosen


def test_the_practice_asks_and_the_commissioner_approves_or_refuses_with_the_reason(buyer_org, practice):
    _org, client = practice
    services.solution_record(
        actor=SYSTEM,
        name="LegacyLab 2",
        supplier=make_supplier(),
        is_foundation=False,
        accredited=False,
        supported=False,
    )
    unsupported = client.post(
        "/gp-it",
        {"action": "own", "system_name": "LegacyLab 2", "purpose": "Pathology", "commissioner": "QJG"},
    )
    assert unsupported.status_code == 400
    assert (
        "LegacyLab 2 is marked unsupported" in unsupported.content.decode().split("nhsuk-error-summary", 1)[1]
    )
    for name in ("Dermatology imaging viewer", "Windows 7 dictation tool"):
        asked = client.post(
            "/gp-it", {"action": "own", "system_name": name, "purpose": "Referrals", "commissioner": "QJG"}
        )
        assert asked.status_code == 302
    viewer = OwnSystemRequest.objects.get(system_name="Dermatology imaging viewer")
    dictation = OwnSystemRequest.objects.get(system_name="Windows 7 dictation tool")
    assert "Waiting for the commissioner" in _text(client.get("/gp-it"))

    approver = client_for(make_person(roles=[(buyer_org, Role.APPROVER)]))
    page = approver.get("/gp-it").content.decode()
    assert (
        f'action="/gp-it/requests/{viewer.pk}"' in page and f'action="/gp-it/requests/{dictation.pk}"' in page
    )
    assert approver.post(f"/gp-it/requests/{viewer.pk}", {"decision": "approved"}).status_code == 302
    no_reason = approver.post(f"/gp-it/requests/{dictation.pk}", {"decision": "refused", "reason": " "})
    assert no_reason.status_code == 400
    assert "Give the reason for refusing" in no_reason.content.decode().split("nhsuk-error-summary", 1)[1]
    reason = "Windows 7 is no longer supported by Microsoft: it cannot be used on NHS infrastructure"
    refused = approver.post(f"/gp-it/requests/{dictation.pk}", {"decision": "refused", "reason": reason})
    assert refused.status_code == 302
    seen = _text(client.get("/gp-it"))
    assert "Approved" in seen and "Refused" in seen and reason in seen
    assert "None" not in seen

"""A contract from an award (refused during standstill), and orders from a buying club's
awarded catalogue by the members frozen in at launch only."""

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from caremarket.agreements.factories import SYSTEM, admitted_supplier, make_agreement
from caremarket.contracts import services
from caremarket.contracts.models import Order
from caremarket.core.errors import RuleViolation
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.price_lists import ContractTerm, PriceList, tier
from caremarket.rules.roles import Role, Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
PRICES = PriceList(
    "bid-1",
    {
        ("HSCN-FIBRE", "100 Mbps"): (tier(1, "1000", "2400"), tier(10, "800", "2000")),
        ("CPE-MANAGED", ""): (tier(1, "250", "120"),),
    },
)


@pytest.fixture
def award(buyer_org):
    from caremarket.competitions.factories import make_competition, make_market

    market = make_market(suppliers=1)
    competition = make_competition(market)
    agreement = make_agreement(kind="dps", lots=1)
    place = admitted_supplier(agreement, 1)
    return SimpleNamespace(
        competition_id=competition.pk,
        reference="FC-2026-041",
        title="HSCN connectivity for Devon",
        buyer_organisation_id=buyer_org.pk,
        supplier_organisation_id=place.supplier_id,
        agreement_id=agreement.pk,
        lot_id=place.lot_id,
        buying_club_id=None,
        value=Decimal("480000.00"),
        term=ContractTerm(3, (1, 1)),
        term_months=60,
        price_list=PRICES,
        awarded_bid_id=7,
        decided_on=date(2026, 10, 1),
        standstill_ends_on=date(2026, 10, 13),
    )


def test_a_contract_is_created_from_an_award(monkeypatch, lead, award):
    from caremarket.competitions import award as award_api

    monkeypatch.setattr(award_api, "award_outcome_for_contract", lambda competition, now: award)
    contract = services.contract_create_from_award(
        actor=lead, competition=object(), starts_on=date(2027, 1, 1)
    )
    assert (contract.origin, contract.value, contract.term.label()) == (
        "award",
        Decimal("480000.00"),
        "3+1+1 years",
    )
    assert contract.competition_id == award.competition_id and contract.lot_id == award.lot_id
    assert contract.price_for("HSCN-FIBRE (100 Mbps)")["unit_price"] == "3400.00"
    with pytest.raises(Exception, match="already been created"):
        services.contract_create_from_award(actor=lead, competition=object(), starts_on=date(2027, 1, 1))


def test_no_contract_during_standstill(monkeypatch, lead):
    from caremarket.competitions import award as award_api

    def refuse(competition, now):
        raise RuleViolation("Standstill runs until 13 October", code="standstill.in_force")

    monkeypatch.setattr(award_api, "award_outcome_for_contract", refuse)
    with pytest.raises(RuleViolation) as raised:
        services.contract_create_from_award(actor=lead, competition=object(), starts_on=date(2027, 1, 1))
    assert raised.value.code == "standstill.in_force"


@pytest.fixture
def club(monkeypatch, buyer_org):
    """An awarded club: its lot, a winner with a price list, and the members at launch."""
    from caremarket.competitions import award as award_api
    from caremarket.sourcing import baseline
    from caremarket.sourcing.factories import make_club

    agreement = make_agreement(kind="dps", lots=1)
    place = admitted_supplier(agreement, 1)
    club = make_club(agreement=agreement, name="South West buying club")
    catalogue = SimpleNamespace(
        club_id=club.pk,
        competition_id=9,
        reference="FC-SW-2018",
        supplier_organisation_id=place.supplier_id,
        price_list=PRICES,
        term=ContractTerm(3, (1, 1)),
        awarded_at=datetime(2026, 10, 1, tzinfo=UTC),
    )
    monkeypatch.setattr(award_api, "club_catalogue", lambda c: catalogue if c is club else None)
    monkeypatch.setattr(baseline, "members_at_launch", lambda c: frozenset({buyer_org.pk}))
    return club, place


def test_a_member_at_launch_orders_from_the_clubs_catalogue(buyer, buyer_org, club):
    club, place = club
    order = services.order_place(
        actor=buyer,
        buyer=buyer_org,
        club=club,
        lines=[
            {
                "item": "HSCN-FIBRE (100 Mbps)",
                "quantity": 1,
                "site": f"QJG-{n}",
                "delivery_date": date(2027, 3, 31),
            }
            for n in (1, 2, 3)
        ],
    )
    assert (order.source, order.supplier_id, order.buying_club_id) == ("club", place.supplier_id, club.pk)
    assert order.value == Decimal("10200.00")
    assert order.fee == Decimal("102.00")
    assert order.deliveries.count() == 3
    line = order.lines.first()
    assert line.price_source["catalogue"] == "FC-SW-2018" and line.price_source["one_off"] == "1000.00"


def test_a_non_member_is_refused(club):
    club, _ = club
    outsider = make_organisation(Sector.BUYER, name="Joined too late Trust")
    person = actor_for(make_person(roles=[(outsider, Role.BUYER)]), outsider)
    with pytest.raises(RuleViolation) as raised:
        services.order_place(
            actor=person, buyer=outsider, club=club, lines=[{"item": "CPE-MANAGED", "quantity": 1}]
        )
    assert raised.value.code == "buying_club.not_entitled_to_order"
    assert "was not a member" in raised.value.message
    assert not Order.objects.exists()


def test_a_club_without_an_awarded_catalogue_takes_no_orders(buyer, buyer_org):
    from caremarket.sourcing.factories import make_club

    other = make_club(name="North East buying club")
    with pytest.raises(RuleViolation) as raised:
        services.order_place(actor=buyer, buyer=buyer_org, club=other, lines=[{"item": "x", "quantity": 1}])
    assert raised.value.code == "buying_club.not_entitled_to_order"
    assert SYSTEM

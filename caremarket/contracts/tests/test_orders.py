"""Call-off orders: from a contract and from an agreement lot; revisions; price snapshots;
entitlement; the value ceiling under concurrent orders; site delivery and migration; GP IT
allocations."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections

from caremarket.agreements import services as agreement_services
from caremarket.agreements.factories import SYSTEM, admitted_supplier, make_agreement, make_supplier
from caremarket.agreements.models import LotSupplier
from caremarket.catalogue import services as catalogue_services
from caremarket.catalogue.factories import flat, make_listing, tiered
from caremarket.contracts import selectors, services
from caremarket.contracts.factories import contract_on_lot, make_contract
from caremarket.contracts.models import Order, OrderLine, SiteDelivery
from caremarket.core.errors import PermissionDenied, RuleViolation, ValidationFailed
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.roles import Role, Sector

pytestmark = pytest.mark.django_db
LINES = [
    {
        "item": "HSCN connection 100 Mbit/s",
        "quantity": 1,
        "site": "QJG-1",
        "delivery_date": date(2027, 1, 31),
    },
    {
        "item": "HSCN connection 100 Mbit/s",
        "quantity": 1,
        "site": "QJG-2",
        "delivery_date": date(2027, 1, 31),
    },
    {"item": "Installation", "quantity": 2},
]


@pytest.fixture
def contract(frozen, buyer_org, supplier_org):
    return make_contract(buyer=buyer_org, supplier=supplier_org, value="10000")


def test_an_order_against_a_contract_is_priced_from_its_price_list(buyer, contract):
    order = services.order_place(actor=buyer, buyer=contract.buyer, contract=contract, lines=LINES)
    assert order.revision_id == f"C{order.pk:06d}-01"
    assert (order.value, order.source, order.supplier) == (Decimal("1300.00"), "contract", contract.supplier)
    lines = list(selectors.order_lines(order))
    assert [(li.item, li.value, li.site.code if li.site else None) for li in lines] == [
        ("HSCN connection 100 Mbit/s", Decimal("250.00"), "QJG-1"),
        ("HSCN connection 100 Mbit/s", Decimal("250.00"), "QJG-2"),
        ("Installation", Decimal("800.00"), None),
    ]
    assert lines[0].price_source["contract"] == contract.reference
    assert SiteDelivery.objects.filter(order=order).count() == 2
    assert selectors.order_for_actor(buyer, order.reference) == order


def test_bad_lines_are_refused_together(buyer, contract):
    bad = [{"item": "Unicorns", "quantity": 0}, {"item": "Installation", "quantity": 1, "site": "NOPE"}]
    with pytest.raises(ValidationFailed) as raised:
        services.order_place(actor=buyer, buyer=contract.buyer, contract=contract, lines=bad)
    assert set(raised.value.details["fields"]) == {"lines.1", "lines.2"}
    assert not Order.objects.exists()


def test_orders_may_not_pass_the_contracts_value(buyer, contract):
    services.order_place(
        actor=buyer, buyer=contract.buyer, contract=contract, lines=[{"item": "Installation", "quantity": 24}]
    )
    with pytest.raises(RuleViolation) as raised:
        services.order_place(
            actor=buyer,
            buyer=contract.buyer,
            contract=contract,
            lines=[{"item": "Installation", "quantity": 2}],
        )
    assert raised.value.code == "contract.ceiling_exceeded"
    assert "£400.00 is left" in raised.value.message


def test_only_the_contracts_buyer_orders_and_only_buyers(supplier_user, contract, buyer):
    with pytest.raises(PermissionDenied):
        services.order_place(actor=supplier_user, buyer=contract.buyer, contract=contract, lines=LINES)
    other = make_organisation(Sector.BUYER)
    other_buyer = actor_for(make_person(roles=[(other, Role.BUYER)]), other)
    with pytest.raises(PermissionDenied):
        services.order_place(actor=other_buyer, buyer=other, contract=contract, lines=LINES)


def test_a_contract_not_in_force_takes_no_orders(buyer, buyer_org, supplier_org, frozen):
    ended = make_contract(buyer=buyer_org, supplier=supplier_org, starts_on=date(2020, 1, 1), term="2")
    draft = make_contract(buyer=buyer_org, supplier=supplier_org, signed=False)
    for contract in (ended, draft):
        with pytest.raises(RuleViolation) as raised:
            services.order_place(actor=buyer, buyer=buyer_org, contract=contract, lines=LINES)
        assert raised.value.code == "contract.not_in_force"


def test_a_suspended_supplier_takes_no_orders_under_its_contract(frozen, buyer_org):
    contract = contract_on_lot(buyer=buyer_org, value="50000")
    buyer = actor_for(make_person(roles=[(buyer_org, Role.BUYER)]), buyer_org)
    services.order_place(
        actor=buyer, buyer=buyer_org, contract=contract, lines=[{"item": "Installation", "quantity": 1}]
    )
    place = LotSupplier.objects.get(lot=contract.lot, supplier=contract.supplier)
    agreement_services.lot_supplier_suspend(
        actor=SYSTEM, place=place, ground="unpaid_management_fees", reason="Unpaid"
    )
    with pytest.raises(RuleViolation) as raised:
        services.order_place(
            actor=buyer, buyer=buyer_org, contract=contract, lines=[{"item": "Installation", "quantity": 1}]
        )
    assert raised.value.code == "supplier.suspended"


def test_an_amendment_is_a_new_revision_and_keeps_the_prices_ordered_at(buyer, contract):
    order = services.order_place(actor=buyer, buyer=contract.buyer, contract=contract, lines=LINES)
    # The contract's price list changes afterwards; the order keeps its snapshot.
    contract.price_list = [
        {"item": "HSCN connection 100 Mbit/s", "unit": "", "unit_price": "300.00"},
        {"item": "Installation", "unit": "", "unit_price": "500.00"},
    ]
    contract.save()
    amended = services.order_amend(
        actor=buyer,
        order=order,
        reason="A third site",
        lines=[
            *LINES[:2],
            {"item": "HSCN connection 100 Mbit/s", "quantity": 1, "site": "QJG-3"},
            {"item": "Installation", "quantity": 3},
        ],
    )
    assert amended.revision_id == f"C{order.pk:06d}-02"
    assert amended.value == Decimal("1950.00")  # 3 x 250 + 3 x 400, the prices it was ordered at
    assert OrderLine.objects.filter(order=order, revision=1).count() == 3
    assert list(order.revisions.values_list("number", "value")) == [
        (1, Decimal("1300.00")),
        (2, Decimal("1950.00")),
    ]
    assert SiteDelivery.objects.filter(order=order).count() == 3
    with pytest.raises(ValidationFailed):
        services.order_amend(actor=buyer, order=order, reason="", lines=LINES)
    # An amendment too is held to the ceiling.
    with pytest.raises(RuleViolation):
        services.order_amend(
            actor=buyer, order=order, reason="Lots", lines=[{"item": "Installation", "quantity": 30}]
        )


def test_fees_accrue_on_every_order(frozen, buyer_org):
    contract = contract_on_lot(buyer=buyer_org, value="50000")
    buyer = actor_for(make_person(roles=[(buyer_org, Role.BUYER)]), buyer_org)
    order = services.order_place(
        actor=buyer, buyer=buyer_org, contract=contract, lines=[{"item": "Installation", "quantity": 3}]
    )
    assert (order.fee_rate, order.fee) == (Decimal("0.0100"), Decimal("12.00"))
    amended = services.order_amend(
        actor=buyer, order=order, reason="Fewer", lines=[{"item": "Installation", "quantity": 1}]
    )
    assert amended.fee == Decimal("4.00")


# --- Orders against an agreement lot ---------------------------------------------------------


@pytest.fixture
def listed(frozen):
    agreement = make_agreement(
        kind="dps", status="live", lots=1, procedures=("further_competition", "direct_award")
    )
    place = admitted_supplier(agreement, 1)
    listing = make_listing(
        supplier=place.supplier,
        lot=place.lot,
        price_lines=[
            tiered(
                "Ethernet 100 Mbit/s", "per_connection", "monthly", (1, 9, "289.00"), (10, None, "259.00")
            ),
            flat("Survey", "150.00", charge="one_off"),
        ],
    )
    return place.lot, place.supplier, listing


def test_an_order_on_a_lot_takes_the_live_catalogue_price(buyer, buyer_org, listed):
    lot, supplier, listing = listed
    order = services.order_place(
        actor=buyer,
        buyer=buyer_org,
        lot=lot,
        supplier=supplier,
        procedure="direct_award",
        lines=[{"item": "Ethernet 100 Mbit/s", "quantity": 10}, {"item": "Survey", "quantity": 1}],
    )
    assert order.value == Decimal("2740.00")  # the 10+ tier
    line = selectors.order_lines(order).first()
    assert line.price_source["listing"] == listing.reference and line.price_source["version"] == 1
    assert order.fee == Decimal("27.40")


def test_a_lot_order_follows_the_agreements_rules(buyer, buyer_org, listed):
    lot, supplier, _ = listed
    with pytest.raises(RuleViolation) as raised:
        services.order_place(
            actor=buyer,
            buyer=buyer_org,
            lot=lot,
            supplier=supplier,
            procedure="open_procedure",
            lines=[{"item": "Survey", "quantity": 1}],
        )
    assert raised.value.code == "lot.procedure_not_allowed"
    stranger = make_supplier()
    with pytest.raises(RuleViolation) as raised:
        services.order_place(
            actor=buyer,
            buyer=buyer_org,
            lot=lot,
            supplier=stranger,
            procedure="direct_award",
            lines=[{"item": "Survey", "quantity": 1}],
        )
    assert raised.value.code == "supplier.not_on_lot"


def test_a_removed_or_non_compliant_supplier_takes_no_lot_orders(buyer, buyer_org, listed):
    lot, supplier, _ = listed
    place = LotSupplier.objects.get(lot=lot, supplier=supplier)
    agreement_services.lot_supplier_remove(
        actor=SYSTEM, place=place, ground="data_mishandling", reason="Breach"
    )
    with pytest.raises(RuleViolation) as raised:
        services.order_place(
            actor=buyer,
            buyer=buyer_org,
            lot=lot,
            supplier=supplier,
            procedure="direct_award",
            lines=[{"item": "Survey", "quantity": 1}],
        )
    assert raised.value.code == "supplier.removed"
    lapsed = admitted_supplier(lot.agreement, 1, certifications=(("dspt", 2),))
    from time_machine import travel

    with travel("2026-12-01", tick=False), pytest.raises(RuleViolation) as raised:
        services.order_place(
            actor=buyer,
            buyer=buyer_org,
            lot=lot,
            supplier=lapsed.supplier,
            procedure="direct_award",
            lines=[{"item": "Survey", "quantity": 1}],
        )
    assert raised.value.code == "supplier.non_compliant"


def test_an_expired_agreement_takes_no_orders(buyer, buyer_org, frozen):
    agreement = make_agreement(
        kind="dps",
        status="live",
        lots=1,
        procedures=("direct_award",),
        starts_on=date(2020, 1, 1),
        ends_on=date(2026, 1, 1),
    )
    supplier = make_supplier()
    place = agreement_services.lot_supplier_record(
        actor=SYSTEM, lot=agreement.lots.get(), supplier=supplier, admitted_on=date(2021, 1, 1)
    )
    with pytest.raises(RuleViolation) as raised:
        services.order_place(
            actor=buyer,
            buyer=buyer_org,
            lot=place.lot,
            supplier=supplier,
            procedure="direct_award",
            lines=[{"item": "Survey", "quantity": 1}],
        )
    assert raised.value.code == "agreement.expired"


def test_a_new_listing_version_does_not_change_an_order(buyer, buyer_org, listed):
    lot, supplier, _listing = listed
    order = services.order_place(
        actor=buyer,
        buyer=buyer_org,
        lot=lot,
        supplier=supplier,
        procedure="direct_award",
        lines=[{"item": "Survey", "quantity": 1}],
    )
    assert selectors.order_lines(order).get().unit_price == Decimal("150.00")
    assert catalogue_services  # the catalogue may reprice; the order's lines are its own rows


# --- Delivery and migration --------------------------------------------------------------------


def test_sites_move_from_ordered_to_migrated_one_step_at_a_time(buyer, contract, supplier_user):
    order = services.order_place(actor=buyer, buyer=contract.buyer, contract=contract, lines=LINES)
    site = order.deliveries.order_by("site__code").first()
    with pytest.raises(RuleViolation) as raised:
        services.site_delivery_advance(actor=supplier_user, delivery=site, stage="live")
    assert raised.value.code == "site_delivery.transition_refused"
    with pytest.raises(PermissionDenied):
        services.site_delivery_advance(actor=buyer, delivery=site, stage="installed")
    for stage in ("installed", "live", "migrated"):
        site = services.site_delivery_advance(actor=supplier_user, delivery=site, stage=stage)
    assert (site.stage, site.migrated_on) == ("migrated", date(2026, 11, 23))
    progress = selectors.delivery_progress(buyer, by="region")
    assert [(p.group, p.total, p.counts["migrated"]) for p in progress] == [("South West", 2, 1)]
    assert [p.group for p in selectors.delivery_progress(buyer, by="supplier")] == ["Northway Networks Ltd"]


def test_late_sites_are_listed(buyer, contract, frozen):
    order = services.order_place(actor=buyer, buyer=contract.buyer, contract=contract, lines=LINES)
    assert list(selectors.late_sites(buyer)) == []
    late = list(selectors.late_sites(buyer, today=date(2027, 2, 1)))
    assert [d.site.code for d in late] == ["QJG-1", "QJG-2"]
    assert late[0].order == order


# --- GP IT allocations -------------------------------------------------------------------------


def test_orders_spend_a_commissioners_allocation_and_none_beyond_it(buyer, buyer_org, listed):
    lot, supplier, _ = listed
    manager_org = lot.agreement.owner
    manager = actor_for(make_person(roles=[(manager_org, Role.AGREEMENT_MANAGER)]), manager_org)
    allocation = services.allocation_set(
        actor=manager, agreement=lot.agreement, commissioner=buyer_org, financial_year=2026, amount="500"
    )
    services.order_place(
        actor=buyer,
        buyer=buyer_org,
        lot=lot,
        supplier=supplier,
        procedure="direct_award",
        allocation=allocation,
        lines=[{"item": "Survey", "quantity": 3}],
    )
    with pytest.raises(RuleViolation) as raised:
        services.order_place(
            actor=buyer,
            buyer=buyer_org,
            lot=lot,
            supplier=supplier,
            procedure="direct_award",
            allocation=allocation,
            lines=[{"item": "Survey", "quantity": 1}],
        )
    assert raised.value.code == "gpit.allocation_exceeded"
    [row] = selectors.allocations_for_actor(buyer)
    assert (row.spent, row.remaining) == (Decimal("450.00"), Decimal("50.00"))
    with pytest.raises(ValidationFailed):
        services.allocation_set(
            actor=manager, agreement=lot.agreement, commissioner=buyer_org, financial_year=2026, amount="400"
        )


# --- The ceiling under concurrent orders (PostgreSQL) --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_orders_never_pass_the_ceiling():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serialises every writer")
    buyer_org = make_organisation(Sector.BUYER, code="QCC")
    contract = make_contract(buyer=buyer_org, value="10000")  # room for 25 installations at £400
    person = make_person(roles=[(buyer_org, Role.BUYER)])
    actor = actor_for(person, buyer_org)
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def place():
        try:
            barrier.wait(timeout=30)
            services.order_place(
                actor=actor,
                buyer=buyer_org,
                contract=contract,
                lines=[{"item": "Installation", "quantity": 1}],
            )
            result = "placed"
        except RuleViolation as exc:
            result = exc.code
        except Exception as exc:  # anything else is a failure of the test
            result = f"error {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=place) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(set(outcomes)) == ["contract.ceiling_exceeded", "placed"], outcomes
    assert outcomes.count("placed") == 25
    assert selectors.committed_value(contract) == Decimal("10000.00")

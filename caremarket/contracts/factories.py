"""Test data for contracts, built through the services so every record has its audit trail."""

from datetime import date, timedelta

from caremarket.agreements.factories import SYSTEM, admitted_supplier, make_agreement, make_supplier
from caremarket.contracts import services
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.orgs.factories import make_organisation
from caremarket.orgs.models import Organisation
from caremarket.rules.roles import Sector

PRICE_LIST = [
    {"item": "HSCN connection 100 Mbit/s", "unit": "per_connection", "unit_price": "250.00"},
    {"item": "Installation", "unit": "per_connection", "unit_price": "400.00"},
]
KPIS = [
    {
        "code": "availability",
        "name": "Service availability",
        "target": "99.5",
        "unit": "%",
        "domain": "services",
    },
    {
        "code": "fix-time",
        "name": "Time to fix a priority 1 fault",
        "target": "4",
        "unit": "hours",
        "direction": "lower_is_better",
        "domain": "customer",
    },
]


def make_contract(
    *,
    buyer: Organisation | None = None,
    supplier: Organisation | None = None,
    value: str = "100000",
    starts_on: date | None = None,
    term: str = "3+1+1",
    signed: bool = True,
    lot=None,
    origin: str = "existing",
    price_list: list[dict] | None = None,
    kpis: list[dict] | None = None,
    **fields,
) -> Contract:
    buyer = buyer or make_organisation(Sector.BUYER)
    supplier = supplier or make_supplier()
    contract = services.contract_record(
        actor=SYSTEM,
        buyer=buyer,
        supplier=supplier,
        origin=origin,
        lot=lot,
        title=fields.pop("title", "Connectivity for every site"),
        value=value,
        starts_on=starts_on or clock.today() - timedelta(days=30),
        term=term,
        price_list=PRICE_LIST if price_list is None else price_list,
        kpis=KPIS if kpis is None else kpis,
        **fields,
    )
    if signed:
        contract = services.contract_sign(
            actor=SYSTEM, contract=contract, signed_on=min(clock.today(), contract.starts_on)
        )
    return contract


def contract_on_lot(**fields) -> Contract:
    """A signed contract under lot 1 of a live DPS with a 1% fee, with an admitted supplier."""
    agreement = make_agreement(procedures=("further_competition", "direct_award"))
    place = admitted_supplier(agreement)
    lot = agreement.lots.get(number=1)
    contract = make_contract(supplier=place.supplier, **fields)
    Contract.objects.filter(pk=contract.pk).update(
        lot=lot, agreement=agreement, fee_rate=agreement.management_fee_rate
    )
    contract.refresh_from_db()
    return contract

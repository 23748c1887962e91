"""What the contract cases need, on top of the agreements' world (MX1, a live DPS run by the
matrix buyer, with the matrix supplier admitted to lot 1): a live contract MXK1 under lot 1
(KPIs, a price list, an order for site MXB-1 and three red availability results that raised a
suspension proposal), a draft MXK2, MXK3 with no options left and an exception waiting for
approval, a fee return for last month (invoiced, unpaid) and one for the month before (not
invoiced), a backstop with a handover under way on MXK3, a GP IT allocation, and a GP
practice's own-system request to the matrix buyer."""

from datetime import timedelta

from caremarket.agreements.factories import SYSTEM, make_supplier
from caremarket.contracts import services
from caremarket.contracts.factories import KPIS, PRICE_LIST
from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.orgs.factories import make_organisation
from caremarket.rules.fees import month_start
from caremarket.rules.roles import Sector


def _contract(world, reference: str, *, term: str, starts_on, sign: bool = True) -> Contract:
    agreement = world.buyer.agreements.get(reference="MX1")
    contract = services.contract_record(
        actor=SYSTEM,
        buyer=world.buyer,
        supplier=world.supplier,
        origin="existing",
        reference=reference,
        title=f"Matrix contract {reference}",
        value="100000",
        starts_on=starts_on,
        term=term,
        price_list=PRICE_LIST,
        kpis=KPIS,
    )
    Contract.objects.filter(pk=contract.pk).update(
        agreement=agreement, lot=agreement.lots.get(number=1), fee_rate=agreement.management_fee_rate
    )
    contract.refresh_from_db()
    if sign:
        contract = services.contract_sign(
            actor=SYSTEM, contract=contract, signed_on=min(starts_on, clock.today())
        )
    return contract


def build(world) -> None:
    today = clock.today()
    this_month = month_start(today)
    last_month = month_start(this_month - timedelta(days=1))
    before_last = month_start(last_month - timedelta(days=1))
    live = _contract(world, "MXK1", term="3+1+1", starts_on=before_last.replace(year=before_last.year - 1))
    _contract(world, "MXK2", term="2", starts_on=today + timedelta(days=30), sign=False)
    ending = _contract(
        world, "MXK3", term="2", starts_on=today.replace(year=today.year - 1) + timedelta(days=10)
    )
    world.extra["subcontractor"] = make_supplier(code="MXSUB", name="Matrix Niche CIC")
    order = services.order_place(
        actor=SYSTEM,
        buyer=world.buyer,
        contract=live,
        lines=[{"item": "HSCN connection 100 Mbit/s", "quantity": 1, "site": "MXB-1"}],
    )
    world.extra["order"] = order
    world.extra["delivery"] = order.deliveries.get()
    kpi = live.kpis.get(code="availability")
    month = before_last
    for _ in range(3):
        month = month_start(month - timedelta(days=1))
    for _ in range(3):
        services.kpi_return_submit(actor=SYSTEM, kpi=kpi, period=month, actual="80")
        month = month_start(month + timedelta(days=32))
    world.extra["proposal"] = live.proposals.get()
    world.extra["exception"] = services.contract_exception_request(
        actor=SYSTEM,
        contract=ending,
        months=6,
        reason="The replacement is late",
        reprocurement_starts_on=today,
        reprocurement_award_by=ending.ends_on + timedelta(days=60),
    )
    agreement = live.agreement
    invoiced = services.fee_return_submit(
        actor=SYSTEM, supplier=world.supplier, agreement=agreement, period=last_month, nil=True
    )
    world.extra["invoice"] = services.fee_invoice_issue(actor=SYSTEM, fee_return=invoiced)
    world.extra["fee_return"] = services.fee_return_submit(
        actor=SYSTEM, supplier=world.supplier, agreement=agreement, period=before_last, nil=True
    )
    world.extra["return_period"] = month_start(before_last - timedelta(days=1))
    backstop = services.backstop_create(
        actor=SYSTEM,
        owner=world.buyer,
        category="hscn_connectivity",
        title="Matrix HSCN backstop",
        suppliers=[world.extra["subcontractor"]],
    )
    world.extra["backstop"] = backstop
    world.extra["handover"] = services.backstop_trigger(
        actor=SYSTEM, backstop=backstop, contract=ending, reason="supplier_exit", details="Matrix exit"
    )
    world.extra["allocation"] = services.allocation_set(
        actor=SYSTEM, agreement=agreement, commissioner=world.buyer, financial_year=today.year, amount="50000"
    )
    practice = make_organisation(Sector.BUYER, code="MXGP", name="Matrix Surgery", org_type="gp_practice")
    world.extra["practice"] = practice
    world.extra["gpit_solution"] = services.solution_record(
        actor=SYSTEM, name="Matrix Clinical", supplier=world.supplier, is_foundation=True, accredited=True
    )
    world.extra["own_system"] = services.own_system_request(
        actor=SYSTEM,
        practice=practice,
        commissioner=world.buyer,
        system_name="Matrix Imaging",
        purpose="Referrals",
    )

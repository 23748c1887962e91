"""What the continuity cases need, on top of the contracts' world (MX1 lot 1, run by the matrix
buyer, with MXK1 live under it): a backstop supplier MXBK admitted to the lot, and the lot's
backstop for every region with MXBK first to call."""

from caremarket.agreements.factories import SYSTEM, make_supplier
from caremarket.agreements.models import LotSupplier
from caremarket.contracts import services
from caremarket.core import clock


def build(world) -> None:
    agreement = world.buyer.agreements.get(reference="MX1")
    lot = agreement.lots.get(number=1)
    lot.agreement = agreement
    backstop_supplier = make_supplier(code="MXBK", name="Matrix Backstop Ltd")
    LotSupplier.objects.create(lot=lot, supplier=backstop_supplier, admitted_on=clock.today())
    world.extra["backstop_supplier"] = backstop_supplier
    world.extra["lot_backstop"] = services.lot_backstop_create(
        actor=SYSTEM, lot=lot, region="", title="Matrix lot 1 backstop", suppliers=[backstop_supplier]
    )

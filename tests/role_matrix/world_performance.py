"""What the performance cases need in the matrix world: an open improvement plan on MXK1 (the
contracts' world already holds MXK1's KPIs and its suspension proposal)."""

from datetime import timedelta

from caremarket.agreements.factories import SYSTEM
from caremarket.contracts import services
from caremarket.contracts.models import Contract
from caremarket.core import clock


def build(world) -> None:
    live = Contract.objects.get(reference="MXK1")
    world.extra["plan"] = services.improvement_plan_open(
        actor=SYSTEM,
        contract=live,
        title="Matrix plan",
        actions="Fix availability",
        due_on=clock.today() + timedelta(days=30),
        kpi=live.kpis.get(code="availability"),
    )

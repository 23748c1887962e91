"""A Direct Award C process built through the services, to a chosen point: for the demo, the
role matrix and tests."""

from decimal import Decimal

from caremarket.core.actor import Actor
from caremarket.orgs.models import Organisation
from caremarket.rules import psr as rules
from caremarket.selection.models import SelectionProcess
from caremarket.selection.services import psr as services

# The facts of a contract that is expiring, with a satisfactory provider and a small change.
DIRECT_AWARD_C_FACTS = {
    "existing_provider": True,
    "existing_contract_expiring": True,
    "provider_satisfactory": True,
    "change_attributable_to_authority": True,
    "old_lifetime_value": Decimal("2400000"),
    "new_lifetime_value": Decimal("2460000"),
}


def criteria_rows(on) -> list[dict]:
    """A complete decision record: a weight and a rationale for each key criterion."""
    weights = ("30", "25", "20", "15", "10")
    return [
        {
            "criterion": criterion.code,
            "weight": weight,
            "rationale": f"{criterion.name}: the provider's record over the current contract",
        }
        for criterion, weight in zip(rules.key_criteria(on), weights, strict=True)
    ]


def build_direct_award_c_in_standstill(
    *,
    actor: Actor,
    commissioner: Organisation,
    provider: Organisation,
    title: str = "Community equipment service",
    description: str = "Equipment for people living at home, delivered, fitted and collected.",
    until: str = "standstill",
) -> SelectionProcess:
    """A Direct Award C process for `commissioner`, awarding to `provider`: started, chosen,
    with its decision recorded and (for "standstill") its notice of intention published."""
    from caremarket.core import clock

    selection = services.selection_start(
        actor=actor,
        lead_commissioner=commissioner,
        title=title,
        description=description,
        estimated_value=Decimal("2460000"),
        term_min_months=36,
        term_max_months=60,
    )
    selection = services.selection_choose(
        actor=actor, selection=selection, facts=DIRECT_AWARD_C_FACTS, process=rules.Process.DIRECT_AWARD_C
    )
    if until == "chosen":
        return selection
    services.psr_decision_record(
        actor=actor,
        selection=selection,
        provider=provider,
        contract_value=Decimal("2460000"),
        criteria=criteria_rows(clock.today()),
    )
    if until == "decided":
        return selection
    services.psr_intention_publish(actor=actor, selection=selection)
    selection.refresh_from_db()
    return selection

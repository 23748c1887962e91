"""World state for the urgent award and modification cases: the matrix buyer (B) has made an
urgent award (regulation 14) to the matrix supplier (S)."""


def needed_for(route: str) -> bool:
    return "urgent-awards" in route


def build(world) -> None:
    from caremarket.core import clock
    from caremarket.selection.services.psr_urgent import urgent_award_record

    world.extra["urgent_award"] = urgent_award_record(
        actor=world.actor("B:procurement_lead"),
        commissioner=world.buyer,
        provider=world.supplier,
        title="Matrix urgent nursing",
        value="120,000",
        starts_on=clock.today(),
        term_months=6,
        must_be_made_urgently=True,
        urgency_unforeseeable_and_not_attributable=True,
        delay_risks_patient_or_public_safety=True,
        urgency_reason="The provider closed without notice",
    )

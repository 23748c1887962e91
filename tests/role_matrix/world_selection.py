"""What the provider selection cases need (each part adds its own builder function here)."""


def build(world) -> None:
    build_psr(world)
    build_msp(world)


def build_msp(world) -> None:
    """The Most Suitable Provider process at each of its steps (see cases_selection_mcp)."""
    from tests.role_matrix.cases_selection_mcp import build_msp_world

    build_msp_world(world)


def build_psr(world) -> None:
    """The matrix buyer (B) runs three Direct Award C processes awarding to the matrix supplier
    (S): one with its decision recorded, one in standstill, one paused by a representation."""
    from caremarket.selection.demo_psr import build_direct_award_c_in_standstill
    from caremarket.selection.services import psr as psr_services

    lead = world.actor("B:procurement_lead")
    args = {"actor": lead, "commissioner": world.buyer, "provider": world.supplier}
    world.extra["psr_decided"] = build_direct_award_c_in_standstill(
        **args, title="Matrix equipment A", until="decided"
    )
    world.extra["psr_standstill"] = build_direct_award_c_in_standstill(**args, title="Matrix equipment B")
    paused = build_direct_award_c_in_standstill(**args, title="Matrix equipment C")
    world.extra["psr_representation"] = psr_services.psr_representation_record(
        actor=world.actor("S:supplier_user"), selection=paused, provider=world.supplier, summary="Reconsider"
    )
    world.extra["psr_paused"] = paused

"""The home page panel for suppliers with handovers under way: the services they are handing
over or taking on, with each checklist's progress."""

from caremarket.contracts import selectors
from caremarket.rules.continuity import handover_progress
from caremarket.web.home import Panel, home_panel


@home_panel
def handover_panels(actor) -> list[Panel]:
    handovers = selectors.supplier_open_handovers(actor)
    if not handovers:
        return []
    mine = set(actor.organisation_ids)
    rows = [
        {
            "handover": h,
            "taking_on": h.incoming_id in mine,
            "progress": handover_progress([i.status for i in selectors.handover_items(h)]),
        }
        for h in handovers
    ]
    return [Panel("Handovers", "web/contracts/panels/handovers.jinja", {"rows": rows})]

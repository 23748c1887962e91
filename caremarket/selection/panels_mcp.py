"""The home page panel of the Most Suitable Provider processes a person takes part in (as a
commissioner, a panel member or an alliance's provider), each with what comes next."""

from caremarket.selection import selectors_mcp as sel
from caremarket.web.home import Panel, home_panel

SHOWN = 5


@home_panel
def msp_processes_panel(actor) -> list[Panel]:
    if not actor.is_authenticated or actor.sees_everything:
        return []
    processes = [p for p in sel.msp_processes_for_actor(actor) if p.ended_at is None]
    if not processes:
        return []
    items = [
        {"reference": p.reference, "title": p.title, "next": sel.overview(p).next_step}
        for p in processes[:SHOWN]
    ]
    context = {"items": items, "count": len(processes)}
    return [Panel("Most Suitable Provider processes", "web/selection/mcp/panel.jinja", context)]

"""The home page panel of the notices a buyer organisation has not published by their deadline."""

from caremarket.core.permissions import can
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.roles import Role, Sector
from caremarket.transparency.overdue import kind_phrase, overdue_for
from caremarket.web.home import Panel, home_panel

PANEL_ROLES = (Role.PROCUREMENT_LEAD, Role.APPROVER, Role.BUYER, Role.ORG_ADMIN)
SHOWN = 10


@home_panel
def overdue_notices_panel(actor) -> list[Panel]:
    org = acting_organisation(actor)
    if org is None or org.sector != Sector.BUYER or not actor.has_role(org.pk, *PANEL_ROLES):
        return []
    overdue = overdue_for(org.pk)
    if not overdue:
        return []
    items = [
        {
            "sentence": late.sentence,
            "code": late.fact.code,
            "reference": late.fact.ref,
            "kind": kind_phrase(late.kind),
            "days_overdue": late.days_overdue,
        }
        for late, _due in overdue[:SHOWN]
    ]
    context = {
        "items": items,
        "count": len(overdue),
        "can_publish": can(actor, "transparency.draft_notice", org),
    }
    return [Panel("Notices overdue", "web/panels/notices_overdue.jinja", context)]

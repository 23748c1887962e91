"""Home page panels of the Provider Selection Regime: a commissioner's processes in standstill
or awaiting its review of representations; a provider's own representations."""

from caremarket.orgs.selectors import acting_organisation
from caremarket.rules import psr as rules
from caremarket.rules.roles import Role, Sector
from caremarket.selection.models import PsrDecision, PsrRepresentation
from caremarket.web.home import Panel, home_panel

PANEL_ROLES = (Role.PROCUREMENT_LEAD, Role.APPROVER, Role.BUYER, Role.ORG_ADMIN)
SHOWN = 10


@home_panel
def psr_processes_panel(actor) -> list[Panel]:
    org = acting_organisation(actor)
    if org is None or not actor.is_member(org.pk):
        return []
    if org.sector == Sector.BUYER and actor.has_role(org.pk, *PANEL_ROLES):
        decisions = (
            PsrDecision.objects.filter(
                selection__commissioners=org, selection__stage__in=("standstill", "paused")
            )
            .select_related("selection")
            .order_by("intention_published_on", "pk")
            .distinct()[:SHOWN]
        )
        items = [
            {
                "reference": d.selection.reference,
                "title": d.selection.title,
                "waiting": d.selection.stage == "paused",
                "ends_on": rules.standstill_ends_on(d.intention_published_on)
                if d.intention_published_on
                else None,
            }
            for d in decisions
        ]
        if not items:
            return []
        return [
            Panel(
                "Provider selection: standstill", "web/selection/psr/panel_processes.jinja", {"items": items}
            )
        ]
    if org.sector == Sector.SUPPLIER:
        reps = list(
            PsrRepresentation.objects.filter(provider=org)
            .select_related("selection")
            .order_by("-received_on", "-pk")[:SHOWN]
        )
        if not reps:
            return []
        return [
            Panel("Your representations", "web/selection/psr/panel_representations.jinja", {"items": reps})
        ]
    return []

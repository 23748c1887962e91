"""The home page panels for organisations, people and the audit log."""

from caremarket.audit.selectors import recent_audit_events
from caremarket.core.permissions import can
from caremarket.orgs.selectors import acting_organisation, organisation_summary, platform_counts
from caremarket.rules.roles import Sector
from caremarket.web.home import Panel, home_panel


@home_panel
def organisation_panels(actor) -> list[Panel]:
    org = acting_organisation(actor)
    if org is None or org.sector == Sector.PLATFORM:
        return []
    summary = organisation_summary(actor, org)
    panels = [Panel("Your organisation", "web/panels/organisation.jinja", {"org": org, **summary})]
    if org.sector == Sector.SUPPLIER:
        panels.append(
            Panel(
                "Certifications",
                "web/panels/certifications.jinja",
                {"org": org, "certifications": summary["certifications"]},
            )
        )
    return panels


@home_panel
def platform_panel(actor) -> list[Panel]:
    if not actor.sees_everything:
        return []
    return [Panel("The platform", "web/panels/platform.jinja", {"counts": platform_counts(actor)})]


@home_panel
def audit_panel(actor) -> list[Panel]:
    if not actor.sees_everything:
        return []
    recent = recent_audit_events(actor)
    return [
        Panel(
            "Audit log",
            "web/panels/audit.jinja",
            {
                "count": recent[0].seq if recent else 0,
                "latest": recent[0] if recent else None,
                "recent": recent,
                "can_verify": can(actor, "audit.verify_chain"),
            },
        )
    ]

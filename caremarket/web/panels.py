"""The home page panels for organisations, people and the audit log."""

from django.db.models import Count

from caremarket.audit.models import AuditEvent
from caremarket.core.permissions import can
from caremarket.orgs.models import Organisation, Person
from caremarket.orgs.selectors import acting_organisation
from caremarket.rules.roles import Sector
from caremarket.web.home import Panel, home_panel


@home_panel
def organisation_panels(actor) -> list[Panel]:
    org = acting_organisation(actor)
    if org is None or org.sector == Sector.PLATFORM:
        return []
    panels = [
        Panel(
            "Your organisation",
            "web/panels/organisation.jinja",
            {
                "org": org,
                "people": org.memberships.values("person").distinct().count(),
                "sites": org.sites.count(),
            },
        )
    ]
    if org.sector == Sector.SUPPLIER:
        panels.append(
            Panel(
                "Certifications",
                "web/panels/certifications.jinja",
                {"org": org, "certifications": list(org.certifications.all())},
            )
        )
    return panels


@home_panel
def platform_panel(actor) -> list[Panel]:
    if not actor.sees_everything:
        return []
    by_sector = dict(Organisation.objects.values_list("sector").annotate(n=Count("id")))
    counts = [
        ("Buyer organisations", by_sector.get(Sector.BUYER, 0)),
        ("Supplier organisations", by_sector.get(Sector.SUPPLIER, 0)),
        ("People", Person.objects.filter(is_active=True).count()),
    ]
    return [Panel("The platform", "web/panels/platform.jinja", {"counts": counts})]


@home_panel
def audit_panel(actor) -> list[Panel]:
    if not actor.sees_everything:
        return []
    recent = list(AuditEvent.objects.order_by("-seq")[:5])
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

"""The catalogue's home page panels: buyers search and see their shortlists; suppliers see their
services; agreement managers see what awaits their approval."""

from caremarket.catalogue.models import Listing, ListingVersion, Shortlist
from caremarket.core.permissions import can
from caremarket.orgs.models import Organisation
from caremarket.rules.catalogue import VersionStatus
from caremarket.rules.roles import Role, Sector
from caremarket.web.home import Panel, home_panel


def _acting(actor) -> Organisation | None:
    return Organisation.objects.filter(pk=actor.organisation_id).first()


@home_panel
def catalogue_panels(actor) -> list[Panel]:
    org = _acting(actor)
    panels = []
    if org is not None and can(actor, "catalogue.save_shortlist", org) and not actor.is_platform_admin:
        shortlists = Shortlist.objects.filter(organisation=org)
        panels.append(
            Panel(
                "Find services",
                "web/catalogue/panels/buyer.jinja",
                {"shortlists": shortlists.count(), "latest": shortlists.order_by("-created_at").first()},
            )
        )
    if org is not None and org.sector == Sector.SUPPLIER and actor.has_role(org.pk, Role.SUPPLIER_USER):
        listings = Listing.objects.filter(supplier=org)
        panels.append(
            Panel(
                "Your services",
                "web/catalogue/panels/supplier.jinja",
                {
                    "live": listings.filter(live_version__isnull=False).count(),
                    "drafts": ListingVersion.objects.filter(
                        listing__supplier=org, status=VersionStatus.DRAFT
                    ).count(),
                    "waiting": ListingVersion.objects.filter(
                        listing__supplier=org, status=VersionStatus.SUBMITTED
                    ).count(),
                },
            )
        )
    managed = [o for o, roles in actor.roles_by_org.items() if Role.AGREEMENT_MANAGER in roles]
    if managed:
        waiting = ListingVersion.objects.filter(
            status=VersionStatus.SUBMITTED, listing__lot__agreement__owner_id__in=managed
        )
        panels.append(
            Panel(
                "Catalogue approvals",
                "web/catalogue/panels/manager.jinja",
                {"waiting": waiting.count(), "oldest": waiting.order_by("submitted_at").first()},
            )
        )
    return panels

"""The sourcing home page panels: a buyer's buying clubs (deadlines to meet, clubs open to
join) and self-serve milestones; a club lead's clubs; a supplier's view of the pipeline."""

from caremarket.core import clock
from caremarket.core.permissions import can
from caremarket.orgs.models import Organisation
from caremarket.rules.buying_clubs import ClubStatus
from caremarket.rules.roles import Role, Sector
from caremarket.sourcing import selectors
from caremarket.sourcing.choices import IntentionStatus
from caremarket.sourcing.models import BuyingClub, ProcurementIntention
from caremarket.web.home import Panel, home_panel


@home_panel
def sourcing_panels(actor) -> list[Panel]:
    panels = []
    organisation = selectors.acting_buyer(actor)
    today = clock.today()
    if organisation is not None and can(actor, "sourcing.manage_requirements", organisation):
        memberships = selectors.club_standings_for_actor(actor, organisation)
        late = []
        for collaboration in selectors.collaborations_for_actor(actor)[:20]:
            review = selectors.milestone_review(collaboration, today)
            if review.late:
                late.append((collaboration.name, review.late[0].message))
        for procurement in selectors.individuals_for_actor(actor)[:20]:
            review = selectors.milestone_review(procurement, today)
            if review.late:
                late.append((procurement.title, review.late[0].message))
        panels.append(
            Panel(
                "Buying together",
                "web/sourcing/panels/buyer.jinja",
                {
                    "organisation": organisation,
                    "memberships": memberships,
                    "open": selectors.clubs_open_to(organisation)[:5],
                    "late": late[:5],
                    "today": today,
                },
            )
        )
    led = [org for org, roles in actor.roles_by_org.items() if Role.PROCUREMENT_LEAD in roles]
    if led:
        clubs = list(
            BuyingClub.objects.filter(lead_organisation_id__in=led)
            .exclude(stage__in=[ClubStatus.CANCELLED, ClubStatus.AWARDED])
            .order_by("launch_date")[:10]
        )
        if clubs:
            panels.append(
                Panel(
                    "Buying clubs you run", "web/sourcing/panels/lead.jinja", {"clubs": clubs, "today": today}
                )
            )
    acting = Organisation.objects.filter(pk=actor.organisation_id).first()
    if (
        acting is not None
        and acting.sector == Sector.SUPPLIER
        and actor.has_role(acting.pk, Role.SUPPLIER_USER)
    ):
        published = ProcurementIntention.objects.filter(
            status=IntentionStatus.PUBLISHED, launch_on__gte=today
        )
        panels.append(
            Panel(
                "Procurement pipeline",
                "web/sourcing/panels/supplier.jinja",
                {"count": published.count(), "next": list(published.order_by("launch_on")[:3])},
            )
        )
    return panels

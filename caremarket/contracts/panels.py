"""The contracts' home page panels: a buyer's contracts in force and expiring, a supplier's
orders, sites to deliver and returns due, an approver's approvals waiting, and an agreement
manager's fees and proposals."""

from django.db.models import Q

from caremarket.contracts import selectors
from caremarket.contracts.models import FeeFlag, SiteDelivery
from caremarket.core import clock
from caremarket.orgs.models import Organisation
from caremarket.rules.contracts import IN_FORCE, ContractStatus
from caremarket.rules.delivery import Stage
from caremarket.rules.roles import Role, Sector
from caremarket.web.home import Panel, home_panel


@home_panel
def contract_panels(actor) -> list[Panel]:
    org = Organisation.objects.filter(pk=actor.organisation_id).first()
    panels = []
    if org is not None and actor.is_member(org.pk):
        today = clock.today()
        mine = [
            c for c in selectors.contracts_for_actor(actor) if c.buyer_id == org.pk or c.supplier_id == org.pk
        ]
        statuses = [c.status(today) for c in mine]
        expiring = [c for c, s in zip(mine, statuses, strict=True) if s == ContractStatus.EXPIRING]
        context = {
            "in_force": sum(1 for s in statuses if s in IN_FORCE),
            "expiring": expiring[:5],
            "supplier": org.sector == Sector.SUPPLIER,
        }
        if org.sector == Sector.SUPPLIER:
            context["to_deliver"] = (
                SiteDelivery.objects.filter(supplier=org).exclude(stage=Stage.MIGRATED).count()
            )
        panels.append(Panel("Contracts and orders", "web/contracts/panels/contracts.jinja", context))
    approvals, waiting = selectors.exceptions_awaiting_for_actor(actor)
    if any(Role.APPROVER in roles for roles in actor.roles_by_org.values()):
        panels.append(
            Panel(
                "Approvals waiting",
                "web/contracts/panels/approver.jinja",
                {"exceptions": approvals, "count": waiting},
            )
        )
    managed = selectors.managed_org_ids(actor)
    if managed:
        panels.append(
            Panel(
                "Management fees and performance",
                "web/contracts/panels/manager.jinja",
                {
                    "flags": FeeFlag.objects.filter(
                        Q(agreement__owner_id__in=managed), resolved_at__isnull=True
                    ).count(),
                    "proposals": list(selectors.proposals_for_actor(actor)[:5]),
                    "is_manager": Role.AGREEMENT_MANAGER,
                },
            )
        )
    return panels

"""The competitions' home page panels: what is waiting for each person, with its deadline.

A supplier sees the competitions it is invited to, its draft bids and the clarification answers
published lately (in their published wording); an evaluator, the competitions to score once
their deadline has passed; a procurement lead, its competitions by the stage of the work and
the clarification questions waiting for an answer. No panel counts or names bids before the
deadline (see the selectors).
"""

from caremarket.competitions import selectors
from caremarket.core import clock
from caremarket.rules.roles import Role
from caremarket.web.home import Panel, home_panel


@home_panel
def competition_panels(actor) -> list[Panel]:
    panels = []
    work = selectors.supplier_work_for_actor(actor)
    if work.supplier is not None:
        panels.append(
            Panel(
                "Competitions to bid for",
                "web/competitions/panels/supplier.jinja",
                {
                    "invitations": work.invitations,
                    "drafts": work.drafts,
                    "answers": selectors.recent_answers_for_supplier(work.supplier),
                },
            )
        )
    tasks = selectors.evaluator_tasks_for_actor(actor)
    if tasks:
        panels.append(Panel("Bids to score", "web/competitions/panels/evaluator.jinja", {"tasks": tasks}))
    pipeline = selectors.lead_pipeline_for_actor(actor)
    if pipeline or any(Role.PROCUREMENT_LEAD in roles for roles in actor.roles_by_org.values()):
        panels.append(
            Panel(
                "Your competitions",
                "web/competitions/panels/lead.jinja",
                {"stages": pipeline, "now": clock.now(), "waiting": selectors.unanswered_for_lead(actor)},
            )
        )
    return panels

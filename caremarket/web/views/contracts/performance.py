"""A contract's performance: KPI trends (a chart and a table), the balanced scorecard, feedback,
the supplier's KPI results and self-assessment, and improvement plans."""

from django.contrib.auth.decorators import login_required
from django.utils.html import json_script
from django.views.decorators.http import require_http_methods

from caremarket.contracts import selectors, services
from caremarket.contracts.choices import DOMAIN_CHOICES
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can
from caremarket.rules.performance import DOMAIN_LABELS
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, parse_date, refusal


@login_required
@require_http_methods(["GET", "POST"])
def performance(request, reference: str):
    actor = request.actor
    contract = selectors.contract_for_actor(actor, reference)
    error = None
    if request.method == "POST":
        data = request.POST
        try:
            action = data.get("action")
            if action == "feedback":
                services.feedback_give(
                    actor=actor,
                    contract=contract,
                    domain=data.get("domain", ""),
                    stars=int(data.get("stars") or 0),
                    comment=data.get("comment", ""),
                )
                said = "Your feedback was recorded"
            elif action == "kpi":
                kpi = selectors.kpi_of(contract, data.get("kpi", ""))
                if kpi is None:
                    raise NotFound("Choose a KPI of this contract")
                result = services.kpi_return_submit(
                    actor=actor,
                    kpi=kpi,
                    period=parse_date(data.get("period", ""), "period"),
                    actual=data.get("actual", ""),
                )
                said = f"{kpi.name} for {result.period:%B %Y} is {result.rag}"
            elif action == "plan":
                services.improvement_plan_open(
                    actor=actor,
                    contract=contract,
                    title=data.get("title", ""),
                    actions=data.get("actions", ""),
                    due_on=parse_date(data.get("due_on", ""), "due_on"),
                )
                said = "The improvement plan was opened"
            else:
                raise NotFound("Choose what to record")
        except ApplicationError as exc:
            error = refusal(exc)
        except (TypeError, ValueError):
            from caremarket.core.errors import ValidationFailed

            error = ValidationFailed("Check the numbers and dates you entered")
        else:
            return done(request, said, "web:contract-performance", contract.reference)
    trends = selectors.kpi_trends(contract)
    periods = sorted({r.period for t in trends for r in t.results})
    chart = {
        "labels": [p.strftime("%b %Y") for p in periods],
        "series": [
            {
                "label": t.kpi.name,
                "target": float(t.kpi.target),
                "values": [
                    next((float(r.actual) for r in t.results if r.period == p), None) for p in periods
                ],
            }
            for t in trends
        ],
    }
    cards = selectors.scorecard_for([contract])
    context = {
        "contract": contract,
        "trends": trends,
        "cards": cards,
        "domain_labels": {str(k): v for k, v in DOMAIN_LABELS.items()},
        "domains": DOMAIN_CHOICES,
        **selectors.performance_history(contract, feedback_limit=20),
        "gives_feedback": can(actor, "contracts.give_feedback", contract),
        "reports": can(actor, "contracts.report_performance", contract),
        "plans_allowed": can(actor, "contracts.manage_performance", contract),
        "chart_script": json_script(chart, "kpi-data") if periods else "",
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/performance.jinja", context)

"""Suspension proposals raised by repeated KPI failure: the agreement manager's list, and each
proposal with its evidence (the KPI's history, the improvement plans and their progress, the
customer feedback), where the manager suspends the supplier with grounds or closes it."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET, require_http_methods

from caremarket.contracts import services
from caremarket.contracts.selectors import performance as perf_selectors
from caremarket.core.errors import ApplicationError, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.rules import performance as rules
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, refusal


@login_required
@require_GET
def proposal_list(request):
    from django.shortcuts import render

    proposals = perf_selectors.all_proposals_for_actor(request.actor)
    return render(request, "web/contracts/proposals.jinja", {"proposals": proposals})


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request, proposal_id: int):
    actor = request.actor
    proposal = perf_selectors.proposal_for_actor(actor, proposal_id)
    decides = can(actor, "contracts.decide_proposal", proposal)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        require(actor, "contracts.decide_proposal", proposal, message="Only the agreement's managers decide")
        try:
            decision = data.get("decision", "")
            if decision not in ("suspend", "close"):
                raise ValidationFailed.for_field(
                    "decision", "Choose whether to suspend the supplier or close the proposal"
                )
            decided = services.proposal_decide(
                actor=actor, proposal=proposal, suspend=decision == "suspend", outcome=data.get("outcome", "")
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            said = (
                f"{decided.supplier.name} is suspended from the lot"
                if decided.suspended
                else "The proposal is closed without suspending"
            )
            return done(request, said, "web:proposal", decided.pk)
    evidence = perf_selectors.proposal_evidence(proposal)
    context = {
        "proposal": proposal,
        "evidence": evidence,
        "kpi": proposal.kpi,
        "decides": decides and proposal.status == "open",
        "data": data,
        "period_name": rules.period_name,
        "domain_labels": {str(k): v for k, v in rules.DOMAIN_LABELS.items()},
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/proposal.jinja", context)

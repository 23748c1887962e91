"""GP IT: commissioners' allocations and what orders have spent, practices' foundation choices,
and own-system requests decided by the commissioner."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.contracts import selectors, services
from caremarket.contracts.models import FoundationChoice
from caremarket.core.errors import ApplicationError, NotFound
from caremarket.core.permissions import can
from caremarket.orgs.choices import OrganisationType
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, refusal


@login_required
@require_http_methods(["GET", "POST"])
def gpit(request):
    actor = request.actor
    org = acting_organisation(actor)
    practice = org if org is not None and org.org_type == OrganisationType.GP_PRACTICE else None
    error = None
    if request.method == "POST":
        data = request.POST
        try:
            if practice is None:
                raise NotFound("Only a GP practice chooses systems here")
            if data.get("action") == "foundation":
                solution = selectors.solutions().filter(pk=data.get("solution") or 0).first()
                if solution is None:
                    raise NotFound("Choose a solution")
                services.foundation_choose(actor=actor, practice=practice, solution=solution)
                said = f"{practice.name} now uses {solution.name}"
            else:
                commissioner = organisation_by_code(data.get("commissioner", ""))
                if commissioner is None:
                    raise NotFound("Enter your commissioner's organisation code")
                services.own_system_request(
                    actor=actor,
                    practice=practice,
                    commissioner=commissioner,
                    system_name=data.get("system_name", ""),
                    purpose=data.get("purpose", ""),
                )
                said = f"Your request went to {commissioner.name}"
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(request, said, "web:gpit")
    requests = list(selectors.own_system_requests_for_actor(actor)[:100])
    context = {
        "allocations": selectors.allocations_for_actor(actor),
        "practice": practice,
        "choice": FoundationChoice.objects.filter(practice=practice).select_related("solution").first()
        if practice
        else None,
        "solutions": list(selectors.solutions()),
        "requests": [
            (r, can(actor, "contracts.decide_own_system", r) and r.status == "requested") for r in requests
        ],
        **form_errors(None, error),
    }
    return render_form(request, "web/contracts/gpit.jinja", context)


@login_required
@require_POST
def decide(request, request_id: int):
    actor = request.actor
    item = selectors.own_system_request_for_actor(actor, request_id)
    try:
        services.own_system_decide(
            actor=actor,
            request=item,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as exc:
        refusal(exc)
        from django.contrib import messages

        messages.error(request, exc.message)
        from django.shortcuts import redirect

        return redirect("web:gpit")
    return done(request, f"The request for {item.system_name} was {request.POST.get('decision')}", "web:gpit")

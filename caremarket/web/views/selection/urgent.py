"""Urgent awards under the Provider Selection Regime (regulation 14): the list of a
commissioner's urgent awards, recording one (the contract is entered into today and the urgent
award notice published) and its confirmation page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from caremarket.core import clock
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.orgs.models import Organisation
from caremarket.orgs.selectors import acting_organisation, organisation_by_code
from caremarket.rules.roles import Sector
from caremarket.selection import selectors_psr
from caremarket.selection import selectors_urgent as selectors
from caremarket.selection.services import psr_urgent as services
from caremarket.web.forms import form_errors, render_form
from caremarket.web.views.contracts.common import done, parse_date, refusal

TEMPLATES = "web/selection/urgent/"


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get((value or "").strip())


def _commissioner(actor) -> Organisation:
    organisation = acting_organisation(actor, sector=Sector.BUYER)
    if organisation is None:
        raise NotFound("Act for the commissioning organisation that makes the urgent award")
    return organisation


@login_required
def urgent_award_list(request):
    actor = request.actor
    organisation = acting_organisation(actor, sector=Sector.BUYER)
    return render(
        request,
        TEMPLATES + "list.jinja",
        {
            "awards": list(selectors.urgent_awards_for_actor(actor)[:500]),
            "organisation": organisation,
            "can_record": organisation is not None and can(actor, "selection.start_process", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def urgent_award_new(request):
    actor = request.actor
    organisation = _commissioner(actor)
    require(
        actor,
        "selection.start_process",
        organisation,
        message="Only a commissioner's procurement leads and approvers record an urgent award",
    )
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            code = data.get("provider", "").strip()
            provider = organisation_by_code(code, sector=Sector.SUPPLIER) if code else None
            if code and provider is None:
                raise ValidationFailed.for_field("provider", f"There is no provider with the code {code}")
            award = services.urgent_award_record(
                actor=actor,
                commissioner=organisation,
                provider=provider,
                title=data.get("title", ""),
                description=data.get("description", ""),
                value=data.get("value", ""),
                starts_on=parse_date(data.get("starts_on", ""), "starts_on"),
                term_months=data.get("term_months", "").strip(),
                urgency_reason=data.get("urgency_reason", ""),
                **{name: _yes_no(data.get(name)) for name, _ in selectors.FACTS},
            )
        except ApplicationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                f"The urgent award was recorded: {award.contract.reference} was entered into and "
                "its urgent award notice published",
                "web:selection-urgent-award",
                award.pk,
            )
    context = {
        "organisation": organisation,
        "data": data,
        "facts": [(name, question, selectors.FACT_HINTS.get(name, "")) for name, question in selectors.FACTS],
        "providers": [(o.code, f"{o.name} ({o.code})") for o in selectors_psr.provider_organisations()],
        "advised_max_term": selectors.advised_max_term(clock.today()),
        "reasons": list((error.details.get("reasons") or []) if error is not None else []),
        **form_errors(None, error),
    }
    return render_form(request, TEMPLATES + "new.jinja", context)


@login_required
def urgent_award_detail(request, pk: int):
    award = selectors.urgent_award_for_actor(request.actor, pk)
    return render(request, TEMPLATES + "detail.jinja", {"award": award, "contract": award.contract})


urlpatterns: list = [
    path("selection/urgent-awards", urgent_award_list, name="selection-urgent-awards"),
    path("selection/urgent-awards/new", urgent_award_new, name="selection-urgent-award-new"),
    path("selection/urgent-awards/<int:pk>", urgent_award_detail, name="selection-urgent-award"),
]

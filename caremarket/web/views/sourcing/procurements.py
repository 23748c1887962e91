"""Self-serve procurements: collaborations (partners, governance, route, milestones) and
individual procurements, each with its readiness milestones flagged done, due or late."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caremarket.agreements.models import Agreement
from caremarket.agreements.selectors import (
    agreement_for_actor,
    published_agreements_for_actor,
)
from caremarket.core.errors import ApplicationError, NotFound, ValidationFailed
from caremarket.core.permissions import can, require
from caremarket.orgs.selectors import organisation_by_code
from caremarket.sourcing import selectors, services
from caremarket.web.forms import form_errors, render_form
from caremarket.web.sourcing_forms import CollaborationForm, IndividualForm, PartnerForm
from caremarket.web.views.sourcing.common import attempt


def _agreements(actor) -> list[tuple[str, str]]:
    found = published_agreements_for_actor(actor)
    return [(a.reference, f"{a.reference}: {a.title}") for a in found]


@login_required
def procurement_list(request):
    actor = request.actor
    require(actor, "sourcing.browse")
    organisation = selectors.acting_buyer(actor)
    collaborations = [
        (c, selectors.milestone_review(c)) for c in selectors.collaborations_for_actor(actor)[:200]
    ]
    individuals = [(p, selectors.milestone_review(p)) for p in selectors.individuals_for_actor(actor)[:200]]
    return render(
        request,
        "web/sourcing/procurements.jinja",
        {
            "collaborations": collaborations,
            "individuals": individuals,
            "can_lead": organisation is not None
            and can(actor, "sourcing.create_collaboration", organisation),
            "can_individual": organisation is not None
            and can(actor, "sourcing.create_individual", organisation),
        },
    )


def _agreement(actor, reference: str) -> Agreement | None:
    return agreement_for_actor(actor, reference) if reference else None


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_new(request):
    actor = request.actor
    organisation = selectors.acting_buyer(actor)
    if organisation is None:
        raise NotFound("Act for the lead buyer organisation")
    require(actor, "sourcing.create_collaboration", organisation)
    form = CollaborationForm(request.POST or None, agreements=_agreements(actor))
    error = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["agreement"] = _agreement(actor, data["agreement"])
        try:
            created = services.collaboration_create(actor=actor, lead_organisation=organisation, **data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{created.name} was set up with the programme's milestones")
            return redirect("web:collaboration", reference=created.reference)
    context = {"form": form, "organisation": organisation, **form_errors(form, error)}
    return render_form(request, "web/sourcing/collaboration_new.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_detail(request, reference: str):
    actor = request.actor
    collaboration = selectors.collaboration_for_actor(actor, reference)
    manages = can(actor, "sourcing.manage_collaboration", collaboration)
    form = PartnerForm(request.POST or None)
    error = None
    if request.method == "POST":
        require(actor, "sourcing.manage_collaboration", collaboration)
        if form.is_valid():
            partner = organisation_by_code(form.cleaned_data["code"])
            try:
                if partner is None:
                    raise ValidationFailed.for_field(
                        "code", f"There is no organisation with the code {form.cleaned_data['code']}"
                    )
                services.collaboration_partner_add(
                    actor=actor,
                    collaboration=collaboration,
                    organisation=partner,
                    commitment=form.cleaned_data["commitment"],
                )
            except ApplicationError as exc:
                error = exc
            else:
                messages.success(request, f"{partner.name} is now a partner")
                return redirect("web:collaboration", reference=collaboration.reference)
    context = {
        "collaboration": collaboration,
        "partners": selectors.partners_of(collaboration),
        "review": selectors.milestone_review(collaboration),
        "manages": manages,
        "form": form,
        **form_errors(form, error),
    }
    return render_form(request, "web/sourcing/collaboration.jinja", context)


@login_required
@require_POST
def collaboration_milestone_done(request, reference: str, key: str):
    actor = request.actor
    collaboration = selectors.collaboration_for_actor(actor, reference)
    milestone = selectors.milestone_for(collaboration, key)
    if attempt(request, services.milestone_complete, actor=actor, milestone=milestone):
        messages.success(request, f"{milestone.title} is done")
    return redirect("web:collaboration", reference=collaboration.reference)


@login_required
@require_http_methods(["GET", "POST"])
def individual_new(request):
    actor = request.actor
    organisation = selectors.acting_buyer(actor)
    if organisation is None:
        raise NotFound("Act for the buyer organisation")
    require(actor, "sourcing.create_individual", organisation)
    form = IndividualForm(request.POST or None, agreements=_agreements(actor))
    error = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["agreement"] = _agreement(actor, data["agreement"])
        try:
            created = services.individual_procurement_create(actor=actor, organisation=organisation, **data)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, f"{created.title} was set up with the programme's milestones")
            return redirect("web:individual", reference=created.reference)
    context = {"form": form, "organisation": organisation, **form_errors(form, error)}
    return render_form(request, "web/sourcing/individual_new.jinja", context)


@login_required
def individual_detail(request, reference: str):
    actor = request.actor
    procurement = selectors.individual_for_actor(actor, reference)
    return render(
        request,
        "web/sourcing/individual.jinja",
        {
            "procurement": procurement,
            "review": selectors.milestone_review(procurement),
            "manages": can(actor, "sourcing.manage_individual", procurement),
        },
    )


@login_required
@require_POST
def individual_milestone_done(request, reference: str, key: str):
    actor = request.actor
    procurement = selectors.individual_for_actor(actor, reference)
    milestone = selectors.milestone_for(procurement, key)
    if attempt(request, services.milestone_complete, actor=actor, milestone=milestone):
        messages.success(request, f"{milestone.title} is done")
    return redirect("web:individual", reference=procurement.reference)

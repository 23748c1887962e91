"""Sourcing API: collaborations and individual procurements with their milestones."""

from ninja import Status
from ninja.pagination import paginate

from caremarket.agreements.selectors import agreement_for_actor
from caremarket.api.schemas import ERRORS, Pages, responses
from caremarket.api.sourcing.common import P, router, state_out
from caremarket.api.sourcing_schemas import (
    CollaborationIn,
    IndividualIn,
    PartnerIn,
    ProcurementOut,
)
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.sourcing import selectors, services
from caremarket.sourcing.models import Collaboration


def _procurement_out(p) -> dict:
    review = selectors.milestone_review(p)
    collaborative = isinstance(p, Collaboration)
    return {
        "reference": p.reference,
        "title": p.name if collaborative else p.title,
        "organisation_code": (p.lead_organisation if collaborative else p.organisation).code,
        "route": p.route,
        "agreement": p.agreement.reference if p.agreement_id else None,
        "status": p.status,
        "partners": [x.organisation.code for x in selectors.partners_of(p)] if collaborative else [],
        "governance": {
            "intelligent_client_function": p.intelligent_client_function,
            "technical_design_authority": p.technical_design_authority,
            "legal_access": p.legal_access,
        }
        if collaborative
        else {},
        "milestones": [state_out(s) for s in review.states],
        "on_track": review.on_track,
        "consequences": list(review.consequences),
    }


def _agreement(actor, reference):
    return agreement_for_actor(actor, reference) if reference else None


@router.get(f"{P}/collaborations", response={200: list[ProcurementOut], **ERRORS})
@paginate(Pages)
def list_collaborations(request):
    return [_procurement_out(c) for c in selectors.collaborations_for_actor(request.actor)]


@router.post(f"{P}/collaborations", response=responses(201, ProcurementOut))
def create_collaboration(request, payload: CollaborationIn):
    actor = request.actor
    data = payload.dict()
    lead = organisation_for_actor(actor, data.pop("lead_organisation_code"))
    data["agreement"] = _agreement(actor, data["agreement"])
    data["route"] = str(data["route"])
    created = services.collaboration_create(actor=actor, lead_organisation=lead, **data)
    return Status(201, _procurement_out(created))


@router.get(f"{P}/collaborations/{{reference}}", response=responses(200, ProcurementOut))
def get_collaboration(request, reference: str):
    return _procurement_out(selectors.collaboration_for_actor(request.actor, reference))


@router.post(f"{P}/collaborations/{{reference}}/partners", response=responses(201, ProcurementOut))
def add_partner(request, reference: str, payload: PartnerIn):
    actor = request.actor
    collaboration = selectors.collaboration_for_actor(actor, reference)
    organisation = organisation_for_actor(actor, payload.organisation_code)
    services.collaboration_partner_add(
        actor=actor, collaboration=collaboration, organisation=organisation, commitment=payload.commitment
    )
    return Status(201, _procurement_out(collaboration))


@router.post(
    f"{P}/collaborations/{{reference}}/milestones/{{key}}/done", response=responses(200, ProcurementOut)
)
def complete_collaboration_milestone(request, reference: str, key: str):
    collaboration = selectors.collaboration_for_actor(request.actor, reference)
    services.milestone_complete(actor=request.actor, milestone=selectors.milestone_for(collaboration, key))
    return _procurement_out(collaboration)


@router.get(f"{P}/individual-procurements", response={200: list[ProcurementOut], **ERRORS})
@paginate(Pages)
def list_individual_procurements(request):
    return [_procurement_out(p) for p in selectors.individuals_for_actor(request.actor)]


@router.post(f"{P}/individual-procurements", response=responses(201, ProcurementOut))
def create_individual_procurement(request, payload: IndividualIn):
    actor = request.actor
    data = payload.dict()
    organisation = organisation_for_actor(actor, data.pop("organisation_code"))
    data["agreement"] = _agreement(actor, data["agreement"])
    data["route"] = str(data["route"])
    created = services.individual_procurement_create(actor=actor, organisation=organisation, **data)
    return Status(201, _procurement_out(created))


@router.get(f"{P}/individual-procurements/{{reference}}", response=responses(200, ProcurementOut))
def get_individual_procurement(request, reference: str):
    return _procurement_out(selectors.individual_for_actor(request.actor, reference))


@router.post(
    f"{P}/individual-procurements/{{reference}}/milestones/{{key}}/done",
    response=responses(200, ProcurementOut),
)
def complete_individual_milestone(request, reference: str, key: str):
    procurement = selectors.individual_for_actor(request.actor, reference)
    services.milestone_complete(actor=request.actor, milestone=selectors.milestone_for(procurement, key))
    return _procurement_out(procurement)

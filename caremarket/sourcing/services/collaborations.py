"""Collaborative and individual self-serve procurements: create them with the programme's
readiness milestones as defaults, set their governance, add partners, mark milestones done."""

from datetime import date

from caremarket.agreements.models import Agreement
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, RuleViolation, ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.models import Organisation
from caremarket.rules.milestones import HSCN_PROGRAMME, Programme
from caremarket.rules.roles import Sector
from caremarket.rules.sourcing import Route
from caremarket.sourcing.choices import CollaborationRoute
from caremarket.sourcing.models import (
    Collaboration,
    CollaborationPartner,
    IndividualProcurement,
    ProcurementMilestone,
)
from caremarket.sourcing.services.common import _next_reference

KIND_WORDS = {"dps": "dynamic purchasing system", "framework": "framework"}
GOVERNANCE = [
    "intelligent_client_function",
    "technical_design_authority",
    "legal_access",
    "route",
    "agreement_id",
]


def _check_route(route: str, agreement: Agreement | None, problems: FieldProblems) -> None:
    problems.check(route in CollaborationRoute.values, "route", "Choose DPS, framework or open procedure")
    if route == CollaborationRoute.OPEN:
        problems.check(agreement is None, "agreement", "An open procedure is not run on an agreement")
    elif agreement is not None:
        wanted = "dps" if route == CollaborationRoute.DPS else "framework"
        problems.check(
            agreement.kind == wanted,
            "agreement",
            f"{agreement.reference} is not a {KIND_WORDS[wanted]}",
        )


def _milestones(
    programme: Programme, route: Route, dates: dict[str, date] | None, **owner
) -> list[ProcurementMilestone]:
    plan = programme.plan(route)
    dates = dates or {}
    unknown = set(dates) - {m.key for m in plan.milestones}
    if unknown:
        raise ValidationFailed(f"Unknown milestones: {', '.join(sorted(unknown))}")
    return ProcurementMilestone.objects.bulk_create(
        [
            ProcurementMilestone(
                key=m.key,
                title=m.title,
                detail=m.detail,
                consequence=m.consequence,
                due_on=dates.get(m.key, m.due),
                **owner,
            )
            for m in plan.milestones
        ]
    )


@service
def collaboration_create(
    *,
    actor: Actor,
    lead_organisation: Organisation,
    name: str,
    route: str = CollaborationRoute.DPS,
    agreement: Agreement | None = None,
    intelligent_client_function: str = "",
    technical_design_authority: str = "",
    legal_access: str = "",
    milestone_dates: dict[str, date] | None = None,
    programme: Programme = HSCN_PROGRAMME,
) -> Collaboration:
    """A collaboration led by `lead_organisation` (its first partner), with the programme's
    readiness milestones (readiness checks 1 and 2, launch, completion) as defaults."""
    require(actor, "sourcing.create_collaboration", lead_organisation)
    problems = FieldProblems()
    problems.check(bool(name.strip()), "name", "Enter the collaboration's name")
    problems.check(lead_organisation.sector == Sector.BUYER, "lead_organisation", "The lead must be a buyer")
    _check_route(route, agreement, problems)
    collaboration = Collaboration(
        reference=_next_reference(Collaboration, "COL"),
        name=name.strip(),
        lead_organisation=lead_organisation,
        route=route,
        agreement=agreement,
        intelligent_client_function=intelligent_client_function.strip(),
        technical_design_authority=technical_design_authority.strip(),
        legal_access=legal_access.strip(),
        created_by=actor.person,
    )
    check_model_fields(collaboration, problems, exclude=["lead_organisation", "agreement", "created_by"])
    problems.raise_if_any("The collaboration could not be created")
    collaboration.save()
    CollaborationPartner.objects.create(
        collaboration=collaboration, organisation=lead_organisation, commitment="Nominated lead organisation"
    )
    _milestones(programme, Route.COLLABORATIVE, milestone_dates, collaboration=collaboration)
    audit_record(
        actor=actor,
        action="collaboration.created",
        obj=collaboration,
        organisation_id=lead_organisation.pk,
        after={"name": collaboration.name, **model_snapshot(collaboration, GOVERNANCE)},
    )
    return collaboration


@service
def collaboration_update(*, actor: Actor, collaboration: Collaboration, **changes) -> Collaboration:
    """Set the governance facts and the chosen route."""
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    require(actor, "sourcing.manage_collaboration", collaboration)
    allowed = {
        "name",
        "intelligent_client_function",
        "technical_design_authority",
        "legal_access",
        "route",
        "agreement",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    before = model_snapshot(collaboration, ["name", *GOVERNANCE])
    for key, value in changes.items():
        setattr(collaboration, key, value.strip() if isinstance(value, str) and key != "route" else value)
    problems = FieldProblems()
    problems.check(bool(collaboration.name), "name", "Enter the collaboration's name")
    _check_route(collaboration.route, collaboration.agreement, problems)
    check_model_fields(collaboration, problems, exclude=["lead_organisation", "agreement", "created_by"])
    problems.raise_if_any("The collaboration could not be changed")
    after = model_snapshot(collaboration, ["name", *GOVERNANCE])
    if after == before:
        return collaboration
    collaboration.touch()
    collaboration.save()
    audit_record(
        actor=actor,
        action="collaboration.updated",
        obj=collaboration,
        organisation_id=collaboration.lead_organisation_id,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return collaboration


@service
def collaboration_partner_add(
    *, actor: Actor, collaboration: Collaboration, organisation: Organisation, commitment: str = ""
) -> CollaborationPartner:
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    require(actor, "sourcing.manage_collaboration", collaboration)
    if organisation.sector != Sector.BUYER:
        raise ValidationFailed.for_field("organisation", "Partners are buyer organisations")
    if collaboration.partners.filter(organisation=organisation).exists():
        raise Conflict(
            f"{organisation.name} is already a partner in {collaboration.name}",
            code=ErrorCode.COLLABORATION_PARTNER_EXISTS,
        )
    partner = CollaborationPartner.objects.create(
        collaboration=collaboration, organisation=organisation, commitment=commitment.strip()[:2000]
    )
    audit_record(
        actor=actor,
        action="collaboration.partner_added",
        obj=partner,
        organisation_id=collaboration.lead_organisation_id,
        after={"collaboration": collaboration.reference, "organisation": organisation.code},
    )
    return partner


@service
def individual_procurement_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    route: str = CollaborationRoute.DPS,
    agreement: Agreement | None = None,
    milestone_dates: dict[str, date] | None = None,
    programme: Programme = HSCN_PROGRAMME,
) -> IndividualProcurement:
    require(actor, "sourcing.create_individual", organisation)
    problems = FieldProblems()
    problems.check(bool(title.strip()), "title", "Enter the procurement's title")
    _check_route(route, agreement, problems)
    procurement = IndividualProcurement(
        reference=_next_reference(IndividualProcurement, "IP"),
        organisation=organisation,
        title=title.strip(),
        route=route,
        agreement=agreement,
        created_by=actor.person,
    )
    check_model_fields(procurement, problems, exclude=["organisation", "agreement", "created_by"])
    problems.raise_if_any("The procurement could not be created")
    procurement.save()
    _milestones(programme, Route.INDIVIDUAL, milestone_dates, individual=procurement)
    audit_record(
        actor=actor,
        action="individual_procurement.created",
        obj=procurement,
        organisation_id=organisation.pk,
        after={"title": procurement.title, "route": route, "agreement_id": agreement and agreement.pk},
    )
    return procurement


@service
def milestone_complete(*, actor: Actor, milestone: ProcurementMilestone) -> ProcurementMilestone:
    milestone = ProcurementMilestone.objects.select_for_update().get(pk=milestone.pk)
    owner = milestone.collaboration or milestone.individual
    permission = (
        "sourcing.manage_collaboration" if milestone.collaboration_id else "sourcing.manage_individual"
    )
    require(actor, permission, owner)
    if milestone.done_at is not None:
        done_on = clock.local(milestone.done_at).date().isoformat()
        raise RuleViolation(
            f"{milestone.title} was already marked done on {done_on}",
            code=ErrorCode.PROCUREMENT_MILESTONE_DONE,
        )
    milestone.done_at = clock.now()
    milestone.done_by = actor.person
    milestone.touch()
    milestone.save()
    organisation_id = owner.lead_organisation_id if milestone.collaboration_id else owner.organisation_id
    audit_record(
        actor=actor,
        action="procurement.milestone_done",
        obj=milestone,
        organisation_id=organisation_id,
        after={"procurement": owner.reference, "milestone": milestone.key, "due_on": milestone.due_on},
    )
    return milestone

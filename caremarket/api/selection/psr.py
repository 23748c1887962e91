"""Provider selection API (psr): the steps of the Provider Selection Regime pages - start a
process, choose it from the facts, record the decision against the key criteria, publish the
intention to award, record representations, clarifications and the review, award the contract,
and read the annual summary (regulation 25)."""

from datetime import date

from ninja import Router, Schema, Status
from pydantic import Field, StrictBool

from caremarket.api.schemas import AmountIn, Id, IsoDate, Money, Out, Year, responses
from caremarket.core import clock
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.selectors import organisation_by_code
from caremarket.rules import psr as rules
from caremarket.rules.roles import Sector
from caremarket.selection import selectors_psr as selectors
from caremarket.selection.services import psr as services

router = Router(tags=["Provider selection"])

Code = Field(max_length=30)
Text = Field("", max_length=10000)


class StepOut(Out):
    step: str
    allowed: bool
    why_not: str


class CriterionOut(Out):
    criterion: str
    weight: str | None
    importance: str
    rationale: str


class RepresentationOut(Out):
    id: int
    provider_code: str
    received_on: date
    summary: str
    received_by_email: bool
    clarification: str


class ProcessOut(Out):
    reference: str
    title: str
    description: str
    lead_commissioner_code: str
    commissioner_codes: list[str]
    process: str
    stage: str
    estimated_value: Money | None
    term_min_months: int | None
    term_max_months: int | None
    facts: dict
    provider_code: str | None
    contract_value: Money | None
    criteria: list[CriterionOut]
    intention_published_on: date | None
    standstill_ends_on: date | None
    contract_may_be_made_from: date | None
    review_decision: str
    representations: list[RepresentationOut]
    contract_reference: str | None
    next_steps: list[StepOut]


def _out(selection) -> dict:
    selection.refresh_from_db()
    decision = selectors.decision_of(selection)
    standstill = selectors.standstill_of(selection)
    steps = selectors.next_steps(selection)
    return {
        "reference": selection.reference,
        "title": selection.title,
        "description": selection.description,
        "lead_commissioner_code": selection.lead_commissioner.code,
        "commissioner_codes": selectors.commissioner_codes(selection),
        "process": selection.process,
        "stage": selection.stage,
        "estimated_value": selection.estimated_value,
        "term_min_months": selection.term_min_months,
        "term_max_months": selection.term_max_months,
        "facts": selection.facts,
        "provider_code": decision.provider.code if decision and decision.provider_id else None,
        "contract_value": decision.contract_value if decision else None,
        "criteria": decision.criteria if decision else [],
        "intention_published_on": decision.intention_published_on if decision else None,
        "standstill_ends_on": standstill.ends_on if standstill else None,
        "contract_may_be_made_from": rules.contract_may_be_made_from(standstill) if standstill else None,
        "review_decision": decision.review_decision if decision else "",
        "representations": [
            {
                "id": r.pk,
                "provider_code": r.provider.code,
                "received_on": r.received_on,
                "summary": r.summary,
                "received_by_email": r.received_by_email,
                "clarification": r.clarification,
            }
            for r in selectors.representations_of(selection)
        ],
        "contract_reference": selection.contract.reference if selection.contract_id else None,
        "next_steps": [
            {"step": str(s), "allowed": steps.may(s), "why_not": steps.why_not(s) or ""} for s in rules.Step
        ]
        if steps
        else [],
    }


def _supplier(code: str, field: str):
    organisation = organisation_by_code(code, sector=Sector.SUPPLIER)
    if organisation is None:
        raise ValidationFailed.for_field(field, f"There is no provider with the code {code}")
    return organisation


class ProcessListOut(Out):
    reference: str
    title: str
    lead_commissioner_code: str
    process: str
    stage: str


@router.get("/selection/processes", response=responses(200, list[ProcessListOut]))
def list_processes(request):
    """The processes of the actor's commissioning organisations (every one for oversight)."""
    return [
        {
            "reference": s.reference,
            "title": s.title,
            "lead_commissioner_code": s.lead_commissioner.code,
            "process": s.process,
            "stage": s.stage,
        }
        for s in selectors.processes_for_actor(request.actor)[:500]
    ]


class ProcessStartIn(Schema):
    organisation_code: str = Code
    title: str = Field(max_length=255)
    description: str = Text
    commissioner_codes: list[str] = Field(default_factory=list, max_length=20)
    estimated_value: AmountIn | None = None
    term_min_months: int | None = Field(None, ge=1, le=600)
    term_max_months: int | None = Field(None, ge=1, le=600)
    existing_contract_reference: str | None = Field(None, max_length=30)


@router.post("/selection/processes", response=responses(201, ProcessOut))
def start_process(request, payload: ProcessStartIn):
    """Start a process for the commissioning organisation (its procurement leads and approvers)."""
    organisation = organisation_by_code(payload.organisation_code, sector=Sector.BUYER)
    if organisation is None:
        raise NotFound(f"There is no commissioning organisation {payload.organisation_code}")
    require(request.actor, "selection.start_process", organisation)
    others = []
    for code in payload.commissioner_codes:
        other = organisation_by_code(code, sector=Sector.BUYER)
        if other is None:
            raise ValidationFailed.for_field("commissioner_codes", f"There is no commissioner {code}")
        others.append(other)
    existing = None
    if payload.existing_contract_reference:
        existing = selectors.commissioner_contract(organisation, payload.existing_contract_reference)
        if existing is None:
            raise ValidationFailed.for_field(
                "existing_contract_reference", "Give one of the commissioner's contracts"
            )
    selection = services.selection_start(
        actor=request.actor,
        lead_commissioner=organisation,
        title=payload.title,
        description=payload.description,
        commissioners=others,
        estimated_value=payload.estimated_value,
        term_min_months=payload.term_min_months,
        term_max_months=payload.term_max_months,
        existing_contract=existing,
    )
    return Status(201, _out(selection))


@router.get("/selection/processes/{reference}", response=responses(200, ProcessOut))
def get_process(request, reference: str):
    """A process, its decision, standstill, representations and what may happen next."""
    return _out(selectors.selection_for_actor(request.actor, reference))


class PsrFactsIn(Schema):
    existing_provider: StrictBool = False
    only_existing_provider_capable: StrictBool = False
    framework_agreement: StrictBool = False
    patient_choice: StrictBool = False
    providers_unrestricted: StrictBool = False
    all_capable_providers_offered: StrictBool = False
    expressions_of_interest_open: StrictBool = False
    existing_contract_expiring: StrictBool = False
    provider_satisfactory: StrictBool = False
    change_attributable_to_authority: StrictBool = False
    materially_different_in_character: StrictBool = False
    able_to_identify_most_suitable: StrictBool = False
    old_lifetime_value: AmountIn | None = None
    new_lifetime_value: AmountIn | None = None


class ChooseIn(Schema):
    facts: PsrFactsIn
    process: str = Field(max_length=40, description='"direct_award_c", "most_suitable_provider"…')


@router.post("/selection/processes/{reference}/choose", response=responses(200, ProcessOut))
def choose_process(request, reference: str, payload: ChooseIn):
    """Record the chooser's facts and the process: refused (409) with why not when the rules do
    not open it."""
    selection = selectors.selection_for_actor(request.actor, reference)
    services.selection_choose(
        actor=request.actor, selection=selection, facts=payload.facts.dict(), process=payload.process
    )
    return _out(selection)


class CriterionIn(Schema):
    criterion: str = Field(max_length=60)
    weight: str | None = Field(None, max_length=10, description='A percentage, like "30"')
    importance: str = Field("", max_length=40)
    rationale: str = Text


class PsrDecisionIn(Schema):
    provider_code: str = Code
    contract_value: AmountIn
    criteria: list[CriterionIn] = Field(max_length=10)


@router.put("/selection/processes/{reference}/decision", response=responses(200, ProcessOut))
def record_decision(request, reference: str, payload: PsrDecisionIn):
    """Record the decision against the five key criteria (locked once the intention is published)."""
    selection = selectors.selection_for_actor(request.actor, reference)
    services.psr_decision_record(
        actor=request.actor,
        selection=selection,
        provider=_supplier(payload.provider_code, "provider_code"),
        contract_value=payload.contract_value,
        criteria=[c.dict() for c in payload.criteria],
    )
    return _out(selection)


@router.post("/selection/processes/{reference}/intention", response=responses(200, ProcessOut))
def publish_intention(request, reference: str):
    """Publish the intention to award (PSR_INTENTION): the 8 working days' standstill starts."""
    selection = selectors.selection_for_actor(request.actor, reference)
    services.psr_intention_publish(actor=request.actor, selection=selection)
    return _out(selection)


class RepresentationIn(Schema):
    provider_code: str = Code
    summary: str = Field(max_length=10000)
    received_on: IsoDate | None = Field(None, description="For one received by email (the commissioner)")


@router.post("/selection/processes/{reference}/representations", response=responses(201, RepresentationOut))
def make_representation(request, reference: str, payload: RepresentationIn):
    """A provider's representation in the standstill (by its own people, or recorded by the
    commissioner from one received by email); it pauses the award."""
    selection = selectors.selection_for_representation(request.actor, reference)
    r = services.psr_representation_record(
        actor=request.actor,
        selection=selection,
        provider=_supplier(payload.provider_code, "provider_code"),
        summary=payload.summary,
        received_on=payload.received_on,
    )
    return Status(
        201,
        {
            "id": r.pk,
            "provider_code": r.provider.code,
            "received_on": r.received_on,
            "summary": r.summary,
            "received_by_email": r.received_by_email,
            "clarification": r.clarification,
        },
    )


class ClarificationIn(Schema):
    clarification: str = Field(max_length=10000)


@router.post(
    "/selection/processes/{reference}/representations/{representation_id}/clarification",
    response=responses(200, ProcessOut),
)
def clarify_representation(request, reference: str, representation_id: Id, payload: ClarificationIn):
    """Record the commissioner's clarification of a representation."""
    selection = selectors.selection_for_actor(request.actor, reference)
    representation = selectors.representation_in(selection, representation_id)
    services.psr_representation_clarify(
        actor=request.actor, representation=representation, clarification=payload.clarification
    )
    return _out(selection)


class PsrReviewIn(Schema):
    decision: str = Field(max_length=20, description='"proceed", "repeat" or "abandon"')
    reasons: str = Field(max_length=10000)
    repeat_from: str = Field("", max_length=255)


@router.post("/selection/processes/{reference}/review", response=responses(200, ProcessOut))
def record_review(request, reference: str, payload: PsrReviewIn):
    """The further decision after reviewing the representations: proceed (a further 5 working
    days run), repeat from an earlier step, or abandon."""
    selection = selectors.selection_for_actor(request.actor, reference)
    services.psr_review_record(
        actor=request.actor,
        selection=selection,
        decision=payload.decision,
        reasons=payload.reasons,
        repeat_from=payload.repeat_from,
    )
    return _out(selection)


class PsrAwardIn(Schema):
    starts_on: IsoDate | None = None
    term_months: int | None = Field(None, ge=1, le=600)


@router.post("/selection/processes/{reference}/award", response=responses(200, ProcessOut))
def award_contract(request, reference: str, payload: PsrAwardIn):
    """Award the contract and publish the confirmation of award (PSR_AWARD): refused (409) while
    the standstill or the further days run, or a representation waits for the review."""
    selection = selectors.selection_for_actor(request.actor, reference)
    services.psr_award(
        actor=request.actor, selection=selection, starts_on=payload.starts_on, term_months=payload.term_months
    )
    return _out(selection)


class SummaryRowOut(Out):
    item: str
    regulation: str
    count: int | None


class SummaryOut(Out):
    organisation_code: str
    period_start: date
    period_end: date
    rows: list[SummaryRowOut]
    representation_outcomes: dict[str, int]


@router.get("/selection/annual-summary/{code}", response=responses(200, SummaryOut))
def annual_summary(request, code: str, year: Year | None = None):
    """The authority's PSR annual summary (regulation 25) for the financial year from 1 April
    `year` (the current one by default)."""
    organisation = organisation_by_code(code, sector=Sector.BUYER)
    if organisation is None:
        raise NotFound(f"There is no authority {code}")
    require(request.actor, "selection.view_annual_summary", organisation)
    today = clock.today()
    chosen = year or (today.year - 1 if today.month < 4 else today.year)
    summary = selectors.annual_summary(organisation.pk, chosen)
    return {
        "organisation_code": organisation.code,
        "period_start": summary.period_start,
        "period_end": summary.period_end,
        "rows": [
            {"item": label, "regulation": cite, "count": count} for label, cite, count in summary.rows()
        ],
        "representation_outcomes": {str(k): v for k, v in summary.representation_outcomes.items()},
    }

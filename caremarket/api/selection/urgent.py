"""The API for urgent awards under the Provider Selection Regime (regulation 14): record one
(the contract is entered into today and the urgent award notice published), list those the
actor may see, and read one."""

from datetime import date

from ninja import Router, Schema, Status
from pydantic import Field, StrictBool

from caremarket.api.schemas import AmountIn, Id, IsoDate, Money, Out, responses
from caremarket.core.errors import NotFound, ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.selectors import organisation_by_code
from caremarket.rules.roles import Sector
from caremarket.selection import selectors_urgent as selectors
from caremarket.selection.services import psr_urgent as services

router = Router(tags=["Provider selection"])


class UrgentAwardOut(Out):
    id: int
    lead_commissioner_code: str
    provider_code: str
    contract_reference: str
    title: str
    description: str
    value: Money
    starts_on: date
    ends_on: date
    term_months: int
    must_be_made_urgently: bool
    urgency_unforeseeable_and_not_attributable: bool
    delay_risks_patient_or_public_safety: bool
    urgency_reason: str
    reasons: list[str] = Field(description="Why regulation 14 applied, in the rules' sentences")
    advice: list[str] = Field(description="Advice the rules give, like a term longer than advised")
    awarded_on: date
    notice_id: int | None


def _out(award) -> dict:
    return {
        "id": award.pk,
        "lead_commissioner_code": award.lead_commissioner.code,
        "provider_code": award.provider.code,
        "contract_reference": award.contract.reference,
        "title": award.title,
        "description": award.description,
        "value": award.value,
        "starts_on": award.starts_on,
        "ends_on": award.contract.ends_on,
        "term_months": award.term_months,
        "must_be_made_urgently": award.must_be_made_urgently,
        "urgency_unforeseeable_and_not_attributable": award.urgency_unforeseeable_and_not_attributable,
        "delay_risks_patient_or_public_safety": award.delay_risks_patient_or_public_safety,
        "urgency_reason": award.urgency_reason,
        "reasons": list(award.reasons),
        "advice": list(award.advice),
        "awarded_on": award.awarded_on,
        "notice_id": award.notice_id,
    }


class UrgentAwardIn(Schema):
    organisation_code: str = Field(max_length=30, description="The commissioning organisation")
    provider_code: str = Field(max_length=30, description="The provider the contract is awarded to")
    title: str = Field(max_length=255)
    description: str = Field("", max_length=10000)
    value: AmountIn
    starts_on: IsoDate
    term_months: int = Field(ge=1, le=600)
    must_be_made_urgently: StrictBool
    urgency_unforeseeable_and_not_attributable: StrictBool
    delay_risks_patient_or_public_safety: StrictBool
    urgency_reason: str = Field(min_length=1, max_length=10000)


@router.get("/selection/urgent-awards", response=responses(200, list[UrgentAwardOut]))
def list_urgent_awards(request):
    """The urgent awards of the actor's commissioning organisations (every one for oversight)."""
    return [_out(a) for a in selectors.urgent_awards_for_actor(request.actor)[:500]]


@router.post("/selection/urgent-awards", response=responses(201, UrgentAwardOut))
def record_urgent_award(request, payload: UrgentAwardIn):
    """Record an urgent award (regulation 14): refused (409) with the rules' reasons unless the
    award must be made urgently, the urgency was not foreseeable by or attributable to the
    authority, and delay would likely put patients or the public at risk. A term longer than
    advised is allowed, with the advice in `advice`. The contract is entered into today and the
    urgent award notice (PSR_URGENT) is published."""
    commissioner = organisation_by_code(payload.organisation_code, sector=Sector.BUYER)
    if commissioner is None:
        raise NotFound(f"There is no commissioning organisation {payload.organisation_code}")
    require(request.actor, "selection.start_process", commissioner)
    provider = organisation_by_code(payload.provider_code, sector=Sector.SUPPLIER)
    if provider is None:
        raise ValidationFailed.for_field(
            "provider_code", f"There is no provider with the code {payload.provider_code}"
        )
    award = services.urgent_award_record(
        actor=request.actor,
        commissioner=commissioner,
        provider=provider,
        title=payload.title,
        description=payload.description,
        value=payload.value,
        starts_on=payload.starts_on,
        term_months=payload.term_months,
        must_be_made_urgently=payload.must_be_made_urgently,
        urgency_unforeseeable_and_not_attributable=payload.urgency_unforeseeable_and_not_attributable,
        delay_risks_patient_or_public_safety=payload.delay_risks_patient_or_public_safety,
        urgency_reason=payload.urgency_reason,
    )
    return Status(201, _out(selectors.urgent_award_for_actor(request.actor, award.pk)))


@router.get("/selection/urgent-awards/{award_id}", response=responses(200, UrgentAwardOut))
def get_urgent_award(request, award_id: Id):
    """One urgent award, with its contract and notice."""
    return _out(selectors.urgent_award_for_actor(request.actor, award_id))

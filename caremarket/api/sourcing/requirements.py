"""Sourcing API: requirement sets, their lines and the template import, and a member's submission."""

from ninja import File, Status, UploadedFile
from ninja.pagination import paginate

from caremarket.agreements.selectors import lot_for_actor
from caremarket.api.schemas import ERRORS, Id, Pages, responses
from caremarket.api.sourcing.common import P, member_out, router
from caremarket.api.sourcing_schemas import (
    MemberOut,
    RequirementLineIn,
    RequirementLineOut,
    RequirementLinePatch,
    RequirementSetDetailOut,
    RequirementSetIn,
    RequirementSetOut,
)
from caremarket.orgs.selectors import organisation_for_actor, site_codes
from caremarket.sourcing import selectors, services, template
from caremarket.sourcing.selectors import vocabulary_of


def _set_out(s, lines=None) -> dict:
    data = {
        "reference": s.reference,
        "title": s.title,
        "organisation_code": s.organisation.code,
        "club": s.club.reference if s.club_id else None,
        "lot": f"{s.lot.agreement.reference} lot {s.lot.number}" if s.lot_id else None,
        "line_count": getattr(s, "line_count", None) if lines is None else len(lines),
    }
    if data["line_count"] is None:
        data["line_count"] = selectors.line_count(s)
    return data


def _line_out(line) -> RequirementLineOut:
    return RequirementLineOut(
        id=line.pk,
        site_code=line.site.code,
        service_type=line.service_type,
        quantity=line.quantity,
        unit=line.unit,
        size=line.size,
        required_by=line.required_by,
        notes=line.notes,
    )


def _set_detail(s) -> dict:
    lines = list(selectors.lines_of(s))
    sites = site_codes(s.organisation)
    return {
        **_set_out(s, lines),
        "lines": [_line_out(line) for line in lines],
        "allowed": template.allowed_values_text(vocabulary_of(s), sites),
    }


@router.get(f"{P}/requirement-sets", response={200: list[RequirementSetOut], **ERRORS})
@paginate(Pages)
def list_requirement_sets(request):
    """Your organisations' requirement sets (and, for a club's lead, its members')."""
    return [_set_out(s) for s in selectors.requirement_sets_for_actor(request.actor)]


@router.post(f"{P}/requirement-sets", response=responses(201, RequirementSetDetailOut))
def create_requirement_set(request, payload: RequirementSetIn):
    actor = request.actor
    organisation = organisation_for_actor(actor, payload.organisation_code)
    lot = None
    if payload.agreement and payload.lot:
        lot = lot_for_actor(actor, payload.agreement, payload.lot)
    created = services.requirement_set_create(
        actor=actor, organisation=organisation, title=payload.title, lot=lot
    )
    return Status(201, _set_detail(created))


@router.get(f"{P}/requirement-sets/{{reference}}", response=responses(200, RequirementSetDetailOut))
def get_requirement_set(request, reference: str):
    """The set's lines, and the values each template column takes."""
    return _set_detail(selectors.requirement_set_for_actor(request.actor, reference))


@router.post(f"{P}/requirement-sets/{{reference}}/lines", response=responses(201, RequirementLineOut))
def add_requirement_line(request, reference: str, payload: RequirementLineIn):
    s = selectors.requirement_set_for_actor(request.actor, reference)
    line = services.requirement_line_add(actor=request.actor, requirement_set=s, **payload.dict())
    return Status(201, _line_out(line))


@router.patch(
    f"{P}/requirement-sets/{{reference}}/lines/{{line_id}}", response=responses(200, RequirementLineOut)
)
def change_requirement_line(request, reference: str, line_id: Id, payload: RequirementLinePatch):
    s = selectors.requirement_set_for_actor(request.actor, reference)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    line = services.requirement_line_update(
        actor=request.actor, line=selectors.line_for(s, line_id), **changes
    )
    return _line_out(line)


@router.delete(f"{P}/requirement-sets/{{reference}}/lines/{{line_id}}", response=responses(204, None))
def remove_requirement_line(request, reference: str, line_id: Id):
    s = selectors.requirement_set_for_actor(request.actor, reference)
    services.requirement_line_remove(actor=request.actor, line=selectors.line_for(s, line_id))
    return Status(204, None)


@router.post(f"{P}/requirement-sets/{{reference}}/import", response=responses(200, RequirementSetDetailOut))
def import_requirements(request, reference: str, file: File[UploadedFile]):
    """Upload the filled-in template (XLSX or CSV): its lines replace the set's. All or
    nothing: a refusal lists every problem by row and column in `details.rows`."""
    s = selectors.requirement_set_for_actor(request.actor, reference)
    services.requirements_import(
        actor=request.actor, requirement_set=s, name=file.name or "", content=file.read()
    )
    return _set_detail(selectors.requirement_set_for_actor(request.actor, reference))


@router.post(f"{P}/requirement-sets/{{reference}}/submit", response=responses(200, MemberOut))
def submit_requirements(request, reference: str):
    """Submit a club member's requirements to its club, by the joining deadline."""
    s = selectors.requirement_set_for_actor(request.actor, reference)
    member = services.requirements_submit(actor=request.actor, requirement_set=s)
    row = next(r for r in selectors.member_rows(member.club) if r.member.pk == member.pk)
    return member_out(row)

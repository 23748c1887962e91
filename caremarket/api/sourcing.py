"""Sourcing: requirement sets and their template import, buying clubs (joining, the deadline,
launch and the frozen baseline), the route advisor, collaborations and individual
procurements with their milestones, intentions and phasing, and the make/share/buy diagnostic."""

from decimal import Decimal

from ninja import File, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from caremarket.agreements.selectors import agreement_for_actor, lot_for_actor
from caremarket.api.schemas import ERRORS, Pages, QueryFlag, responses
from caremarket.api.sourcing_schemas import (
    AdviceOut,
    BaselineOut,
    ClubIn,
    ClubMove,
    ClubMoveIn,
    ClubOut,
    ClubPatch,
    ClubSiteIn,
    ClubSiteOut,
    CollaborationIn,
    CostFiguresIn,
    DiagnosticOut,
    FactsIn,
    IndividualIn,
    IntentionIn,
    IntentionOut,
    LegalEntityIn,
    LegalEntityOut,
    MemberIn,
    MemberOut,
    PartnerIn,
    PhasingOut,
    ProcurementOut,
    RequirementLineIn,
    RequirementLineOut,
    RequirementLinePatch,
    RequirementSetDetailOut,
    RequirementSetIn,
    RequirementSetOut,
)
from caremarket.core.errors import ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.selectors import organisation_for_actor
from caremarket.rules.route_facts import OrganisationFacts, facts_problems
from caremarket.sourcing import selectors, services, template
from caremarket.sourcing.advisor import recommend
from caremarket.sourcing.baseline import frozen_baseline
from caremarket.sourcing.diagnostic import diagnostic_for_actor
from caremarket.sourcing.models import Collaboration
from caremarket.sourcing.services.requirements import vocabulary_of

router = Router(tags=["Sourcing"])
P = "/sourcing"

# --- Output helpers -----------------------------------------------------------------------------


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
        data["line_count"] = s.lines.count()
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
    sites = list(s.organisation.sites.order_by("code").values_list("code", flat=True))
    return {
        **_set_out(s, lines),
        "lines": [_line_out(line) for line in lines],
        "allowed": template.allowed_values_text(vocabulary_of(s), sites),
    }


def _club_out(club) -> dict:
    return {
        "reference": club.reference,
        "name": club.name,
        "kind": club.kind,
        "region": club.region,
        "agreement": club.agreement.reference,
        "lot": club.lot.number,
        "lead_organisation_code": club.lead_organisation.code,
        "launch_date": club.launch_date,
        "join_notice_days": club.join_notice_days,
        "join_deadline": club.join_deadline,
        "status": str(club.status()),
        "launched_at": club.launched_at,
        "member_count": getattr(club, "member_count", None) or club.members.count(),
    }


def _member_out(row) -> MemberOut:
    m = row.member
    return MemberOut(
        organisation_code=m.organisation.code,
        organisation_name=m.organisation.name,
        intent_confirmed_at=m.intent_confirmed_at,
        requirements_submitted_at=m.requirements_submitted_at,
        included_at_launch=m.included_at_launch,
        requirement_set=row.requirement_set.reference if row.requirement_set else None,
        lines=row.lines,
        sites=row.sites,
        quantity=row.quantity,
    )


def _state_out(s) -> dict:
    m = s.milestone
    return {
        "key": m.key,
        "title": m.title,
        "due": m.due,
        "status": str(s.status),
        "days": s.days,
        "consequence": m.consequence,
        "message": s.message,
    }


def _option_out(o) -> dict:
    return {
        "route": str(o.route),
        "procedure": str(o.procedure),
        "agreement": o.agreement,
        "lot": o.lot,
        "label": o.label,
        "eligible": o.eligible,
        "rank": o.rank,
        "score": o.score,
        "reasons": list(o.reasons),
        "cautions": list(o.cautions),
        "refusals": [{"code": r.code, "message": r.message} for r in o.refusals],
    }


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
        "partners": [x.organisation.code for x in p.partners.select_related("organisation")]
        if collaborative
        else [],
        "governance": {
            "intelligent_client_function": p.intelligent_client_function,
            "technical_design_authority": p.technical_design_authority,
            "legal_access": p.legal_access,
        }
        if collaborative
        else {},
        "milestones": [_state_out(s) for s in review.states],
        "on_track": review.on_track,
        "consequences": list(review.consequences),
    }


def _intention_out(i) -> dict:
    return {
        "reference": i.reference,
        "organisation_code": i.organisation.code,
        "organisation_name": i.organisation.name,
        "title": i.title,
        "description": i.description,
        "category": i.category,
        "region": i.region,
        "value_band": i.value_band,
        "launch_on": i.launch_on,
        "closes_on": i.closes_on,
        "status": i.status,
        "published_at": i.published_at,
    }


# --- Requirements ----------------------------------------------------------------------------------


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
def change_requirement_line(request, reference: str, line_id: int, payload: RequirementLinePatch):
    s = selectors.requirement_set_for_actor(request.actor, reference)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    line = services.requirement_line_update(
        actor=request.actor, line=selectors.line_for(s, line_id), **changes
    )
    return _line_out(line)


@router.delete(f"{P}/requirement-sets/{{reference}}/lines/{{line_id}}", response=responses(204, None))
def remove_requirement_line(request, reference: str, line_id: int):
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
    return _member_out(row)


# --- Buying clubs ----------------------------------------------------------------------------------------


@router.get(f"{P}/clubs", response={200: list[ClubOut], **ERRORS})
@paginate(Pages)
def list_clubs(request, region: str = "", status: str = ""):
    """Every buying club, in launch order."""
    return [_club_out(c) for c in selectors.clubs_for_actor(request.actor, region=region, status=status)]


@router.post(f"{P}/clubs", response=responses(201, ClubOut))
def create_club(request, payload: ClubIn):
    actor = request.actor
    lead = organisation_for_actor(actor, payload.lead_organisation_code)
    agreement = agreement_for_actor(actor, payload.agreement)
    lot = lot_for_actor(actor, payload.agreement, payload.lot)
    club = services.club_create(
        actor=actor,
        lead_organisation=lead,
        name=payload.name,
        reference=payload.reference,
        kind=str(payload.kind),
        region=str(payload.region or ""),
        agreement=agreement,
        lot=lot,
        launch_date=payload.launch_date,
        join_notice_days=payload.join_notice_days,
        description=payload.description,
    )
    return Status(201, _club_out(club))


@router.get(f"{P}/clubs/{{reference}}", response=responses(200, ClubOut))
def get_club(request, reference: str):
    return _club_out(selectors.club_for_actor(request.actor, reference))


@router.patch(f"{P}/clubs/{{reference}}", response=responses(200, ClubOut))
def move_club_launch(request, reference: str, payload: ClubPatch):
    """Move the launch date (and so the joining deadline); the notice may change too."""
    club = selectors.club_for_actor(request.actor, reference)
    club = services.club_set_launch_date(
        actor=request.actor,
        club=club,
        launch_date=payload.launch_date,
        join_notice_days=payload.join_notice_days,
    )
    return _club_out(club)


@router.post(f"{P}/clubs/{{reference}}/status", response=responses(200, ClubOut))
def move_club(request, reference: str, payload: ClubMoveIn):
    """Open the club to members, close joining early, launch it (freezing the baseline),
    award it to the single winning supplier, or cancel it."""
    actor = request.actor
    club = selectors.club_for_actor(actor, reference)
    if payload.to == ClubMove.OPEN:
        club = services.club_open(actor=actor, club=club)
    elif payload.to == ClubMove.JOINING_CLOSED:
        club = services.club_close_joining(actor=actor, club=club)
    elif payload.to == ClubMove.LAUNCHED:
        club = services.club_launch(actor=actor, club=club)
    elif payload.to == ClubMove.AWARDED:
        club = services.club_award(actor=actor, club=club, winner=payload.winner)
    else:
        club = services.club_cancel(actor=actor, club=club, reason=payload.reason)
    return _club_out(club)


@router.get(f"{P}/clubs/{{reference}}/members", response=responses(200, list[MemberOut]))
def list_members(request, reference: str):
    club = selectors.club_for_actor(request.actor, reference)
    rows = selectors.member_rows(club)
    if not (request.actor.sees_everything or request.actor.is_member(club.lead_organisation_id)):
        rows = [r for r in rows if request.actor.is_member(r.member.organisation_id)]
    return [_member_out(r) for r in rows]


@router.post(f"{P}/clubs/{{reference}}/members", response=responses(201, MemberOut))
def join_club(request, reference: str, payload: MemberIn):
    """An organisation confirms its intention to join, by the joining deadline."""
    actor = request.actor
    club = selectors.club_for_actor(actor, reference)
    organisation = organisation_for_actor(actor, payload.organisation_code)
    member = services.club_join(actor=actor, club=club, organisation=organisation)
    row = next(r for r in selectors.member_rows(club) if r.member.pk == member.pk)
    return Status(201, _member_out(row))


@router.delete(f"{P}/clubs/{{reference}}/members/{{code}}", response=responses(204, None))
def leave_club(request, reference: str, code: str):
    """A member leaves before launch (or the lead removes it), with its requirements."""
    club = selectors.club_for_actor(request.actor, reference)
    services.club_member_remove(
        actor=request.actor, member=selectors.member_for_actor(request.actor, club, code)
    )
    return Status(204, None)


@router.post(
    f"{P}/clubs/{{reference}}/members/{{code}}/legal-entities", response=responses(201, LegalEntityOut)
)
def add_legal_entity(request, reference: str, code: str, payload: LegalEntityIn):
    club = selectors.club_for_actor(request.actor, reference)
    member = selectors.member_for_actor(request.actor, club, code)
    entity = services.club_legal_entity_add(
        actor=request.actor, member=member, name=payload.name, code=payload.code
    )
    return Status(201, LegalEntityOut(name=entity.name, code=entity.code))


@router.post(f"{P}/clubs/{{reference}}/members/{{code}}/sites", response=responses(201, ClubSiteOut))
def add_club_site(request, reference: str, code: str, payload: ClubSiteIn):
    club = selectors.club_for_actor(request.actor, reference)
    member = selectors.member_for_actor(request.actor, club, code)
    site = member.organisation.sites.filter(code__iexact=payload.site_code).first()
    if site is None:
        raise ValidationFailed.for_field(
            "site_code", f"{payload.site_code} is not a site of {member.organisation.name}"
        )
    services.club_site_add(actor=request.actor, member=member, site=site)
    return Status(201, ClubSiteOut(site_code=site.code, name=site.name))


@router.get(f"{P}/clubs/{{reference}}/baseline", response=responses(200, BaselineOut))
def get_baseline(request, reference: str):
    """The baseline frozen at launch: one line per requirement (member, site, unit, band, quantity)."""
    club = selectors.club_for_actor(request.actor, reference)
    require(request.actor, "sourcing.view_baseline", club)
    baseline = frozen_baseline(club)
    return {
        "club": club.reference,
        "launched_at": club.launched_at,
        "members": list(baseline.members),
        "lines": [line.__dict__ for line in baseline.lines],
    }


# --- The route advisor -------------------------------------------------------------------------------------


@router.post(f"{P}/route-advice", response=responses(200, AdviceOut))
def route_advice(request, payload: FactsIn):
    """Facts about an organisation in; the recommended route and procedure, every option with
    its reasons and ruling-out constraints, and the milestone plan (late ones flagged) out."""
    organisation = selectors.acting_buyer(request.actor)
    facts = OrganisationFacts(
        name=payload.name or (organisation.name if organisation else "Your organisation"),
        region=str(payload.region or ""),
        sites=payload.sites,
        complex_needs=payload.complex_needs,
        needs_dialogue=payload.needs_dialogue,
        beyond_agreements=payload.beyond_agreements,
        procurement_expertise=payload.procurement_expertise,
        clear_plans=payload.clear_plans,
        collaboration=payload.collaboration,
        lead_organisation=payload.lead_organisation,
        buying_club=payload.buying_club,
        contract_end_dates=tuple(payload.contract_end_dates),
        estimated_value=Decimal(payload.estimated_value) if payload.estimated_value else None,
        earliest_start=payload.earliest_start,
        latest_start=payload.latest_start,
        central_government=payload.central_government,
        milestones_done=frozenset(payload.milestones_done),
    )
    problems = facts_problems(facts)
    if problems:
        raise ValidationFailed(
            next(iter(problems.values())), details={"fields": {k: [v] for k, v in problems.items()}}
        )
    r = recommend(request.actor, facts, programme=payload.programme)
    advice = r.advice
    return {
        "recommended": _option_out(advice.recommended) if advice.recommended else None,
        "options": [_option_out(o) for o in advice.options],
        "threshold": advice.threshold,
        "needed_by": advice.needed_by,
        "notes": list(advice.notes),
        "plan": [_state_out(s) for s in r.review.states] if r.review else [],
        "late": [s.message for s in r.review.late] if r.review else [],
    }


# --- Collaborations and individual procurements ------------------------------------------------------------


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


# --- Intentions and phasing ---------------------------------------------------------------------------------


@router.get(f"{P}/intentions", response={200: list[IntentionOut], **ERRORS})
@paginate(Pages)
def list_intentions(request, mine: Query[QueryFlag] = False, category: str = "", region: str = ""):
    """The pipeline: every published intention; with `mine=true`, your organisations' own in
    any status."""
    found = selectors.intentions_for_actor(request.actor, mine=mine, category=category, region=region)
    return [_intention_out(i) for i in found]


@router.post(f"{P}/intentions", response=responses(201, IntentionOut))
def create_intention(request, payload: IntentionIn):
    data = payload.dict()
    organisation = organisation_for_actor(request.actor, data.pop("organisation_code"))
    data["region"], data["value_band"] = str(data["region"]), str(data["value_band"])
    created = services.intention_create(actor=request.actor, organisation=organisation, **data)
    return Status(201, _intention_out(created))


@router.get(f"{P}/intentions/{{reference}}", response=responses(200, IntentionOut))
def get_intention(request, reference: str):
    return _intention_out(selectors.intention_for_actor(request.actor, reference))


@router.post(f"{P}/intentions/{{reference}}/publish", response=responses(200, IntentionOut))
def publish_intention(request, reference: str):
    intention = selectors.intention_for_actor(request.actor, reference)
    return _intention_out(services.intention_publish(actor=request.actor, intention=intention))


@router.post(f"{P}/intentions/{{reference}}/withdraw", response=responses(200, IntentionOut))
def withdraw_intention(request, reference: str):
    intention = selectors.intention_for_actor(request.actor, reference)
    return _intention_out(services.intention_withdraw(actor=request.actor, intention=intention))


@router.get(f"{P}/phasing", response=responses(200, PhasingOut))
def get_phasing(request, region: str = ""):
    """Launches and closings per month and region; a warning for each category with more
    competitions closing in one fortnight than suppliers can answer."""
    result = selectors.phasing_for_actor(request.actor, region=region)
    return {
        "rows": [row.__dict__ for row in result.rows],
        "totals": [row.__dict__ for row in result.totals],
        "warnings": [
            {
                "category": w.category,
                "fortnight_start": w.fortnight.start,
                "fortnight_end": w.fortnight.end,
                "references": list(w.references),
                "message": w.message,
            }
            for w in result.warnings
        ],
    }


# --- The diagnostic ---------------------------------------------------------------------------------


def _diagnostic_out(actor, organisation) -> dict:
    result, _ = diagnostic_for_actor(actor, organisation)
    return {
        "organisation_code": organisation.code,
        "rows": [
            {
                "service_line": str(row.line),
                "label": row.label,
                "options": [
                    {
                        "option": str(r.option),
                        "cost": r.cost,
                        "estimated": r.estimated,
                        "saving_vs_in_house": r.saving_vs_in_house,
                        "saving_percent": r.saving_percent,
                    }
                    for r in row.options
                ],
                "cheapest": str(row.cheapest) if row.cheapest else None,
                "notes": list(row.notes),
            }
            for row in result.rows
        ],
        "in_house_total": result.in_house_total,
        "cheapest_total": result.cheapest_total,
        "saving_total": result.saving_total,
    }


@router.get(f"{P}/diagnostic/{{code}}", response=responses(200, DiagnosticOut))
def get_diagnostic(request, code: str):
    """Make, share, buy, buy collaboratively or mixed, per service line, against benchmarks."""
    return _diagnostic_out(request.actor, organisation_for_actor(request.actor, code))


@router.put(f"{P}/diagnostic/{{code}}", response=responses(200, DiagnosticOut))
def save_cost_figures(request, code: str, payload: CostFiguresIn):
    """Set the organisation's yearly cost figures (a null cost clears one)."""
    organisation = organisation_for_actor(request.actor, code)
    figures = {(f.service_line, f.option): f.yearly_cost for f in payload.figures}
    services.cost_figures_save(actor=request.actor, organisation=organisation, figures=figures)
    return _diagnostic_out(request.actor, organisation)

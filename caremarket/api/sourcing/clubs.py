"""Sourcing API: buying clubs, joining and leaving, legal entities and sites, launch and the
frozen baseline."""

from ninja import Status
from ninja.pagination import paginate

from caremarket.agreements.selectors import agreement_for_actor, lot_for_actor
from caremarket.api.idempotency import idempotent
from caremarket.api.schemas import ERRORS, Pages, responses
from caremarket.api.sourcing.common import P, member_out, router
from caremarket.api.sourcing_schemas import (
    BaselineOut,
    ClubIn,
    ClubMove,
    ClubMoveIn,
    ClubOut,
    ClubPatch,
    ClubSiteIn,
    ClubSiteOut,
    LegalEntityIn,
    LegalEntityOut,
    MemberIn,
    MemberOut,
)
from caremarket.core.errors import ValidationFailed
from caremarket.core.permissions import require
from caremarket.orgs.selectors import organisation_for_actor, site_by_code
from caremarket.sourcing import selectors, services
from caremarket.sourcing.baseline import frozen_baseline


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
        "member_count": getattr(club, "member_count", None) or selectors.member_count(club),
    }


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
@idempotent
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
    return [member_out(r) for r in rows]


@router.post(f"{P}/clubs/{{reference}}/members", response=responses(201, MemberOut))
def join_club(request, reference: str, payload: MemberIn):
    """An organisation confirms its intention to join, by the joining deadline."""
    actor = request.actor
    club = selectors.club_for_actor(actor, reference)
    organisation = organisation_for_actor(actor, payload.organisation_code)
    member = services.club_join(actor=actor, club=club, organisation=organisation)
    row = next(r for r in selectors.member_rows(club) if r.member.pk == member.pk)
    return Status(201, member_out(row))


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
    site = site_by_code(member.organisation, payload.site_code)
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

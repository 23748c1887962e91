"""Buying clubs: create, open, move the launch, close joining, members join with their legal
entities and sites, launch (freezing the baseline), award and cancel. Each checks
permission, asks the pure rules in `rules/buying_clubs.py`, and records its audit event in
the same transaction."""

from datetime import date

from django.db.models import Count

from caremarket.agreements.models import Agreement, Lot
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import Conflict, ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.models import Organisation, Site
from caremarket.rules.buying_clubs import (
    BaselineItem,
    Change,
    ClubStatus,
    award_refusal,
    baseline_change_refusal,
    cancel_refusal,
    close_joining_refusal,
    join_refusal,
    launch_date_change_refusal,
    launch_problems,
    open_refusal,
)
from caremarket.rules.club_timetable import ClubKind
from caremarket.rules.milestones import DEFAULT_JOIN_NOTICE
from caremarket.rules.roles import Sector
from caremarket.sourcing.models import (
    BaselineLine,
    BuyingClub,
    ClubLegalEntity,
    ClubMember,
    ClubSite,
    RequirementLine,
    RequirementSet,
)
from caremarket.sourcing.services.common import _check_reference, _next_reference, _refuse
from caremarket.transparency.content import sourcing as notices

CLUB_FIELDS = [
    "reference",
    "name",
    "kind",
    "region",
    "agreement_id",
    "lot_id",
    "lead_organisation_id",
    "launch_date",
    "join_notice_days",
    "join_deadline",
    "stage",
]


def _locked(club: BuyingClub) -> BuyingClub:
    return (
        BuyingClub.objects.select_related("agreement", "lot", "lead_organisation")
        .select_for_update()
        .get(pk=club.pk)
    )


def _counts(club: BuyingClub) -> dict:
    return {
        "member_count": club.members.count(),
        "requirement_line_count": RequirementLine.objects.filter(requirement_set__club=club).count(),
    }


def _audit(actor: Actor, action: str, club: BuyingClub, **kwargs) -> None:
    audit_record(actor=actor, action=action, obj=club, organisation_id=club.lead_organisation_id, **kwargs)


@service
def club_create(
    *,
    actor: Actor,
    lead_organisation: Organisation,
    name: str,
    agreement: Agreement,
    lot: Lot,
    launch_date: date | None = None,
    region: str = "",
    kind: str = ClubKind.REGIONAL,
    reference: str = "",
    join_notice_days: int = DEFAULT_JOIN_NOTICE.days,
    description: str = "",
) -> BuyingClub:
    require(actor, "sourcing.create_club", lead_organisation)
    problems = FieldProblems()
    problems.check(
        lead_organisation.sector == Sector.BUYER, "lead_organisation", "A buying club is led by a buyer"
    )
    problems.check(bool(name.strip()), "name", "Enter the club's name")
    problems.check(lot.agreement_id == agreement.pk, "lot", f"Choose a lot of {agreement.reference}")
    problems.check(
        agreement.is_dps,
        "agreement",
        f"An aggregated procurement is a further competition on a dynamic purchasing system: "
        f"{agreement.reference} is a framework",
    )
    problems.check(
        kind != ClubKind.REGIONAL or bool(region), "region", "Choose the region of a regional club"
    )
    problems.check(
        isinstance(join_notice_days, int) and 0 <= join_notice_days <= 365,
        "join_notice_days",
        "Enter the joining notice as 0 to 365 days",
    )
    if launch_date is not None and launch_date < clock.today():
        problems.add("launch_date", "The launch date cannot be in the past")
    club = BuyingClub(
        reference=_check_reference(reference) if reference.strip() else _next_reference(BuyingClub, "BC"),
        name=name.strip(),
        kind=kind,
        region=region,
        description=description.strip(),
        agreement=agreement,
        lot=lot,
        lead_organisation=lead_organisation,
        launch_date=launch_date,
        join_notice_days=join_notice_days,
        created_by=actor.person,
    )
    club.join_deadline = club.computed_deadline()
    check_model_fields(club, problems, exclude=["agreement", "lot", "lead_organisation", "created_by"])
    problems.raise_if_any("The buying club could not be created")
    if BuyingClub.objects.filter(reference=club.reference).exists():
        raise Conflict(f"A buying club with the reference {club.reference} already exists")
    club.save()
    _audit(actor, "buying_club.created", club, after=model_snapshot(club, CLUB_FIELDS))
    return club


@service
def club_open(*, actor: Actor, club: BuyingClub) -> BuyingClub:
    """Open the club to members (or reopen it once its launch has moved later)."""
    club = _locked(club)
    require(actor, "sourcing.manage_club", club)
    _refuse(open_refusal(club.facts(), clock.today()), club=club.reference)
    before = club.stage
    club.stage = ClubStatus.OPEN
    club.opened_at = club.opened_at or clock.now()
    club.joining_closed_at = None
    club.touch()
    club.save()
    _audit(actor, "buying_club.opened", club, before={"stage": before}, after={"stage": club.stage})
    return club


@service
def club_close_joining(*, actor: Actor, club: BuyingClub) -> BuyingClub:
    club = _locked(club)
    require(actor, "sourcing.manage_club", club)
    _refuse(close_joining_refusal(club.facts(), clock.today()), club=club.reference)
    before = club.stage
    club.stage = ClubStatus.JOINING_CLOSED
    club.joining_closed_at = clock.now()
    club.touch()
    club.save()
    _audit(actor, "buying_club.joining_closed", club, before={"stage": before}, after={"stage": club.stage})
    return club


@service
def club_set_launch_date(
    *, actor: Actor, club: BuyingClub, launch_date: date, join_notice_days: int | None = None
) -> BuyingClub:
    """Move the planned launch (and so the joining deadline)."""
    club = _locked(club)
    require(actor, "sourcing.manage_club", club)
    _refuse(launch_date_change_refusal(club.facts(), launch_date, clock.today()), club=club.reference)
    if join_notice_days is not None and not (0 <= join_notice_days <= 365):
        raise ValidationFailed.for_field("join_notice_days", "Enter the joining notice as 0 to 365 days")
    before = model_snapshot(club, ["launch_date", "join_notice_days", "join_deadline"])
    club.launch_date = launch_date
    if join_notice_days is not None:
        club.join_notice_days = join_notice_days
    club.join_deadline = club.computed_deadline()
    club.touch()
    club.save()
    after = model_snapshot(club, ["launch_date", "join_notice_days", "join_deadline"])
    _audit(actor, "buying_club.launch_date_set", club, before=before, after=after)
    notices.publish_club_planned(actor=actor, club=club)
    return club


# --- Members ----------------------------------------------------------------------------------


@service
def club_join(*, actor: Actor, club: BuyingClub, organisation: Organisation) -> ClubMember:
    """An organisation confirms its intent to join: it becomes a member with an empty
    requirement set (submitted later, by the joining deadline) and its own legal entity."""
    club = _locked(club)
    require(actor, "sourcing.join_club", organisation)
    if organisation.sector != Sector.BUYER:
        raise ValidationFailed.for_field("organisation", "Only buyer organisations join buying clubs")
    is_member = club.members.filter(organisation=organisation).exists()
    _refuse(
        join_refusal(club.facts(), organisation.name, clock.today(), is_member=is_member),
        club=club.reference,
        organisation=organisation.code,
    )
    member = ClubMember.objects.create(club=club, organisation=organisation, confirmed_by=actor.person)
    ClubLegalEntity.objects.create(member=member, name=organisation.name, code=organisation.code)
    RequirementSet.objects.create(
        reference=_next_reference(RequirementSet, f"RS-{club.reference}"[:24]),
        organisation=organisation,
        title=f"Requirements for {club.name}",
        club=club,
        lot=club.lot,
        created_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="buying_club.member_joined",
        obj=member,
        organisation_id=organisation.pk,
        after={"club": club.reference, "organisation": organisation.code},
    )
    return member


def _change(actor: Actor, member: ClubMember, item: str, change: str) -> BuyingClub:
    club = _locked(member.club)
    require(actor, "sourcing.manage_membership", member)
    _refuse(
        baseline_change_refusal(club.facts(), item, clock.today(), change=change),
        club=club.reference,
        organisation=member.organisation.code,
    )
    return club


@service
def club_member_remove(*, actor: Actor, member: ClubMember) -> None:
    """A member leaves (or the lead removes it) before launch, with its requirements."""
    club = _change(actor, member, BaselineItem.MEMBER, Change.REMOVE)
    RequirementLine.objects.filter(
        requirement_set__club=club, requirement_set__organisation=member.organisation
    ).delete()
    RequirementSet.objects.filter(club=club, organisation=member.organisation).delete()
    member.club_sites.all().delete()
    member.legal_entities.all().delete()
    snapshot = {"club": club.reference, "organisation": member.organisation.code}
    audit_record(
        actor=actor,
        action="buying_club.member_removed",
        obj=member,
        organisation_id=member.organisation_id,
        before=snapshot,
    )
    member.delete()


@service
def club_legal_entity_add(*, actor: Actor, member: ClubMember, name: str, code: str) -> ClubLegalEntity:
    _change(actor, member, BaselineItem.LEGAL_ENTITY, Change.ADD)
    problems = FieldProblems()
    problems.check(bool(name.strip()), "name", "Enter the legal entity's name")
    problems.check(bool(code.strip()), "code", "Enter its ODS code or company number")
    entity = ClubLegalEntity(member=member, name=name.strip(), code=code.strip().upper())
    check_model_fields(entity, problems, exclude=["member"])
    problems.raise_if_any("The legal entity could not be added")
    if member.legal_entities.filter(code=entity.code).exists():
        raise Conflict(f"{entity.code} is already one of this member's legal entities")
    entity.save()
    audit_record(
        actor=actor,
        action="buying_club.legal_entity_added",
        obj=entity,
        organisation_id=member.organisation_id,
        after={"club": member.club.reference, "name": entity.name, "code": entity.code},
    )
    return entity


@service
def club_site_add(*, actor: Actor, member: ClubMember, site: Site) -> ClubSite:
    _change(actor, member, BaselineItem.SITE, Change.ADD)
    if site.organisation_id != member.organisation_id:
        raise ValidationFailed.for_field("site", f"{site.code} is not a site of {member.organisation.name}")
    club_site, created = ClubSite.objects.get_or_create(member=member, site=site)
    if created:
        audit_record(
            actor=actor,
            action="buying_club.site_added",
            obj=club_site,
            organisation_id=member.organisation_id,
            after={"club": member.club.reference, "site": site.code},
        )
    return club_site


# --- Launch, award, cancel ----------------------------------------------------------------------


@service
def club_launch(*, actor: Actor, club: BuyingClub) -> BuyingClub:
    """Launch the club: its baseline freezes (members included, every requirement line
    copied), and no member, legal entity, site or line can be added or changed after."""
    club = _locked(club)
    require(actor, "sourcing.manage_club", club)
    today = clock.today()
    members = list(club.members.select_related("organisation"))
    line_counts = dict(
        RequirementSet.objects.filter(club=club)
        .annotate(n=Count("lines"))
        .values_list("organisation_id", "n")
    )
    without = [m.organisation.name for m in members if not line_counts.get(m.organisation_id)]
    problems = launch_problems(
        club.facts(**_counts(club)),
        today,
        members_without_requirements=without,
        agreement=club.agreement.facts(lot_count=1),
        lot=club.lot.facts(),
    )
    if problems:
        first = problems[0]
        raise first.error(club=club.reference, problems=[p.message for p in problems])
    now = clock.now()
    lines = RequirementLine.objects.filter(requirement_set__club=club).select_related(
        "site", "requirement_set__organisation"
    )
    BaselineLine.objects.bulk_create(
        [
            BaselineLine(
                club=club,
                organisation_id=line.requirement_set.organisation_id,
                member_code=line.requirement_set.organisation.code,
                site_code=line.site.code,
                service_type=line.service_type,
                unit=line.unit,
                band=line.size,
                quantity=line.quantity,
                required_by=line.required_by,
                frozen_at=now,
            )
            for line in lines.order_by("requirement_set__organisation__code", "position", "id")
        ],
        batch_size=2000,
    )
    club.members.update(included_at_launch=True)
    before = club.stage
    club.stage = ClubStatus.LAUNCHED
    club.launched_at = now
    club.touch()
    club.save()
    _audit(
        actor,
        "buying_club.launched",
        club,
        before={"stage": before},
        after={"stage": club.stage, "members": len(members), "baseline_lines": lines.count()},
    )
    return club


def _club_award(*, actor: Actor, club: BuyingClub, winner: str) -> BuyingClub:
    club = _locked(club)
    require(actor, "sourcing.manage_club", club)
    _refuse(award_refusal(club.facts(), clock.today(), winner=winner), club=club.reference)
    club.stage = ClubStatus.AWARDED
    club.awarded_at = clock.now()
    club.winner = winner.strip()[:255]
    club.touch()
    club.save()
    _audit(actor, "buying_club.awarded", club, after={"stage": club.stage, "winner": club.winner})
    return club


club_award = service(_club_award)


@service
def club_cancel(*, actor: Actor, club: BuyingClub, reason: str) -> BuyingClub:
    club = _locked(club)
    require(actor, "sourcing.manage_club", club)
    _refuse(cancel_refusal(club.facts(), clock.today(), reason=reason), club=club.reference)
    before = club.stage
    club.stage = ClubStatus.CANCELLED
    club.cancelled_at = clock.now()
    club.cancel_reason = reason.strip()
    club.touch()
    club.save()
    _audit(
        actor,
        "buying_club.cancelled",
        club,
        before={"stage": before},
        after={"stage": club.stage, "reason": club.cancel_reason},
    )
    return club

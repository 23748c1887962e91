"""Requirement sets and their lines: create a set, add, change and remove lines, import a
filled-in template (all or nothing), and submit a club member's requirements. A set that
belongs to a buying club follows the club's rules: lines only before the joining deadline,
nothing from launch."""

from datetime import date

from caremarket.agreements.models import Lot
from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems
from caremarket.orgs.models import Organisation
from caremarket.rules.buying_clubs import (
    BaselineItem,
    Change,
    baseline_change_refusal,
    requirements_submission_refusal,
)
from caremarket.rules.requirements import SheetResult, header_problems, validate_row, validate_rows
from caremarket.rules.roles import Sector
from caremarket.sourcing import template
from caremarket.sourcing.models import BuyingClub, ClubMember, ClubSite, RequirementLine, RequirementSet
from caremarket.sourcing.selectors import vocabulary_of
from caremarket.sourcing.services.common import _next_reference, _refuse

LINE_FIELDS = ["site_id", "service_type", "quantity", "unit", "size", "required_by", "notes"]


def _sites_of(organisation: Organisation) -> dict[str, object]:
    return {site.code.upper(): site for site in organisation.sites.order_by("code")}


def _rules_for(requirement_set: RequirementSet):
    return template.row_rules(
        vocabulary_of(requirement_set), frozenset(_sites_of(requirement_set.organisation)), earliest=None
    )


def _locked_set(requirement_set: RequirementSet) -> RequirementSet:
    locked = RequirementSet.objects.select_related("organisation", "club", "lot").select_for_update(
        of=("self",)
    )
    return locked.get(pk=requirement_set.pk)


def _club_check(requirement_set: RequirementSet, item: str, change: str) -> BuyingClub | None:
    """A club's set changes only as the club's rules allow (locking the club first)."""
    if requirement_set.club_id is None:
        return None
    club = BuyingClub.objects.select_for_update().get(pk=requirement_set.club_id)
    _refuse(
        baseline_change_refusal(club.facts(), item, clock.today(), change=change),
        club=club.reference,
        organisation=requirement_set.organisation.code,
    )
    return club


def _include_sites(requirement_set: RequirementSet, club: BuyingClub | None, site_ids: set[int]) -> None:
    """A club member's lines bring their sites into the club."""
    if club is None or not site_ids:
        return
    member = ClubMember.objects.get(club=club, organisation_id=requirement_set.organisation_id)
    have = set(member.club_sites.values_list("site_id", flat=True))
    ClubSite.objects.bulk_create([ClubSite(member=member, site_id=s) for s in sorted(site_ids - have)])


@service
def requirement_set_create(
    *, actor: Actor, organisation: Organisation, title: str, lot: Lot | None = None
) -> RequirementSet:
    require(actor, "sourcing.manage_requirements", organisation)
    problems = FieldProblems()
    problems.check(organisation.sector == Sector.BUYER, "organisation", "Only buyers record requirements")
    problems.check(bool(title.strip()), "title", "Enter a title for the requirement set")
    problems.check(len(title.strip()) <= 200, "title", "Keep the title to 200 characters or fewer")
    problems.raise_if_any("The requirement set could not be created")
    requirement_set = RequirementSet.objects.create(
        reference=_next_reference(RequirementSet, f"RS-{organisation.code}"[:24]),
        organisation=organisation,
        title=title.strip(),
        lot=lot,
        created_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="requirement_set.created",
        obj=requirement_set,
        organisation_id=organisation.pk,
        after={
            "reference": requirement_set.reference,
            "title": requirement_set.title,
            "lot_id": lot and lot.pk,
        },
    )
    return requirement_set


def _row_from(values: dict) -> list:
    unit = values.get("unit") or ""
    return [
        values.get("site_code"),
        values.get("service_type"),
        values.get("quantity"),
        template.unit_label(unit) if unit else "",
        values.get("size"),
        values.get("required_by"),
        values.get("notes"),
    ]


def _field_problems(result) -> ValidationFailed:
    fields: dict[str, list[str]] = {}
    names = {
        "A": "site_code",
        "B": "service_type",
        "C": "quantity",
        "D": "unit",
        "E": "size",
        "F": "required_by",
        "G": "notes",
    }
    for p in result.problems:
        message = p.message[:1].upper() + p.message[1:]
        fields.setdefault(names.get(p.column, "row"), []).append(message)
    first = next(iter(fields.values()))[0]
    return ValidationFailed(
        first if len(fields) == 1 else "The requirement line has problems", details={"fields": fields}
    )


@service
def requirement_line_add(
    *,
    actor: Actor,
    requirement_set: RequirementSet,
    site_code: str,
    service_type: str,
    quantity: int | str,
    unit: str,
    required_by: date | str,
    size: str = "",
    notes: str = "",
) -> RequirementLine:
    requirement_set = _locked_set(requirement_set)
    require(actor, "sourcing.edit_requirements", requirement_set)
    club = _club_check(requirement_set, BaselineItem.REQUIREMENT_LINE, Change.ADD)
    values = dict(
        site_code=site_code,
        service_type=service_type,
        quantity=quantity,
        unit=unit,
        size=size,
        required_by=required_by,
        notes=notes,
    )
    result = validate_row(0, _row_from(values), _rules_for(requirement_set))
    if result.problems:
        raise _field_problems(result)
    parsed = result.line
    duplicate = requirement_set.lines.filter(
        site__code__iexact=parsed.site_code, service_type=parsed.service_type, size=parsed.size
    ).exists()
    if duplicate:
        raise ValidationFailed.for_field(
            "site_code",
            f"Site {parsed.site_code} already asks for this service and size: change that line's quantity",
        )
    site = _sites_of(requirement_set.organisation)[parsed.site_code]
    last = requirement_set.lines.order_by("-position").values_list("position", flat=True).first() or 0
    line = RequirementLine.objects.create(
        requirement_set=requirement_set,
        position=last + 1,
        site=site,
        service_type=parsed.service_type,
        quantity=parsed.quantity,
        unit=template.unit_code(parsed.unit),
        size=parsed.size,
        required_by=parsed.required_by,
        notes=parsed.notes,
    )
    _include_sites(requirement_set, club, {site.pk})
    audit_record(
        actor=actor,
        action="requirement_line.added",
        obj=line,
        organisation_id=requirement_set.organisation_id,
        after={"set": requirement_set.reference, **model_snapshot(line, LINE_FIELDS)},
    )
    return line


@service
def requirement_line_update(*, actor: Actor, line: RequirementLine, **changes) -> RequirementLine:
    requirement_set = _locked_set(line.requirement_set)
    require(actor, "sourcing.edit_requirements", requirement_set)
    _club_check(requirement_set, BaselineItem.REQUIREMENT_LINE, Change.CHANGE)
    unknown = set(changes) - {"site_code", "service_type", "quantity", "unit", "size", "required_by", "notes"}
    if unknown:
        raise ValidationFailed(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    line = RequirementLine.objects.select_related("site").get(pk=line.pk)
    values = {
        "site_code": line.site.code,
        "service_type": line.service_type,
        "quantity": line.quantity,
        "unit": line.unit,
        "size": line.size,
        "required_by": line.required_by,
        "notes": line.notes,
        **changes,
    }
    result = validate_row(0, _row_from(values), _rules_for(requirement_set))
    if result.problems:
        raise _field_problems(result)
    parsed = result.line
    before = model_snapshot(line, LINE_FIELDS)
    line.site = _sites_of(requirement_set.organisation)[parsed.site_code]
    line.service_type, line.quantity, line.size = parsed.service_type, parsed.quantity, parsed.size
    line.unit, line.required_by, line.notes = (
        template.unit_code(parsed.unit),
        parsed.required_by,
        parsed.notes,
    )
    after = model_snapshot(line, LINE_FIELDS)
    if after == before:
        return line
    line.touch()
    line.save()
    audit_record(
        actor=actor,
        action="requirement_line.changed",
        obj=line,
        organisation_id=requirement_set.organisation_id,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return line


@service
def requirement_line_remove(*, actor: Actor, line: RequirementLine) -> None:
    requirement_set = _locked_set(line.requirement_set)
    require(actor, "sourcing.edit_requirements", requirement_set)
    _club_check(requirement_set, BaselineItem.REQUIREMENT_LINE, Change.REMOVE)
    audit_record(
        actor=actor,
        action="requirement_line.removed",
        obj=line,
        organisation_id=requirement_set.organisation_id,
        before={"set": requirement_set.reference, **model_snapshot(line, LINE_FIELDS)},
    )
    line.delete()


def _check_upload(requirement_set: RequirementSet, name: str, content: bytes) -> SheetResult:
    """Read and check an uploaded template without saving anything."""
    heading, rows = template.read_upload(name, content)
    problems = header_problems(heading)
    if problems:
        message = "The first row must be the template's headings: " + "; ".join(problems)
        raise ValidationFailed(
            message, code=ErrorCode.REQUIREMENTS_FILE_UNREADABLE, details={"fields": {"file": list(problems)}}
        )
    return validate_rows(rows, _rules_for(requirement_set))


@service
def requirements_import(
    *, actor: Actor, requirement_set: RequirementSet, name: str, content: bytes
) -> RequirementSet:
    """Replace the set's lines with the uploaded template's rows. Every row is checked
    first; one bad row and nothing is saved (the refusal lists every problem by row and
    column)."""
    requirement_set = _locked_set(requirement_set)
    require(actor, "sourcing.edit_requirements", requirement_set)
    club = _club_check(requirement_set, BaselineItem.REQUIREMENT_LINE, Change.ADD)
    result = _check_upload(requirement_set, name, content)
    if not result.ok:
        count = len(result.bad_rows)
        raise ValidationFailed(
            f"{count} row{'s' if count != 1 else ''} of the template {'have' if count != 1 else 'has'} "
            "problems: nothing was saved. Correct them and upload the file again",
            code=ErrorCode.REQUIREMENTS_IMPORT_INVALID,
            details={"rows": result.as_details(), "problems": [str(p) for p in result.problems]},
        )
    if not result.lines:
        raise ValidationFailed(
            "The template has no requirement lines: fill in at least one row",
            code=ErrorCode.REQUIREMENTS_IMPORT_INVALID,
            details={"rows": []},
        )
    sites = _sites_of(requirement_set.organisation)
    removed = requirement_set.lines.count()
    requirement_set.lines.all().delete()
    RequirementLine.objects.bulk_create(
        [
            RequirementLine(
                requirement_set=requirement_set,
                position=n,
                site=sites[line.site_code],
                service_type=line.service_type,
                quantity=line.quantity,
                unit=template.unit_code(line.unit),
                size=line.size,
                required_by=line.required_by,
                notes=line.notes,
            )
            for n, line in enumerate(result.lines, start=1)
        ],
        batch_size=1000,
    )
    _include_sites(requirement_set, club, {sites[line.site_code].pk for line in result.lines})
    requirement_set.touch()
    requirement_set.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="requirement_set.imported",
        obj=requirement_set,
        organisation_id=requirement_set.organisation_id,
        before={"lines": removed},
        after={"lines": len(result.lines), "file": name[:200]},
    )
    return requirement_set


@service
def requirements_submit(*, actor: Actor, requirement_set: RequirementSet) -> ClubMember:
    """A club member submits its requirements to the club, by the joining deadline."""
    requirement_set = _locked_set(requirement_set)
    require(actor, "sourcing.edit_requirements", requirement_set)
    if requirement_set.club_id is None:
        raise ValidationFailed("Only a buying club member's requirements are submitted")
    club = BuyingClub.objects.select_for_update().get(pk=requirement_set.club_id)
    member = ClubMember.objects.filter(club=club, organisation_id=requirement_set.organisation_id).first()
    _refuse(
        requirements_submission_refusal(
            club.facts(),
            clock.today(),
            is_member=member is not None,
            line_count=requirement_set.lines.count(),
        ),
        club=club.reference,
    )
    member.requirements_submitted_at = clock.now()
    member.touch()
    member.save()
    audit_record(
        actor=actor,
        action="buying_club.requirements_submitted",
        obj=member,
        organisation_id=requirement_set.organisation_id,
        after={"club": club.reference, "lines": requirement_set.lines.count()},
    )
    return member

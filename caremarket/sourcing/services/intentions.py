"""Procurement intentions (create, change, publish, withdraw) and the organisation's cost
figures for the make/share/buy diagnostic."""

from datetime import date
from decimal import Decimal

from caremarket.audit.services import audit_record
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.models import Organisation
from caremarket.rules.catalogue import CATEGORIES
from caremarket.rules.phasing import PlannedProcurement, timetable_problems
from caremarket.rules.roles import Sector
from caremarket.rules.sourcing_diagnostic import ServiceLine, SourcingOption
from caremarket.sourcing.choices import IntentionStatus
from caremarket.sourcing.models import CostFigure, ProcurementIntention
from caremarket.sourcing.services.common import _next_reference
from caremarket.transparency.content import sourcing as notices

INTENTION_FIELDS = ["title", "description", "category", "region", "value_band", "launch_on", "closes_on"]


def _check(intention: ProcurementIntention, problems: FieldProblems) -> None:
    problems.check(bool(intention.title), "title", "Enter what you plan to buy")
    problems.check(intention.category in CATEGORIES, "category", "Choose a service category")
    facts = PlannedProcurement(
        intention.reference, intention.category, intention.region, intention.launch_on, intention.closes_on
    )
    for field, message in timetable_problems(facts).items():
        problems.add(field, message)
    check_model_fields(intention, problems, exclude=["organisation", "created_by"])


@service
def intention_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    category: str,
    region: str,
    value_band: str,
    launch_on: date,
    closes_on: date | None = None,
    description: str = "",
) -> ProcurementIntention:
    require(actor, "sourcing.create_intention", organisation)
    intention = ProcurementIntention(
        reference=_next_reference(ProcurementIntention, "PI"),
        organisation=organisation,
        title=title.strip(),
        description=description.strip(),
        category=category,
        region=region,
        value_band=value_band,
        launch_on=launch_on,
        closes_on=closes_on,
        created_by=actor.person,
    )
    problems = FieldProblems()
    problems.check(organisation.sector == Sector.BUYER, "organisation", "Only buyers publish intentions")
    _check(intention, problems)
    problems.raise_if_any("The intention could not be saved")
    intention.save()
    audit_record(
        actor=actor,
        action="intention.created",
        obj=intention,
        organisation_id=organisation.pk,
        after=model_snapshot(intention, INTENTION_FIELDS),
    )
    return intention


def _locked(intention: ProcurementIntention) -> ProcurementIntention:
    return ProcurementIntention.objects.select_for_update().get(pk=intention.pk)


@service
def intention_update(*, actor: Actor, intention: ProcurementIntention, **changes) -> ProcurementIntention:
    intention = _locked(intention)
    require(actor, "sourcing.manage_intention", intention)
    unknown = set(changes) - set(INTENTION_FIELDS)
    if unknown:
        raise ValidationFailed(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    if intention.status == IntentionStatus.WITHDRAWN:
        raise RuleViolation(
            f"{intention.reference} was withdrawn: it cannot change",
            code=ErrorCode.INTENTION_TRANSITION_REFUSED,
        )
    before = model_snapshot(intention, INTENTION_FIELDS)
    for key, value in changes.items():
        setattr(intention, key, value.strip() if isinstance(value, str) else value)
    problems = FieldProblems()
    _check(intention, problems)
    problems.raise_if_any("The intention could not be changed")
    after = model_snapshot(intention, INTENTION_FIELDS)
    if after == before:
        return intention
    intention.touch()
    intention.save()
    audit_record(
        actor=actor,
        action="intention.updated",
        obj=intention,
        organisation_id=intention.organisation_id,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return intention


def _move(actor: Actor, intention: ProcurementIntention, to: str, allowed_from: set[str], action: str):
    intention = _locked(intention)
    require(actor, "sourcing.manage_intention", intention)
    if intention.status not in allowed_from:
        raise RuleViolation(
            f"{intention.reference} is {intention.get_status_display().lower()}: it cannot be "
            f"{'published' if to == IntentionStatus.PUBLISHED else 'withdrawn'}",
            code=ErrorCode.INTENTION_TRANSITION_REFUSED,
        )
    before = intention.status
    intention.status = to
    if to == IntentionStatus.PUBLISHED:
        intention.published_at = clock.now()
    else:
        intention.withdrawn_at = clock.now()
    intention.touch()
    intention.save()
    audit_record(
        actor=actor,
        action=action,
        obj=intention,
        organisation_id=intention.organisation_id,
        before={"status": before},
        after={"status": to},
    )
    return intention


@service
def intention_publish(*, actor: Actor, intention: ProcurementIntention) -> ProcurementIntention:
    intention = _move(
        actor, intention, IntentionStatus.PUBLISHED, {IntentionStatus.DRAFT}, "intention.published"
    )
    notices.publish_intention(actor=actor, intention=intention)
    return intention


@service
def intention_withdraw(*, actor: Actor, intention: ProcurementIntention) -> ProcurementIntention:
    return _move(
        actor,
        intention,
        IntentionStatus.WITHDRAWN,
        {IntentionStatus.DRAFT, IntentionStatus.PUBLISHED},
        "intention.withdrawn",
    )


# --- Cost figures for the diagnostic -------------------------------------------------------------


@service
def cost_figures_save(
    *, actor: Actor, organisation: Organisation, figures: dict[tuple[str, str], Decimal | str | None]
) -> int:
    """Set the organisation's yearly cost per (service line, option); None or "" clears one.
    Returns how many figures are held afterwards."""
    require(actor, "sourcing.edit_cost_figures", organisation)
    problems = FieldProblems()
    clean: dict[tuple[str, str], Decimal | None] = {}
    for (line, option), value in figures.items():
        name = f"{line}__{option}"
        if line not in ServiceLine.__members__.values() or option not in SourcingOption.__members__.values():
            problems.add(name, "Unknown service line or option")
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            clean[(line, option)] = None
            continue
        amount = problems.money(name, value)
        if amount is not None:
            clean[(line, option)] = amount
    problems.raise_if_any("Some cost figures are not amounts")
    held = {
        (f.service_line, f.option): f
        for f in CostFigure.objects.select_for_update().filter(organisation=organisation)
    }
    before, after = {}, {}
    for key, amount in clean.items():
        existing = held.get(key)
        label = f"{key[0]}:{key[1]}"
        if amount is None:
            if existing:
                before[label] = existing.yearly_cost
                existing.delete()
            continue
        if existing is None:
            CostFigure.objects.create(
                organisation=organisation, service_line=key[0], option=key[1], yearly_cost=amount
            )
            after[label] = amount
        elif existing.yearly_cost != amount:
            before[label] = existing.yearly_cost
            existing.yearly_cost = amount
            existing.touch()
            existing.save()
            after[label] = amount
    if before or after:
        audit_record(
            actor=actor,
            action="cost_figures.saved",
            obj=organisation,
            organisation_id=organisation.pk,
            before=before,
            after=after,
        )
    return CostFigure.objects.filter(organisation=organisation).count()

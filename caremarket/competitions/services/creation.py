"""Creating a draft competition: standalone (open procedure), under an agreement's lot, from
a requirement set, or for a buying club. Checks permission and the rules, writes, and records
its audit event in the same transaction (`competitions.py` re-exports every name)."""

from datetime import datetime
from decimal import Decimal

from caremarket.agreements.models import Lot
from caremarket.agreements.services import ensure_call_off_allowed
from caremarket.audit.services import audit_record
from caremarket.competitions import seal
from caremarket.competitions.choices import CompetitionProcedure
from caremarket.competitions.evaluation_models import DEFAULT_TEMPLATE, template
from caremarket.competitions.models import Competition
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation, ValidationFailed
from caremarket.core.models import model_snapshot
from caremarket.core.permissions import require
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems, check_model_fields
from caremarket.orgs.models import Organisation
from caremarket.rules.agreements import Procedure
from caremarket.rules.competitions import CompetitionStatus, deadline_change_refusal
from caremarket.rules.date_ranges import deadline_range
from caremarket.rules.roles import Sector
from caremarket.rules.standstill import Regime

S = CompetitionStatus
FIELDS = [
    "reference",
    "title",
    "buyer_id",
    "procedure",
    "agreement_id",
    "lot_id",
    "stage",
    "clarification_deadline",
    "submission_deadline",
    "estimated_value",
    "initial_years",
    "extension_years",
    "regime",
    "evaluation_template",
    "requirement_version",
    "buying_club_id",
    "requirement_set_id",
]


def _check_aware(**moments: datetime | None) -> None:
    """Each deadline given has its time zone, and lies within rules.date_ranges.deadline_range
    (a deadline in 9999 would never open the bids)."""
    allowed = deadline_range(clock.today())
    for name, moment in moments.items():
        if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
            raise ValidationFailed.for_field(
                name, "Give the time with its time zone, like 2026-12-01T12:00:00Z"
            )
        if moment is not None:
            problem = allowed.problem(clock.local(moment).date(), f"The {name.replace('_', ' ')}")
            if problem:
                raise ValidationFailed.for_field(name, problem, code=ErrorCode.COMPETITION_DEADLINES_INVALID)


def _check_procedure(procedure: str, lot: Lot | None, value: Decimal | None, term_months: int) -> None:
    if procedure == CompetitionProcedure.FURTHER_COMPETITION:
        if lot is None:
            raise ValidationFailed.for_field(
                "lot", "Choose the agreement and lot the further competition is under"
            )
        ensure_call_off_allowed(lot, Procedure.FURTHER_COMPETITION, value=value, term_months=term_months)
    elif procedure == CompetitionProcedure.OPEN:
        if lot is not None:
            raise ValidationFailed.for_field("lot", "An open procedure is not run under an agreement's lot")
    else:
        raise ValidationFailed.for_field(
            "procedure", "Choose further competition (under an agreement's lot) or open procedure"
        )


def _refuse_second_club_competition(club) -> None:
    """A club runs one further competition; another only after that one ended without award.
    The club's row is locked first, so two leads starting it at once cannot both pass."""
    type(club).objects.select_for_update().filter(pk=club.pk).first()
    running = (
        Competition.objects.filter(buying_club=club)
        .exclude(stage__in=(S.CANCELLED, S.UNSUCCESSFUL))
        .values_list("reference", flat=True)
        .first()
    )
    if running:
        raise RuleViolation(
            f"The {club.name} buying club already has its further competition, {running}",
            code=ErrorCode.CONFLICT,
            details={"competition": running},
        )


@service
def competition_create(
    *, actor: Actor, buyer: Organisation, title: str, procedure: str, **fields
) -> Competition:
    """A draft competition (see `_competition_create`)."""
    return _competition_create(actor=actor, buyer=buyer, title=title, procedure=procedure, **fields)


def _competition_create(
    *,
    actor: Actor,
    buyer: Organisation,
    title: str,
    procedure: str,
    lot: Lot | None = None,
    description: str = "",
    requirement: str = "",
    clarification_deadline: datetime | None = None,
    submission_deadline: datetime | None = None,
    estimated_value: Decimal | None = None,
    initial_years: int = 3,
    extension_years: list[int] | tuple = (1, 1),
    regime: str = Regime.PROCUREMENT_ACT_2023,
    evaluation_template: str = DEFAULT_TEMPLATE,
    buying_club=None,
    requirement_set=None,
) -> Competition:
    """A draft competition: standalone (open procedure), under an agreement's lot, from a
    requirement set, or for a buying club whose baseline was frozen at launch (its lead runs
    one further competition on the club's lot for every member)."""
    require(actor, "competitions.create", buyer)
    _check_aware(clarification_deadline=clarification_deadline, submission_deadline=submission_deadline)
    if buying_club is not None:
        from caremarket.sourcing.baseline import frozen_baseline

        if buying_club.lead_organisation_id != buyer.pk:
            raise ValidationFailed.for_field(
                "buying_club", "Only the club's lead organisation runs its competition"
            )
        frozen_baseline(buying_club)  # refuses unless the club has launched
        _refuse_second_club_competition(buying_club)
        procedure, lot = CompetitionProcedure.FURTHER_COMPETITION, buying_club.lot
        if not requirement.strip():
            from caremarket.competitions.club import requirement_from_baseline

            requirement = requirement_from_baseline(buying_club)
        if evaluation_template == DEFAULT_TEMPLATE:
            evaluation_template = "aggregated_meat_50_50"
    if requirement_set is not None:
        from caremarket.competitions.club import requirement_from_set

        if requirement_set.organisation_id != buyer.pk:
            raise ValidationFailed.for_field(
                "requirement_set", "Choose a requirement set of your organisation"
            )
        requirement = requirement or requirement_from_set(requirement_set)
        lot = lot or requirement_set.lot
    problems = FieldProblems()
    problems.check(buyer.sector == Sector.BUYER, "buyer", "A competition is run by a buyer organisation")
    problems.check(bool(title.strip()), "title", "Enter the competition's title")
    problems.check(
        regime in set(Regime), "regime", "Choose the Procurement Act 2023 or the Provider Selection Regime"
    )
    problems.check(1 <= initial_years <= 20, "initial_years", "Enter an initial term of 1 to 20 years")
    problems.check(
        all(isinstance(y, int) and 0 < y <= 5 for y in extension_years),
        "extension_years",
        "Each extension is 1 to 5 years",
    )
    problems.check(
        estimated_value is None or estimated_value >= 0, "estimated_value", "Enter a value of £0 or more"
    )
    problems.raise_if_any("The competition could not be created")
    term_months = 12 * (initial_years + sum(extension_years))
    _check_procedure(procedure, lot, estimated_value, term_months)
    model = template(evaluation_template)
    public, wrapped = seal.new_key_pair(title)
    competition = Competition(
        reference=f"DRAFT-{clock.now().strftime('%Y%m%d%H%M%S%f')}",
        title=title.strip(),
        description=description.strip(),
        requirement=requirement.strip(),
        buyer=buyer,
        procedure=procedure,
        lot=lot,
        agreement=lot.agreement if lot else None,
        clarification_deadline=clarification_deadline,
        submission_deadline=submission_deadline,
        estimated_value=estimated_value,
        initial_years=initial_years,
        extension_years=list(extension_years),
        regime=regime,
        evaluation_template=evaluation_template,
        evaluation_model=model,
        buying_club=buying_club,
        requirement_set=requirement_set,
        public_key=public,
        wrapped_private_key=wrapped,
        created_by=actor.person,
    )
    check_model_fields(
        competition, problems, exclude=["buyer", "public_key", "wrapped_private_key", "reference"]
    )
    problems.raise_if_any("The competition could not be created")
    if clarification_deadline and submission_deadline:
        refusal = deadline_change_refusal(
            competition.facts(), clarification_deadline, submission_deadline, clock.now()
        )
        if refusal:
            raise refusal.error()
    competition.save()
    competition.reference = f"CM-{competition.created_at.year}-{competition.pk:05d}"
    competition.save(update_fields=["reference"])
    audit_record(
        actor=actor,
        action="competition.created",
        obj=competition,
        organisation_id=buyer.pk,
        after=model_snapshot(competition, FIELDS),
    )
    return competition

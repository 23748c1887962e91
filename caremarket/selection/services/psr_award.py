"""The Provider Selection Regime after the notice of intention: representations made in the
standstill (and the authority's clarification of them), the authority's review and further
decision, and the award of the contract with its confirmation notice (PSR_AWARD).

Re-exported by services.psr, where callers find them (`services.psr.psr_award`)."""

from datetime import date

from caremarket.audit.services import audit_record
from caremarket.contracts.models import Contract
from caremarket.contracts.services.contracts import _create as _contract_create
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationFailed
from caremarket.core.permissions import can
from caremarket.core.services import service
from caremarket.core.validation import FieldProblems
from caremarket.orgs.models import Organisation
from caremarket.rules import contracts as contract_rules
from caremarket.rules import psr as rules
from caremarket.rules.dates import spoken_date
from caremarket.rules.roles import Sector
from caremarket.rules.standstill import Regime
from caremarket.selection import selectors_psr as selectors
from caremarket.selection.models import PsrDecision, PsrRepresentation, SelectionProcess
from caremarket.selection.services.psr_common import (
    DIRECT_AWARDS,
    MSP,
    _decision_for_award,
    _locked,
    _manager_permission,
    _record_award,
    _refuse_if_ended,
    _refuse_step,
    _require_manager,
)
from caremarket.transparency.content.contracts import signed_content
from caremarket.transparency.publishing import publish_lifecycle_notice


@service
def psr_representation_record(
    *,
    actor: Actor,
    selection: SelectionProcess,
    provider: Organisation,
    summary: str,
    received_on: date | None = None,
) -> PsrRepresentation:
    """A provider's representation in the standstill: made by the provider's own people, or
    recorded by the commissioner from one received by email (then with the day it arrived).
    It pauses the award until the authority's review."""
    selection = _locked(selection)
    manager = can(actor, _manager_permission(selection), selection)
    if not manager and not can(actor, "selection.represent_provider", provider):
        raise PermissionDenied(
            "Only the provider's own people, or the commissioner, record its representation"
        )
    _refuse_if_ended(selection)
    problems = FieldProblems()
    problems.check(bool((summary or "").strip()), "summary", "Enter the representation")
    problems.check(
        provider.sector == Sector.SUPPLIER, "provider", f"{provider.name} is not a provider of services"
    )
    today = clock.today()
    day = received_on or today
    if not manager and received_on and received_on != today:
        problems.add("received_on", "A representation made here is received today")
    if day > today:
        problems.add("received_on", "The day it was received cannot be in the future")
    problems.raise_if_any("The representation is not complete")
    decision = PsrDecision.objects.select_for_update().filter(selection=selection).first()
    if decision is None or decision.intention_published_on is None:
        raise RuleViolation(
            "The notice of intention to award has not been published: there is no standstill (regulation 12)",
            code=ErrorCode.RULE_VIOLATION,
        )
    if decision.review_decision:
        raise RuleViolation(
            f"The authority recorded its further decision on {spoken_date(decision.review_decided_on)}",
            code=ErrorCode.RULE_VIOLATION,
        )
    standstill = rules.psr_standstill(decision.intention_published_on)
    allowed = rules.representation_allowed(day, standstill)
    if not allowed:
        raise RuleViolation(
            allowed.sentence,
            code=ErrorCode.RULE_VIOLATION,
            details={"fields": {"received_on": list(allowed.reasons)}},
        )
    representation = PsrRepresentation.objects.create(
        selection=selection,
        round=decision.round,
        provider=provider,
        received_on=day,
        summary=summary.strip(),
        received_by_email=manager and not can(actor, "selection.represent_provider", provider),
        recorded_by=actor.person,
    )
    selection.stage = "paused"
    selection.touch()
    selection.save(update_fields=["stage", "updated_at"])
    audit_record(
        actor=actor,
        action="selection.representation_received",
        obj=selection,
        organisation_id=selection.lead_commissioner_id,
        after={
            "provider": provider.code,
            "received_on": day,
            "round": decision.round,
            "representation": representation.pk,
        },
    )
    return representation


@service
def psr_representation_clarify(
    *, actor: Actor, representation: PsrRepresentation, clarification: str
) -> PsrRepresentation:
    """Record the authority's clarification of a representation (its exchange with the provider)."""
    representation = (
        PsrRepresentation.objects.select_for_update(of=("self",))
        .select_related("selection", "provider")
        .get(pk=representation.pk)
    )
    selection = representation.selection
    _require_manager(actor, selection)
    _refuse_if_ended(selection)
    if not (clarification or "").strip():
        raise ValidationFailed.for_field("clarification", "Enter the clarification")
    decision = PsrDecision.objects.get(selection=selection)
    if representation.round != decision.round or decision.review_decision:
        raise RuleViolation("The representation has been reviewed", code=ErrorCode.RULE_VIOLATION)
    before = {"clarification": representation.clarification}
    representation.clarification = clarification.strip()
    representation.clarified_on = clock.today()
    representation.touch()
    representation.save()
    audit_record(
        actor=actor,
        action="selection.representation_clarified",
        obj=selection,
        organisation_id=selection.lead_commissioner_id,
        before=before,
        after={"representation": representation.pk, "clarification": representation.clarification},
    )
    return representation


@service
def psr_review_record(
    *, actor: Actor, selection: SelectionProcess, decision: str, reasons: str, repeat_from: str = ""
) -> PsrDecision:
    """The authority's further decision after reviewing the representations: proceed (a
    further 5 working days run before the contract may be awarded), repeat from an earlier step
    (the decision record opens again, a new notice of intention follows) or abandon."""
    selection = _locked(selection)
    _require_manager(actor, selection)
    _refuse_if_ended(selection)
    problems = FieldProblems()
    try:
        outcome = rules.ReviewDecision(decision)
    except ValueError:
        problems.add("decision", "Choose proceed, repeat from an earlier step or abandon")
        outcome = None
    problems.check(bool((reasons or "").strip()), "reasons", "Enter the reasons for the decision")
    if outcome == rules.ReviewDecision.REPEAT and not (repeat_from or "").strip():
        problems.add("repeat_from", "Enter the earlier step the process goes back to")
    problems.raise_if_any("The decision is not complete")
    today = clock.today()
    _refuse_step(selection, rules.Step.RECORD_REVIEW, today)
    record = PsrDecision.objects.select_for_update().get(selection=selection)
    record.review_decision = str(outcome)
    record.review_decided_on = today
    record.review_reasons = reasons.strip()
    record.repeat_from = (repeat_from or "").strip() if outcome == rules.ReviewDecision.REPEAT else ""
    after = rules.after_representation(rules.Review(outcome, today, record.repeat_from))
    audit_after = {
        "decision": str(outcome),
        "reasons": record.review_reasons,
        "round": record.round,
        "sentence": after.sentence,
    }
    if outcome == rules.ReviewDecision.REPEAT:
        record.history = [
            *record.history,
            {
                "round": record.round,
                "intention_published_on": record.intention_published_on.isoformat(),
                "intention_notice": record.intention_notice_id,
                "review_decision": record.review_decision,
                "review_decided_on": today.isoformat(),
                "review_reasons": record.review_reasons,
                "repeat_from": record.repeat_from,
            },
        ]
        record.round += 1
        record.intention_published_on = None
        record.intention_notice = None
        record.review_decision = ""
        record.review_decided_on = None
        record.review_reasons = ""
        record.repeat_from = ""
        # The decision record opens again (the Most Suitable Provider process stays at its contract stage).
        selection.stage = "contract" if selection.process == MSP else "process_chosen"
    elif outcome == rules.ReviewDecision.ABANDON:
        selection.stage = "abandoned"
        selection.ended_at = clock.now()
        selection.end_reason = reasons.strip()
    else:
        selection.stage = "standstill"
    record.touch()
    record.save()
    selection.touch()
    selection.save(update_fields=["stage", "ended_at", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="selection.review_recorded",
        obj=selection,
        organisation_id=selection.lead_commissioner_id,
        after=audit_after,
    )
    return record


# --- The award ----------------------------------------------------------------------------------


@service
def psr_award(
    *,
    actor: Actor,
    selection: SelectionProcess,
    starts_on: date | None = None,
    term_months: int | None = None,
) -> Contract:
    """Award the contract to the chosen provider once the rules allow it (after the standstill,
    or the further 5 working days after a decision to proceed; at once for Direct Award A and
    B), and publish the confirmation of award (PSR_AWARD)."""
    selection = _locked(selection)
    _require_manager(actor, selection)
    _refuse_if_ended(selection)
    today = clock.today()
    decision = _decision_for_award(selection, today)
    if selection.process == MSP:
        raise RuleViolation(
            "The Most Suitable Provider Process makes its contract with the alliance the decision names, "
            "from the process's own contract step",
            code=ErrorCode.RULE_VIOLATION,
        )
    if selection.process not in DIRECT_AWARDS:
        raise RuleViolation(
            f"{selectors.process_label(selection.process)} awards its contract from its own process",
            code=ErrorCode.RULE_VIOLATION,
        )
    months = term_months or selection.term_max_months or selection.term_min_months
    if not months:
        raise ValidationFailed.for_field("term_months", "Enter the contract's term in months")
    start = starts_on or today
    if start < today:
        raise ValidationFailed.for_field("starts_on", "The contract cannot start before today")
    if Contract.objects.filter(selection_processes=selection).exists() or selection.contract_id:
        raise Conflict(f"{selection.reference} already has its contract", code=ErrorCode.CONFLICT)
    contract = _contract_create(
        actor=actor,
        buyer=selection.lead_commissioner,
        supplier=decision.provider,
        title=selection.title,
        origin=contract_rules.Origin.DIRECT_AWARD,
        value=decision.contract_value,
        starts_on=start,
        term=f"{int(months)} months",
        service_specification=selection.description,
        regime=Regime.PROVIDER_SELECTION_REGIME,
    )
    # The award is the contract being entered into: it is signed today.
    contract.stage, contract.signed_on = contract_rules.ContractStatus.SIGNED, today
    contract.touch()
    contract.save()
    notice = publish_lifecycle_notice(
        actor=actor,
        publisher=selection.lead_commissioner,
        code="PSR_AWARD",
        process_id=selection.reference,
        content=signed_content(contract, today),
        title=selection.title,
        # About the contract: the notice the contract owes on signing is then seen as published.
        subject=contract,
        subject_ref=contract.reference,
    )
    _record_award(selection, decision, contract, notice)
    audit_record(
        actor=actor,
        action="selection.contract_awarded",
        obj=selection,
        organisation_id=selection.lead_commissioner_id,
        after={
            "contract": contract.reference,
            "provider": decision.provider.code,
            "value": str(decision.contract_value),
            "notice": notice.pk,
            "awarded_on": today,
        },
    )
    return contract

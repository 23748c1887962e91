"""What the Provider Selection Regime's services share: who manages a process, the locked row,
the refusals for an ended process or a step the rules do not open now, and recording the award
(services.psr, services.psr_award and, for the Most Suitable Provider process, services.mcp_stage2)."""

from datetime import date

from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation
from caremarket.core.permissions import require
from caremarket.rules import psr as rules
from caremarket.selection import selectors_psr as selectors
from caremarket.selection.models import PsrDecision, SelectionProcess

DIRECT_AWARDS = (rules.Process.DIRECT_AWARD_A, rules.Process.DIRECT_AWARD_B, rules.Process.DIRECT_AWARD_C)
MSP = str(rules.Process.MOST_SUITABLE_PROVIDER)


def _manager_permission(selection: SelectionProcess) -> str:
    return selectors.manager_permission(selection)


def _require_manager(actor: Actor, selection: SelectionProcess) -> None:
    require(actor, _manager_permission(selection), selection)


def _locked(selection: SelectionProcess) -> SelectionProcess:
    return (
        SelectionProcess.objects.select_for_update(of=("self",))
        .select_related("lead_commissioner")
        .get(pk=selection.pk)
    )


def _refuse_if_ended(selection: SelectionProcess) -> None:
    if selection.stage == "abandoned":
        raise RuleViolation(
            f"{selection.reference} was abandoned: {selection.end_reason}", code=ErrorCode.RULE_VIOLATION
        )
    if selection.stage == "awarded":
        raise RuleViolation(
            f"The contract of {selection.reference} has been awarded", code=ErrorCode.RULE_VIOLATION
        )


def _refuse_step(selection: SelectionProcess, step: rules.Step, today: date) -> None:
    steps = selectors.next_steps(selection, today)
    if steps is None:
        raise RuleViolation("Choose the process first", code=ErrorCode.RULE_VIOLATION)
    if not steps.may(step):
        raise RuleViolation(
            steps.why_not(step) or "This step is not open now",
            code=ErrorCode.RULE_VIOLATION,
            details={"step": str(step)},
        )


def _decision_for_award(selection: SelectionProcess, today: date) -> PsrDecision:
    """The decision, locked, once the rules let the contract be awarded today (refused, naming
    the day it becomes possible, until the standstill or the further 5 working days have run)."""
    _refuse_step(selection, rules.Step.AWARD_CONTRACT, today)
    return (
        PsrDecision.objects.select_for_update(of=("self",))
        .select_related("provider")
        .get(selection=selection)
    )


def _record_award(selection: SelectionProcess, decision: PsrDecision, contract, notice) -> None:
    """The contract awarded with its confirmation notice: the decision and the process end."""
    decision.awarded_on = clock.today()
    decision.award_notice = notice
    decision.touch()
    decision.save()
    selection.contract = contract
    selection.stage = "awarded"
    selection.ended_at = clock.now()
    selection.touch()
    selection.save(update_fields=["contract", "stage", "ended_at", "updated_at"])

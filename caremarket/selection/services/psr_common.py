"""What the Provider Selection Regime's services share: who manages a process, the locked row,
and the refusals for an ended process or a step the rules do not open now (services.psr and
services.psr_award)."""

from datetime import date

from caremarket.core.actor import Actor
from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation
from caremarket.core.permissions import require
from caremarket.rules import psr as rules
from caremarket.selection import selectors_psr as selectors
from caremarket.selection.models import SelectionProcess

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

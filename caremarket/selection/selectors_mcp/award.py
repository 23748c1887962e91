"""After gateway 2: the decision, the notice of intention, its standstill and the award (the
Provider Selection Regime's steps, as for Direct Award C)."""

from dataclasses import dataclass, field

from caremarket.core import clock
from caremarket.selection.models import (
    Alliance,
    SelectionProcess,
)


@dataclass
class AwardProgress:
    """Where the award stands after gateway 2 (the Provider Selection Regime's steps, as for
    Direct Award C: rules.psr.next_step)."""

    decision: object | None  # PsrDecision
    alliance: Alliance | None  # the alliance whose lead is the decision's provider
    steps: object | None  # rules.psr.NextSteps
    standstill: object | None  # rules.psr.PsrStandstill
    may_from: object | None  # the first day the contract may be made
    representations: list = field(default_factory=list)
    review_sentence: str = ""
    next_step: str = ""

    def may(self, step: str) -> bool:
        return bool(self.steps and self.steps.may(step))

    def why_not(self, step: str) -> str:
        return (self.steps.why_not(step) or "") if self.steps else ""


def award_progress(process: SelectionProcess, today=None) -> AwardProgress:
    """The decision, the notice of intention, its standstill and what happens next."""
    from caremarket.rules import psr as psr_rules
    from caremarket.rules.dates import spoken_date
    from caremarket.selection import selectors_psr

    today = today or clock.today()
    decision = selectors_psr.decision_of(process)
    steps = selectors_psr.next_steps(process, today)
    standstill = selectors_psr.standstill_of(process)
    may_from = psr_rules.contract_may_be_made_from(standstill) if standstill else None
    alliance = None
    if decision is not None and decision.provider_id:
        alliance = process.alliances.select_related("lead").filter(lead_id=decision.provider_id).first()
    review = selectors_psr.review_of(decision)
    review_sentence = psr_rules.after_representation(review).sentence if review else ""
    progress = AwardProgress(
        decision,
        alliance,
        steps,
        standstill,
        may_from,
        list(selectors_psr.representations_of(process)) if decision else [],
        review_sentence,
    )
    step = psr_rules.Step
    if process.stage == "abandoned":
        progress.next_step = "The process was abandoned: no contract is made from it"
    elif decision is not None and decision.awarded_on:
        progress.next_step = "The contract has been made: the process is complete"
    elif steps is None or not (decision and decision.complete):
        progress.next_step = (
            "Now: record the decision against the five key criteria, naming the alliance the "
            "contract goes to (regulation 24)"
        )
    elif progress.may(step.PUBLISH_INTENTION):
        progress.next_step = (
            "Now: publish the notice of intention to award: the standstill of 8 working days starts "
            "(regulation 12)"
        )
    elif progress.may(step.AWARD_CONTRACT):
        who = f" with {alliance.lead.name}, lead of {alliance.name}" if alliance else ""
        progress.next_step = f"Now: make the contract{who}: the standstill is over"
    elif progress.may(step.RECORD_REVIEW):
        progress.next_step = (
            progress.why_not(step.AWARD_CONTRACT)
            + ". Now: review the representations and record the authority's further decision"
        )
    elif standstill is not None and may_from is not None:
        progress.next_step = (
            f"The standstill runs until the end of {spoken_date(standstill.ends_on)}"
            + (
                f" (and a further {standstill.further_days} working days after the decision to proceed)"
                if standstill.review is not None
                else ""
            )
            + f": the contract may be made from {spoken_date(may_from)}. "
            "A provider may make representations until the standstill ends."
        )
    else:
        progress.next_step = progress.why_not(step.AWARD_CONTRACT)
    return progress


def award_summary(process: SelectionProcess) -> dict:
    """The decision, the notice of intention and its standstill, as the API shows them."""
    from caremarket.rules import psr as psr_rules

    progress = award_progress(process)
    decision = progress.decision
    standstill = progress.standstill
    return {
        "alliance_id": progress.alliance.pk if progress.alliance else None,
        "provider_code": decision.provider.code if decision and decision.provider_id else None,
        "contract_value": decision.contract_value if decision else None,
        "decision_recorded": bool(decision and decision.complete),
        "intention_published_on": decision.intention_published_on if decision else None,
        "intention_notice_id": decision.intention_notice_id if decision else None,
        "standstill_ends_on": standstill.ends_on if standstill else None,
        "contract_may_be_made_from": progress.may_from,
        "representations": len(progress.representations),
        "review_decision": decision.review_decision if decision else "",
        "awarded_on": decision.awarded_on if decision else None,
        "award_notice_id": decision.award_notice_id if decision else None,
        "next_step": progress.next_step,
        "steps": [
            {"step": str(s), "allowed": progress.may(s), "why_not": progress.why_not(s)}
            for s in psr_rules.Step
        ]
        if progress.steps
        else [],
    }

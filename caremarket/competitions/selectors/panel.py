"""The evaluation panel as the other reads see it: who is on it, whether every member has
submitted, and whether the actor may open the bids."""

from caremarket.competitions.models import Competition, Evaluator
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.rules.bidding import seal_refusal
from caremarket.rules.moderation import Declaration, evaluator_refusal


def panel(competition: Competition) -> list[Evaluator]:
    """The evaluators taking part: assigned, and not conflicted."""
    return list(competition.evaluators.exclude(declaration=Declaration.CONFLICT).select_related("person"))


def ensure_may_open(actor: Actor, competition: Competition) -> None:
    """The seal is open, and an evaluator has declared no conflict."""
    refusal = seal_refusal(competition.facts(), clock.now())
    if refusal:
        raise refusal.error(reference=competition.reference)
    evaluator = competition.evaluators.filter(person_id=actor.person_id).first()
    if evaluator is not None:
        refusal = evaluator_refusal(evaluator.declaration or None)
        if refusal:
            raise refusal.error(reference=competition.reference)


def all_submitted(competition: Competition) -> bool:
    members = panel(competition)
    return bool(members) and all(e.submitted_at and e.declaration == Declaration.NO_CONFLICT for e in members)

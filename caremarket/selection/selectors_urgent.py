"""Reading urgent awards under the Provider Selection Regime (regulation 14): the questions a
commissioner answers, the rule in force (its conditions and the advised longest term), and the
urgent awards an actor may see."""

from datetime import date

from caremarket.core.actor import Actor
from caremarket.core.errors import NotFound
from caremarket.core.permissions import can
from caremarket.rules import psr as rules
from caremarket.selection.models import UrgentAward

# The three facts of regulation 14(1): (fact, question), in the regulation's order.
FACTS: tuple[tuple[str, str], ...] = (
    ("must_be_made_urgently", "Must the contract be awarded urgently?"),
    (
        "urgency_unforeseeable_and_not_attributable",
        "Was the reason for the urgency unforeseeable by the authority, and not caused by it?",
    ),
    (
        "delay_risks_patient_or_public_safety",
        "Would following the Regime in full likely put patients or the public at risk?",
    ),
)
FACT_HINTS = {
    "urgency_unforeseeable_and_not_attributable": "Poor planning is not a reason to award urgently",
}


def urgent_rule(on: date) -> rules.UrgentRule | None:
    """The urgent award rule in force on `on`, or None before the Regime."""
    applying = [r for r in rules.psr_table().urgent if r.valid_from <= on]
    return applying[-1] if applying else None


def advised_max_term(on: date) -> int | None:
    """The longest term (months) the guidance advises for an urgent award, if it says one."""
    rule = urgent_rule(on)
    return rule.advised_max_term_months if rule else None


def unmet_conditions(facts: dict[str, bool], on: date) -> dict[str, list[str]]:
    """Each condition of regulation 14 the facts do not meet: {fact: [the rule's sentence]}."""
    rule = urgent_rule(on)
    if rule is None:
        return {}
    return {
        c.fact: [c.sentence(bool(facts.get(c.fact)))]
        for c in rule.conditions
        if bool(facts.get(c.fact)) != c.expect
    }


def _awards():
    return UrgentAward.objects.select_related(
        "lead_commissioner", "provider", "contract", "notice", "recorded_by"
    )


def urgent_awards_for_actor(actor: Actor):
    """The urgent awards of the actor's organisations (every one for oversight), newest first."""
    found = _awards().order_by("-awarded_on", "-pk")
    if actor.sees_everything:
        return found
    return found.filter(lead_commissioner_id__in=actor.organisation_ids)


def urgent_award_for_actor(actor: Actor, pk: int) -> UrgentAward:
    """The urgent award `pk`, if the actor may see it (NotFound otherwise)."""
    award = _awards().filter(pk=pk).first()
    if award is None or not can(actor, "selection.view_urgent_award", award):
        raise NotFound(f"There is no urgent award {pk}")
    return award

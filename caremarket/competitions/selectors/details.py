"""What a competition page (or endpoint) shows of a competition, bid or award that an
actor-scoped selector has already fetched (`competition_for_actor`, `award_of`): its rows, and
one row of it by its key. A row that is not there is `None`; the caller says what is missing."""

from caremarket.competitions.models import Award, Bid, Challenge, Competition, Evaluator
from caremarket.competitions.selectors.panel import panel
from caremarket.core.actor import Actor
from caremarket.orgs.models import Person
from caremarket.rules.roles import Role


def bid_of(competition: Competition, bid_id) -> Bid | None:
    return competition.bids.filter(pk=bid_id).first()


def bid_receipts(bid: Bid) -> list:
    return list(bid.receipts.all())


def bid_files(bid: Bid) -> list:
    return list(bid.files.all())


def unanswered_count(competition: Competition) -> int:
    return competition.questions.filter(answered_at__isnull=True).count()


# --- The evaluation panel ----------------------------------------------------------------------


def evaluator_for_actor(actor: Actor, competition: Competition) -> Evaluator:
    """The actor's own place on the panel (the caller has required `competitions.evaluate`)."""
    return competition.evaluators.get(person_id=actor.person_id)


def person_by_email(email: str) -> Person | None:
    """The person with this email (in any case), to put on a panel; `evaluator_assign` refuses
    one who is not an evaluator of the buyer."""
    return Person.objects.filter(email__iexact=email).first()


def evaluator_candidates(competition: Competition) -> list[Person]:
    """The buyer's evaluators not yet on the competition's panel, by email."""
    return list(
        Person.objects.filter(
            memberships__organisation_id=competition.buyer_id, memberships__role=Role.EVALUATOR
        )
        .exclude(evaluations__competition=competition)
        .order_by("email")
    )


def original_scores(competition: Competition) -> dict[tuple[int, str], list[tuple[str, int, str]]]:
    """Each panel member's own score and justification, per bid and criterion."""
    originals: dict[tuple[int, str], list[tuple[str, int, str]]] = {}
    for evaluator in panel(competition):
        for s in evaluator.scores.all():
            originals.setdefault((s.bid_id, s.criterion_id), []).append(
                (evaluator.person.full_name or evaluator.person.email, s.score, s.justification)
            )
    return originals


def moderated_results(bids: list[Bid]) -> tuple[dict, dict]:
    """The consensus scores and pass/fail results recorded for the bids, by (bid, criterion)."""
    consensus = {(c.bid_id, c.criterion_id): c for bid in bids for c in bid.consensus.all()}
    gates = {(g.bid_id, g.criterion_id): g for bid in bids for g in bid.gate_results.all()}
    return consensus, gates


def flag_decisions_of(competition: Competition) -> dict[str, str]:
    return dict(competition.flag_decisions.values_list("key", "decision"))


def decided_flag_keys(competition: Competition) -> list[str]:
    return list(competition.flag_decisions.values_list("key", flat=True))


# --- The award ---------------------------------------------------------------------------------


def challenges_of(award: Award) -> list[Challenge]:
    return list(award.challenges.select_related("supplier"))


def challenge_of(competition: Competition, challenge_id) -> Challenge | None:
    return Challenge.objects.filter(pk=challenge_id, award__competition=competition).first()

"""Supplier performance: KPI results against targets as red, amber or green; the balanced
scorecard in four domains; repeated failure, which raises a suspension proposal.

- A KPI has a target and a direction (higher or lower is better). Meeting the target is
  green; missing it by no more than the amber tolerance (5% of the target by default) is
  amber; anything worse is red.
- The scorecard scores each domain 0 to 100 from its KPI results (green 100, amber 50,
  red 0), customer feedback (1 to 5 stars) and the supplier's self-assessment (1 to 5),
  weighted 60 / 25 / 15 over the sources the domain has. 75 or more is green, 50 or more amber.
- Three red results in a row on one KPI (configurable) is repeated failure.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

DEFAULT_AMBER_TOLERANCE = Decimal("0.05")
DEFAULT_FAILURES_FOR_PROPOSAL = 3
GREEN_FROM = Decimal("75")
AMBER_FROM = Decimal("50")
WEIGHTS = {"kpi": Decimal("60"), "feedback": Decimal("25"), "self": Decimal("15")}


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


RAG_LABELS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green"}
RAG_POINTS = {Rag.GREEN: Decimal("100"), Rag.AMBER: Decimal("50"), Rag.RED: Decimal("0")}


class Direction(StrEnum):
    HIGHER = "higher_is_better"
    LOWER = "lower_is_better"


DIRECTION_LABELS = {Direction.HIGHER: "Higher is better", Direction.LOWER: "Lower is better"}


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


FREQUENCY_LABELS = {Frequency.MONTHLY: "Monthly", Frequency.QUARTERLY: "Quarterly"}


class Domain(StrEnum):
    CUSTOMER = "customer"
    BUSINESS = "business"
    STAFF = "staff_and_resources"
    SERVICES = "services"


DOMAIN_LABELS = {
    Domain.CUSTOMER: "Customer",
    Domain.BUSINESS: "Business",
    Domain.STAFF: "Staff and resources",
    Domain.SERVICES: "Services",
}


def rag_status(
    actual: Decimal, target: Decimal, direction: str, tolerance: Decimal = DEFAULT_AMBER_TOLERANCE
) -> Rag:
    margin = abs(target) * tolerance
    if direction == Direction.HIGHER:
        if actual >= target:
            return Rag.GREEN
        return Rag.AMBER if actual >= target - margin else Rag.RED
    if actual <= target:
        return Rag.GREEN
    return Rag.AMBER if actual <= target + margin else Rag.RED


def score_rag(score: Decimal) -> Rag:
    if score >= GREEN_FROM:
        return Rag.GREEN
    return Rag.AMBER if score >= AMBER_FROM else Rag.RED


def _stars(rating: Decimal) -> Decimal:
    return (Decimal(rating) - 1) / 4 * 100


@dataclass(frozen=True)
class DomainScore:
    domain: Domain
    score: Decimal | None  # None when the domain has no evidence yet
    kpi_results: int
    feedback: int
    self_assessed: bool

    @property
    def rag(self) -> Rag | None:
        return None if self.score is None else score_rag(self.score)


def scorecard(
    kpi_results: list[tuple[str, str]],
    feedback: list[tuple[str, int]],
    self_assessment: dict[str, int],
) -> list[DomainScore]:
    """kpi_results: (domain, rag); feedback: (domain, stars 1-5); self_assessment: domain -> 1-5."""
    cards = []
    for domain in Domain:
        rags = [Rag(r) for d, r in kpi_results if d == domain]
        stars = [s for d, s in feedback if d == domain]
        own = self_assessment.get(domain)
        parts: list[tuple[Decimal, Decimal]] = []
        if rags:
            parts.append((WEIGHTS["kpi"], sum((RAG_POINTS[r] for r in rags), Decimal("0")) / len(rags)))
        if stars:
            parts.append((WEIGHTS["feedback"], _stars(Decimal(sum(stars)) / len(stars))))
        if own is not None:
            parts.append((WEIGHTS["self"], _stars(Decimal(own))))
        score = None
        if parts:
            weight = sum(w for w, _ in parts)
            raw = sum(w * s for w, s in parts) / weight
            score = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        cards.append(DomainScore(domain, score, len(rags), len(stars), own is not None))
    return cards


def overall(cards: list[DomainScore]) -> Decimal | None:
    scored = [c.score for c in cards if c.score is not None]
    if not scored:
        return None
    return (sum(scored, Decimal("0")) / len(scored)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def consecutive_reds(history: list[str]) -> int:
    """How many of the latest results (oldest first) are red in a row."""
    count = 0
    for rag in reversed(history):
        if rag != Rag.RED:
            break
        count += 1
    return count


def is_repeated_failure(history: list[str], threshold: int = DEFAULT_FAILURES_FOR_PROPOSAL) -> bool:
    """True exactly when the latest result makes `threshold` reds in a row (so one proposal
    is raised per run of failures, not one per further red)."""
    return consecutive_reds(history) == threshold


def rating_problem(stars: int) -> str | None:
    if not isinstance(stars, int) or isinstance(stars, bool) or not 1 <= stars <= 5:
        return "Give a rating from 1 to 5"
    return None

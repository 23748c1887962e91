"""Supplier performance: KPI results against targets as red, amber or green; the balanced
scorecard in four domains; repeated failure, which raises a suspension proposal.

- A KPI has a target and a direction (higher or lower is better). Meeting the target is
  green; missing it by no more than its amber limit (the worst result still amber; without
  one, 5% of the target) is amber; anything worse is red.
- A KPI is reported monthly or quarterly; a period is named by its first day (quarters start
  in January, April, July and October) and can be reported once it has ended.
- The scorecard scores each domain 0 to 100 from its KPI results (green 100, amber 50,
  red 0), customer feedback (1 to 5 stars) and the supplier's self-assessment (1 to 5),
  weighted 60 / 25 / 15 over the sources the domain has. 75 or more is green, 50 or more amber.
- Three red results in a row on one KPI (configurable) is repeated failure.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
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
    actual: Decimal,
    target: Decimal,
    direction: str,
    tolerance: Decimal = DEFAULT_AMBER_TOLERANCE,
    amber_limit: Decimal | None = None,
) -> Rag:
    """Green when the target is met; amber down to the amber limit (the worst result still
    amber) or, without one, within `tolerance` of the target; red beyond."""
    if direction == Direction.HIGHER:
        if actual >= target:
            return Rag.GREEN
        floor = target - abs(target) * tolerance if amber_limit is None else amber_limit
        return Rag.AMBER if actual >= floor else Rag.RED
    if actual <= target:
        return Rag.GREEN
    ceiling = target + abs(target) * tolerance if amber_limit is None else amber_limit
    return Rag.AMBER if actual <= ceiling else Rag.RED


# --- Defining a KPI ---------------------------------------------------------------------------

MAX_CODE = 40
MAX_NAME = 200
MAX_UNIT = 30


def kpi_code(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A KPI's code from its name ("Time to fix, P1" -> "time-to-fix-p1"), made unique
    against the codes the contract already has with -2, -3..."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:MAX_CODE].strip("-") or "kpi"
    code, n = base, 1
    while code in taken:
        n += 1
        suffix = f"-{n}"
        code = base[: MAX_CODE - len(suffix)].rstrip("-") + suffix
    return code


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@dataclass(frozen=True)
class KpiDefinition:
    code: str
    name: str
    unit: str
    target: Decimal
    direction: Direction
    frequency: Frequency
    domain: Domain
    amber_limit: Decimal | None


def kpi_definition(
    *,
    name: str,
    unit: str,
    target,
    direction: str = Direction.HIGHER,
    frequency: str = Frequency.MONTHLY,
    domain: str = Domain.SERVICES,
    amber_limit=None,
    code: str = "",
    taken: set[str] | frozenset[str] = frozenset(),
    unit_required: bool = True,
) -> tuple[KpiDefinition | None, dict[str, str]]:
    """Check a KPI as typed: (the definition, {}) or (None, {field: problem}). The amber limit
    lies on the failing side of the target: below it when higher is better, above when lower."""
    problems: dict[str, str] = {}
    name = " ".join(str(name or "").split())
    unit = str(unit or "").strip()
    if not name:
        problems["name"] = "Enter the KPI's name"
    elif len(name) > MAX_NAME:
        problems["name"] = f"The name is at most {MAX_NAME} characters"
    if not unit and unit_required:
        problems["unit"] = "Enter the unit the result is measured in, like %, hours or days"
    elif len(unit) > MAX_UNIT:
        problems["unit"] = f"The unit is at most {MAX_UNIT} characters"
    goal = _number(target)
    if goal is None:
        problems["target"] = "Enter the target as a number, like 95"
    if direction not in set(Direction):
        problems["direction"] = "Choose whether higher or lower is better"
    if frequency not in set(Frequency):
        problems["frequency"] = "Choose how often it is reported: monthly or quarterly"
    if domain not in set(Domain):
        problems["domain"] = "Choose the scorecard domain it counts towards"
    limit = None
    if amber_limit is not None and str(amber_limit).strip():
        limit = _number(amber_limit)
        if limit is None:
            problems["amber_limit"] = "Enter the amber limit as a number, or leave it blank"
        elif goal is not None and direction == Direction.HIGHER and limit >= goal:
            problems["amber_limit"] = (
                "Higher is better: the amber limit (the worst result still amber) is below the target"
            )
        elif goal is not None and direction == Direction.LOWER and limit <= goal:
            problems["amber_limit"] = (
                "Lower is better: the amber limit (the worst result still amber) is above the target"
            )
    code = str(code or "").strip().lower()
    if code:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) or len(code) > MAX_CODE:
            problems["code"] = "A code is lower-case letters, digits and hyphens, like fix-time"
        elif code in taken:
            problems["code"] = f"The contract already has a KPI {code}"
    elif name:
        code = kpi_code(name, taken)
    if problems:
        return None, problems
    return (
        KpiDefinition(
            code, name, unit, goal, Direction(direction), Frequency(frequency), Domain(domain), limit
        ),
        {},
    )


# --- Reporting periods ------------------------------------------------------------------------

QUARTER_STARTS = (1, 4, 7, 10)


def period_end(period: date, frequency: str = Frequency.MONTHLY) -> date:
    months = 3 if frequency == Frequency.QUARTERLY else 1
    last_month = period.month + months - 1
    year, month = period.year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def period_name(period: date, frequency: str = Frequency.MONTHLY) -> str:
    """ "October 2026", or for a quarter "October to December 2026"."""
    if frequency != Frequency.QUARTERLY:
        return period.strftime("%B %Y")
    end = period_end(period, frequency)
    return f"{period:%B} to {end:%B %Y}" if end.year == period.year else f"{period:%B %Y} to {end:%B %Y}"


def period_short(period: date, frequency: str = Frequency.MONTHLY) -> str:
    """ "Oct 2026", or "Oct to Dec 2026" for a quarter (chart labels)."""
    if frequency != Frequency.QUARTERLY:
        return period.strftime("%b %Y")
    return f"{period:%b} to {period_end(period, frequency):%b %Y}"


def period_problem(period: date, frequency: str, today: date) -> str | None:
    if frequency == Frequency.QUARTERLY:
        if period.day != 1 or period.month not in QUARTER_STARTS:
            return "A quarter starts on 1 January, 1 April, 1 July or 1 October"
    elif period.day != 1:
        return "A period is a calendar month: give its first day"
    if period_end(period, frequency) >= today:
        return f"{period_name(period, frequency)} has not ended yet"
    return None


def last_ended_period(today: date, frequency: str = Frequency.MONTHLY) -> date:
    """The latest whole period that ended before today."""
    if frequency == Frequency.QUARTERLY:
        start = date(today.year, QUARTER_STARTS[(today.month - 1) // 3], 1)
    else:
        start = today.replace(day=1)
    before = start - timedelta(days=1)
    if frequency == Frequency.QUARTERLY:
        return date(before.year, QUARTER_STARTS[(before.month - 1) // 3], 1)
    return before.replace(day=1)


def recent_periods(today: date, frequency: str, count: int) -> list[date]:
    """The last `count` ended periods, latest first (for a form's choice of period)."""
    periods = [last_ended_period(today, frequency)]
    while len(periods) < count:
        periods.append(last_ended_period(periods[-1], frequency))
    return periods


def score_label(score: Decimal | None) -> str:
    """A scorecard score with its scale: "75 out of 100", "62.5 out of 100"."""
    if score is None:
        return "No evidence yet"
    return f"{score.normalize():f} out of 100"


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

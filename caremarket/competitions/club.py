"""A buying club's competition: the frozen baseline its bids are priced on (from
`sourcing.baseline`), and the per-member breakdown of the awarded bid that members see."""

from dataclasses import dataclass
from decimal import Decimal

from caremarket.competitions.models import Competition
from caremarket.rules.club_baseline import Baseline


def baseline_for(competition: Competition) -> Baseline:
    from caremarket.sourcing.baseline import frozen_baseline

    return frozen_baseline(competition.buying_club)


def requirement_from_set(requirement_set) -> str:
    """A requirement set's lines as the requirement text bidders read."""
    lines = requirement_set.lines.select_related("site").order_by("position", "id")
    return "\n".join(
        f"{line.site.code}: {line.service_type} x{line.quantity} {line.unit}"
        + (f" ({line.size})" if line.size else "")
        + f", by {line.required_by:%-d %B %Y}"
        for line in lines
    )


@dataclass(frozen=True)
class MemberCost:
    member: str
    cost: Decimal


@dataclass(frozen=True)
class ClubBreakdown:
    supplier: str
    years: int
    total: Decimal
    members: tuple[MemberCost, ...]

"""A buying club's competition: the frozen baseline its bids are priced on (from
`sourcing.baseline`), and the per-member breakdown of the awarded bid that members see."""

from dataclasses import dataclass
from decimal import Decimal

from caremarket.competitions.models import Competition
from caremarket.rules.aggregated_pricing import evaluate as evaluate_costs
from caremarket.rules.club_baseline import Baseline
from caremarket.rules.price_lists import ContractTerm, PriceList


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


def requirement_from_baseline(club) -> str:
    """The requirement bidders read for a buying club: every item of its frozen baseline with
    the club's total quantity, to be priced as a price list."""
    from caremarket.sourcing.baseline import baseline_items, members_at_launch

    items = baseline_items(club)
    count = len(members_at_launch(club))
    lines = [
        f"One further competition for the {count} member{'s' if count != 1 else ''} of the {club.name} "
        "buying club, on its baseline frozen at launch. Price each item below; every member's sites "
        "are priced from your price list.",
        "",
    ]
    lines += [f"{item.label}: {item.quantity} in all ({', '.join(item.service_types)})" for item in items]
    return "\n".join(lines)


@dataclass(frozen=True)
class MemberCost:
    member: str
    cost: Decimal  # one-off + recurring x the evaluated years
    name: str = ""
    sites: int = 0
    one_off: Decimal = Decimal("0")
    recurring: Decimal = Decimal("0")  # a year's recurring charges


@dataclass(frozen=True)
class ClubBreakdown:
    supplier: str
    years: int
    total: Decimal
    members: tuple[MemberCost, ...]
    # Only the actor's own organisations' lines (a member sees no other member's costs).
    own_only: bool = False


def member_charges(baseline: Baseline, price_list: PriceList) -> dict[str, tuple[Decimal, Decimal]]:
    """Each member's one-off and yearly recurring charges under the price list. The engine
    gives one-off + recurring x years, so pricing over one year and over two separates them
    exactly (tiers look at quantities, never at the term)."""
    one, two = (
        evaluate_costs(baseline, [price_list], ContractTerm(years, ()))[0].by_member for years in (1, 2)
    )
    return {member: (one[member] - (two[member] - one[member]), two[member] - one[member]) for member in one}


def member_sites(baseline: Baseline) -> dict[str, int]:
    sites: dict[str, set[str]] = {}
    for line in baseline.lines:
        sites.setdefault(line.member, set()).add(line.site)
    return {member: len(sites.get(member, ())) for member in baseline.members}

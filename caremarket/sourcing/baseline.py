"""The frozen baseline of a buying club, for the competition that follows its launch.

A stable interface: `frozen_baseline(club)` and `members_at_launch(club)`. Both read the
copy of the requirement lines taken at launch (`BaselineLine`), so nothing changed later
can alter what the competition evaluates.
"""

from caremarket.core.error_codes import ErrorCode
from caremarket.core.errors import RuleViolation
from caremarket.rules.bid_prices import BaselineItem
from caremarket.rules.buying_clubs import FROZEN
from caremarket.rules.club_baseline import Baseline
from caremarket.rules.club_baseline import BaselineLine as Line
from caremarket.sourcing.models import BaselineLine, BuyingClub, ClubMember

__all__ = ["baseline_items", "frozen_baseline", "members_at_launch"]


def _require_frozen(club: BuyingClub) -> None:
    if club.stage not in FROZEN or club.launched_at is None:
        raise RuleViolation(
            f"The {club.name} buying club has not launched: its baseline is not frozen yet",
            code=ErrorCode.BUYING_CLUB_NOT_FROZEN,
            details={"club": club.reference},
        )


def frozen_baseline(club: BuyingClub) -> Baseline:
    """The baseline frozen at launch: member = organisation code, site = site code, unit,
    band = bandwidth or size, quantity. Every member included at launch is in the member
    table, in organisation-code order (ApplicationError when the club has not launched)."""
    _require_frozen(club)
    rows = (
        BaselineLine.objects.filter(club=club)
        .order_by("id")
        .values_list("member_code", "site_code", "unit", "band", "quantity")
    )
    lines = [Line(member, site, unit, band, quantity) for member, site, unit, band, quantity in rows]
    members = (
        ClubMember.objects.filter(club=club, included_at_launch=True)
        .order_by("organisation__code")
        .values_list("organisation__code", flat=True)
    )
    return Baseline.from_lines(lines, members=list(members))


def members_at_launch(club: BuyingClub) -> frozenset[int]:
    """The ids of the organisations frozen into the baseline at launch."""
    _require_frozen(club)
    return frozenset(
        ClubMember.objects.filter(club=club, included_at_launch=True).values_list(
            "organisation_id", flat=True
        )
    )


def baseline_items(club: BuyingClub) -> list[BaselineItem]:
    """The items a bid prices: each (unit, band) of the frozen baseline, with the club's total
    quantity and the service types that need it, in unit and band order."""
    _require_frozen(club)
    totals: dict[tuple[str, str], list] = {}
    rows = BaselineLine.objects.filter(club=club).values_list("unit", "band", "service_type", "quantity")
    for unit, band, service_type, quantity in rows.order_by("unit", "band", "service_type"):
        entry = totals.setdefault((unit, band), [0, []])
        entry[0] += quantity
        if service_type not in entry[1]:
            entry[1].append(service_type)
    return [
        BaselineItem(unit, band, quantity, tuple(types))
        for (unit, band), (quantity, types) in sorted(totals.items(), key=_item_order)
    ]


def _item_order(entry) -> tuple:
    """Units alphabetically, bands by size ("80 Mbps" before "1 Gbps")."""
    (unit, band), _ = entry
    number, _, scale = band.partition(" ")
    factor = {"kbps": 1e-3, "mbps": 1, "gbps": 1e3}.get(scale.lower())
    try:
        size = float(number) * factor if factor else float("inf")
    except ValueError:
        size = float("inf")
    return (unit, size, band)

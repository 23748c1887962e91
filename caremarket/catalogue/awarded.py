"""Prices awarded through the platform, for the benchmarks: read from the competitions' stable
award interface (`competitions.award`), never from bids or award rows directly.

- A buying club's confirmed award: the winning supplier's price list (`club_catalogue`).
- A contract created from an award outside a club: the award's price list
  (`award_outcome_for_contract`), or, when it has none, its value as a fixed price a year.
- Prices recorded by hand (`catalogue.AwardedPrice`).

Each award's price list counts as a listing's does (`rules.catalogue_stats.awarded_headlines`):
per unit, one price, the lowest first-tier annual charge, else one-off. It is benchmarked
under the category of the winner's live services on the award's lot (`award_category`).
A contract made from a club's award is the club's award, counted once.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from caremarket.catalogue.choices import CATEGORY_CHOICES
from caremarket.catalogue.models import AwardedPrice, Listing
from caremarket.core import clock
from caremarket.core.actor import Actor
from caremarket.core.errors import ApplicationError
from caremarket.core.permissions import require
from caremarket.rules.catalogue import Unit
from caremarket.rules.catalogue_stats import YEARLY, award_category, awarded_headlines, yearly_value

CATEGORY_ORDER = [code for code, _ in CATEGORY_CHOICES]
UNITS = {u.value for u in Unit}


@dataclass(frozen=True)
class AwardedPoint:
    category: str
    unit: str
    basis: str
    unit_price: Decimal
    reference: str  # the competition or contract it comes from
    awarded_on: date | None


def _lot_services(lot_id: int | None) -> list[tuple[int, str, str]]:
    """(supplier id, category, unit) of every price of the live services on the lot."""
    if lot_id is None:
        return []
    return list(
        Listing.objects.filter(lot_id=lot_id, live_version__isnull=False).values_list(
            "supplier_id", "live_version__category", "live_version__prices__unit"
        )
    )


def _category(services: list[tuple[int, str, str]], supplier_id: int, unit: str) -> str | None:
    return award_category(
        [c for s, c, u in services if s == supplier_id and u == unit],
        [c for _, c, u in services if u == unit],
        [c for _, c, _ in services],
        order=CATEGORY_ORDER,
    )


def _from_price_list(price_list, *, lot_id, supplier_id, reference, awarded_on) -> list[AwardedPoint]:
    items = []
    for (unit, _band), tiers in price_list.prices.items():
        if unit not in UNITS or not tiers:
            continue  # a unit the catalogue does not price in: nothing to compare it with
        first = min(tiers, key=lambda t: t.from_quantity)
        items.append((unit, first.one_off, first.annual))
    services = _lot_services(lot_id)
    points = []
    for unit, (basis, price) in awarded_headlines(items).items():
        category = _category(services, supplier_id, unit)
        if category is not None:
            points.append(AwardedPoint(category, unit, basis, price, reference, awarded_on))
    return points


def _day(moment) -> date | None:
    if isinstance(moment, datetime):
        return clock.local(moment).date()
    return moment


def _club_points() -> list[AwardedPoint]:
    from caremarket.competitions.award import club_catalogue
    from caremarket.rules.buying_clubs import ClubStatus
    from caremarket.sourcing.models import BuyingClub

    points = []
    clubs = BuyingClub.objects.filter(stage__in=[ClubStatus.LAUNCHED, ClubStatus.AWARDED]).order_by("pk")
    for club in clubs:
        catalogue = club_catalogue(club)
        if catalogue is None:
            continue
        points += _from_price_list(
            catalogue.price_list,
            lot_id=club.lot_id,
            supplier_id=catalogue.supplier_organisation_id,
            reference=catalogue.reference,
            awarded_on=_day(catalogue.awarded_at),
        )
    return points


def _contract_points() -> list[AwardedPoint]:
    from caremarket.competitions.award import award_outcome_for_contract
    from caremarket.contracts.models import Contract
    from caremarket.rules.contracts import Origin

    points = []
    now = clock.now()
    contracts = (
        Contract.objects.filter(origin=Origin.AWARD, competition__isnull=False, buying_club__isnull=True)
        .select_related("competition")
        .order_by("pk")
    )
    for contract in contracts:
        try:
            outcome = award_outcome_for_contract(contract.competition, now)
        except ApplicationError:
            continue  # withdrawn or challenged since: not a price anyone pays
        if outcome.buying_club_id is not None:
            continue
        awarded_on = _day(outcome.decided_on)
        if outcome.price_list is not None:
            points += _from_price_list(
                outcome.price_list,
                lot_id=outcome.lot_id,
                supplier_id=outcome.supplier_organisation_id,
                reference=outcome.reference,
                awarded_on=awarded_on,
            )
            continue
        price = yearly_value(outcome.value, outcome.term_months)
        category = _category(
            _lot_services(outcome.lot_id), outcome.supplier_organisation_id, Unit.FIXED_PRICE
        )
        if price is not None and category is not None:
            points.append(
                AwardedPoint(category, Unit.FIXED_PRICE, YEARLY, price, outcome.reference, awarded_on)
            )
    return points


def awarded_prices_for_actor(actor: Actor, *, category: str = "", unit: str = "") -> list[AwardedPoint]:
    """Every price awarded through the platform, for the benchmarks. Awards are published, so
    anyone who may see the benchmarks sees every one of them."""
    require(actor, "catalogue.view_benchmarks")
    recorded = [
        AwardedPoint(c, u, b, p, r, d)
        for c, u, b, p, r, d in AwardedPrice.objects.values_list(
            "category", "unit", "basis", "unit_price", "reference", "awarded_on"
        )
    ]
    points = recorded + _club_points() + _contract_points()
    return [p for p in points if (not category or p.category == category) and (not unit or p.unit == unit)]

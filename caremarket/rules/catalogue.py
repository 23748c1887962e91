"""The catalogue's rules: what a listing is about, how its versions move from draft to live,
which price lists are valid, and what a price list costs for a stated quantity over a term.

Price lists are lines; each line prices one *item* (an option, such as "Ethernet 100 Mbit/s")
in one *unit* (per connection, per user, a day rate...) with one *charge* (one-off, monthly or
annual), flat or tiered by volume. Tiers are volume tiers: the whole quantity is priced at the
rate of the tier it falls in. An item's cost for a quantity is the sum of its lines (an
installation charge and a monthly rental, say); a listing's options are alternatives.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from caremarket.core.error_codes import ErrorCode
from caremarket.rules.lifecycle import Lifecycle
from caremarket.rules.refusals import Refusal

PENNY = Decimal("0.01")
MAX_UNIT_PRICE = Decimal("10000000")
MAX_QUANTITY = 10_000_000
MAX_TERM_MONTHS = 120
MAX_LINES = 200
MAX_COMPARE = 10

# --- What a listing is about ------------------------------------------------------------------


class CategoryGroup(StrEnum):
    COMMISSIONING_SUPPORT = "commissioning_support"
    HSCN = "hscn"
    GP_IT = "gp_it"


GROUP_LABELS = {
    CategoryGroup.COMMISSIONING_SUPPORT: "Commissioning support",
    CategoryGroup.HSCN: "HSCN connectivity and overlay services",
    CategoryGroup.GP_IT: "GP IT capabilities",
}

# code: (group, label). The order is the order buyers see them in.
CATEGORIES: dict[str, tuple[CategoryGroup, str]] = {
    # The seven commissioning support categories.
    "health_needs_assessment": (CategoryGroup.COMMISSIONING_SUPPORT, "Health needs assessment"),
    "business_intelligence": (CategoryGroup.COMMISSIONING_SUPPORT, "Business intelligence"),
    "service_redesign": (CategoryGroup.COMMISSIONING_SUPPORT, "Support for redesign"),
    "communications_engagement": (
        CategoryGroup.COMMISSIONING_SUPPORT,
        "Communications and public engagement",
    ),
    "procurement_market_management": (
        CategoryGroup.COMMISSIONING_SUPPORT,
        "Procurement and market management",
    ),
    "provider_management": (CategoryGroup.COMMISSIONING_SUPPORT, "Provider management"),
    "business_support": (CategoryGroup.COMMISSIONING_SUPPORT, "Business support and back office"),
    # HSCN connectivity, and the overlay services bought separately from it.
    "hscn_connectivity": (CategoryGroup.HSCN, "HSCN connectivity"),
    "hscn_managed_security": (CategoryGroup.HSCN, "Managed security"),
    "hscn_managed_lan": (CategoryGroup.HSCN, "Managed LAN and Wi-Fi"),
    "hscn_voice": (CategoryGroup.HSCN, "Voice"),
    "hscn_monitoring": (CategoryGroup.HSCN, "Network monitoring"),
    # GP IT: essential clinical capabilities and the enabling services around them.
    "gp_clinical_system": (CategoryGroup.GP_IT, "Foundation clinical system"),
    "gp_online_consultation": (CategoryGroup.GP_IT, "Online consultation"),
    "gp_appointments": (CategoryGroup.GP_IT, "Appointments management"),
    "gp_document_management": (CategoryGroup.GP_IT, "Document management"),
    "gp_service_desk": (CategoryGroup.GP_IT, "Service desk and support"),
    "gp_infrastructure": (CategoryGroup.GP_IT, "Infrastructure and devices"),
    "gp_cyber_security": (CategoryGroup.GP_IT, "Cyber security"),
    "gp_information_governance": (CategoryGroup.GP_IT, "Information governance"),
    "gp_data_quality": (CategoryGroup.GP_IT, "Data quality and clinical coding"),
    "gp_training": (CategoryGroup.GP_IT, "Training"),
    "gp_registration_authority": (CategoryGroup.GP_IT, "Registration authority and smartcards"),
}


def category_label(code: str) -> str:
    return CATEGORIES[code][1] if code in CATEGORIES else code


class Unit(StrEnum):
    PER_CONNECTION = "per_connection"
    PER_SITE = "per_site"
    PER_DEVICE = "per_device"
    PER_USER = "per_user"
    PER_PRACTICE = "per_practice"
    PER_HEAD = "per_head_of_population"
    DAY_RATE = "day_rate"
    PER_UNIT = "per_unit"
    FIXED_PRICE = "fixed_price"


UNIT_LABELS = {
    Unit.PER_CONNECTION: "per connection",
    Unit.PER_SITE: "per site",
    Unit.PER_DEVICE: "per device",
    Unit.PER_USER: "per user",
    Unit.PER_PRACTICE: "per practice",
    Unit.PER_HEAD: "per head of population",
    Unit.DAY_RATE: "per day",
    Unit.PER_UNIT: "per unit",
    Unit.FIXED_PRICE: "fixed price",
}

# A lot's rules name the units its price lists may use. A site is what an HSCN connection
# serves, so a lot that prices per connection (or per unit) also takes prices per site.
UNITS_COVERED = {Unit.PER_CONNECTION: {Unit.PER_SITE}, Unit.PER_UNIT: {Unit.PER_SITE}}


class Charge(StrEnum):
    ONE_OFF = "one_off"
    MONTHLY = "monthly"
    ANNUAL = "annual"


CHARGE_LABELS = {Charge.ONE_OFF: "one-off", Charge.MONTHLY: "a month", Charge.ANNUAL: "a year"}

# --- Versions of a listing --------------------------------------------------------------------


class VersionStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    LIVE = "live"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


VERSION_LABELS = {
    VersionStatus.DRAFT: "draft",
    VersionStatus.SUBMITTED: "awaiting approval",
    VersionStatus.LIVE: "live",
    VersionStatus.SUPERSEDED: "superseded",
    VersionStatus.REJECTED: "rejected",
    VersionStatus.WITHDRAWN: "withdrawn",
}

VERSION_LIFECYCLE = Lifecycle(
    "listing version",
    {
        VersionStatus.DRAFT: frozenset({VersionStatus.SUBMITTED}),
        # The supplier may take a submission back to edit it; the manager approves or rejects.
        VersionStatus.SUBMITTED: frozenset({VersionStatus.DRAFT, VersionStatus.LIVE, VersionStatus.REJECTED}),
        # A live version is superseded when the next one is approved, or withdrawn.
        VersionStatus.LIVE: frozenset({VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN}),
        VersionStatus.SUPERSEDED: frozenset(),
        VersionStatus.REJECTED: frozenset(),
        VersionStatus.WITHDRAWN: frozenset(),
    },
    labels={str(k): v for k, v in VERSION_LABELS.items()},
)
EDITABLE = frozenset({VersionStatus.DRAFT})
OPEN = frozenset({VersionStatus.DRAFT, VersionStatus.SUBMITTED})


def version_move_refusal(current: str, target: str) -> Refusal | None:
    reason = VERSION_LIFECYCLE.refusal(current, target)
    return Refusal(ErrorCode.LISTING_TRANSITION_REFUSED, reason) if reason else None


# --- Price lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    from_quantity: int
    to_quantity: int | None  # None: and above
    unit_price: Decimal


@dataclass(frozen=True)
class PriceLine:
    item: str
    unit: str
    charge: str
    tiers: tuple[Tier, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.item, self.unit, self.charge)

    @property
    def is_tiered(self) -> bool:
        return len(self.tiers) > 1


def unit_allowed(unit: str, allowed: Iterable[str]) -> bool:
    """A lot with no units named takes any; otherwise the unit, or one it covers, is named."""
    allowed = set(allowed)
    if not allowed:
        return True
    return unit in allowed or any(unit in UNITS_COVERED.get(a, set()) for a in allowed)


def tier_problems(tiers: tuple[Tier, ...]) -> list[str]:
    """Tiers start at 1, rise without gaps or overlaps, and only the last is open-ended."""
    if not tiers:
        return ["Give at least one price"]
    problems = []
    expected: int | None = 1  # where the next tier must start; None after an open-ended tier
    for index, tier in enumerate(tiers):
        start = tier.from_quantity
        if expected is None:
            problems.append(f"The tier from {start} overlaps the open-ended tier before it")
        elif start < expected:
            problems.append(
                "The first tier must start at 1"
                if index == 0
                else f"The tier from {start} overlaps the tier before it"
            )
        elif start > expected:
            problems.append(
                "The first tier must start at 1"
                if index == 0
                else f"The tier from {start} leaves a gap: the tier before it ends at {expected - 1}"
            )
        if tier.to_quantity is None:
            expected = None
        elif tier.to_quantity < start:
            problems.append(f"The tier from {start} ends before it starts ({tier.to_quantity})")
            expected = None if expected is None else start + 1
        else:
            expected = tier.to_quantity + 1
        problems.extend(price_problems(tier.unit_price))
    return problems


def price_problems(price: Decimal) -> list[str]:
    if not price.is_finite() or price < 0:
        return ["A price must be zero or more"]
    if price != price.quantize(PENNY):
        return [f"{price} has more than two decimal places"]
    if price > MAX_UNIT_PRICE:
        return [f"{price} is more than £10,000,000"]
    return []


def line_problems(line: PriceLine, allowed_units: Iterable[str]) -> list[str]:
    problems = []
    if not line.item.strip():
        problems.append("Name the item this line prices, like 'Ethernet 100 Mbit/s'")
    elif len(line.item) > 120:
        problems.append("Keep the item's name to 120 characters")
    if line.unit not in set(Unit):
        problems.append(f"'{line.unit}' is not a price unit")
    elif not unit_allowed(line.unit, allowed_units):
        named = ", ".join(UNIT_LABELS.get(Unit(u), u) for u in allowed_units if u in set(Unit))
        problems.append(f"This lot takes prices {named}, not {UNIT_LABELS[Unit(line.unit)]}")
    if line.charge not in set(Charge):
        problems.append(f"'{line.charge}' is not a charge: use one_off, monthly or annual")
    if line.unit == Unit.FIXED_PRICE and line.is_tiered:
        problems.append("A fixed price cannot be tiered by volume")
    problems.extend(tier_problems(line.tiers))
    return problems


def price_list_problems(lines: list[PriceLine], allowed_units: Iterable[str]) -> dict[int, list[str]]:
    """Each line's problems by its position (from 1), and duplicates of the same item, unit
    and charge; an empty dict when the price list is valid."""
    allowed_units = list(allowed_units)
    problems: dict[int, list[str]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    if len(lines) > MAX_LINES:
        problems[0] = [f"A price list has at most {MAX_LINES} lines"]
    for number, line in enumerate(lines, start=1):
        found = line_problems(line, allowed_units)
        key = (line.item.strip().lower(), line.unit, line.charge)
        if key in seen:
            found.append(f"Line {seen[key]} already prices this item, unit and charge: put tiers in one line")
        seen.setdefault(key, number)
        if found:
            problems[number] = found
    return problems


def lines_from_rows(rows: Iterable[tuple[str, str, str, int, int | None, Decimal]]) -> list[PriceLine]:
    """Tier rows (item, unit, charge, from, to, price), one per tier, grouped into lines in the
    order their items first appear."""
    grouped: dict[tuple[str, str, str], list[Tier]] = {}
    for item, unit, charge, low, high, price in rows:
        grouped.setdefault((item, unit, charge), []).append(Tier(low, high, price))
    return [
        PriceLine(item, unit, charge, tuple(sorted(tiers, key=lambda t: t.from_quantity)))
        for (item, unit, charge), tiers in grouped.items()
    ]


# --- What a price list costs ------------------------------------------------------------------


def money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def rate_for(line: PriceLine, quantity: int) -> Decimal | None:
    """The unit price for `quantity` (volume tiers: the tier the quantity falls in)."""
    for tier in line.tiers:
        if quantity >= tier.from_quantity and (tier.to_quantity is None or quantity <= tier.to_quantity):
            return tier.unit_price
    return None


def periods(charge: str, term_months: int) -> Decimal:
    if charge == Charge.MONTHLY:
        return Decimal(term_months)
    if charge == Charge.ANNUAL:
        return Decimal(term_months) / Decimal(12)
    return Decimal(1)


@dataclass(frozen=True)
class ItemQuote:
    item: str
    one_off: Decimal
    recurring: Decimal  # over the whole term
    total: Decimal
    priced: bool  # False when some line has no tier for the quantity


def quote(lines: list[PriceLine], quantity: int, term_months: int) -> list[ItemQuote]:
    """What each item costs for `quantity` over `term_months`, in the order items appear."""
    by_item: dict[str, list[PriceLine]] = {}
    for line in lines:
        by_item.setdefault(line.item, []).append(line)
    quotes = []
    for item, item_lines in by_item.items():
        one_off = recurring = Decimal(0)
        priced = True
        for line in item_lines:
            rate = rate_for(line, quantity)
            if rate is None:
                priced = False
                continue
            count = Decimal(1) if line.unit == Unit.FIXED_PRICE else Decimal(quantity)
            cost = rate * count * periods(line.charge, term_months)
            if line.charge == Charge.ONE_OFF:
                one_off += cost
            else:
                recurring += cost
        quotes.append(ItemQuote(item, money(one_off), money(recurring), money(one_off + recurring), priced))
    return quotes


def cheapest(quotes: list[ItemQuote]) -> ItemQuote | None:
    priced = [q for q in quotes if q.priced]
    return min(priced, key=lambda q: (q.total, q.item)) if priced else None


class Basis(StrEnum):
    YEARLY = "yearly"
    ONE_OFF = "one_off"


BASIS_LABELS = {Basis.YEARLY: "a year", Basis.ONE_OFF: "one-off"}


def headline_prices(lines: list[PriceLine]) -> dict[str, tuple[str, Decimal]]:
    """Per unit, the price buyers filter, sort and benchmark on: the lowest first-tier price a
    year (monthly charges times 12) when the unit has a recurring charge, else the lowest
    one-off price."""
    recurring: dict[str, Decimal] = {}
    one_off: dict[str, Decimal] = {}
    for line in lines:
        if not line.tiers:
            continue
        first = line.tiers[0].unit_price
        if line.charge == Charge.ONE_OFF:
            one_off[line.unit] = min(first, one_off.get(line.unit, first))
        else:
            yearly = first * (12 if line.charge == Charge.MONTHLY else 1)
            recurring[line.unit] = min(yearly, recurring.get(line.unit, yearly))
    result = {unit: (str(Basis.ONE_OFF), money(price)) for unit, price in one_off.items()}
    result.update({unit: (str(Basis.YEARLY), money(price)) for unit, price in recurring.items()})
    return result

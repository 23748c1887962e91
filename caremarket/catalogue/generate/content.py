"""Make one realistic listing's content, deterministically from a random generator."""

import random
from decimal import ROUND_HALF_UP, Decimal

from caremarket.catalogue.generate.vocabulary import CAPACITIES, SPECS, LineSpec
from caremarket.rules.catalogue import PriceLine, Tier, unit_allowed

REGIONS = ["london", "south_west", "south_east", "midlands", "east", "north_west", "north_east"]
NEIGHBOURS = {
    "london": ["south_east", "east"],
    "south_west": ["south_east", "midlands"],
    "south_east": ["london", "south_west", "east"],
    "midlands": ["east", "north_west", "north_east", "south_west"],
    "east": ["london", "midlands", "south_east"],
    "north_west": ["north_east", "midlands"],
    "north_east": ["north_west", "midlands"],
    "national": [],
}
QUALIFIERS = (
    "",
    "",
    "",
    " Plus",
    " Essentials",
    " Enterprise",
    " for primary care networks",
    " for ICBs",
    " (regional)",
    " Select",
    " Complete",
    " Lite",
)
TIERS = ((1, 9, Decimal("1")), (10, 49, Decimal("0.92")), (50, None, Decimal("0.85")))


def _pounds(value: Decimal) -> Decimal:
    step = Decimal("1") if value >= 100 else Decimal("0.50") if value >= 10 else Decimal("0.01")
    return ((value / step).to_integral_value(rounding=ROUND_HALF_UP) * step).quantize(Decimal("0.01"))


def _line(rng: random.Random, spec: LineSpec, scale: float) -> PriceLine:
    base = Decimal(str(rng.uniform(spec.low, spec.high) * scale))
    if spec.low <= 5:  # pence-level prices, such as per head of population
        base = Decimal(str(round(rng.uniform(spec.low * 0.4, spec.high * 0.8), 2)))
    if not spec.tiered:
        return PriceLine(spec.item, spec.unit, spec.charge, (Tier(1, None, _pounds(base)),))
    return PriceLine(
        spec.item, spec.unit, spec.charge, tuple(Tier(a, b, _pounds(base * f)) for a, b, f in TIERS)
    )


def price_list(rng: random.Random, category: str, allowed_units: list[str]) -> list[PriceLine]:
    """One to three priced options of the category whose units the lot allows (at least one)."""
    options = [o for o in SPECS[category].options if all(unit_allowed(s.unit, allowed_units) for s in o)]
    if not options:
        unit = allowed_units[0] if allowed_units else "per_unit"
        options = [
            (
                LineSpec(
                    "Service", unit, "one_off" if unit in ("day_rate", "fixed_price") else "annual", 200, 900
                ),
            )
        ]
    chosen = rng.sample(options, k=rng.randint(1, len(options)))
    scale = rng.uniform(0.85, 1.2)  # a supplier's prices sit high or low across its options
    return [_line(rng, spec, scale) for option in chosen for spec in option]


def regions_for(rng: random.Random, home: str) -> list[str]:
    if home == "national" or rng.random() < 0.22:
        return ["national"]
    regions = {home} | set(rng.sample(NEIGHBOURS[home], k=rng.randint(0, len(NEIGHBOURS[home]))))
    return [r for r in REGIONS if r in regions]


def listing_content(rng: random.Random, category: str, home_region: str, allowed_units: list[str]) -> dict:
    spec = SPECS[category]
    sentences = rng.sample(spec.sentences, k=min(len(spec.sentences), rng.randint(3, 4)))
    return {
        "name": rng.choice(spec.names) + rng.choice(QUALIFIERS),
        "summary": rng.choice(spec.summaries),
        "description": " ".join(sentences),
        "category": category,
        "regions": regions_for(rng, home_region),
        "capacity": rng.choice(CAPACITIES).format(n=rng.choice([5, 8, 12, 20, 40, 60, 150])),
        "features": rng.sample(spec.features, k=min(len(spec.features), rng.randint(3, 5))),
        "price_lines": price_list(rng, category, allowed_units),
    }

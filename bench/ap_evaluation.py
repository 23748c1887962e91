"""ap_evaluation: the aggregated price evaluation of a national-scale buying club.

A synthetic club (seeded, so every run builds the same data) of 200 organisations with
50,000 sites between them, each site needing a connection and some needing more (managed
router, resilient second line, DDoS protection, wireless access points, out-of-hours
support), priced by 30 bids with full price lists (volume tiers on the club's total of each
unit code), over a 3+1+1-year term. The vectorised engine and the plain Python loop run on
the same baseline and price lists in the same run and must give identical results.

The bids are entered as suppliers enter them: each price list is written into the bid's price
template (CSV, amounts as people type them, "£1,234.56"), read back by the upload reader,
checked as a draft is, and only then evaluated; `entry_seconds` times that for all 30 bids.
"""

import os
import time

import numpy as np

from caremarket.rules.aggregated_pricing import (
    Baseline,
    ContractTerm,
    PriceList,
    Tier,
    TierMode,
    evaluate,
    evaluate_naive,
)

SEED = 20260301
ORGANISATIONS = 200
SITES = 50_000
BIDS = 30
RUNS = 7
NAIVE_RUNS = 2
TERM = ContractTerm(3, (1, 1))

BANDS = ("", "10 Mbps", "20 Mbps", "50 Mbps", "100 Mbps", "200 Mbps", "500 Mbps", "1 Gbps", "10 Gbps")
# Access types: unit code, the bands it comes in, and its market price per unit at 100 Mbps
# (one-off, annual) in pence; dearer bands scale up.
ACCESS = (
    ("HSCN-FTTC", (1, 2, 3), (15_000, 45_000)),
    ("HSCN-SOGEA", (1, 2, 3, 4), (12_000, 40_000)),
    ("HSCN-EFM", (1, 2, 3), (60_000, 150_000)),
    ("HSCN-FIBRE", (3, 4, 5, 6, 7, 8), (250_000, 300_000)),
    ("HSCN-4G", (1, 2, 3), (20_000, 36_000)),
)
BAND_FACTOR = {1: 0.5, 2: 0.6, 3: 0.8, 4: 1.0, 5: 1.3, 6: 1.7, 7: 2.4, 8: 7.0}
# Extra services: unit code, band, share of sites needing it, most units at a site, prices.
EXTRAS = (
    ("CPE-MANAGED", "", 0.9, 1, (25_000, 12_000)),
    ("HSCN-RESILIENT", "100 Mbps", 0.12, 1, (200_000, 240_000)),
    ("HSCN-RESILIENT", "1 Gbps", 0.03, 1, (450_000, 600_000)),
    ("DDOS-PROTECT", "", 0.1, 1, (5_000, 60_000)),
    ("WIFI-AP", "", 0.3, 20, (9_000, 3_000)),
    ("SUPPORT-24X7", "", 0.2, 1, (0, 80_000)),
)
TIER_STARTS = (1, 500, 2_000, 10_000)


def build_club(rng: np.random.Generator) -> tuple:
    """The arguments of `Baseline.from_codes`: 200 organisations of very different sizes
    (a GP practice to a county council) sharing 50,000 sites."""
    weights = rng.lognormal(mean=0.0, sigma=1.4, size=ORGANISATIONS)
    sites_per_org = 1 + rng.multinomial(SITES - ORGANISATIONS, weights / weights.sum())
    site_member = np.repeat(np.arange(ORGANISATIONS), sites_per_org)
    size = rng.lognormal(mean=0.0, sigma=1.0, size=SITES)  # bigger sites want faster lines
    access = rng.choice(len(ACCESS), size=SITES, p=[0.25, 0.25, 0.1, 0.3, 0.1])
    members, sites, units, bands, quantities = [site_member], [np.arange(SITES)], [], [], []
    unit_names = [code for code, _, _ in ACCESS] + sorted({code for code, *_ in EXTRAS})
    access_band = np.empty(SITES, dtype=np.int64)
    for a, (_, allowed, _) in enumerate(ACCESS):
        chosen = access == a
        rank = np.clip((np.log1p(size[chosen]) * len(allowed) / 2.5).astype(np.int64), 0, len(allowed) - 1)
        access_band[chosen] = np.array(allowed)[rank]
    units.append(access)
    bands.append(access_band)
    quantities.append(np.ones(SITES, dtype=np.int64))
    for code, band, share, most, _ in EXTRAS:
        needing = np.flatnonzero(rng.random(SITES) < share)
        members.append(site_member[needing])
        sites.append(needing)
        units.append(np.full(len(needing), unit_names.index(code)))
        bands.append(np.full(len(needing), BANDS.index(band)))
        quantities.append(rng.integers(1, most + 1, size=len(needing)))
    return (
        [f"ORG{n:03d}" for n in range(ORGANISATIONS)],
        [f"SITE{n:05d}" for n in range(SITES)],
        unit_names,
        BANDS,
        *(np.concatenate(parts) for parts in (members, sites, units, bands, quantities)),
    )


def market_price(unit: str, band: str) -> tuple[int, int]:
    for code, _, (one_off, annual) in ACCESS:
        if code == unit:
            factor = BAND_FACTOR[BANDS.index(band)]
            return int(one_off * factor), int(annual * factor)
    return next(prices for code, b, _, _, prices in EXTRAS if (code, b) == (unit, band))


def build_price_lists(rng: np.random.Generator, baseline: Baseline) -> list[PriceList]:
    """30 full price lists: each bidder's own level, noise per item, 1 to 4 volume tiers."""
    lists = []
    for n in range(BIDS):
        level = rng.uniform(0.8, 1.25)
        prices = {}
        for item in range(len(baseline.items)):
            unit, band = baseline.item_key(item)
            one_off, annual = market_price(unit, band)
            noise = level * rng.uniform(0.9, 1.1)
            tiers = []
            for step, start in enumerate(TIER_STARTS[: rng.integers(1, len(TIER_STARTS) + 1)]):
                discount = 1 - 0.04 * step
                tiers.append(Tier(start, int(one_off * noise * discount), int(annual * noise * discount)))
            prices[(unit, band)] = tuple(tiers)
        lists.append(PriceList(f"BID{n:02d}", prices))
    return lists


def _typed(pence: int) -> str:
    return f"£{pence / 100:,.2f}" if pence % 100 else f"{pence // 100:,}"


def enter_price_lists(baseline: Baseline, price_lists: list[PriceList]) -> tuple[float, list[PriceList]]:
    """Each price list through the bid's price template: written as a supplier fills it in,
    uploaded, read and checked as a draft; the price lists the evaluation then reads."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from caremarket.competitions.bid_content import clean_content, price_list_of
    from caremarket.competitions.bid_prices import read_price_upload, template_csv
    from caremarket.rules.bid_prices import BaselineItem

    totals: dict[tuple[str, str], int] = {}
    for item, quantity in zip(baseline.item.tolist(), baseline.quantity.tolist(), strict=True):
        key = baseline.item_key(item)
        totals[key] = totals.get(key, 0) + quantity
    items = [BaselineItem(unit, band, quantity) for (unit, band), quantity in sorted(totals.items())]
    files = []
    for price_list in price_lists:
        rows = [
            {
                "unit": unit,
                "band": band,
                "tiers": [
                    {"from": t.from_quantity, "one_off": _typed(t.one_off), "annual": _typed(t.annual)}
                    for t in tiers
                ],
            }
            for (unit, band), tiers in price_list.prices.items()
        ]
        files.append((price_list.bid_id, template_csv(items, rows).encode()))
    started = time.perf_counter()
    entered = [
        price_list_of(bid_id, clean_content(price_list=read_price_upload(f"{bid_id}.csv", content, items)))
        for bid_id, content in files
    ]
    return time.perf_counter() - started, entered


def best_of(runs: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def run(console) -> dict:
    rng = np.random.default_rng(SEED)
    club = build_club(rng)
    started = time.perf_counter()
    baseline = Baseline.from_codes(*club)  # frozen once, at launch
    freeze_seconds = time.perf_counter() - started
    generated = build_price_lists(rng, baseline)
    entry_seconds, price_lists = enter_price_lists(baseline, generated)
    if [dict(p.prices) for p in price_lists] != [dict(p.prices) for p in generated]:
        raise RuntimeError("a price list read back from its template differs from the one written")
    console.print(
        f"{len(price_lists)} price lists entered through the price template in {entry_seconds:.2f} s"
    )
    _ = baseline.lines  # both engines read the same frozen baseline; build its rows once
    console.print(
        f"{len(baseline.members)} organisations, {len(baseline.sites):,} sites, {len(baseline):,} lines, "
        f"{len(baseline.items)} priced items, {len(price_lists)} bids, term {TERM}"
    )
    figures = {}
    for mode in (TierMode.ALL_UNITS, TierMode.GRADUATED):
        seconds, fast = best_of(RUNS, lambda mode=mode: evaluate(baseline, price_lists, TERM, mode))
        naive_seconds, slow = best_of(
            NAIVE_RUNS, lambda mode=mode: evaluate_naive(baseline, price_lists, TERM, mode)
        )
        if fast != slow:
            raise RuntimeError(f"the vectorised and the naive evaluation disagree ({mode})")
        if not all(cost.compliant for cost in fast):
            raise RuntimeError("every synthetic price list should be complete")
        console.print(
            f"{mode}: vectorised {seconds * 1000:,.1f} ms, naive {naive_seconds:,.2f} s, "
            f"identical results for {len(fast)} bids; lowest total £{min(c.total for c in fast):,}"
        )
        prefix = "" if mode == TierMode.ALL_UNITS else "graduated_"
        figures[f"{prefix}seconds"] = round(seconds, 4)
        figures[f"{prefix}naive_seconds"] = round(naive_seconds, 3)
        figures[f"{prefix}naive_ratio"] = round(naive_seconds / seconds, 1)
    return {
        **figures,
        "freeze_seconds": round(freeze_seconds, 3),
        "entry_seconds": round(entry_seconds, 3),
        "organisations": len(baseline.members),
        "sites": len(baseline.sites),
        "lines": len(baseline),
        "items": len(baseline.items),
        "bids": len(price_lists),
        "term_years": TERM.years,
    }

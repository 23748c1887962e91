"""Run inside a Django process on the benchmark's database: time the catalogue search in process,
ours and the plain LIKE scan, over the same varied queries; print the figures as JSON."""

import json
import random
import statistics
import sys
import time

import django

django.setup()

from caremarket.catalogue.search import SearchQuery, columns, engine, run_search, visibility  # noqa: E402  # noqa: E402

# Words buyers type, each with the category it usually leads to.
TERMS = [
    ("ethernet", "hscn_connectivity"),
    ("broadband", "hscn_connectivity"),
    ("fibre", "hscn_connectivity"),
    ("resilient", "hscn_connectivity"),
    ("migration", "hscn_connectivity"),
    ("firewall", "hscn_managed_security"),
    ("security operations", "hscn_managed_security"),
    ("wi-fi", "hscn_managed_lan"),
    ("switches", "hscn_managed_lan"),
    ("telephony", "hscn_voice"),
    ("call back", "hscn_voice"),
    ("monitoring", "hscn_monitoring"),
    ("capacity reports", "hscn_monitoring"),
    ("needs assessment", "health_needs_assessment"),
    ("public health", "health_needs_assessment"),
    ("risk stratification", "business_intelligence"),
    ("dashboards", "business_intelligence"),
    ("pathway redesign", "service_redesign"),
    ("clinical specification", "service_redesign"),
    ("consultation", "communications_engagement"),
    ("campaigns", "communications_engagement"),
    ("tender", "procurement_market_management"),
    ("procurement", "procurement_market_management"),
    ("contract management", "provider_management"),
    ("kpi", "provider_management"),
    ("invoice validation", "provider_management"),
    ("payroll", "business_support"),
    ("legal", "business_support"),
    ("service desk", "gp_service_desk"),
    ("engineers", "gp_service_desk"),
    ("laptops", "gp_infrastructure"),
    ("encryption", "gp_infrastructure"),
    ("patching", "gp_cyber_security"),
    ("data protection", "gp_information_governance"),
    ("clinical coding", "gp_data_quality"),
    ("training", "gp_training"),
    ("e-learning", "gp_training"),
    ("smartcards", "gp_registration_authority"),
    ("online triage", "gp_online_consultation"),
    ("document workflow", "gp_document_management"),
]
REGIONS = ["london", "south_west", "south_east", "midlands", "east", "north_west", "north_east"]
CATEGORIES = sorted({category for _, category in TERMS})


def queries(count: int) -> list[SearchQuery]:
    """A text query with three filters each: a region, a category (mostly the one the words
    lead to, sometimes any), and either SME suppliers or a certification."""
    rng = random.Random(7)
    made = []
    for _ in range(count):
        text, category = rng.choice(TERMS)
        third = {"sme": True} if rng.random() < 0.5 else {"certifications": ("dspt",)}
        made.append(
            SearchQuery(
                text=text,
                regions=(rng.choice(REGIONS),),
                categories=(category if rng.random() < 0.75 else rng.choice(CATEGORIES),),
                sort="relevance",
                **third,
            )
        )
    return made


def timed(query: SearchQuery, matcher=None) -> tuple[float, int]:
    start = time.perf_counter()
    result = run_search(query, matcher=matcher)
    return (time.perf_counter() - start) * 1000, result.total


def main() -> None:
    count, naive_count = int(sys.argv[1]), int(sys.argv[2])
    start = time.perf_counter()
    columns.current_columns()
    visibility.current_visibility()
    cold_ms = (time.perf_counter() - start) * 1000
    work = queries(count)
    for query in work[:20]:  # warm the caches of the database and the process
        timed(query)
    ours = [timed(q)[0] for q in work]
    same = work[:naive_count]
    paired_ours, paired_naive, mismatched = [], [], 0
    for query in same:
        fast, found = timed(query)
        slow, naive_found = timed(query, engine.like_matches)
        paired_ours.append(fast)
        paired_naive.append(slow)
        # LIKE matches substrings where the index matches stemmed words: counts may differ a little.
        mismatched += found != naive_found
    ours.sort()
    print(
        json.dumps(
            {
                "queries": len(ours),
                "p50_ms": round(statistics.median(ours), 2),
                "p95_ms": round(ours[int(len(ours) * 0.95) - 1], 2),
                "max_ms": round(ours[-1], 2),
                "naive_queries": len(same),
                "naive_p50_ms": round(statistics.median(paired_naive), 1),
                "naive_ratio": round(statistics.median(paired_naive) / statistics.median(paired_ours), 1),
                "naive_counts_differ": mismatched,
                "cold_load_ms": round(cold_ms, 1),
            }
        )
    )


if __name__ == "__main__":
    main()

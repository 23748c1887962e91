"""Run inside a Django process on the benchmark's database: time the catalogue search in process
over many varied queries, then the same queries as a plain LIKE scan (bench.catalogue_like)
against ours, checking that both give the same page, total and facet counts; then queries whose
words the process does not hold yet (the first search for them since the catalogue changed);
print the figures as JSON on the last line."""

import json
import random
import statistics
import sys
import time
from dataclasses import replace

import django

django.setup()

from bench.catalogue_like import answer_of, like_search  # noqa: E402
from caremarket.catalogue.search import SearchQuery, columns, postings, run_search, visibility  # noqa: E402

# Words buyers type, each with the category it usually leads to. Each is the stem of its forms
# in the catalogue's text and no part of another word there ("laptop", not "laptops"; no "desk",
# which is in "desktop"), so a LIKE substring scan and the full-text index (which folds word
# forms to their stem) find the very same documents, and the comparison can be exact.
TERMS = [
    ("ethernet", "hscn_connectivity"),
    ("broadband", "hscn_connectivity"),
    ("fibre", "hscn_connectivity"),
    ("resilient", "hscn_connectivity"),
    ("firewall", "hscn_managed_security"),
    ("security operations", "hscn_managed_security"),
    ("switch", "hscn_managed_lan"),
    ("telephony", "hscn_voice"),
    ("call back", "hscn_voice"),
    ("monitor", "hscn_monitoring"),
    ("capacity report", "hscn_monitoring"),
    ("needs assessment", "health_needs_assessment"),
    ("public health", "health_needs_assessment"),
    ("risk stratification", "business_intelligence"),
    ("dashboard", "business_intelligence"),
    ("pathway redesign", "service_redesign"),
    ("clinical specification", "service_redesign"),
    ("consult", "communications_engagement"),
    ("campaign", "communications_engagement"),
    ("tender", "procurement_market_management"),
    ("contract management", "provider_management"),
    ("kpi", "provider_management"),
    ("payroll", "business_support"),
    ("legal", "business_support"),
    ("laptop", "gp_infrastructure"),
    ("cyber", "gp_cyber_security"),
    ("data protection", "gp_information_governance"),
    ("governance", "gp_information_governance"),
    ("audit", "gp_data_quality"),
    ("training", "gp_training"),
    ("e-learning", "gp_training"),
    ("smartcard", "gp_registration_authority"),
    ("online triage", "gp_online_consultation"),
    ("document workflow", "gp_document_management"),
]
REGIONS = ["london", "south_west", "south_east", "midlands", "east", "north_west", "north_east"]
CATEGORIES = sorted({category for _, category in TERMS})


def queries(count: int, terms=TERMS) -> list[SearchQuery]:
    """A text query with three filters each: a region, a category (mostly the one the words
    lead to, sometimes any), and either SME suppliers or a certification; by relevance, as the
    search page asks by default."""
    rng = random.Random(7)
    made = []
    for _ in range(count):
        text, category = rng.choice(terms)
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


def timed(search, query):
    start = time.perf_counter()
    answer = search(query)
    return (time.perf_counter() - start) * 1000, answer


def _with_new_words(query: SearchQuery) -> float:
    """A query whose words the process does not hold yet (the first search for them since the
    catalogue last changed): their postings are read from the index first."""
    postings.forget()
    postings.current_lengths()
    return timed(run_search, query)[0]


def main() -> None:
    count, naive_count = int(sys.argv[1]), int(sys.argv[2])
    start = time.perf_counter()
    columns.current_columns()
    visibility.current_visibility()
    postings.current_lengths()
    cold_ms = (time.perf_counter() - start) * 1000
    work = queries(count)
    for query in work[:20]:  # warm the caches of the database and the process
        run_search(query)
    ours = sorted(timed(run_search, q)[0] for q in work)
    # The comparison: the same queries, each answered both ways. A LIKE scan has no relevance,
    # so both order by name here and must give the very same page; ours by relevance is timed
    # too, as the harder case of the same query.
    paired_ours, paired_relevance, paired_naive = [], [], []
    for query in work[:naive_count]:
        by_name = replace(query, sort="name")
        fast, ours_answer = timed(run_search, by_name)
        slow, naive_answer = timed(like_search, by_name)
        if answer_of(ours_answer) != naive_answer:
            raise SystemExit(f"The LIKE scan and the search disagree on {by_name}")
        paired_ours.append(fast)
        paired_naive.append(slow)
        paired_relevance.append(timed(run_search, query)[0])
    new_words = sorted(_with_new_words(query) for query in queries(len(TERMS) * 3))
    naive_p50 = statistics.median(paired_naive)
    print(
        json.dumps(
            {
                "queries": len(ours),
                "p50_ms": round(statistics.median(ours), 2),
                "p95_ms": round(ours[int(len(ours) * 0.95) - 1], 2),
                "max_ms": round(ours[-1], 2),
                "naive_queries": naive_count,
                "naive_p50_ms": round(naive_p50, 1),
                "naive_ratio": round(naive_p50 / statistics.median(paired_ours), 1),
                "naive_ratio_vs_relevance": round(naive_p50 / statistics.median(paired_relevance), 1),
                "naive_results_identical": naive_count,
                "new_words_p50_ms": round(statistics.median(new_words), 2),
                "new_words_max_ms": round(new_words[-1], 2),
                "cold_load_ms": round(cold_ms, 1),
            }
        )
    )


if __name__ == "__main__":
    main()

"""Search correctness: the same queries give the same results on SQLite (FTS5) and PostgreSQL
(tsvector), since the whole suite runs on each: matching, ranking, highlighting, filters,
facet counts, sorting and stable pages."""

from decimal import Decimal

import pytest

from caremarket.agreements.factories import admit, apply, make_agreement, make_supplier
from caremarket.catalogue.factories import flat, make_listing, tiered
from caremarket.catalogue.search import SearchQuery, run_search
from caremarket.catalogue.search.query import marked
from caremarket.rules.catalogue_stats import MARK_END, MARK_START

pytestmark = pytest.mark.django_db

CATALOGUE = [
    # key, supplier, name, summary, description, category, regions, price lines
    (
        "ethernet",
        "a",
        "Managed Ethernet connectivity",
        "Fibre Ethernet for hospitals",
        "Resilient circuits.",
        "hscn_connectivity",
        ["east"],
        [tiered("Ethernet 1 Gbit/s", "per_connection", "monthly", (1, None, "400"))],
    ),
    (
        "broadband",
        "a",
        "HSCN broadband",
        "Broadband for GP practices",
        "Backup over Ethernet for small sites.",
        "hscn_connectivity",
        ["national"],
        [flat("Broadband 80 Mbit/s", "60")],
    ),
    (
        "firewall",
        "b",
        "Managed firewall",
        "Next generation firewalls",
        "Security monitoring of every site.",
        "hscn_managed_security",
        ["london"],
        [flat("Firewall", "35", "per_device")],
    ),
    (
        "wifi",
        "c",
        "Practice Wi-Fi",
        "Managed Wi-Fi for patients and staff",
        "Surveys and installation <script>.",
        "hscn_managed_lan",
        ["east", "london"],
        [flat("Access point", "12", "per_device")],
    ),
    (
        "monitor",
        "b",
        "Network monitoring",
        "Around-the-clock monitoring of connections",
        "Alerts and reports.",
        "hscn_monitoring",
        ["north_west"],
        [flat("Monitoring", "25", "per_connection", "annual")],
    ),
]


@pytest.fixture
def catalogue():
    agreement = make_agreement(kind="dps", status="live", lots=1)
    lot = agreement.lots.get()
    rules = lot.current_rules
    rules.price_units = []  # this lot takes any unit
    rules.save()
    suppliers = {
        "a": make_supplier(name="Anglia Networks", is_sme=True),
        "b": make_supplier(name="Borough Security Ltd"),
        "c": make_supplier(name="Community Connect CIC", is_vcse=True, is_sme=True),
    }
    for supplier in suppliers.values():
        admit(apply(supplier, agreement, (1,))[0])
    listings = {}
    for key, who, name, summary, description, category, regions, lines in CATALOGUE:
        listings[key] = make_listing(
            lot=lot,
            supplier=suppliers[who],
            name=name,
            summary=summary,
            description=description,
            category=category,
            regions=regions,
            price_lines=lines,
        )
    return {key: listing.pk for key, listing in listings.items()}, agreement


def keys(result, ids) -> list[str]:
    names = {pk: key for key, pk in ids.items()}
    return [names[hit.listing_id] for hit in result.hits]


def counts(result, facet) -> dict[str, int]:
    return {v.value: v.count for v in next(f for f in result.facets if f.name == facet).values}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(text="ethernet"), ["ethernet", "broadband"]),  # the name outranks the description
        (SearchQuery(text="monitoring"), ["monitor", "firewall"]),
        (SearchQuery(text="managed", sort="name"), ["ethernet", "firewall", "wifi"]),
        (SearchQuery(text="Ethernet for the hospitals"), ["ethernet"]),  # stop words and stems
        (SearchQuery(text="routers"), []),
        (SearchQuery(text="anglia", sort="name"), ["broadband", "ethernet"]),  # the supplier's name
        (SearchQuery(sort="name"), ["broadband", "ethernet", "firewall", "monitor", "wifi"]),
        (SearchQuery(regions=("london",)), ["broadband", "firewall", "wifi"]),  # national covers London
        (SearchQuery(regions=("east",), categories=("hscn_connectivity",)), ["broadband", "ethernet"]),
        (SearchQuery(sme=True, sort="name"), ["broadband", "ethernet", "wifi"]),
        (SearchQuery(vcse=True), ["wifi"]),
        (SearchQuery(unit="per_device", sort="price"), ["wifi", "firewall"]),
        (
            SearchQuery(unit="per_connection", max_price=Decimal("1000"), sort="price"),
            ["monitor", "broadband"],
        ),
        (SearchQuery(sort="price"), ["monitor", "wifi", "firewall", "broadband", "ethernet"]),
    ],
)
def test_the_same_query_gives_the_same_results_on_either_engine(catalogue, query, expected):
    ids, _ = catalogue
    assert keys(run_search(query), ids) == expected


def test_facet_counts_apply_every_other_filter(catalogue):
    ids, agreement = catalogue
    result = run_search(SearchQuery(regions=("east",), categories=("hscn_managed_lan",)))
    assert keys(result, ids) == ["wifi"]
    # Categories are counted with the region filter only; regions with the category filter only.
    assert counts(result, "category") == {"hscn_connectivity": 2, "hscn_managed_lan": 1}
    assert counts(result, "region") == {"london": 1, "east": 1}
    assert counts(result, "organisation") == {"sme": 1, "vcse": 1}
    assert counts(result, "agreement") == {agreement.reference: 1}
    assert counts(run_search(SearchQuery(text="managed")), "unit") == {"per_connection": 1, "per_device": 2}


def test_words_and_filters_together_count_facets_the_same_way(catalogue):
    ids, _ = catalogue
    result = run_search(SearchQuery(text="managed", regions=("east",), categories=("hscn_managed_lan",)))
    assert keys(result, ids) == ["wifi"]
    # The engine applies the region and category itself; each facet still counts without its own.
    assert counts(result, "category") == {"hscn_connectivity": 1, "hscn_managed_lan": 1}
    assert counts(result, "region") == {"london": 1, "east": 1}
    result = run_search(SearchQuery(text="managed", regions=("london",), sort="name"))
    assert keys(result, ids) == ["firewall", "wifi"]
    assert counts(result, "region")["east"] == 2


def test_matches_are_highlighted_and_everything_else_escaped(catalogue):
    [hit] = run_search(SearchQuery(text="installation")).hits
    assert str(hit.name_html) == "Practice Wi-Fi"
    assert "<mark>installation</mark>" in str(hit.extract_html).lower()
    assert "<script>" not in str(hit.extract_html)  # escaped (SQLite) or dropped as a tag (PostgreSQL)
    [hit] = run_search(SearchQuery(text="firewall")).hits
    assert str(hit.name_html) == "Managed <mark>firewall</mark>"


def test_only_the_engines_markers_become_markup():
    assert str(marked(f"<b>A&B</b> {MARK_START}fibre{MARK_END} {MARK_START}cut")) == (
        "&lt;b&gt;A&amp;B&lt;/b&gt; <mark>fibre</mark> <mark>cut</mark>"
    )


def test_pages_are_stable_and_ties_follow_the_hash_of_the_id(catalogue):
    ids, _ = catalogue
    everything = keys(
        run_search(SearchQuery(text="", unit="per_device", sort="relevance", page_size=50)), ids
    )
    pages = []
    for page in (1, 2):
        pages += keys(run_search(SearchQuery(unit="per_device", page=page, page_size=1)), ids)
    assert pages == everything
    result = run_search(SearchQuery(page=2, page_size=2, sort="name"))
    assert (result.total, result.pages, keys(result, ids)) == (5, 3, ["firewall", "monitor"])


def test_an_extract_never_shows_two_ellipses_together():
    from caremarket.catalogue.search.engine import _extract

    text = f"…and more…\n… {MARK_START}fibre{MARK_END} to the site... …"
    assert _extract(text) == f"…and more… {MARK_START}fibre{MARK_END} to the site…"
    assert _extract("no match here…") == ""


def test_a_national_service_is_scored_like_any_other_under_a_region_filter():
    agreement = make_agreement(kind="dps", status="live", lots=1)
    lot = agreement.lots.get()
    rules = lot.current_rules
    rules.price_units = []
    rules.save()
    supplier = make_supplier(name="Wessex Links")
    admit(apply(supplier, agreement, (1,))[0])
    regional = make_listing(
        lot=lot,
        supplier=supplier,
        name="Site surveys",
        summary="Surveys before any installation",
        description="Includes a fibre route check.",
        category="hscn_connectivity",
        regions=["east"],
        price_lines=[flat("Survey", "300")],
    )
    national = make_listing(
        lot=lot,
        supplier=supplier,
        name="Fibre Ethernet",
        summary="Fibre to every site",
        description="Fibre circuits nationwide.",
        category="hscn_connectivity",
        regions=["national"],
        price_lines=[flat("Circuit", "400")],
    )
    result = run_search(SearchQuery(text="fibre", regions=("east",)))
    assert [hit.listing_id for hit in result.hits] == [national.pk, regional.pk]
    assert result.hits[0].score > result.hits[1].score > 0
